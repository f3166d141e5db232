//! Unknown fields survive a decode/encode round trip byte for byte: the Rust SDK keeps what it does not know in
//! each model's `extra` map, in the order it came, and writes it back after the known fields.
//!
//! Unknown fields are added to the canned JSON responses (`tests/fixtures/python-wire/canned-responses.json`)
//! at the end of every object the SDK decodes as a struct (found by the IR walk of `python_decoded/walk.rs`, which
//! `python_decoded.rs` checks against the SDK's real decoding); the whole body, known fields included, must come
//! back as the same text.

use std::collections::BTreeSet;

use futures::future::BoxFuture;

use serde_json::{Value, json};
use twelvelabs::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "python_decoded/decoders.rs"]
mod decoders;
#[path = "python_decoded/walk.rs"]
mod walk;

use codegen::ir::{ResponseKind, TypeRef};
use decoders::DECODERS;
use walk::{Walk, Walker, escape, ir, operations, squash};

fn canned() -> Vec<(String, Value)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/python-wire/canned-responses.json");
    let text = std::fs::read_to_string(&path).expect("canned-responses.json");
    let canned: Value = serde_json::from_str(&text).expect("JSON");
    canned["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .filter(|op| op["content_type"] == "application/json")
        .map(|op| {
            (
                op["spec"].as_str().expect("spec").to_string(),
                op["body"].clone(),
            )
        })
        .collect()
}

/// Keys no model declares: odd characters, unicode, escapes, an empty key and a numeric one.
const UNKNOWN_KEYS: &[&str] = &[
    "zz-unknown ünïcødé 🎉 漢字",
    "zz \"quoted\" \\ back/slash\n\ttab \u{1}",
    "",
    "0",
];

/// The value of an unknown field: nested objects and arrays, unicode, `null`s, booleans, and numbers serde_json
/// prints back as they were written (integers beyond `i64`, negative ones, short decimals, exponents).
fn unknown_value(n: usize) -> Value {
    let values = [
        Value::Null,
        json!({"nested": {"deeper": [1, -2, 3.5, null, true, "ü"], "empty": {}, "list": []}, "n": null}),
        json!([{"a": 18446744073709551615u64}, [-9223372036854775808i64, 0.1, 1e-7, 1.5e300], "🎉", false]),
        json!("plain text with \"quotes\", \\ and \u{7f}"),
    ];
    values[n % values.len()].clone()
}

/// Adds the unknown fields at the end of the object at `pointer` (after the known keys: the SDK writes typed
/// fields first, then the unknown ones in the order they came), and records the pointer of each.
fn inject(value: &mut Value, pointer: &str, added: &mut Vec<String>) {
    let Some(Value::Object(map)) = value.pointer_mut(pointer) else {
        panic!("{pointer}: not an object")
    };
    for (n, key) in UNKNOWN_KEYS.iter().enumerate() {
        map.insert((*key).to_string(), unknown_value(n + added.len()));
        added.push(format!("{pointer}/{}", escape(key)));
    }
}

/// Every JSON response of `canned-responses.json`, with unknown fields added to each object the Rust SDK decodes
/// as a struct with an `extra` map: its `spec` name, the text served (compact, as serde_json writes it), the
/// pointers of the unknown fields, and the names of the structs that got them.
struct Served {
    spec: &'static str,
    text: String,
    added: Vec<String>,
    models: BTreeSet<String>,
}

fn served() -> Vec<Served> {
    let canned = canned();
    let ir = ir();
    let operations = operations(&ir);
    let walker = Walker::new(&ir);
    DECODERS
        .iter()
        .map(|decoder| {
            let body = &canned
                .iter()
                .find(|(spec, _)| spec == decoder.spec)
                .expect("canned")
                .1;
            let ResponseKind::Json(ty) = &operations[&squash(decoder.spec)].response else {
                panic!("{}: not a JSON response", decoder.spec)
            };
            assert_eq!(*ty, TypeRef::Named(decoder.type_name.to_string()));
            // Where unknown fields go: the objects the SDK decodes as a struct keeping them (not the entries of
            // a declared map, whose keys are data, nor values typed as any JSON).
            let mut walk = Walk::default();
            walker.walk(ty, body, "", false, &mut walk);
            let mut served = body.clone();
            let mut added = Vec::new();
            for pointer in walk.open_objects.keys() {
                inject(&mut served, pointer, &mut added);
            }
            Served {
                spec: decoder.spec,
                text: serde_json::to_string(&served).expect("encodes"),
                added,
                models: walk.open_objects.into_values().collect(),
            }
        })
        .collect()
}

