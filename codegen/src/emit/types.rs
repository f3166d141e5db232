//! How IR types print: as field types, and as argument types with the conversion that stores them.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::TypeRef;

/// The Rust type of a value of `ty` (named types unqualified: files import what they use).
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::Bool => quote! { bool },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::DateTime => quote! { chrono::DateTime<chrono::Utc> },
        TypeRef::Date => quote! { chrono::NaiveDate },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::Bytes => quote! { Vec<u8> },
        TypeRef::File => quote! { crate::InputFile },
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { #name }
        }
        TypeRef::List(item) => {
            let item = rust_type(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote! { indexmap::IndexMap<String, #value> }
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(inner);
            quote! { Option<#inner> }
        }
    }
}

/// A type as text, as code is written (`Vec<String>`, `chrono::DateTime<chrono::Utc>`), for the calls of runtime
/// macros that generated files write out by hand.
pub(crate) fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::File => "crate::InputFile".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::List(item) => format!("Vec<{}>", type_text(item)),
        TypeRef::Map(value) => format!("indexmap::IndexMap<String, {}>", type_text(value)),
        TypeRef::Option(inner) => format!("Option<{}>", type_text(inner)),
    }
}

/// The type a method takes for a value of `ty`, and the expression that turns argument `arg` into the stored
/// value: `impl Into<String>` for text, `impl IntoIterator<Item = impl Into<T>>` for lists, and so on, so callers
/// pass `&str`, arrays and iterators without ceremony.
pub(crate) fn argument(ty: &TypeRef, arg: &TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::DateTime
        | TypeRef::Date => (rust_type(ty), quote! { #arg }),
        TypeRef::List(item) => {
            let (item_ty, item_conv) = element(item);
            let collect = if item_conv.to_string() == quote! { std::convert::identity }.to_string()
            {
                quote! { #arg.into_iter().collect() }
            } else {
                quote! { #arg.into_iter().map(#item_conv).collect() }
            };
            (quote! { impl IntoIterator<Item = #item_ty> }, collect)
        }
        TypeRef::Map(value) => {
            let (value_ty, value_conv) = element(value);
            let pair = if value_conv.to_string() == quote! { std::convert::identity }.to_string() {
                quote! { (key.into(), value) }
            } else {
                quote! { (key.into(), (#value_conv)(value)) }
            };
            (
                quote! { impl IntoIterator<Item = (impl Into<String>, #value_ty)> },
                quote! { #arg.into_iter().map(|(key, value)| #pair).collect() },
            )
        }
        TypeRef::Option(inner) => {
            let (inner_ty, inner_conv) = argument(inner, &quote! { value });
            (
                quote! { Option<#inner_ty> },
                quote! { #arg.map(|value| #inner_conv) },
            )
        }
        _ => {
            let stored = rust_type(ty);
            (quote! { impl Into<#stored> }, quote! { #arg.into() })
        }
    }
}

/// An element type for `IntoIterator<Item = _>` and the function that converts one element.
fn element(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::DateTime
        | TypeRef::Date => (rust_type(ty), quote! { std::convert::identity }),
        TypeRef::String | TypeRef::Named(_) | TypeRef::Json | TypeRef::File => {
            let stored = rust_type(ty);
            (quote! { impl Into<#stored> }, quote! { Into::into })
        }
        _ => (rust_type(ty), quote! { std::convert::identity }),
    }
}
