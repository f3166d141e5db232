//! Responses: the success type an operation returns (one type for success responses that share a schema) and
//! the documented statuses, for docs.

use openapiv3::{ReferenceOr, StatusCode};

use super::types::{Loc, TypeLowerer};
use super::{ResponseKind, TypeRef};
use crate::diagnostics::Diagnostics;
use crate::docs::render;
use crate::merge::{Api, OperationEntry};

type StatusDocs = Vec<(String, String)>;

/// The success type (from the first 2xx response with a body) and the documented statuses.
pub(crate) fn lower_responses(
    api: &Api,
    entry: &OperationEntry,
    prefix: &str,
    id: &str,
    lowerer: &mut TypeLowerer<'_>,
    diagnostics: &mut Diagnostics,
) -> (ResponseKind, StatusDocs, StatusDocs) {
    let loc = Loc::new(&entry.file, &format!("{}/responses", entry.pointer));
    let mut success = Vec::new();
    let mut errors = Vec::new();
    let mut response_kind: Option<(String, ResponseKind)> = None;
    // Success responses with the same body schema share one type.
    let mut lowered: Vec<(openapiv3::Response, ResponseKind)> = Vec::new();
    let responses = &entry.operation.responses;
    for (status, response) in &responses.responses {
        let code = match status {
            StatusCode::Code(code) => code.to_string(),
            StatusCode::Range(range) => format!("{range}XX"),
        };
        let is_success = match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        };
        let response_loc = loc.child(&code);
        let Some(response) = resolve_response(api, response, &response_loc, diagnostics) else {
            continue;
        };
        let description = render(&response.description, lowerer.context()).join(" ");
        if !is_success {
            errors.push((code, description));
            continue;
        }
        success.push((code.clone(), description));
        let same_body = |(earlier, _): &&(openapiv3::Response, ResponseKind)| {
            earlier.content == response.content
        };
        let kind = match lowered.iter().find(same_body) {
            Some((_, kind)) => kind.clone(),
            None => {
                let kind = response_body_kind(
                    &response,
                    &format!("{prefix}Response"),
                    id,
                    &response_loc,
                    lowerer,
                    diagnostics,
                );
                lowered.push((response.clone(), kind.clone()));
                kind
            }
        };
        match &response_kind {
            None => response_kind = Some((code, kind)),
            Some((_, ResponseKind::Empty)) if kind != ResponseKind::Empty => response_kind = Some((code, kind)),
            Some((first, existing)) if *existing != kind && kind != ResponseKind::Empty => diagnostics.warning(
                &response_loc.file,
                &response_loc.pointer,
                format!("this success response has a different body than the HTTP {first} one; the generated method returns the HTTP {first} body"),
            ),
            Some(_) => {}
        }
    }
    if let Some(default) = &responses.default
        && let Some(response) = resolve_response(api, default, &loc.child("default"), diagnostics)
    {
        errors.push((
            "other".to_string(),
            render(&response.description, lowerer.context()).join(" "),
        ));
    }
    (
        response_kind.map_or(ResponseKind::Empty, |(_, kind)| kind),
        success,
        errors,
    )
}

fn resolve_response(
    api: &Api,
    response: &ReferenceOr<openapiv3::Response>,
    loc: &Loc,
    diagnostics: &mut Diagnostics,
) -> Option<openapiv3::Response> {
    match response {
        ReferenceOr::Item(r) => Some(r.clone()),
        ReferenceOr::Reference { reference } => {
            match reference
                .strip_prefix("#/components/responses/")
                .and_then(|n| api.responses.get(n))
                .map(|c| &c.value)
            {
                Some(ReferenceOr::Item(r)) => Some(r.clone()),
                _ => {
                    diagnostics.error(&loc.file, &loc.pointer, format!("`$ref: {reference}` does not name a response in `#/components/responses`"));
                    None
                }
            }
        }
    }
}

fn response_body_kind(
    response: &openapiv3::Response,
    hint: &str,
    id: &str,
    loc: &Loc,
    lowerer: &mut TypeLowerer<'_>,
    diagnostics: &mut Diagnostics,
) -> ResponseKind {
    let json = response.content.iter().find(|(media, _)| {
        let media = media
            .split(';')
            .next()
            .unwrap_or(media)
            .trim()
            .to_ascii_lowercase();
        media == "application/json" || media.ends_with("+json")
    });
    if let Some((media_type, media)) = json {
        return match &media.schema {
            Some(schema) => {
                let lowered = lowerer.lower(
                    schema,
                    hint,
                    &format!("The response of `{id}`."),
                    &loc.child("content").child(media_type).child("schema"),
                    diagnostics,
                );
                ResponseKind::Json(if lowered.nullable {
                    TypeRef::Option(Box::new(lowered.ty))
                } else {
                    lowered.ty
                })
            }
            None => ResponseKind::Json(TypeRef::Json),
        };
    }
    match response.content.keys().next() {
        None => ResponseKind::Empty,
        Some(media) if media.starts_with("text/") => ResponseKind::Text,
        Some(_) => ResponseKind::Bytes,
    }
}
