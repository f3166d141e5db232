//! JSON pointers into a document (RFC 6901), and local `$ref`s, whose fragments may also be percent-encoded
//! (`#/paths/~1users~1%7Bid%7D`).

use serde_json::Value;

/// The value at `pointer` (`/a/b`, `#/a/b`, or empty for the whole document).
pub fn resolve<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    if pointer.is_empty() {
        return Some(root);
    }
    let mut current = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        current = child(current, &unescape(token))?;
    }
    Some(current)
}

/// The value a local `$ref` (`#/...`) names; `None` for references to other documents or to nothing.
pub fn resolve_reference<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    resolve(root, &percent_decode(fragment)).or_else(|| resolve(root, fragment))
}

/// Like [`resolve`], but where a schema lacks the next token and has a `$ref` or an `allOf`, the token is also
/// looked for in what they merge in: a pointer into the merged schema (`X/properties/p` for a `p` defined in
/// `X/allOf/1/properties/p`). Returns the value and whether such a detour was taken.
pub fn resolve_through_merges<'a>(root: &'a Value, pointer: &str) -> Option<(&'a Value, bool)> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    let tokens: Vec<String> = match pointer.strip_prefix('/') {
        Some(rest) => rest.split('/').map(unescape).collect(),
        None if pointer.is_empty() => Vec::new(),
        None => return None,
    };
    // Bound the search in documents whose `$ref`s form cycles: in steps, and in detours on one path.
    let mut steps_left = 10_000;
    walk(root, root, &tokens, &mut steps_left, 0)
}

/// Detours through `$ref`s and `allOf` parts on one path, at most.
const MAX_DETOURS: usize = 16;

fn walk<'a>(
    root: &'a Value,
    current: &'a Value,
    tokens: &[String],
    steps_left: &mut usize,
    detours: usize,
) -> Option<(&'a Value, bool)> {
    let Some((token, rest)) = tokens.split_first() else {
        return Some((current, false));
    };
    *steps_left = steps_left.checked_sub(1)?;
    if let Some(found) =
        child(current, token).and_then(|next| walk(root, next, rest, steps_left, detours))
    {
        return Some(found);
    }
    if detours == MAX_DETOURS {
        return None;
    }
    let referenced = current
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| resolve_reference(root, reference));
    let parts = current
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    referenced
        .into_iter()
        .chain(parts)
        .find_map(|merged| walk(root, merged, tokens, steps_left, detours + 1))
        .map(|(found, _)| (found, true))
}

fn child<'a>(value: &'a Value, token: &str) -> Option<&'a Value> {
    match value {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    }
}

/// `~1` is `/` and `~0` is `~`, in that order.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `%7B` is `{`; a `%` not followed by two hex digits stays as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `pointer` without its last token, and that token (escaped as in the pointer).
pub fn split_last(pointer: &str) -> Option<(&str, &str)> {
    pointer.rsplit_once('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_unescape_their_tokens_and_index_arrays() {
        let doc = json!({"paths": {"/a/{id}": {"get": {"tags": ["x", "y"]}}}, "m~n": 1});
        assert_eq!(
            resolve(&doc, "#/paths/~1a~1{id}/get/tags/1"),
            Some(&json!("y"))
        );
        assert_eq!(resolve(&doc, "/m~0n"), Some(&json!(1)));
        assert_eq!(resolve(&doc, ""), Some(&doc));
        assert_eq!(resolve(&doc, "#/paths/nothing"), None);
    }

    #[test]
    fn references_may_be_percent_encoded() {
        let doc = json!({"paths": {"/a/{id}": {"get": 1}}, "100%": 2});
        assert_eq!(
            resolve_reference(&doc, "#/paths/~1a~1%7Bid%7D/get"),
            Some(&json!(1))
        );
        assert_eq!(resolve_reference(&doc, "#/100%"), Some(&json!(2)));
        assert_eq!(resolve_reference(&doc, "other.json#/paths"), None);
    }

    #[test]
    fn merged_schemas_are_searched_only_when_the_pointer_does_not_resolve() {
        let doc = json!({"components": {"schemas": {
            "Base": {"properties": {"id": {"example": 1}}},
            "Thing": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"properties": {"name": {"example": "n"}}}
            ], "properties": {"own": {"example": true}}},
            "Loop": {"$ref": "#/components/schemas/Loop"}
        }}});
        let thing = "#/components/schemas/Thing/properties";
        assert_eq!(
            resolve_through_merges(&doc, &format!("{thing}/own/example")),
            Some((&json!(true), false))
        );
        assert_eq!(
            resolve_through_merges(&doc, &format!("{thing}/name/example")),
            Some((&json!("n"), true))
        );
        assert_eq!(
            resolve_through_merges(&doc, &format!("{thing}/id/example")),
            Some((&json!(1), true))
        );
        assert_eq!(
            resolve_through_merges(&doc, &format!("{thing}/none/example")),
            None
        );
        assert_eq!(
            resolve_through_merges(&doc, "#/components/schemas/Loop/x"),
            None
        );
    }
}
