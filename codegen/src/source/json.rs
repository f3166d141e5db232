//! Positions in a JSON document: a scanner that reports where each value, key, object and array starts, as the
//! YAML event parser would for the same text, in one pass and without holding the document's tokens. Only
//! positions and object keys are read; the values themselves were parsed by `serde_json` already (`load.rs`), so
//! a syntax error simply ends the walk.

use super::{Locator, Mark};

/// Walks `text`, telling `locator` where each node starts.
pub(crate) fn walk(text: &str, locator: &mut Locator) {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        col: 0,
    };
    // What the innermost open container expects next; the walk ends at the first byte that does not fit.
    let mut open: Vec<Container> = Vec::new();
    loop {
        scanner.skip_whitespace();
        let Some(&byte) = scanner.bytes.get(scanner.at) else {
            return;
        };
        let mark = scanner.mark();
        match (open.last_mut(), byte) {
            // A key, then its colon.
            (Some(Container::Object { expect_key: true }), b'"') => {
                let Some(key) = scanner.string(true) else {
                    return;
                };
                locator.scalar(key, mark);
                scanner.skip_whitespace();
                if scanner.bytes.get(scanner.at) != Some(&b':') {
                    return;
                }
                scanner.advance();
                if let Some(Container::Object { expect_key }) = open.last_mut() {
                    *expect_key = false;
                }
                continue;
            }
            (Some(Container::Object { expect_key: true }), b'}')
            | (Some(Container::Array), b']') => {
                scanner.advance();
                open.pop();
                locator.end();
                if !scanner.after_value(&mut open) {
                    return;
                }
                continue;
            }
            (Some(Container::Object { expect_key: true }), _) => return,
            _ => {}
        }
        // A value.
        match byte {
            b'{' => {
                scanner.advance();
                locator.mapping_start(mark);
                open.push(Container::Object { expect_key: true });
                continue;
            }
            b'[' => {
                scanner.advance();
                locator.sequence_start(mark);
                open.push(Container::Array);
                continue;
            }
            b'"' => {
                if scanner.string(false).is_none() {
                    return;
                }
            }
            _ => {
                let start = scanner.at;
                while scanner.bytes.get(scanner.at).is_some_and(|b| {
                    !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                }) {
                    scanner.advance();
                }
                if scanner.at == start {
                    return;
                }
            }
        }
        locator.scalar(String::new(), mark);
        if !scanner.after_value(&mut open) {
            return;
        }
    }
}

/// An open object or array.
enum Container {
    /// `expect_key`: after `{` or `,` (a key or `}` comes next), not after `:`.
    Object {
        expect_key: bool,
    },
    Array,
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// Byte offset of the next byte.
    at: usize,
    /// 1-based line and 0-based column in characters of the next byte, as `yaml-rust2` counts them.
    line: usize,
    col: usize,
}

