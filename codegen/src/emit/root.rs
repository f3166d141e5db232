//! The generated root module: module declarations, what the runtime needs to know about the API (base URL,
//! authentication, API key variable), and the client's resource accessors and root-level operations.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::resource_cfg;
use super::resources::{builder, child_accessor, operation_method};
use super::{ident, imports};
use crate::ir::{Auth, Ir};

pub(crate) fn root_module(ir: &Ir) -> TokenStream {
    let doc = format!(
        " Code generated from the OpenAPI documents of the {}: models and one module per resource.",
        ir.api_phrase()
    );
    let modules = ir.root.children.iter().map(|c| {
        let cfg = resource_cfg(ir, &c.accessor);
        let module = ident(&c.accessor);
        quote! { #cfg pub mod #module; }
    });
    let name = &ir.api_name;
    let base_url = option_str(ir.base_url.as_deref());
    let api_key_env = option_str(ir.api_key_env.as_deref());
    let base_url_env = option_str(ir.base_url_env.as_deref());
    let auth = ir.auth.iter().map(|a| match a {
        Auth::ApiKeyHeader { header } => quote! { crate::client::Auth::Header(#header) },
        Auth::ApiKeyQuery { name } => quote! { crate::client::Auth::Query(#name) },
        Auth::Bearer => quote! { crate::client::Auth::Bearer },
        Auth::Basic => quote! { crate::client::Auth::Basic },
    });
    let accessors = ir.root.children.iter().map(|c| {
        let cfg = resource_cfg(ir, &c.accessor);
        let accessor = child_accessor(c, quote! { self.clone() });
        quote! { #cfg #accessor }
    });
    let methods = ir
        .root
        .operations
        .iter()
        .map(|op| operation_method(op, &quote! { self.clone() }));
    let builders = ir.root.operations.iter().map(builder);
    let mut used = BTreeSet::new();
    ir.root
        .operations
        .iter()
        .for_each(|op| op.named_types(&mut used));
    let uses = imports(quote! { crate::models }, &used);
    quote! {
        #![doc = #doc]
        // Deprecated parts of the API still refer to each other here; callers get the warnings where they use them.
        #![allow(deprecated)]
        pub mod models;
        #(#modules)*
        #uses

        /// What the runtime needs to know about this API.
        pub(crate) const API: crate::client::ApiDescription = crate::client::ApiDescription {
            name: #name,
            default_base_url: #base_url,
            api_key_env: #api_key_env,
            base_url_env: #base_url_env,
            auth: &[#(#auth),*],
        };

        impl crate::Client {
            #(#accessors)*
            #(#methods)*
        }

        #(#builders)*
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote! { Some(#text) },
        None => quote! { None },
    }
}