/// For each of the 77 operations with a JSON response in `canned-responses.json`, the canned body with unknown
/// fields added at the top level, in nested objects and in list items (every object the SDK decodes as a struct:
/// odd and unicode keys, nested objects and arrays, `null`s, numbers serde_json writes back as written) decodes
/// into the operation's Rust response type and encodes back (`serde_json::to_string`) into exactly the text
/// served: same keys, same order, same bytes. Decoding is `serde_json::from_str` into the type the operation's
/// `send()` returns (or its page envelope), what the SDK does with a body after reading it as JSON;
/// `through_the_sdk` below serves some of the same texts over HTTP.
#[test]
fn unknown_fields_round_trip_byte_for_byte() {
    let mut failures = Vec::new();
    let (mut fields, mut models) = (0, BTreeSet::new());
    for served in served() {
        let decoder = DECODERS
            .iter()
            .find(|d| d.spec == served.spec)
            .expect("decoder");
        assert!(
            !served.added.is_empty(),
            "{}: no unknown field added",
            served.spec
        );
        fields += served.added.len();
        models.extend(served.models);
        match (decoder.round_trip)(&served.text) {
            Err(e) => failures.push(format!("{}: does not decode: {e}", served.spec)),
            Ok(again) if again == served.text => {}
            Ok(again) => failures.push(format!(
                "{}: the text encoded back differs\nserved  {}\nencoded {again}",
                served.spec, served.text
            )),
        }
    }
    eprintln!(
        "{} operations, {fields} unknown fields in {} distinct structs, round-tripped byte for byte",
        DECODERS.len(),
        models.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The SDK's whole response path: a wiremock server on 127.0.0.1 serves the texts of
/// `unknown_fields_round_trip_byte_for_byte` for the single-object reads below, the SDK calls the operation, and
/// its result, encoded with `serde_json::to_string`, is exactly the text served.
#[tokio::test]
async fn through_the_sdk() {
    type Call = fn(Client) -> BoxFuture<'static, Result<String, twelvelabs::Error>>;
    // The call, then its result encoded back.
    macro_rules! call {
        (|$c:ident| $call:expr) => {
            |$c| {
                Box::pin(async move {
                    $call
                        .send()
                        .await
                        .map(|v| serde_json::to_string(&v).expect("encodes"))
                })
            }
        };
    }
    let calls: &[(&str, Call)] = &[
        ("tasks-retrieve", call!(|c| c.tasks().retrieve("t"))),
        ("assets-retrieve", call!(|c| c.assets().retrieve("a"))),
        ("indexes-retrieve", call!(|c| c.indexes().retrieve("i"))),
        (
            "entity-collections-retrieve",
            call!(|c| c.entity_collections().retrieve("e")),
        ),
        (
            "knowledge-stores-retrieve",
            call!(|c| c.knowledge_stores().retrieve("k")),
        ),
        ("search-retrieve", call!(|c| c.search().retrieve("p"))),
    ];
    let served = served();
    let mut failures = Vec::new();
    for (spec, call) in calls {
        let served = served.iter().find(|s| s.spec == *spec).expect("served");
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(served.text.clone(), "application/json"),
            )
            .expect(1)
            .mount(&server)
            .await;
        match call(tests::client(&server)).await {
            Err(e) => failures.push(format!("{spec}: the call failed: {e}")),
            Ok(again) if again == served.text => {}
            Ok(again) => failures.push(format!(
                "{spec}: the text encoded back differs\nserved  {}\nencoded {again}",
                served.text
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
