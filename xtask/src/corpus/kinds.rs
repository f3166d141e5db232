//! Kinds of diagnostics: a message with the names, places and numbers of one occurrence taken out, so the same
//! problem in 40 documents counts as one kind affecting 40 documents.
//!
//! OpenAPI and JSON Schema keywords stay (`allOf`, `type: object`, `$ref`), because they say which construct is
//! involved; anything else in backquotes or quotes is a name and becomes `_`. JSON pointers become `#/…`, file
//! locations `FILE`, numbers `N`, and lists of names or media types `…`.

/// Backquoted words kept as they are: the keywords a message is about, not names from the document.
const KEYWORDS: &[&str] = &[
    "$ref",
    "additionalProperties",
    "allOf",
    "anyOf",
    "callbacks",
    "ClientBuilder::base_url",
    "const",
    "contains",
    "content",
    "dependentRequired",
    "dependentSchemas",
    "discriminator",
    "else",
    "enum",
    "false",
    "format",
    "if",
    "info",
    "items",
    "not",
    "nullable",
    "oneOf",
    "openapi",
    "operationId",
    "paths",
    "patternProperties",
    "prefixItems",
    "properties",
    "propertyName",
    "propertyNames",
    "required",
    "schema",
    "then",
    "true",
    "type",
    "unevaluatedItems",
    "unevaluatedProperties",
    "webhooks",
];

/// JSON Schema's type names, kept in `type: T`.
const TYPE_NAMES: &[&str] = &[
    "array", "boolean", "integer", "null", "number", "object", "string",
];

/// Words after which a backquoted word is a name even when it looks like a keyword (`parameter `type``).
const NAMING_WORDS: &[&str] = &[
    "alternative",
    "as",
    "field",
    "input",
    "method",
    "named",
    "of",
    "operation",
    "parameter",
    "path",
    "property",
    "resource",
    "schema",
    "to",
    "URL",
    "value",
];

/// Words before a parenthesised list of names (`allows (a, b)`).
const LIST_INTRODUCERS: &[&str] = &["allows", "defines", "known"];

/// Openings of a parenthesised aside that lists names (`(it defines: A, B)`).
const LIST_ASIDES: &[&str] = &[
    "it defines",
    "defined",
    "known",
    "expected",
    "one of",
    "found",
];

/// The kind of a diagnostic message: its first line with names, places, numbers and lists taken out.
pub fn normalise(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or_default();
    let text = replace_quoted(first_line);
    let text = replace_words(&text);
    let text = replace_numbers(&text);
    let text = collapse_lists(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Backquoted spans become `_` unless they are keywords; double-quoted strings become `"_"`.
fn replace_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['`', '"']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let quote = &from[..1];
        let Some(end) = from[1..].find(quote) else {
            out.push_str(from);
            return out;
        };
        let inner = &from[1..=end];
        rest = &from[end + 2..];
        if quote == "\"" {
            out.push_str("\"_\"");
            continue;
        }
        let after = rest.split_whitespace().next().unwrap_or("");
        let kind = backquoted_kind(inner, last_word(&out), after);
        out.push('`');
        out.push_str(&kind);
        out.push('`');
    }
    out.push_str(rest);
    out
}

/// What a backquoted span becomes, given the word before it and the word after it.
fn backquoted_kind(inner: &str, before: &str, after: &str) -> String {
    if inner == "true" || inner == "false" {
        return inner.to_string();
    }
    if inner.starts_with("$ref: ") {
        return "$ref: #/…".to_string();
    }
    if let Some(typ) = inner.strip_prefix("type: ") {
        let typ = if TYPE_NAMES.contains(&typ) { typ } else { "_" };
        return format!("type: {typ}");
    }
    if let Some(section) = inner.strip_prefix("#/components/")
        && !section.contains('/')
    {
        return inner.to_string();
    }
    let names_something = NAMING_WORDS.contains(&before) || after.starts_with("property");
    if KEYWORDS.contains(&inner) && !names_something {
        return inner.to_string();
    }
    "_".to_string()
}

/// The last whitespace-separated word of `text`.
fn last_word(text: &str) -> &str {
    text.split_whitespace().last().unwrap_or("")
}

/// Words outside backquotes: JSON pointers become `#/…`, file locations `FILE`, media types `…`.
fn replace_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside_backquotes = false;
    for (index, piece) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if inside_backquotes || piece.contains('`') {
            inside_backquotes ^= piece.matches('`').count() % 2 == 1;
            out.push_str(piece);
            continue;
        }
        // A media type's parameters (`text/plain; charset=utf-8`) belong to the media type's `…`.
        if out.ends_with("…; ") && is_media_type_parameter(piece) {
            out.truncate(out.len() - "; ".len());
            out.push_str(&piece[piece.trim_end_matches([',', ';', ')']).len()..]);
            continue;
        }
        out.push_str(&replace_word(piece));
    }
    out
}

fn replace_word(word: &str) -> String {
    let leading = word.len() - word.trim_start_matches(['(', '[']).len();
    let body = &word[leading..];
    let core = body.trim_end_matches([',', ';', ')', ']', ':', '.']);
    let trailing = &body[core.len()..];
    let replaced = if core.starts_with("#/") {
        "#/…"
    } else if is_file_location(core) {
        "FILE"
    } else if is_media_type(core) {
        "…"
    } else {
        return word.to_string();
    };
    format!("{}{replaced}{trailing}", &word[..leading])
}

/// `api/x.json`, `specs/a.yaml:12:5`.
fn is_file_location(word: &str) -> bool {
    let file = word.split(':').next().unwrap_or_default();
    [".json", ".yaml", ".yml"]
        .iter()
        .any(|extension| file.ends_with(extension))
}

