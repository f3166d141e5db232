//! Resource files: the handle type (`Entities`), its methods (one per operation, returning a request builder),
//! and each operation's request builder, which sets optional inputs, is awaited directly and calls the runtime.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::setters::{body_struct, setter, setter_kind, setters_text};
use super::types::{argument, rust_type};
use super::workflows;
use super::{doc_attrs, ident, imports};
use crate::ir::{
    BodyKind, Check, Input, InputTarget, Operation, PartKind, PathPiece, QueryStyle, Resource,
    ResponseKind,
};

/// Calls `visit` for every resource below the root, depth first.
pub(crate) fn collect_resources<'r>(root: &'r Resource, visit: &mut dyn FnMut(&'r Resource)) {
    for child in &root.children {
        visit(child);
        collect_resources(child, visit);
    }
}

pub(crate) fn resource_module(resource: &Resource) -> TokenStream {
    let module_doc = resource
        .docs
        .first()
        .map(|d| format!(" {d}"))
        .unwrap_or_default();
    let children = resource.children.iter().map(|c| ident(&c.accessor));
    let mut used = BTreeSet::new();
    resource.named_types(&mut used);
    let uses = imports(quote! { crate::models }, &used);
    let handle = handle(resource);
    let builders = resource.operations.iter().map(builder);
    quote! {
        #![doc = #module_doc]
        #(pub mod #children;)*
        #uses
        #handle
        #(#builders)*
    }
}

fn handle(resource: &Resource) -> TokenStream {
    let name = ident(&resource.type_name);
    let docs = doc_attrs(&resource.docs);
    let accessors = resource
        .children
        .iter()
        .map(|c| child_accessor(c, quote! { self.client.clone() }));
    let methods = resource
        .operations
        .iter()
        .map(|op| operation_method(op, &quote! { self.client.clone() }));
    let waiters = resource.waiters.iter().map(workflows::waiter);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #name {
            pub(crate) client: crate::Client,
        }

        impl #name {
            #(#accessors)*
            #(#methods)*
            #(#waiters)*
        }
    }
}

/// `pub fn entities(&self) -> entities::Entities`.
pub(crate) fn child_accessor(child: &Resource, client: TokenStream) -> TokenStream {
    let accessor = ident(&child.accessor);
    let module = ident(&child.accessor);
    let ty = ident(&child.type_name);
    let docs = doc_attrs(&child.docs[..1.min(child.docs.len())]);
    quote! {
        #docs
        pub fn #accessor(&self) -> #module::#ty {
            #module::#ty { client: #client }
        }
    }
}

/// Whether the operation keeps its body fields in a body struct (JSON and form bodies do).
pub(crate) fn has_body_struct(operation: &Operation) -> bool {
    matches!(operation.body, Some(BodyKind::Json | BodyKind::Form))
        && operation.body_fields().next().is_some()
}

