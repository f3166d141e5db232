//! Which status a missing object answers: `404` where the operation's spec documents a `404`, else `400`, the
//! status every operation documents for "the request has failed" (with the same `resource_not_exists` code).
//!
//! The table is written from `specs/` (the `responses` of each operation); `tools/schemathesis/check.sh` checks
//! the fake against those specs, so an operation missing here or listed wrongly fails that check.

use hyper::Method;

use super::server::FakeResponse;
use super::store::matches;

/// The operations whose spec documents `404`, as (method, path template); `*` is any one segment.
const DOCUMENT_NOT_FOUND: &[(Method, &str)] = &[
    (Method::POST, "analyze"),
    (Method::POST, "analyze/batches"),
    (Method::GET, "analyze/batches/*"),
    (Method::DELETE, "analyze/batches/*"),
    (Method::POST, "analyze/batches/*/cancel"),
    (Method::GET, "analyze/batches/*/results"),
    (Method::GET, "analyze/tasks/*"),
    (Method::DELETE, "analyze/tasks/*"),
    (Method::POST, "analyze/tasks/*/cancel"),
    (Method::GET, "assets/multipart-uploads/*"),
    (Method::POST, "assets/multipart-uploads/*"),
    (Method::POST, "assets/multipart-uploads/*/presigned-urls"),
    (Method::GET, "assets/*"),
    (Method::GET, "assets/*/transcription"),
    (Method::PUT, "assets/*/user-metadata"),
    (Method::PATCH, "assets/*/user-metadata"),
    (Method::DELETE, "assets/*/user-metadata"),
    (Method::GET, "connections/*"),
    (Method::DELETE, "connections/*"),
    (Method::DELETE, "connections/redirect-uris/*"),
    (Method::POST, "connections/*/picker-token"),
    (Method::GET, "connections/*/imports"),
    (Method::POST, "connections/*/imports"),
    (Method::GET, "connections/*/imports/*"),
    (Method::GET, "embed-v2/tasks/*"),
    (Method::POST, "indexes/*/indexed-assets"),
    (Method::GET, "indexes/*/indexed-assets/*"),
    (Method::GET, "indexes/*/videos/*"),
    (Method::POST, "knowledge-stores/*/search"),
];

/// `response` as the operation at `method` `segments` documents it: a `404` for a missing object becomes a `400`
/// when the operation documents no `404`. Paths outside the API (no route, object storage) keep their `404`.
pub(crate) fn as_documented(
    method: &Method,
    segments: &[&str],
    mut response: FakeResponse,
) -> FakeResponse {
    let missing_object =
        response.status == 404 && response.error_code.as_deref() == Some(NOT_FOUND_CODE);
    let documented = DOCUMENT_NOT_FOUND
        .iter()
        .any(|(documented, template)| documented == method && matches(template, segments));
    if missing_object && !documented && segments.first() != Some(&"_storage") {
        response.status = 400;
    }
    response
}

/// The `code` of the API's error body for an object that does not exist.
pub(crate) const NOT_FOUND_CODE: &str = "resource_not_exists";
