//! The examples a spec gives, as the generated crate's `tests/examples.rs` reports them (`EXAMPLE ok same
//! <place>`, `EXAMPLE ok differs <place>`, `EXAMPLE fail <place>: <message>`), and the verdict on each that does
//! not decode: is the example even valid against the schema it illustrates?

use serde_json::Value;

use super::pointer::{resolve, resolve_through_merges, split_last};
use super::schema::Validator;

/// What decoding one example gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// Decoded, and encoding the value again gives the same JSON.
    Same,
    /// Decoded, but encoding it again gives other JSON (dropped unknown fields, reordered numbers, ...).
    Differs,
    /// Did not decode; the decoder's message.
    Failed(String),
}

/// One `EXAMPLE` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleResult {
    /// `file#/json/pointer` of the example.
    pub place: String,
    pub decoded: Decoded,
}

/// The `EXAMPLE` lines in the output of `cargo test --test examples -- --nocapture`.
pub fn parse_example_lines(stdout: &str) -> Vec<ExampleResult> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("EXAMPLE ")?;
            let (place, decoded) = if let Some(place) = rest.strip_prefix("ok same ") {
                (place, Decoded::Same)
            } else if let Some(place) = rest.strip_prefix("ok differs ") {
                (place, Decoded::Differs)
            } else {
                let failure = rest.strip_prefix("fail ")?;
                // The place is a file and a pointer, with no `: ` in it; the decoder's message follows.
                let (place, message) = failure.split_once(": ")?;
                (place, Decoded::Failed(message.to_string()))
            };
            Some(ExampleResult {
                place: place.to_string(),
                decoded,
            })
        })
        .collect()
}

/// Why an example did not decode, and whether it was where the generator said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub verdict: Verdict,
    /// The example's pointer does not resolve as it is: it names a place in a merged schema (`X/properties/p`)
    /// and the example was found in the part that defines it (`X/allOf/1/properties/p`, or through a `$ref`).
    pub found_through_merge: bool,
}

/// Why an example did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The example breaks its own schema (the reason says where and how): the spec's mistake.
    InvalidAgainstSpec(String),
    /// The example is valid against its schema, so the generated type should have decoded it: a generator bug.
    ValidButFailed,
    /// The example or its schema could not be found in the document at the pointer given.
    NotLocated,
}

/// The verdict on the failing example at `pointer` (`#/...`) of `document`.
pub fn judge(document: &Value, pointer: &str) -> Judgement {
    let Some((schema, example, found_through_merge)) = locate(document, pointer) else {
        return Judgement {
            verdict: Verdict::NotLocated,
            found_through_merge: false,
        };
    };
    let verdict = match Validator::new(document).validate(schema, example) {
        Ok(()) => Verdict::ValidButFailed,
        Err(reason) => Verdict::InvalidAgainstSpec(reason),
    };
    Judgement {
        verdict,
        found_through_merge,
    }
}

/// The schema an example illustrates, the example itself, and whether finding them took a detour through a
/// merged schema. An example's pointer ends in `example`, `examples/N` (a schema's list) or
/// `examples/NAME/value` (a media type's map); what holds it is a schema, or a media type or parameter whose
/// `schema` the example illustrates.
fn locate<'a>(document: &'a Value, pointer: &str) -> Option<(&'a Value, &'a Value, bool)> {
    let (owner, example) = owner_of_example(pointer)?;
    let (owner_value, detour) = resolve_through_merges(document, owner)?;
    let schema = owner_value.get("schema").unwrap_or(owner_value);
    let value = resolve(owner_value, &format!("/{example}"))
        // The generator names a schema's `x-examples` list `examples` (OpenAPI 3.1's name for it).
        .or_else(|| resolve(owner_value, &format!("/x-{example}")))?;
    Some((schema, value, detour))
}

/// The pointer of what holds the example, and the rest of the example's pointer after it.
fn owner_of_example(pointer: &str) -> Option<(&str, &str)> {
    let (parent, last) = split_last(pointer)?;
    if last == "example" {
        return Some((parent, &pointer[parent.len() + 1..]));
    }
    let (grandparent, middle) = split_last(parent)?;
    if middle == "examples" {
        return Some((grandparent, &pointer[grandparent.len() + 1..]));
    }
    let (owner, examples) = split_last(grandparent)?;
    (examples == "examples" && last == "value").then(|| (owner, &pointer[owner.len() + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn example_lines_are_parsed_and_other_lines_skipped() {
        let stdout = "\nrunning 1 test\n\
            EXAMPLE ok same api/a.json#/components/schemas/A/example\n\
            EXAMPLE ok differs api/a.json#/paths/~1x/get/responses/200/content/application~1json/example\n\
            EXAMPLE fail api/a.json#/components/schemas/B/example: invalid type: string \"x\", expected i64 at line 1 column 3\n\
            test examples_decode ... ok\n";
        let results = parse_example_lines(stdout);
        assert_eq!(results.len(), 3);
        assert_eq!(results[1].decoded, Decoded::Differs);
        assert_eq!(results[2].place, "api/a.json#/components/schemas/B/example");
        assert_eq!(
            results[2].decoded,
            Decoded::Failed(
                "invalid type: string \"x\", expected i64 at line 1 column 3".to_string()
            )
        );
    }

    #[test]
    fn the_schema_is_the_owner_or_its_schema() {
        let doc = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {
                "Id": {"type": "integer", "example": "seven"},
                "Tag": {"type": "string", "x-examples": ["a", "b"]}
            }},
            "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Id"},
                "example": 7,
                "examples": {"bad": {"value": "7"}}
            }}}}}}}
        });
        let verdict = |pointer: &str| judge(&doc, pointer).verdict;
        let media = "#/paths/~1x/get/responses/200/content/application~1json";
        assert_eq!(
            verdict(&format!("{media}/example")),
            Verdict::ValidButFailed
        );
        assert_eq!(
            verdict(&format!("{media}/examples/bad/value")),
            Verdict::InvalidAgainstSpec("/: expected integer, found string `\"7\"`".to_string())
        );
        assert!(matches!(
            verdict("#/components/schemas/Id/example"),
            Verdict::InvalidAgainstSpec(_)
        ));
        assert_eq!(
            verdict("#/components/schemas/Tag/examples/1"),
            Verdict::ValidButFailed
        );
        assert_eq!(
            verdict("#/components/schemas/Nothing/example"),
            Verdict::NotLocated
        );
    }

    #[test]
    fn examples_in_merged_schemas_are_found_in_the_part_that_defines_them() {
        let doc = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {"Thing": {"allOf": [
                {"properties": {"id": {"type": "string"}}},
                {"properties": {"home": {"type": "boolean", "example": "yes"}}}
            ]}}}
        });
        let judgement = judge(&doc, "#/components/schemas/Thing/properties/home/example");
        assert!(judgement.found_through_merge);
        assert_eq!(
            judgement.verdict,
            Verdict::InvalidAgainstSpec("/: expected boolean, found string `\"yes\"`".to_string())
        );
    }
}