/// `application/json`, `text/*`, `*/*`, `text/plain;charset=utf-8`: a word of letters with one slash in it, and maybe
/// parameters after a `;`.
fn is_media_type(word: &str) -> bool {
    let (word, parameters) = word.split_once(';').unwrap_or((word, ""));
    if !parameters.is_empty() && !is_media_type_parameter(parameters) {
        return false;
    }
    match word.split_once('/') {
        Some((kind, subtype)) => {
            kind.starts_with(|c: char| c.is_ascii_alphabetic() || c == '*')
                && !subtype.is_empty()
                && !subtype.contains('/')
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/.+-*_".contains(c))
        }
        None => false,
    }
}

/// `charset=utf-8`, `version=2,`.
fn is_media_type_parameter(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, value)| {
        !name.is_empty()
            && !value.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// Numbers standing on their own (`HTTP 200`, `3.1`) become `N`; digits inside words (`i128`, `n2fa`) stay.
fn replace_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !word_char(chars[i - 1]);
        if chars[i].is_ascii_digit() && at_boundary {
            let mut end = i;
            while end < chars.len() && chars[end].is_ascii_digit() {
                end += 1;
            }
            if end + 1 < chars.len() && chars[end] == '.' && chars[end + 1].is_ascii_digit() {
                end += 1;
                while end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                }
            }
            if end == chars.len() || !word_char(chars[end]) {
                out.push('N');
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Parenthesised lists of names become `(…)`; runs of `…` separated by commas become one `…`.
fn collapse_lists(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = from.find(')') else {
            out.push_str(from);
            return out;
        };
        let inner = &from[1..close];
        rest = &from[close + 1..];
        if LIST_INTRODUCERS.contains(&last_word(&out)) {
            out.push_str("(…)");
        } else if let Some(aside) = LIST_ASIDES.iter().find(|a| inner.starts_with(*a)) {
            out.push_str(&format!("({aside} …)"));
        } else {
            out.push('(');
            out.push_str(inner);
            out.push(')');
        }
    }
    out.push_str(rest);
    while out.contains("…, …") {
        out = out.replace("…, …", "…");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn names_become_placeholders_and_keywords_stay() {
        assert_eq!(
            normalise(
                "parameter `projects` has a type that cannot be written into a query string: expected a string"
            ),
            "parameter `_` has a type that cannot be written into a query string: expected a string"
        );
        assert_eq!(
            normalise("`items` does not apply to `type: object` and is ignored"),
            "`items` does not apply to `type: object` and is ignored"
        );
        assert_eq!(
            normalise(
                "form field `items` is not a scalar; it is encoded as the form encoder sees fit"
            ),
            "form field `_` is not a scalar; it is encoded as the form encoder sees fit"
        );
    }

    #[test]
    fn a_keyword_used_as_a_name_is_a_name() {
        assert_eq!(
            normalise(
                "alternative `TextField` has no `type` property, so a value built in Rust is sent without its discriminator"
            ),
            "alternative `_` has no `_` property, so a value built in Rust is sent without its discriminator"
        );
        assert_eq!(
            normalise("schema has no `type`; it is kept as untyped JSON"),
            "schema has no `type`; it is kept as untyped JSON"
        );
    }

    #[test]
    fn references_pointers_and_files_become_placeholders() {
        assert_eq!(
            normalise(
                "`$ref: #/components/schemas/BadRequest` does not name a response in `#/components/responses`"
            ),
            "`$ref: #/…` does not name a response in `#/components/responses`"
        );
        assert_eq!(
            normalise(
                "`$ref: #/paths/~1a/get` does not resolve: there is no `200` in `#/paths/~1a/get/responses`"
            ),
            "`$ref: #/…` does not resolve: there is no `_` in `_`"
        );
        assert_eq!(
            normalise(
                "schema `Thing` is defined differently here than in specs/a.yaml:20:5 (#/components/schemas/Thing)"
            ),
            "schema `_` is defined differently here than in FILE (#/…)"
        );
    }

    #[test]
    fn numbers_strings_and_lists_become_placeholders() {
        assert_eq!(
            normalise(
                "this success response has a different body than the HTTP 200 one; the generated method returns the HTTP 200 body"
            ),
            "this success response has a different body than the HTTP N one; the generated method returns the HTTP N body"
        );
        assert_eq!(
            normalise(
                "the body is sent as `application/json`; the other media types it allows (application/xml, text/plain) are not offered"
            ),
            "the body is sent as `_`; the other media types it allows (…) are not offered"
        );
        assert_eq!(
            normalise(
                "the response is read as `application/json`; it is also offered as application/xml, text/csv, which the generated method does not ask for"
            ),
            "the response is read as `_`; it is also offered as …, which the generated method does not ask for"
        );
        assert_eq!(
            normalise(
                "the response is read as `text/html; charset=utf-8`; it is also offered as */*, text/plain; charset=utf-8, image/png;charset=UTF-8, which the generated method does not ask for"
            ),
            "the response is read as `_`; it is also offered as …, which the generated method does not ask for"
        );
        assert_eq!(
            normalise("there is no `B` in `#/components/schemas` (it defines: A, C)"),
            "there is no `_` in `#/components/schemas` (it defines …)"
        );
        assert_eq!(
            normalise(r#"invalid value "abc" for i128 in OpenAPI 3.0/3.1"#),
            r#"invalid value "_" for i128 in OpenAPI N/N"#
        );
    }

    #[test]
    fn only_the_first_line_counts() {
        assert_eq!(
            normalise("message `x`\n  note: other definition: a.yaml:1:1"),
            "message `_`"
        );
    }
}
