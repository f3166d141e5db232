//! Printing the workflows: pages out of list responses, the pager methods of list requests, the checks made
//! before sending, and `wait_until_...` methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::resources::field_place;
use super::types::{argument, rust_type};
use super::{doc_attrs, ident};
use crate::ir::{Access, Check, Operation, Pagination, TypeRef, Waiter};

/// Decodes the list response and turns it into a page (the runtime's `Page::from_parts` takes the items and
/// counts whether or not the spec makes them optional).
pub(crate) fn decode_page(
    pagination: &Pagination,
    response: &TypeRef,
    prepared: &TokenStream,
) -> TokenStream {
    let response_type = rust_type(response);
    let page_field = ident(&pagination.page_input);
    let requested = match pagination.page_type {
        TypeRef::I32 => quote! { self.#page_field.map(i64::from).unwrap_or(1) },
        _ => quote! { self.#page_field.unwrap_or(1) },
    };
    let items_field = ident(&pagination.items.field);
    let info = match &pagination.info {
        Some(access) => {
            let field = ident(&access.field);
            if access.optional {
                quote! { body.#field }
            } else {
                quote! { Some(body.#field) }
            }
        }
        None => quote! { None::<()> },
    };
    let count = |access: Option<&Access>| match access {
        Some(access) => {
            let field = ident(&access.field);
            quote! { info.#field }
        }
        None => quote! { () },
    };
    let counts = [
        count(pagination.page_number.as_ref()),
        count(pagination.total_pages.as_ref()),
        count(pagination.total_results.as_ref()),
        count(pagination.page_size.as_ref()),
    ];
    let reads_info = pagination.page_number.is_some()
        || pagination.total_pages.is_some()
        || pagination.total_results.is_some()
        || pagination.page_size.is_some();
    let info_arg = if reads_info {
        quote! { |info| (#(#counts),*) }
    } else {
        quote! { |_: ()| ((), (), (), ()) }
    };
    quote! {
        let requested = #requested;
        let crate::request::Prepared { client, request, options } = #prepared?;
        let response = client.execute(request, options).await?.json::<#response_type>()?;
        Ok(response.map(|body| crate::Page::from_parts(body.#items_field, #info, requested, #info_arg)))
    }
}

/// `pages`, `items` and `collect` on a list request, and its `PagedRequest` implementation (the runtime's
/// `paged_request!`).
pub(crate) fn pager(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let item = rust_type(&pagination.item);
    let page_field = ident(&pagination.page_input);
    match pagination.page_type {
        TypeRef::I32 => {
            quote! { crate::macros::paged_request!(#builder, #item, #page_field as i32); }
        }
        _ => quote! { crate::macros::paged_request!(#builder, #item, #page_field); },
    }
}

/// The checks made before anything is sent.
pub(crate) fn checks(operation: &Operation) -> TokenStream {
    let statements = operation.checks.iter().map(|check| match check {
        Check::Rule { input, value, require, forbid, .. } => {
            let tested = operation.inputs.iter().find(|i| i.name == *input).expect("the IR names existing inputs");
            let tested_place = field_place(operation, tested);
            let wire = &tested.wire_name;
            let required = require.iter().map(|(name, wire_name)| {
                let place = place_of(operation, name);
                let message = format!("`{wire_name}` is required when `{wire}` is `{value}`");
                quote! {
                    if #place.is_none() {
                        return Err(crate::Error::invalid_input(Self::OPERATION.id, #message));
                    }
                }
            });
            let forbidden = forbid.iter().map(|(name, wire_name)| {
                let place = place_of(operation, name);
                let message = format!("`{wire_name}` must not be set when `{wire}` is `{value}`");
                quote! {
                    if #place.is_some() {
                        return Err(crate::Error::invalid_input(Self::OPERATION.id, #message));
                    }
                }
            });
            quote! {
                if crate::request::has_value(&#tested_place, #value) {
                    #(#required)*
                    #(#forbidden)*
                }
            }
        }
        Check::MaxUpload { input, wire_name, bytes } => {
            let input_ir = operation.inputs.iter().find(|i| i.name == *input).expect("the IR names existing inputs");
            let place = field_place(operation, input_ir);
            let files = match (&input_ir.ty, input_ir.required) {
                (TypeRef::List(_), true) => quote! { #place.iter() },
                (TypeRef::List(_), false) => quote! { #place.iter().flatten() },
                (_, true) => quote! { std::iter::once(&#place) },
                (_, false) => quote! { #place.iter() },
            };
            quote! {
                for file in #files {
                    crate::upload::check_size(Self::OPERATION.id, #wire_name, file, #bytes, &self.options).await?;
                }
            }
        }
    });
    quote! { #(#statements)* }
}

fn place_of(operation: &Operation, name: &str) -> TokenStream {
    let input = operation
        .inputs
        .iter()
        .find(|i| i.name == name)
        .expect("the IR names existing inputs");
    field_place(operation, input)
}

/// A `wait_until_...` method on a resource handle.
pub(crate) fn waiter(waiter: &Waiter) -> TokenStream {
    let method = ident(&waiter.method_name);
    let docs = doc_attrs(&waiter.docs);
    let operation = ident(&waiter.operation_method);
    let id = &waiter.id;
    let resource = rust_type(&waiter.resource);
    let params = waiter.args.iter().map(|input| {
        let arg = ident(&input.name);
        let (ty, _) = argument(&input.arg_ty, &quote! { #arg });
        quote! { #arg: #ty }
    });
    let args = waiter.args.iter().map(|input| ident(&input.name));
    let field = ident(&waiter.status.field);
    let status = match (waiter.status.optional, waiter.status_is_enum) {
        (true, true) => quote! { resource.#field.as_ref().map(|status| status.as_str()) },
        (true, false) => quote! { resource.#field.as_deref() },
        (false, _) => quote! { Some(resource.#field.as_str()) },
    };
    let success = &waiter.success;
    let failure = &waiter.failure;
    quote! {
        #docs
        pub async fn #method(&self, #(#params,)* options: crate::WaitOptions) -> crate::Result<#resource> {
            let request = self.#operation(#(#args),*);
            crate::wait::wait_until(
                &self.client,
                #id,
                options,
                move || request.clone().send(),
                |resource: &#resource| crate::wait::classify(#status, &[#(#success),*], &[#(#failure),*]),
            )
            .await
        }
    }
}
