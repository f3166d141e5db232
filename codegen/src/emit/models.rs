//! Model files: one file per named type, and `models/mod.rs` re-exporting them all.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::features::gate_condition;
use super::types::{argument, rust_type};
use super::{doc_attrs, doc_text, ident, imports};
use crate::ir::{Field, Gate, Ir, Model, ModelKind, StringEnum, Struct, TypeRef, Union};

/// `models/mod.rs`: one private module per model, re-exported flat, so `crate::models::Entity` is the path.
/// Models every build needs are declared as they are; the others go to the runtime's `models!`, grouped by the
/// features that compile them, one model per line (written as text: a formatter prints a macro's arguments as
/// one run of tokens). Returns the tokens and the text to append.
pub(crate) fn models_module(ir: &Ir) -> (TokenStream, String) {
    let doc = format!(
        " Data types of the {}: request and response bodies, enums and the types they use.",
        ir.api_phrase()
    );
    let always: Vec<&Model> = ir
        .models
        .iter()
        .filter(|m| m.gate == Gate::Always)
        .collect();
    let modules = always.iter().map(|m| ident(&m.module));
    let exports = always.iter().map(|m| {
        let module = ident(&m.module);
        let name = ident(&m.name);
        quote! { pub use #module::#name; }
    });
    let mut groups: BTreeMap<String, Vec<&Model>> = BTreeMap::new();
    for model in &ir.models {
        if let Some(condition) = gate_condition(&model.gate) {
            groups.entry(condition).or_default().push(model);
        }
    }
    let mut gated = String::new();
    if !groups.is_empty() {
        gated.push_str("\ncrate::macros::models! {\n");
        for (condition, models) in &groups {
            gated.push_str(&format!("    #[cfg({condition})] {{\n"));
            for model in models {
                gated.push_str(&format!("        {}::{},\n", model.module, model.name));
            }
            gated.push_str("    }\n");
        }
        gated.push_str("}\n");
    }
    let tokens = quote! {
        #![doc = #doc]
        #(mod #modules;)*
        #(#exports)*
    };
    (tokens, gated)
}

/// A model's file: its tokens, and text to append after they are formatted (the impls of string enums).
pub(crate) fn model_file(ir: &crate::ir::Ir, model: &Model) -> (TokenStream, String) {
    let body = match &model.kind {
        ModelKind::Struct(s) => struct_model(model, s),
        // All of it in the trailer.
        ModelKind::Enum(_) => TokenStream::new(),
        ModelKind::Union(u) => union(model, u),
        ModelKind::Alias(ty) => alias(model, ty),
    };
    let mut used = BTreeSet::new();
    model.named_types(&mut used);
    used.remove(&model.name);
    if let ModelKind::Alias(TypeRef::Named(_)) = &model.kind {
        // The re-export names its target itself.
        used.clear();
    }
    let uses = imports(quote! { super }, &used);
    let trailer = match &model.kind {
        ModelKind::Enum(e) => string_enum_text(model, e),
        ModelKind::Struct(s) => json_object_text(model, s),
        ModelKind::Union(u) => {
            format!(
                "{}{}",
                json_union_text(model, u),
                union_from_text(ir, model, u)
            )
        }
        ModelKind::Alias(_) => String::new(),
    };
    (
        quote! {
            #uses
            #body
        },
        trailer,
    )
}

fn deprecated(model: &Model) -> TokenStream {
    if model.deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    }
}

fn struct_model(model: &Model, s: &Struct) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc_attrs(&model.docs);
    let deprecated = deprecated(model);
    let default = if s.all_optional() {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let fields = s.fields.iter().map(field);
    let unions = s.unions.iter().map(|(field_name, ty)| {
        let field_name = ident(field_name);
        let ty = rust_type(ty);
        quote! {
            /// The fields of the alternative this value is.
            pub #field_name: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|ty| {
        let field_name = ident(&s.additional_name);
        let ty = rust_type(ty);
        let doc = if s.additional_declared {
            quote! {
                /// Properties beyond the ones listed above, in the order they came.
            }
        } else {
            quote! {
                /// Fields this SDK version does not know, kept as they came (encoding writes them back).
            }
        };
        quote! {
            #doc
            pub #field_name: indexmap::IndexMap<String, #ty>,
        }
    });
    let constructor = constructor(model, s);
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #(#unions)*
            #additional
        }
        #constructor
    }
}

