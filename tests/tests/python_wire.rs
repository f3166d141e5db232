//! Wire parity with the official Python SDK (`twelvelabs==1.3.6`).
//!
//! `tests/fixtures/python-wire/` holds what the Python SDK sent, captured by `capture_server.py`:
//! `python-wire.json` for 23 calls of the 22 original operations and 17 edge-case probes, `python-wire-full.json`
//! for every other operation (80 calls: the 79 other generated methods and the hand-written `search.query`) and
//! 26 probes, `python-wire-helpers.json` for the hand-written helpers that call those (5 calls: the bulk creates,
//! made here with `send_all`, and the waiters), answered with done statuses. This test starts the same server, makes the Rust equivalent of each call (the tables in
//! `python_wire/`), reads what the server captured, and compares the two request by request. One test checks every
//! case and lists every difference at once.
//!
//! Compared: method, path, decoded query pairs in order, every header (the `x-api-key` and `content-type`
//! included, the multipart boundary masked by the server), the JSON body (after parsing both, key order and
//! number spelling included), multipart parts in order (name, file name, content type, bytes), the number of
//! requests, and whether the call succeeded. What may differ is listed in [`IGNORED_HEADERS`],
//! [`IGNORED_HEADERS_IF_BODIES_EQUAL`], [`IGNORED_HEADERS_IF_MULTIPART`], [`Allow`] (and the `page=1` default in
//! [`expected_requests`]) and [`KNOWN_DIFFERENCES`], each with its reason.

use futures::future::BoxFuture;
use serde_json::Value;
use tests::python_wire::{CaptureServer, Ignore, compare_requests, load_fixture};
use twelvelabs::{Client, Error};

/// The key the Python captures were made with.
const API_KEY: &str = "tlk_TEST";

/// The file the Python driver uploads: a 24-byte ASCII marker, then bytes 0..=255 four times.
fn upload_bytes() -> Vec<u8> {
    let mut bytes = b"TWELVELABS-WIRE-FIXTURE\n".to_vec();
    for _ in 0..4 {
        bytes.extend(0..=255u8);
    }
    bytes
}

/// Headers that identify the client or belong to the transport, not to the API call: the user agent and the
/// Python SDK's identification (`x-fern-*`, which the Rust SDK has no reason to send), content negotiation
/// defaults of each HTTP stack (`accept`, `accept-encoding`), connection management (`connection`) and the host
/// (the same server for both, its port masked).
const IGNORED_HEADERS: &[&str] = &[
    "user-agent",
    "x-fern-language",
    "x-fern-sdk-name",
    "x-fern-sdk-version",
    "accept",
    "accept-encoding",
    "connection",
    "host",
];

/// `content-length` follows from the body: equal bodies can differ in length by JSON whitespace or by the
/// multipart boundary's length, so it is compared only when the bodies differ (and then it only repeats that).
const IGNORED_HEADERS_IF_BODIES_EQUAL: &[&str] = &["content-length"];

/// A multipart body's length counts its boundaries, whose length differs between the SDKs (httpx: 32 hex
/// characters), so `content-length` says nothing about a multipart body; its parts are compared instead.
const IGNORED_HEADERS_IF_MULTIPART: &[&str] = &["content-length"];

/// A deliberate difference of one case, checked exactly rather than ignored.
#[derive(Debug, Clone, Copy)]
enum Allow {
    /// The Rust SDK encodes an id as one path segment (`a b/c?d#e%f` → `a%20b%2Fc%3Fd%23e%25f`), where the Python
    /// SDK pastes it into the path unencoded, so `/` splits it, `?d` is dropped and `#e%f` becomes a fragment. The
    /// Rust request must go to exactly this path.
    PathIdInOneSegment(&'static str),
    /// When iterating, the Python pager asks for the page after the last one and stops at the empty answer; the
    /// Rust stream stops at the last page the totals announce, so the Python capture's last request (which must
    /// have answered an empty page) has no Rust counterpart.
    NoRequestForEmptyLastPage,
    /// The Python SDK sends a `None` bound of a range filter given as a plain dict as an empty value
    /// (`duration[lte]=`); the Rust range filters are structs whose absent bounds are not sent. These query keys,
    /// with an empty value in the Python capture, have no Rust counterpart.
    RangeBoundNoneOmitted(&'static [&'static str]),
}

/// Differences found in a case that are not bugs of the Rust SDK: genuine limitations that cannot be fixed without
/// changing the generator or the specs (a call it cannot express, an order the spec fixes, a spelling its runtime
/// chooses, which the API reads the same), or a bug of the Python SDK. Each names the case (as the failure message
/// does), a part of the text of each difference it covers, and the reason. The test prints these differences
/// without failing; it fails on any other difference of the case, and on a listed difference that no longer
/// occurs, so the list cannot go stale.
struct Known {
    case: &'static str,
    differences: &'static [&'static str],
    reason: &'static str,
}

