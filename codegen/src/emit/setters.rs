//! The text of the runtime's macro calls that write a request builder's setters (`setters!`) and its body struct
//! (`json_object!(@body ...)`). A formatter prints a macro's arguments as one run of tokens, so the printed file
//! holds one-line stand-ins (`crate::macros::setters!(Builder);`) that [`expand_setters`] replaces with these
//! calls, written one entry per line with its docs.

use proc_macro2::TokenStream;
use quote::quote;

use super::resources::{field_place, has_body_struct, is_body_field};
use super::types::argument;
use super::{doc_attrs, ident};
use crate::ir::{Input, Operation, TypeRef};

/// The stand-in of a body struct: `expand_setters` puts the runtime's `json_object!(@body ...)` call
/// (`body_encoding`), which defines the struct and its encoding, in its place.
pub(crate) fn body_struct(operation: &Operation) -> Option<TokenStream> {
    if !has_body_struct(operation) {
        return None;
    }
    let name = ident(&operation.body_name);
    Some(quote! { crate::macros::json_body!(#name); })
}

/// The `json_object!(@body ...)` call that defines a body struct and its encoding, one field per line: its
/// stored type, wire name, and whether it is always written (`required`) or only when set (`optional`).
fn body_encoding(operation: &Operation) -> Option<String> {
    if !has_body_struct(operation) {
        return None;
    }
    let mut text = format!(
        "crate::macros::json_object!(@body {} {{\n",
        operation.body_name
    );
    for input in operation.body_fields() {
        let ty = super::types::type_text(&input.ty);
        let list = matches!(input.ty, TypeRef::List(_));
        let (ty, kind) = match (input.fixed.is_some(), input.required, input.nullable) {
            (true, _, _) => ("crate::request::Fixed".to_string(), "required"),
            (false, true, _) if list => (ty, "required_list"),
            (false, true, _) => (ty, "required"),
            (false, false, false) if list => (format!("Option<{ty}>"), "optional_list"),
            (false, false, false) => (format!("Option<{ty}>"), "optional"),
            (false, false, true) => (format!("Option<Option<{ty}>>"), "optional"),
        };
        text.push_str(&format!(
            "    {}: {ty} = {:?} {kind},\n",
            input.name, input.wire_name
        ));
    }
    text.push_str("});\n");
    Some(text)
}

/// The `setters!` kind of an input's setter (see the runtime's `macros.rs`), or `None` when the macro does not
/// cover its shape.
pub(crate) fn setter_kind(input: &Input) -> Option<(&'static str, &TypeRef)> {
    let plain = |ty: &TypeRef| -> Option<bool> {
        match ty {
            TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date => Some(false),
            TypeRef::String | TypeRef::Named(_) | TypeRef::Json | TypeRef::File => Some(true),
            _ => None,
        }
    };
    if input.deprecated {
        // `#[deprecated]` on the clear setter too: written out in full.
        return None;
    }
    match &input.arg_ty {
        TypeRef::List(item) => {
            plain(item).map(|into| (if into { "list_into" } else { "list" }, &**item))
        }
        TypeRef::Map(value) => {
            plain(value).map(|into| (if into { "map_into" } else { "map" }, &**value))
        }
        TypeRef::Option(_) => None,
        other => plain(other).map(|into| (if into { "into" } else { "value" }, other)),
    }
}

/// The `setters!` call that writes an operation's setters, one entry per line with its docs (written as text: a
/// formatter prints a macro's arguments as one run of tokens). `None` when no setter is in it.
pub(crate) fn setters_text(operation: &Operation) -> Option<String> {
    let mut entries = String::new();
    for input in operation.optional_inputs() {
        let Some((kind, ty)) = setter_kind(input) else {
            continue;
        };
        for line in &input.docs {
            if line.is_empty() {
                entries.push_str("    ///\n");
            } else {
                entries.push_str(&format!("    /// {line}\n"));
            }
        }
        let place = if is_body_field(operation, input) {
            format!("body.{}", input.name)
        } else {
            input.name.clone()
        };
        let clear = input
            .clear_name
            .as_ref()
            .map(|c| format!(" clear {c}"))
            .unwrap_or_default();
        entries.push_str(&format!(
            "    {} ({place}) {kind} [{}]{clear};\n",
            input.name,
            super::types::type_text(ty)
        ));
    }
    (!entries.is_empty()).then(|| {
        format!(
            "crate::macros::setters!({} {{\n{entries}}});\n",
            operation.builder_name
        )
    })
}

/// Puts the `setters!` and body `json_object!` calls of `operations` in place of their one-line stand-ins in a
/// formatted file.
pub(crate) fn expand_setters<'o>(
    mut text: String,
    operations: impl IntoIterator<Item = &'o Operation>,
) -> String {
    for operation in operations {
        if let Some(full) = setters_text(operation) {
            text = replace_stand_in(text, "setters", &operation.builder_name, &full);
        }
        if let Some(full) = body_encoding(operation) {
            text = replace_stand_in(text, "json_body", &operation.body_name, &full);
        }
    }
    text
}

/// Replaces the stand-in `crate::macros::NAME!(ARG);` with `full`, however the formatter laid it out: on one
/// line, or with `ARG` on a line of its own when the name is long.
fn replace_stand_in(text: String, name: &str, arg: &str, full: &str) -> String {
    let open = format!("crate::macros::{name}!(");
    let mut from = 0;
    while let Some(found) = text[from..].find(&open) {
        let start = from + found;
        let rest = &text[start + open.len()..];
        let after_arg = rest.trim_start().strip_prefix(arg).map(str::trim_start);
        if let Some(tail) = after_arg.and_then(|r| r.strip_prefix(");"))
            && !rest.trim_start()[arg.len()..]
                .starts_with(|c: char| c == '_' || c.is_alphanumeric())
        {
            let end = text.len() - tail.len();
            let end = if text[end..].starts_with('\n') {
                end + 1
            } else {
                end
            };
            let mut out = String::with_capacity(text.len() + full.len());
            out.push_str(&text[..start]);
            out.push_str(full);
            out.push_str(&text[end..]);
            return out;
        }
        from = start + open.len();
    }
    text
}

pub(crate) fn setter(operation: &Operation, input: &Input) -> TokenStream {
    let name = ident(&input.name);
    let docs = doc_attrs(&input.docs);
    let deprecated = input.deprecated.then(|| quote! { #[deprecated] });
    let place = field_place(operation, input);
    let (ty, conversion) = argument(&input.arg_ty, &quote! { #name });
    if let Some(clear) = &input.clear_name {
        let clear = ident(clear);
        let wire = &input.wire_name;
        let clear_doc = format!(
            " Sends `{wire}` as `null` (the API takes that as clearing it); not calling either setter leaves it out."
        );
        return quote! {
            #docs
            #deprecated
            pub fn #name(mut self, #name: #ty) -> Self {
                #place = Some(Some(#conversion));
                self
            }

            #[doc = #clear_doc]
            #deprecated
            pub fn #clear(mut self) -> Self {
                #place = Some(None);
                self
            }
        };
    }
    let (ty, conversion) = argument(&input.arg_ty, &quote! { #name });
    quote! {
        #docs
        #deprecated
        pub fn #name(mut self, #name: #ty) -> Self {
            #place = Some(#conversion);
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::replace_stand_in;

    #[test]
    fn stand_ins_are_replaced_however_the_formatter_laid_them_out() {
        let full = "FULL\n";
        let one_line = "a\ncrate::macros::setters!(Name);\nb\n".to_string();
        assert_eq!(
            replace_stand_in(one_line, "setters", "Name", full),
            "a\nFULL\nb\n"
        );
        let broken = "a\ncrate::macros::setters!(\n    Name\n);\nb\n".to_string();
        assert_eq!(
            replace_stand_in(broken, "setters", "Name", full),
            "a\nFULL\nb\n"
        );
        // A longer name that starts with the same letters is another builder's.
        let other =
            "crate::macros::setters!(NameLonger);\ncrate::macros::setters!(Name);\n".to_string();
        assert_eq!(
            replace_stand_in(other, "setters", "Name", full),
            "crate::macros::setters!(NameLonger);\nFULL\n"
        );
    }
}