/// The Rust type of a field, with `Box` and `Option` applied.
/// `Option<Option<T>>` for a field that may be absent and may be `null`, so a round trip keeps which it was.
pub(crate) fn field_type(f: &Field) -> TokenStream {
    let mut ty = rust_type(&f.ty);
    if f.boxed {
        ty = quote! { Box<#ty> };
    }
    if f.nullable && !f.required {
        ty = quote! { Option<Option<#ty>> };
    } else if f.is_optional() {
        ty = quote! { Option<#ty> };
    }
    ty
}

fn field(f: &Field) -> TokenStream {
    let docs = doc_attrs(&f.docs);
    let name = ident(&f.name);
    let ty = field_type(f);
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// How `json_object!` reads and writes a field (see the runtime's `json.rs`).
fn field_kind(f: &Field) -> &'static str {
    let list = matches!(f.ty, TypeRef::List(_));
    if f.nullable && !f.required {
        "nullable"
    } else if f.is_optional() {
        if list { "optional_list" } else { "optional" }
    } else if list {
        "required_list"
    } else {
        "required"
    }
}

/// The encoding of a struct, as a call of the runtime's `json_object!`, one field per line.
fn json_object_text(model: &Model, s: &Struct) -> String {
    let mut text = format!("\ncrate::macros::json_object!({} {{\n", model.name);
    for f in &s.fields {
        text.push_str(&format!(
            "    {} = {:?} {},\n",
            f.name,
            f.wire_name,
            field_kind(f)
        ));
    }
    text.push('}');
    for (union_field, _) in &s.unions {
        text.push_str(&format!(" flatten {union_field}"));
    }
    if s.additional.is_some() {
        text.push_str(&format!(" rest {}", s.additional_name));
    }
    text.push_str(");\n");
    text
}

/// The encoding of a union, as a call of the runtime's `json_union!`: untagged (the first alternative that
/// fits), or by its discriminator, with the fallback for kinds the SDK does not know.
fn json_union_text(model: &Model, u: &Union) -> String {
    let mut text = format!("\ncrate::macros::json_union!({}", model.name);
    match (&u.discriminator, &u.fallback) {
        (Some(property), Some(fallback)) => {
            text.push_str(&format!(" tag {property:?} {{\n"));
            for v in &u.variants {
                let tags: Vec<String> = v.tags.iter().map(|t| format!("{t:?}")).collect();
                text.push_str(&format!("    {} = {},\n", v.name, tags.join(" | ")));
            }
            text.push_str(&format!("}} fallback {fallback});\n"));
        }
        _ => {
            text.push_str(" {\n");
            for v in &u.variants {
                text.push_str(&format!("    {},\n", v.name));
            }
            text.push_str("});\n");
        }
    }
    text
}

/// `new(required fields)` for structs with required fields; optional fields start as `None`.
fn constructor(model: &Model, s: &Struct) -> TokenStream {
    if s.all_optional() && !s.additional_declared {
        return TokenStream::new();
    }
    let name = ident(&model.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.is_optional()).collect();
    let params = required
        .iter()
        .map(|f| {
            let arg = ident(&f.name);
            let (ty, _) = argument(&f.ty, &quote! { #arg });
            quote! { #arg: #ty }
        })
        .chain(s.unions.iter().map(|(field_name, ty)| {
            let arg = ident(field_name);
            let ty = rust_type(ty);
            quote! { #arg: #ty }
        }));
    let union_inits = s.unions.iter().map(|(field_name, _)| {
        let arg = ident(field_name);
        quote! { #arg, }
    });
    let inits = s.fields.iter().map(|f| {
        let arg = ident(&f.name);
        if f.is_optional() {
            quote! { #arg: None }
        } else {
            let (_, conversion) = argument(&f.ty, &quote! { #arg });
            let value = if f.boxed {
                quote! { Box::new(#conversion) }
            } else {
                conversion
            };
            // `field: field` is written `field`.
            if arg == value.to_string() {
                quote! { #arg }
            } else {
                quote! { #arg: #value }
            }
        }
    });
    let additional = s.additional.as_ref().map(|_| {
        let field_name = ident(&s.additional_name);
        quote! { #field_name: indexmap::IndexMap::new(), }
    });
    let doc = if required.is_empty() && s.unions.is_empty() {
        " Creates a value with every field empty.".to_string()
    } else {
        " Creates a value from its required fields; the optional ones start empty (set them on the result).".to_string()
    };
    let many = (required.len() + s.unions.len() > 7)
        .then(|| quote! { #[allow(clippy::too_many_arguments, reason = "one argument per required field")] });
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #(#union_inits)* #additional }
            }
        }
    }
}

/// `From` each payload type that only one alternative has, as a call of the runtime's `union_from!`, one
/// alternative per line (written as text, like [`string_enum_impls`]).
fn union_from_text(ir: &crate::ir::Ir, model: &Model, u: &Union) -> String {
    // Two payloads that are one type under their aliases (`EcadAddress` and `EcafAddress`, both
    // `serde_json::Value`) would be two impls of one `From`: neither gets it.
    let resolved: Vec<&TypeRef> = u
        .variants
        .iter()
        .map(|v| resolve_alias(ir, &v.ty))
        .collect();
    let unique: Vec<&crate::ir::UnionVariant> = u
        .variants
        .iter()
        .zip(&resolved)
        .filter(|(_, ty)| resolved.iter().filter(|o| o == ty).count() == 1)
        .map(|(v, _)| v)
        .collect();
    if unique.is_empty() {
        return String::new();
    }
    let mut text = format!("\ncrate::macros::union_from!({} {{\n", model.name);
    for variant in &unique {
        let boxed = if variant.boxed { "box " } else { "" };
        text.push_str(&format!(
            "    {}({boxed}{}),\n",
            variant.name,
            super::types::type_text(&variant.ty)
        ));
    }
    text.push('}');
    if let Some(string) = unique
        .iter()
        .find(|v| resolve_alias(ir, &v.ty) == &TypeRef::String)
    {
        text.push_str(&format!(" str {}", string.name));
    }
    text.push_str(");\n");
    text
}

/// The type `ty` stands for once aliases (`pub type X = Y;`) are followed.
fn resolve_alias<'t>(ir: &'t crate::ir::Ir, mut ty: &'t TypeRef) -> &'t TypeRef {
    // Bounded: a cycle of aliases (which the IR does not make) cannot loop.
    for _ in 0..16 {
        let TypeRef::Named(name) = ty else { break };
        match ir.models.iter().find(|m| &m.name == name).map(|m| &m.kind) {
            Some(ModelKind::Alias(target)) => ty = target,
            _ => break,
        }
    }
    ty
}

/// A string enum, as a call of the runtime's `string_enum!`, which defines it with its docs and the fallback
/// variant, and implements its conversions: one value per line (written as text: a formatter prints a macro's
/// arguments as one run of tokens).
fn string_enum_text(model: &Model, e: &StringEnum) -> String {
    let mut text = String::from("crate::macros::string_enum! {\n");
    text.push_str(&doc_text(&model.docs, "    "));
    if model.deprecated {
        text.push_str("    #[deprecated]\n");
    }
    text.push_str(&format!("    pub enum {} {{\n", model.name));
    for variant in &e.variants {
        text.push_str(&doc_text(&variant.docs, "        "));
        text.push_str(&format!(
            "        {} = {:?},\n",
            variant.name, variant.value
        ));
    }
    text.push_str(&format!("        _ => {},\n    }}\n}}\n", e.fallback));
    text
}

fn union(model: &Model, u: &Union) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc_attrs(&model.docs);
    let deprecated = deprecated(model);
    let variants = u.variants.iter().map(|v| {
        let docs = doc_attrs(&v.docs);
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty);
        let ty = if v.boxed {
            quote! { Box<#ty> }
        } else {
            ty
        };
        quote! { #docs #variant(#ty), }
    });
    let fallback = u.fallback.as_ref().map(|f| {
        let f = ident(f);
        quote! {
            /// A kind this version of the SDK does not know, kept as the server sent it.
            #f(serde_json::Value),
        }
    });
    let param_value = u.scalar.then(|| {
        let arms = u.variants.iter().map(|v| {
            let variant = ident(&v.name);
            quote! { Self::#variant(value) => crate::request::ParamValue::param_value(value), }
        });
        quote! {
            impl crate::request::ParamValue for #name {
                fn param_value(&self) -> std::borrow::Cow<'_, str> {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "alternatives are as large as the API makes them")]
        pub enum #name {
            #(#variants)*
            #fallback
        }
        #param_value
    }
}

/// Another name for a type: `pub type` for a list, map or scalar; a renamed re-export for a model, so that it is
/// the same type under both names and an enum's variants can be imported through either
/// (`use models::Name::Variant`).
fn alias(model: &Model, ty: &TypeRef) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc_attrs(&model.docs);
    if let TypeRef::Named(target) = ty {
        let target = ident(target);
        return quote! {
            #docs
            pub use super::#target as #name;
        };
    }
    let ty = rust_type(ty);
    quote! {
        #docs
        pub type #name = #ty;
    }
}