const KNOWN_DIFFERENCES: &[Known] = &[
    Known {
        case: "python-wire.json calls[6] entity_collections.entities.create",
        differences: &[
            r#"json body: python {"name":"Lionel Messi","description":"Forward","metadata""#,
        ],
        reason: "key order: the Rust body follows the spec's property order (name, asset_ids, description, \
                 metadata, as the docs export lists them); the Python SDK's raw client puts asset_ids last. \
                 The keys and values are the same, and JSON object order has no meaning to the API",
    },
    Known {
        case: "python-wire.json probes[12] indexes.indexed_assets.list (dict-filters)",
        differences: &[r#"query pairs: python [["status","ready"],["duration[gte]","10"]"#],
        reason: "the call passes plain dicts instead of the typed models: `duration={\"gte\": 10}` sends the int \
                 as `10`, while the Rust bound is an f64 and is sent as `10.0`, as the Python SDK's own typed \
                 model sends it (calls[21]); and `user_metadata={\"missing\": None}` sends \
                 `user_metadata[missing]=` (an empty-string filter), which the Rust SDK cannot express: its \
                 metadata filter values are strings, numbers or booleans, never null",
    },
    Known {
        case: "python-wire.json probes[14] indexes.indexed_assets.update (no-args)",
        differences: &[
            r#"body: python no body rust json "{}""#,
            r#"header content-length: python "0" rust "2""#,
        ],
        reason: "a PATCH with no fields: the Python SDK sends no body at all (yet labelled `application/json`, \
                 which is not a JSON document); the Rust SDK sends the empty object `{}`. Both update nothing; \
                 the Rust SDK always sends its body struct, and cannot leave the body out",
    },
    Known {
        case: "python-wire-full.json calls[3] analyze_async.batches.create",
        differences: &[
            r#"json body: python {"model_name":"pegasus1.5","analysis_mode":"time_based_metadata","defaults""#,
        ],
        reason: "key order: the Rust body follows the spec (model_name, analysis_mode, requests, defaults); the \
                 Python SDK's raw client puts defaults before requests. Same keys and values",
    },
    Known {
        case: "python-wire-full.json calls[17] data_connectors.authorize_connection",
        differences: &["python sent 0 requests, rust 1"],
        reason: "a bug of the Python SDK: it joins the path with urllib.parse.urljoin, which reads \
                 `connections:authorize` as a URL of scheme `connections`, so httpx refuses to send it. The \
                 Rust request is compared with the one the Python SDK means to send in probes[20] \
                 (urljoin-fixed), which must match exactly",
    },
    Known {
        case: "python-wire-full.json calls[56] knowledge_store_items.create",
        differences: &[r#"json body: python {"asset_type":"video","asset_id":"asset_a""#],
        reason: "key order: the Rust body follows the spec (asset_id, asset_type, metadata); the Python SDK's \
                 raw client puts asset_type first. Same keys and values",
    },
    Known {
        case: "python-wire-full.json calls[73] search.create",
        differences: &[r#"multipart parts in order: python ["query_text", "index_id""#],
        reason: "form field order: the Rust parts follow the spec (index_id, search_options, ..., query_text, \
                 ...); the Python SDK's raw client sends query_text first. Every part is the same, and the \
                 order of form fields has no meaning to the API",
    },
    Known {
        case: "python-wire-full.json calls[74] search.query",
        differences: &[r#"multipart parts in order: python ["query_text", "index_id""#],
        reason: "the hand-written search.query posts what search.create posts: the same form field order \
                 as calls[73]",
    },
    Known {
        case: "python-wire-full.json probes[13] indexes.videos.list (generated-raw-client)",
        differences: &[r#"["user_metadata[category]","sports"]"#],
        reason: "this probe records the Python SDK's generated method, which its hand-written wrapper (the \
                 public `videos.list`, calls[45]) replaces: the generated one sends `user_metadata[key]=v`, \
                 the wrapper and the spec (`style: form, explode: true`, examples `?category=...`) send \
                 `key=v`, as the Rust SDK does",
    },
    Known {
        case: "python-wire-full.json probes[15] knowledge_stores.update (explicit-none)",
        differences: &[CANNOT_EXPRESS],
        reason: "`description=None` sends `\"description\": null`; the spec does not say the field may be null, so \
                 the generator gives the Rust builder no `clear_description()` (the entity and collection \
                 updates, whose specs do, have one)",
    },
    Known {
        case: "python-wire-full.json probes[16] search.create (media-file)",
        differences: &[r#"multipart parts in order: python ["query_media_type", "index_id""#],
        reason: "form field order, as in calls[73]: the Python SDK's raw client sends query_media_type first",
    },
    Known {
        case: "python-wire-full.json probes[17] search.query (query-media-urls)",
        differences: &[CANNOT_EXPRESS],
        reason: "the hand-written search.query takes several query media URLs and sends one query_media_url \
                 part each; the spec's query_media_url is one string, so the Rust SDK sends at most one",
    },
    Known {
        case: "python-wire-helpers.json calls[4] multipart_upload.wait_for_upload_completion",
        differences: &["python sent 2 requests, rust 1"],
        reason: "the Python waiter counts the chunks listed by get_status, reading page after page until an empty \
                 one (page=2 here); the Rust waiter reads the session's own `status` (`completed`, as the API \
                 documents for checking completion) from the first page. The first request, compared, is the same",
    },
];

/// The Rust call of a case; what it returns is dropped, only the requests are compared.
type Run = fn(Client) -> BoxFuture<'static, Result<(), Error>>;

/// One call or probe of a fixture, in the fixture's order.
struct Case {
    operation: &'static str,
    variant: Option<&'static str>,
    allow: &'static [Allow],
    /// `None`: the Rust SDK cannot express this call (listed in [`KNOWN_DIFFERENCES`] with the reason).
    run: Option<Run>,
}

/// What a case the Rust SDK cannot express reports, for [`KNOWN_DIFFERENCES`] to name.
const CANNOT_EXPRESS: &str = "the Rust SDK cannot express this call";

/// `case!("operation", variant, [allowances], |client| { statements })`: the body awaits the Rust call(s) with
/// `?`.
macro_rules! case {
    ($op:literal, $variant:expr, [$($allow:expr),*], |$c:ident| $body:block) => {
        Case {
            operation: $op,
            variant: $variant,
            allow: &[$($allow),*],
            // Paths in full: the tables in the submodules import only what they use.
            run: Some(|$c: ::twelvelabs::Client| -> ::futures::future::BoxFuture<
                'static,
                ::std::result::Result<(), ::twelvelabs::Error>,
            > {
                Box::pin(async move {
                    $body
                    #[allow(unreachable_code)]
                    Ok(())
                })
            }),
        }
    };
}

/// `cannot_express!("operation", variant)`: a call the Rust SDK has no way to make.
macro_rules! cannot_express {
    ($op:literal, $variant:expr) => {
        Case {
            operation: $op,
            variant: $variant,
            allow: &[],
            run: None,
        }
    };
}

// The case tables, one entry per call or probe of the fixtures (the macros above are in scope in them).
#[path = "python_wire/full_calls.rs"]
mod full_calls;
#[path = "python_wire/full_probes.rs"]
mod full_probes;
#[path = "python_wire/helpers.rs"]
mod helpers;
#[path = "python_wire/original.rs"]
mod original;

use full_calls::full_calls;
use full_probes::full_probes;
use helpers::{helper_calls, helper_probes};
use original::{original_calls, original_probes};

/// A fixture's table of cases.
type Cases = fn() -> Vec<Case>;

/// Applies the allowances of a case to the Python capture, so that what remains must equal the Rust capture.
fn expected_requests(python: &[Value], rust: &[Value], allow: &[Allow]) -> Vec<Value> {
    let mut expected = python.to_vec();
    for allowance in allow {
        match *allowance {
            Allow::PathIdInOneSegment(path) => {
                for request in &mut expected {
                    request["path"] = Value::from(path);
                }
            }
            Allow::NoRequestForEmptyLastPage => {
                if rust.len() + 1 == expected.len() {
                    let last = expected.pop().expect("a last request");
                    assert_eq!(
                        last["query"],
                        serde_json::json!([["page", "4"], ["page_limit", "5"]]),
                        "the dropped Python request is the empty page after the last"
                    );
                }
            }
            Allow::RangeBoundNoneOmitted(keys) => {
                for request in &mut expected {
                    if let Some(pairs) = request["query"].as_array_mut() {
                        pairs.retain(|pair| {
                            !(keys.contains(&pair[0].as_str().unwrap_or_default()) && pair[1] == "")
                        });
                    }
                }
            }
        }
    }
    // Every list operation of the Python SDK fills in `page=1` when the caller gives no page; the Rust SDK sends
    // no page then, and the API's default page is 1. Left out wherever the Rust request has no `page`.
    for (python, rust) in expected.iter_mut().zip(rust) {
        let rust_has_page = rust["query"]
            .as_array()
            .is_some_and(|pairs| pairs.iter().any(|pair| pair[0] == "page"));
        if !rust_has_page && let Some(pairs) = python["query"].as_array_mut() {
            pairs.retain(|pair| !(pair[0] == "page" && pair[1] == "1"));
        }
    }
    expected
}

/// Runs every case of one fixture section against the server and returns the differences, one line each, and
/// the number of cases compared.
async fn check_section(
    server: &CaptureServer,
    client: &Client,
    label: &str,
    entries: &Value,
    cases: Vec<Case>,
    differences: &mut Vec<String>,
    known_seen: &mut Vec<&'static str>,
) -> usize {
    let entries = entries.as_array().expect("a fixture section is an array");
    if entries.len() != cases.len() {
        differences.push(format!(
            "{label}: the fixture has {} entries, the test {} cases",
            entries.len(),
            cases.len()
        ));
    }
    for (index, (entry, case)) in entries.iter().zip(cases).enumerate() {
        let id = format!(
            "{label}[{index}] {}{}",
            case.operation,
            case.variant.map(|v| format!(" ({v})")).unwrap_or_default()
        );
        if entry["operation"] != case.operation || entry["variant"].as_str() != case.variant {
            differences.push(format!(
                "{id}: the fixture's entry is {} {}; the cases are out of order",
                entry["operation"], entry["variant"]
            ));
            continue;
        }
        let python = entry["requests"].as_array().expect("requests");
        let mut case_diffs = Vec::new();
        server.reset().await;
        let rust = match case.run {
            Some(run) => {
                let outcome = run(client.clone()).await;
                if let Err(error) = &outcome
                    && entry["error"].is_null()
                {
                    case_diffs.push(format!(
                        "the Python call succeeded, the Rust call failed: {error}"
                    ));
                }
                server.requests().await
            }
            // Nothing to send: only the marker difference, which KNOWN_DIFFERENCES must name.
            None => {
                case_diffs.push(CANNOT_EXPRESS.to_string());
                python.to_vec()
            }
        };
        let expected = expected_requests(python, &rust, case.allow);
        if expected.len() != rust.len() {
            case_diffs.push(format!(
                "python sent {} requests, rust {}",
                expected.len(),
                rust.len()
            ));
        }
        let ignore = Ignore {
            headers: IGNORED_HEADERS,
            headers_if_bodies_equal: IGNORED_HEADERS_IF_BODIES_EQUAL,
            headers_if_multipart: IGNORED_HEADERS_IF_MULTIPART,
        };
        for (n, (p, r)) in expected.iter().zip(&rust).enumerate() {
            for diff in compare_requests(p, r, ignore) {
                case_diffs.push(format!("request {n}: {diff}"));
            }
        }
        let known = KNOWN_DIFFERENCES.iter().find(|k| k.case == id);
        let Some(known) = known else {
            differences.extend(case_diffs.into_iter().map(|d| format!("{id}: {d}")));
            continue;
        };
        known_seen.push(known.case);
        for pattern in known.differences {
            if !case_diffs.iter().any(|d| d.contains(pattern)) {
                differences.push(format!(
                    "{id}: KNOWN_DIFFERENCES lists `{pattern}` ({}), which no longer occurs; remove it",
                    known.reason
                ));
            }
        }
        for diff in case_diffs {
            if known.differences.iter().any(|k| diff.contains(k)) {
                eprintln!("known difference: {id}: {diff}");
            } else {
                differences.push(format!("{id}: {diff}"));
            }
        }
    }
    entries.len()
}

#[tokio::test]
async fn rust_sends_what_the_python_sdk_sends() {
    let server = CaptureServer::start(12);
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .build()
        .expect("client");
    let mut differences = Vec::new();
    let mut known_seen = Vec::new();
    let (mut calls, mut probes) = (0, 0);
    let sections: [(&str, Cases, Cases); 3] = [
        ("python-wire.json", original_calls, original_probes),
        ("python-wire-full.json", full_calls, full_probes),
        ("python-wire-helpers.json", helper_calls, helper_probes),
    ];
    for (file, file_calls, file_probes) in sections {
        let fixture = load_fixture(file);
        // What the server answered while the Python SDK made these calls (none but the helpers' done statuses).
        let no_answers = Value::Object(Default::default());
        server
            .set_answers(fixture.get("answers").unwrap_or(&no_answers))
            .await;
        calls += check_section(
            &server,
            &client,
            &format!("{file} calls"),
            &fixture["calls"],
            file_calls(),
            &mut differences,
            &mut known_seen,
        )
        .await;
        probes += check_section(
            &server,
            &client,
            &format!("{file} probes"),
            &fixture["probes"],
            file_probes(),
            &mut differences,
            &mut known_seen,
        )
        .await;
    }
    for known in KNOWN_DIFFERENCES {
        if !known_seen.contains(&known.case) {
            differences.push(format!(
                "KNOWN_DIFFERENCES names `{}`, which is no case of the fixtures",
                known.case
            ));
        }
    }
    eprintln!("compared {calls} calls and {probes} probes with the Python SDK's requests");
    assert!(
        differences.is_empty(),
        "{} differences between the Rust and the Python SDK's requests:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
