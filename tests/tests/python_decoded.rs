//! Decode parity with the official Python SDK (`twelvelabs==1.3.6`): every part of a response the Python SDK
//! decodes into a declared model field, the Rust SDK decodes into a typed field, not into a model's `extra` map of
//! unknown fields.
//!
//! `tests/fixtures/python-wire/python-decoded.json` (written by `list_python_decoded.py` with the Python SDK) lists,
//! for each of the 77 operations of `canned-responses.json` with a JSON success body, every JSON pointer of the
//! canned body whose value the Python SDK's own response model put in a declared field. This test follows the
//! same body through the generator's IR (`python_decoded/walk.rs`: the operation's response type, its models'
//! fields by wire name, lists, maps, aliases and unions, decoding unions the way the SDK does), and collects
//! every pointer that lands in a typed place: a struct field, an item of a typed list or map, an entry of a declared `additionalProperties`
//! map, or anything under a field typed as any JSON (`serde_json::Value`). What lands in a model's `extra` map
//! (the keys left over by its fields) is not collected. Each Python pointer must be collected, unless
//! [`EXCEPTIONS`] lists it with its reason.
//!
//! The IR walk is checked against the real SDK, so it cannot claim more than the SDK does: each body must decode
//! into the operation's Rust type (`python_decoded/decoders.rs`, whose type names must be the IR's), and for each
//! typed pointer outside a union that decodes by trial, replacing the value with one of the wrong kind must make
//! the real decode fail (a value kept in an `extra` map would be accepted as it is).

use std::collections::{BTreeMap, BTreeSet};

use codegen::ir::{ResponseKind, TypeRef};
use serde_json::Value;

#[path = "python_decoded/decoders.rs"]
mod decoders;
#[path = "python_decoded/walk.rs"]
mod walk;

use decoders::DECODERS;
use walk::{Walk, Walker, fixture, ir, operations, squash};

/// A pointer the Python SDK decodes that the Rust SDK deliberately leaves untyped.
struct Exception {
    /// The operation's `spec` name.
    operation: &'static str,
    /// The JSON pointer in its canned body.
    pointer: &'static str,
    /// Why the Rust SDK does not type it.
    reason: &'static str,
}

/// Every pointer the Python SDK decodes into a declared field that the Rust SDK keeps among unknown fields, with
/// the reason. The test fails on any other such pointer, and on a listed one that the Rust SDK now types (so the
/// list cannot go stale).
const EXCEPTIONS: &[Exception] = &[];

/// Every pointer the Python SDK decodes into a declared field is decoded by the Rust SDK into a typed field (not
/// an `extra` map of unknown fields), for every operation with a JSON response in `canned-responses.json`; only
/// [`EXCEPTIONS`] may differ, and each must still occur. The IR walk that decides "typed" is checked against
/// the SDK's real decoding (see the module docs).
#[test]
fn rust_types_every_field_the_python_sdk_decodes() {
    let ir = ir();
    let operations = operations(&ir);
    let walker = Walker::new(&ir);
    let python = fixture("python-decoded.json");
    let python = python["operations"].as_object().expect("operations");
    let canned = fixture("canned-responses.json");
    let bodies: BTreeMap<&str, &Value> = canned["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .filter(|op| op["content_type"] == "application/json")
        .map(|op| (op["spec"].as_str().expect("spec"), &op["body"]))
        .collect();
    let mut failures = Vec::new();
    let mut exceptions_seen = BTreeSet::new();
    let (mut pointers, mut probes, mut extra_total, mut unprobed) = (0, 0, 0, 0);
    assert_eq!(
        python.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        bodies.keys().copied().collect::<BTreeSet<_>>(),
        "python-decoded.json covers exactly the JSON responses of canned-responses.json"
    );
    assert_eq!(
        DECODERS.iter().map(|d| d.spec).collect::<BTreeSet<_>>(),
        bodies.keys().copied().collect::<BTreeSet<_>>(),
        "decoders.rs has a row for each JSON response"
    );
    for decoder in DECODERS {
        let spec = decoder.spec;
        let body = bodies[spec];
        let operation = operations
            .get(&squash(spec))
            .unwrap_or_else(|| panic!("{spec}: no operation in the IR"));
        let ty = match &operation.response {
            ResponseKind::Json(ty) => ty.clone(),
            other => panic!("{spec}: the IR's response is {other:?}, not JSON"),
        };
        if ty != TypeRef::Named(decoder.type_name.to_string()) {
            failures.push(format!(
                "{spec}: decoders.rs decodes {}, the IR's response type is {ty:?}",
                decoder.type_name
            ));
            continue;
        }
        // The body must decode for real.
        if let Err(e) = (decoder.decode)(body.clone()) {
            failures.push(format!("{spec}: the canned body does not decode: {e}"));
            continue;
        }
        let mut walk = Walk::default();
        walker.walk(&ty, body, "", false, &mut walk);
        // The walk against the real SDK: a wrong-kind value at a typed pointer must fail the decode.
        for (pointer, probe) in &walk.probes {
            let mut mutated = body.clone();
            *mutated.pointer_mut(pointer).expect("the pointer exists") = probe.clone();
            probes += 1;
            if (decoder.decode)(mutated).is_ok() {
                failures.push(format!(
                    "{spec}: the IR walk says {pointer} is typed, but the SDK decodes {probe} there: the walk \
                     does not follow the SDK"
                ));
            }
        }
        extra_total += walk.extra.len();
        for pointer in python[spec]["pointers"].as_array().expect("pointers") {
            let pointer = pointer.as_str().expect("a pointer");
            pointers += 1;
            if !pointer.is_empty() && !walk.probes.iter().any(|(p, _)| p == pointer) {
                unprobed += 1;
            }
            let exception = EXCEPTIONS
                .iter()
                .find(|e| e.operation == spec && e.pointer == pointer);
            let typed = walk.typed.contains(pointer);
            match (typed, exception) {
                (true, None) => {}
                (true, Some(e)) => {
                    exceptions_seen.insert((e.operation, e.pointer));
                    failures.push(format!(
                    "{spec}: {pointer} is listed in EXCEPTIONS ({}) but the Rust SDK now types it; remove it",
                    e.reason
                    ));
                }
                (false, Some(e)) => {
                    exceptions_seen.insert((e.operation, e.pointer));
                    eprintln!("exception: {spec}: {pointer}: {}", e.reason);
                }
                (false, None) => failures.push(format!(
                    "{spec}: the Python SDK decodes {pointer} into a declared field, the Rust SDK {}",
                    match walk.extra.get(pointer) {
                        Some(model) => format!("keeps it in {model}'s extra map"),
                        None => "does not type it (it is under an untyped value)".to_string(),
                    }
                )),
            }
        }
    }
    for e in EXCEPTIONS {
        if !exceptions_seen.contains(&(e.operation, e.pointer)) {
            failures.push(format!(
                "EXCEPTIONS lists {} {}, which is no pointer the Python SDK decodes and the Rust SDK leaves \
                 untyped; remove it",
                e.operation, e.pointer
            ));
        }
    }
    eprintln!(
        "{} operations, {pointers} pointers the Python SDK decodes, {} exceptions, {probes} probes of the walk \
         against the SDK ({unprobed} of the Python pointers not probed: in unions decoded by trial, values typed as any \
         JSON, discriminators), {extra_total} pointers in extra maps",
        DECODERS.len(),
        EXCEPTIONS.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
