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
    let mut redirects = Vec::new();
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
        let is_redirect =
            matches!(status, StatusCode::Code(code) if (300..400).contains(code) && *code != 304);
        let response_loc = loc.child(&code);
        let Some(response) = resolve_response(api, response, &response_loc, diagnostics) else {
            continue;
        };
        let description = render(&response.description, lowerer.context()).join(" ");
        if is_redirect {
            redirects.push((code, description));
            continue;
        }
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
    // A redirect is the answer only when no success response says otherwise (a download link, say).
    if response_kind.is_none() && !redirects.is_empty() {
        success.extend(redirects);
        return (ResponseKind::Redirect, success, errors);
    }
    errors.extend(redirects);
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
                    diagnostics.warning(&loc.file, &loc.pointer, format!("`$ref: {reference}` does not name a response in `#/components/responses`; the response is left out"));
                    None
                }
            }
        }
    }
}

/// How a media type's body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reading {
    Json,
    Events,
    JsonLines,
    Text,
    Bytes,
}

fn reading(media: &str) -> Reading {
    let media = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "text/event-stream" => Reading::Events,
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines"
        | "application/json-seq"
        | "application/stream+json" => Reading::JsonLines,
        m if m == "application/json" || m.ends_with("+json") || m == "text/json" => Reading::Json,
        m if m.starts_with("text/") || m.ends_with("+xml") || m == "application/xml" => {
            Reading::Text
        }
        _ => Reading::Bytes,
    }
}

/// The body of a success response. When it comes in several media types, one is chosen (JSON first, then
/// events, JSON lines, text and bytes) and asked for with `Accept`; the others are named in a warning.
fn response_body_kind(
    response: &openapiv3::Response,
    hint: &str,
    id: &str,
    loc: &Loc,
    lowerer: &mut TypeLowerer<'_>,
    diagnostics: &mut Diagnostics,
) -> ResponseKind {
    let Some((media_type, media)) = response
        .content
        .iter()
        .min_by_key(|(media, _)| reading(media))
    else {
        return ResponseKind::Empty;
    };
    if response.content.len() > 1 {
        let others: Vec<&str> = response
            .content
            .keys()
            .filter(|m| *m != media_type)
            .map(String::as_str)
            .collect();
        diagnostics.warning(
            &loc.file,
            &loc.pointer,
            format!("the response is read as `{media_type}`; it is also offered as {}, which the generated method does not ask for", others.join(", ")),
        );
    }
    let how = reading(media_type);
    let mut item = || match &media.schema {
        Some(schema) => {
            let lowered = lowerer.lower(
                schema,
                if how == Reading::Json {
                    hint.to_string()
                } else {
                    format!("{hint}Event")
                }
                .as_str(),
                &format!("The response of `{id}`."),
                &loc.child("content").child(media_type).child("schema"),
                diagnostics,
            );
            if lowered.nullable {
                TypeRef::Option(Box::new(lowered.ty))
            } else {
                lowered.ty
            }
        }
        None => TypeRef::Json,
    };
    match how {
        Reading::Json => {
            let ty = item();
            let media_loc = loc.child("content").child(media_type);
            if let Some(example) = &media.example {
                lowerer.add_example(&ty, example, &media_loc.child("example"));
            }
            for (name, example) in &media.examples {
                if let ReferenceOr::Item(openapiv3::Example {
                    value: Some(value), ..
                }) = example
                {
                    lowerer.add_example(
                        &ty,
                        value,
                        &media_loc.child("examples").child(name).child("value"),
                    );
                }
            }
            ResponseKind::Json(ty)
        }
        Reading::Events => ResponseKind::Events(item()),
        Reading::JsonLines => ResponseKind::JsonLines(item(), media_type.clone()),
        Reading::Text => ResponseKind::Text(media_type.clone()),
        Reading::Bytes => ResponseKind::Bytes(media_type.clone()),
    }
}