/// Where the builder keeps an input: `self.name`, or `self.body.name` for fields of a JSON or form body.
pub(crate) fn field_place(operation: &Operation, input: &Input) -> TokenStream {
    let name = ident(&input.name);
    if is_body_field(operation, input) {
        quote! { self.body.#name }
    } else {
        quote! { self.#name }
    }
}

pub(crate) fn is_body_field(operation: &Operation, input: &Input) -> bool {
    has_body_struct(operation) && input.target == InputTarget::BodyField
}

/// The stored type of an input: `T` when required, `Option<T>` when optional, `Option<Option<T>>` when it may
/// also be sent as an explicit `null`.
fn stored_type(input: &Input) -> TokenStream {
    let ty = rust_type(&input.ty);
    match (input.required, input.nullable) {
        (true, _) => ty,
        (false, false) => quote! { Option<#ty> },
        (false, true) => quote! { Option<Option<#ty>> },
    }
}

/// The resource method: required inputs as arguments, returning the builder.
pub(crate) fn operation_method(operation: &Operation, client: &TokenStream) -> TokenStream {
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder_name);
    let docs = doc_attrs(&operation.docs);
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });
    let params = operation.required_inputs().map(|input| {
        let arg = ident(&input.name);
        let (ty, _) = argument(&input.arg_ty, &quote! { #arg });
        quote! { #arg: #ty }
    });
    let init = |input: &Input| {
        let name = ident(&input.name);
        if let Some(value) = &input.fixed {
            let text = value.to_string();
            return quote! { #name: crate::request::Fixed(#text) };
        }
        if input.required {
            let (_, conversion) = argument(&input.arg_ty, &quote! { #name });
            if name == conversion.to_string() {
                quote! { #name }
            } else {
                quote! { #name: #conversion }
            }
        } else {
            quote! { #name: None }
        }
    };
    let direct = operation
        .inputs
        .iter()
        .filter(|i| !is_body_field(operation, i) && i.fixed.is_none())
        .map(init);
    let body = has_body_struct(operation).then(|| {
        let body_name = ident(&operation.body_name);
        let fields = operation.body_fields().map(init);
        quote! { body: #body_name { #(#fields),* }, }
    });
    let many = (operation.required_inputs().count() > 7)
        .then(|| quote! { #[allow(clippy::too_many_arguments, reason = "one argument per required input")] });
    quote! {
        #docs
        #deprecated
        #many
        pub fn #method(&self, #(#params),*) -> #builder {
            #builder {
                client: #client,
                options: crate::RequestOptions::default(),
                #(#direct,)*
                #body
            }
        }
    }
}

/// What the builder's future resolves to.
fn output_type(operation: &Operation) -> TokenStream {
    if let Some(pagination) = &operation.pagination {
        let item = rust_type(&pagination.item);
        return quote! { crate::Page<#item> };
    }
    match &operation.response {
        ResponseKind::Json(ty) => rust_type(ty),
        ResponseKind::Empty => quote! { () },
        ResponseKind::Text(_) => quote! { String },
        ResponseKind::Bytes(_) => quote! { Vec<u8> },
        ResponseKind::Events(ty) | ResponseKind::JsonLines(ty, _) => {
            let ty = rust_type(ty);
            quote! { crate::EventStream<#ty> }
        }
        ResponseKind::Redirect => quote! { crate::Redirect },
    }
}

/// The builder type, its body struct, setters, `send` and `IntoFuture`.
pub(crate) fn builder(operation: &Operation) -> TokenStream {
    let name = ident(&operation.builder_name);
    let docs = doc_attrs(&operation.builder_docs);
    let fields = operation
        .inputs
        .iter()
        .filter(|i| !is_body_field(operation, i) && i.fixed.is_none())
        .map(|input| {
            let field = ident(&input.name);
            let ty = stored_type(input);
            quote! { #field: #ty, }
        });
    let body_struct = body_struct(operation);
    let body_field = has_body_struct(operation).then(|| {
        let body_name = ident(&operation.body_name);
        quote! { body: #body_name, }
    });
    // Setters the runtime's `setters!` writes (most of them), and those of shapes it does not cover.
    let setters = operation
        .optional_inputs()
        .filter(|input| setter_kind(input).is_none())
        .map(|input| setter(operation, input));
    let macro_setters = setters_text(operation)
        .is_some()
        .then(|| quote! { crate::macros::setters!(#name); });
    let id = &operation.id;
    let template = &operation.path_template;
    let method = ident(&operation.http_method);
    let output = output_type(operation);
    let build = request_statements(operation);
    // A list request decodes its page in an `async fn` of its own; every other request is a plain function
    // around the runtime's `send::call`, which is compiled once per output type. Checks that look at files on
    // disk make preparing asynchronous.
    let async_checks = operation
        .checks
        .iter()
        .any(|c| matches!(c, Check::MaxUpload { .. }));
    let (prepare_async, prepared) = if async_checks {
        (quote! { async }, quote! { self.prepare().await })
    } else {
        (TokenStream::new(), quote! { self.prepare() })
    };
    // `prepare` builds and checks the request, ready to send. It is `#[inline]` like the runtime macros' functions
    // that call it (see `macros.rs`): compiled in the program that sends the request, not in every build of the
    // library. (The attribute takes the line its doc comment had, so the generated code is no longer.)
    let returns = quote! { crate::request::BoxFuture<crate::Result<crate::Response<#output>>> };
    // What `request_builder!` needs to write `send_with_raw_response`: how the body decodes, and whether
    // preparing awaits; nothing for a list request, which writes its own.
    let decode = |method: &str| {
        let method = ident(method);
        if async_checks {
            quote! { , #method async }
        } else {
            quote! { , #method }
        }
    };
    let (send, decoding) = match (&operation.pagination, &operation.response) {
        (Some(pagination), ResponseKind::Json(ty)) => {
            let page = workflows::decode_page(pagination, ty, &prepared);
            let send = quote! {
                /// Sends the request and returns the HTTP status and headers along with the decoded response.
                #[inline]
                pub fn send_with_raw_response(self) -> #returns {
                    Box::pin(async move { #page })
                }
            };
            (send, TokenStream::new())
        }
        (_, ResponseKind::Json(_)) => (TokenStream::new(), decode("json")),
        (_, ResponseKind::Empty) => (TokenStream::new(), decode("empty")),
        (_, ResponseKind::Text(_)) => (TokenStream::new(), decode("text")),
        (_, ResponseKind::Bytes(_)) => (TokenStream::new(), decode("bytes")),
        (_, ResponseKind::Events(_)) => (TokenStream::new(), decode("events")),
        (_, ResponseKind::JsonLines(..)) => (TokenStream::new(), decode("json_lines")),
        (_, ResponseKind::Redirect) => (TokenStream::new(), decode("redirect")),
    };
    let checks = workflows::checks(operation);
    let pager = operation
        .pagination
        .as_ref()
        .map(|p| workflows::pager(operation, p));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #name {
            pub(crate) client: crate::Client,
            options: crate::RequestOptions,
            #(#fields)*
            #body_field
        }

        #body_struct

        impl #name {
            const OPERATION: crate::request::Operation = crate::request::Operation {
                id: #id,
                method: crate::request::Method::#method,
                path: #template,
            };

            #(#setters)*

            #send

            #[inline]
            #prepare_async fn prepare(self) -> crate::Result<crate::request::Prepared> {
                #checks
                let mut request = crate::request::Request::new(&Self::OPERATION);
                #build
                Ok(request.prepared(self.client, self.options))
            }
        }

        #macro_setters
        crate::macros::request_builder!(#name => #output #decoding);
        #pager
    }
}

/// The statements that fill `request`: how the response is read, path pieces, query, headers, body.
fn request_statements(operation: &Operation) -> TokenStream {
    let mut statements = Vec::new();
    match &operation.response {
        ResponseKind::Events(_) => {
            statements.push(quote! { request.streamed("text/event-stream"); })
        }
        ResponseKind::JsonLines(_, media) => statements.push(quote! { request.streamed(#media); }),
        ResponseKind::Text(media) | ResponseKind::Bytes(media) => {
            statements.push(quote! { request.accept(#media); })
        }
        ResponseKind::Redirect => statements.push(quote! { request.expect_redirect(); }),
        ResponseKind::Json(_) | ResponseKind::Empty => {}
    }
    for piece in &operation.path {
        statements.push(match piece {
            PathPiece::Literal(text) => quote! { request.path(#text); },
            PathPiece::Input(input) => {
                let field = ident(input);
                let found = operation.inputs.iter().find(|i| i.name == *input);
                let wire = found.map_or(input.as_str(), |i| i.wire_name.as_str());
                if found.is_some_and(|i| i.structured) {
                    quote! { request.path_value(#wire, &self.#field); }
                } else {
                    quote! { request.path_param(#wire, &self.#field); }
                }
            }
        });
    }
    for input in &operation.inputs {
        let field = ident(&input.name);
        let wire = &input.wire_name;
        if let Some(value) = &input.fixed {
            let text = crate::ir::json_text(value);
            match &input.target {
                InputTarget::Query(_) => {
                    statements.push(quote! { request.query(#wire, &String::from(#text)); })
                }
                InputTarget::Header => {
                    statements.push(quote! { request.header(#wire, &String::from(#text)); })
                }
                _ => {}
            }
            continue;
        }
        match &input.target {
            InputTarget::Query(style) if input.structured => {
                let style = match style {
                    QueryStyle::Form | QueryStyle::FormObject => quote! { Form },
                    QueryStyle::FormJoined => quote! { FormJoined },
                    QueryStyle::DeepObject => quote! { DeepObject },
                    QueryStyle::Json => quote! { Json },
                };
                statements.push(quote! {
                    request.query_value(#wire, crate::request::Style::#style, &self.#field);
                });
            }
            InputTarget::Header if input.structured => {
                statements.push(quote! { request.header_value(#wire, &self.#field); });
            }
            InputTarget::Query(style) => statements.push(match style {
                QueryStyle::Json => quote! { request.query_value(#wire, crate::request::Style::Json, &self.#field); },
                QueryStyle::Form => quote! { request.query(#wire, &self.#field); },
                QueryStyle::FormJoined => quote! { request.query_joined(#wire, &self.#field); },
                QueryStyle::DeepObject => {
                    quote! { request.query_deep_object(#wire, &self.#field); }
                }
                QueryStyle::FormObject => quote! { request.query_object(&self.#field); },
            }),
            InputTarget::Header => statements.push(quote! { request.header(#wire, &self.#field); }),
            _ => {}
        }
    }
    match operation.body {
        Some(BodyKind::Json | BodyKind::Form) if has_body_struct(operation) => {
            statements.push(if operation.body == Some(BodyKind::Json) {
                quote! { request.json(&self.body); }
            } else {
                quote! { request.form(&self.body); }
            });
        }
        Some(BodyKind::Json | BodyKind::Form | BodyKind::Binary) => {
            if let Some(input) = operation
                .inputs
                .iter()
                .find(|i| i.target == InputTarget::WholeBody)
            {
                let field = ident(&input.name);
                statements.push(match operation.body {
                    Some(BodyKind::Json) => quote! { request.json(&self.#field); },
                    Some(BodyKind::Form) => quote! { request.form(&self.#field); },
                    _ => quote! { request.binary(self.#field); },
                });
            }
        }
        Some(BodyKind::Multipart) => {
            let parts = operation.body_fields().map(|input| {
                let field = ident(&input.name);
                let wire = &input.wire_name;
                if let Some(value) = &input.fixed {
                    let text = crate::ir::json_text(value);
                    return quote! { form.text(#wire, &String::from(#text)); };
                }
                match input.target {
                    InputTarget::Part(PartKind::File) => quote! { form.file(#wire, self.#field); },
                    InputTarget::Part(PartKind::Files) => {
                        quote! { form.files(#wire, self.#field); }
                    }
                    InputTarget::Part(PartKind::Json) => quote! { form.json(#wire, &self.#field); },
                    _ => quote! { form.text(#wire, &self.#field); },
                }
            });
            statements.push(quote! {
                let mut form = crate::request::Multipart::new();
                #(#parts)*
                request.multipart(form);
            });
        }
        None => {}
    }
    quote! { #(#statements)* }
}