impl Scanner<'_> {
    fn mark(&self) -> Mark {
        Mark::new(self.line, self.col)
    }

    /// Moves past one byte; a UTF-8 continuation byte is not a column of its own.
    fn advance(&mut self) {
        match self.bytes[self.at] {
            b'\n' => {
                self.line += 1;
                self.col = 0;
            }
            byte if byte & 0xC0 != 0x80 => self.col += 1,
            _ => {}
        }
        self.at += 1;
    }

    fn skip_whitespace(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            self.advance();
        }
    }

    /// Moves past a string starting at the opening quote; its text (unescaped) when `keep`, else an empty string.
    /// `None` when it does not end.
    fn string(&mut self, keep: bool) -> Option<String> {
        let start = self.at;
        self.advance();
        let mut escaped = false;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.advance();
                    self.bytes.get(self.at)?;
                }
                _ => {}
            }
            self.advance();
        }
        self.advance();
        let raw = &self.text[start..self.at];
        Some(match (keep, escaped) {
            (false, _) => String::new(),
            (true, false) => raw[1..raw.len() - 1].to_string(),
            // The escapes, surrogate pairs included, are serde_json's to read.
            (true, true) => serde_json::from_str(raw).ok()?,
        })
    }

    /// After a value: a `,` (the object then expects a key) or the end of the container, which the loop reads.
    /// `false` when neither follows.
    fn after_value(&mut self, open: &mut [Container]) -> bool {
        self.skip_whitespace();
        match (open.last_mut(), self.bytes.get(self.at)) {
            // The document's value is done.
            (None, _) => false,
            (Some(Container::Object { expect_key }), Some(b',')) => {
                *expect_key = true;
                self.advance();
                true
            }
            (Some(Container::Array), Some(b',')) => {
                self.advance();
                true
            }
            (Some(Container::Object { expect_key }), Some(b'}')) => {
                // Closed by the loop, which expects a key or `}` here.
                *expect_key = true;
                true
            }
            (Some(Container::Array), Some(b']')) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::{Locator, locate_pointers};

    /// Every pointer of `value`, container and leaf.
    fn pointers(value: &serde_json::Value, at: String, out: &mut BTreeSet<String>) {
        out.insert(at.clone());
        match value {
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    pointers(item, format!("{at}/{escaped}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    pointers(item, format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
    }

    /// The positions the YAML event parser gives for the same JSON text.
    fn by_yaml(
        text: &str,
        wanted: &BTreeSet<String>,
    ) -> std::collections::BTreeMap<String, (usize, usize)> {
        let mut prefixes = std::collections::HashMap::new();
        for pointer in wanted {
            prefixes.insert(pointer.clone(), None);
        }
        let mut locator = Locator {
            prefixes,
            stack: Vec::new(),
        };
        let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
        parser
            .load(&mut locator, false)
            .expect("YAML reads this JSON");
        locator
            .prefixes
            .into_iter()
            .filter_map(|(p, m)| m.map(|m| (p, (m.line, m.col + 1))))
            .collect()
    }

    #[test]
    fn positions_are_the_yaml_parsers_for_every_node() {
        let text = "{\n  \"openapi\": \"3.0.0\",\n  \"a/b~c\": {\"x\": [1, {\"y\": null}, [], {}], \"é\": true},\n  \"esc\\\"aped\": [\"s\", -1.5e3, {\"k\": {\"deep\": [false]}}],\n\t\"empty\": {},\n  \"list\": [\n    {\"first\": 1, \"second\": \"two\"},\n    \"tail\"\n  ]\n}\n";
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut wanted = BTreeSet::new();
        pointers(&value, "#".to_string(), &mut wanted);
        let json = locate_pointers(text, &wanted);
        assert_eq!(json, by_yaml(text, &wanted));
        assert_eq!(json.len(), wanted.len(), "every node is found");
        assert_eq!(json["#/a~1b~0c/x/1/y"], (3, 23));
    }

    #[test]
    fn keys_with_escapes_and_characters_beyond_the_basic_plane_are_read() {
        let text = "{\"caf\\u00e9\": {\"\\ud83c\\udfac clip\": [1, 2]}, \"next\": 3}";
        let wanted: BTreeSet<String> = ["#/café/🎬 clip/1", "#/next"]
            .into_iter()
            .map(str::to_string)
            .collect();
        let found = locate_pointers(text, &wanted);
        assert_eq!(found["#/café/🎬 clip/1"], (1, 41));
        assert_eq!(found["#/next"], (1, 46));
    }

    #[test]
    fn a_syntax_error_ends_the_walk_and_keeps_what_was_found() {
        let text = "{\"a\": 1, \"b\": [1,, 2], \"c\": 3}";
        let wanted: BTreeSet<String> = ["#/a", "#/c"].into_iter().map(str::to_string).collect();
        let found = locate_pointers(text, &wanted);
        assert_eq!(found["#/a"], (1, 2));
        // Not found: its nearest found ancestor, the document, answers.
        assert_eq!(found["#/c"], (1, 2));
        for broken in [
            "{",
            "{\"a\"",
            "{\"a\": \"unterminated",
            "[1, 2",
            "{\"a\" 1}",
            "{1: 2}",
            "}",
        ] {
            let _ = locate_pointers(broken, &wanted);
        }
        // Every prefix of a document with escapes and multi-byte characters: cut anywhere, nothing panics, and
        // what precedes the cut is still found.
        let text = r#"{"k\"é": [1, {"x": "\ud83c\udfac"}, []], "n": null}"#;
        for (cut, _) in text.char_indices().skip(12) {
            let found = locate_pointers(&text[..cut], &["#/k\"é/0".to_string()].into());
            assert_eq!(found["#/k\"é/0"], (1, 11), "cut at {cut}");
        }
    }
}
