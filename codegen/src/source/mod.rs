//! Spec sources and source locations: maps a JSON pointer back to the line and column it came from.
//!
//! `serde_yaml` values carry no positions, so locating walks the text again, once per file and only when a
//! diagnostic needs it: JSON with a small scanner of its own (`json.rs`), YAML with `yaml-rust2`'s event parser.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, pointer_join};

mod json;

/// One spec document as read from disk (or built in memory by a test).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecInput {
    /// The name diagnostics use for the file, e.g. `specs/01-assets-create.yaml`. Also the sort key that makes the
    /// output independent of the order in which files are given.
    pub name: String,
    /// The YAML or JSON text.
    pub text: String,
}

impl SpecInput {
    /// A named spec text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// All source texts of one run, for locating diagnostics.
#[derive(Debug, Default)]
pub struct Sources<'a> {
    texts: BTreeMap<&'a str, &'a str>,
}

impl<'a> Sources<'a> {
    /// Indexes the given inputs by name.
    pub fn new(inputs: &'a [SpecInput]) -> Self {
        Self {
            texts: inputs
                .iter()
                .map(|i| (i.name.as_str(), i.text.as_str()))
                .collect(),
        }
    }

    /// Fills in line and column of every location (main and related) that lacks them. Each file is parsed once,
    /// however many diagnostics point into it, so locating is linear in the size of the documents.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        let mut wanted: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for diagnostic in diagnostics.iter() {
            let locations = diagnostic
                .location
                .iter()
                .chain(diagnostic.related.iter().map(|(_, l)| l));
            for location in locations.filter(|l| l.line.is_none()) {
                if let Some((name, _)) = self.texts.get_key_value(location.file.as_str()) {
                    wanted
                        .entry(name)
                        .or_default()
                        .insert(location.pointer.clone());
                }
            }
        }
        let found: BTreeMap<&str, BTreeMap<String, (usize, usize)>> = wanted
            .into_iter()
            .map(|(file, pointers)| (file, locate_pointers(self.texts[file], &pointers)))
            .collect();
        for diagnostic in diagnostics {
            let locations = diagnostic
                .location
                .iter_mut()
                .chain(diagnostic.related.iter_mut().map(|(_, l)| l));
            for location in locations.filter(|l| l.line.is_none()) {
                if let Some(&(line, column)) = found
                    .get(location.file.as_str())
                    .and_then(|positions| positions.get(&location.pointer))
                {
                    location.line = Some(line);
                    location.column = Some(column);
                }
            }
        }
    }
}

/// The 1-based line and column of the node a JSON pointer names. For a mapping entry this is the key, which is
/// where a reader looks. When the pointer goes deeper than the document (a missing key, or a node that only
/// exists after normalisation), the deepest existing ancestor is returned.
#[cfg(test)]
pub fn locate_pointer(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let targets = BTreeSet::from([pointer.to_string()]);
    locate_pointers(text, &targets).remove(pointer)
}

/// [`locate_pointer`] for many pointers in one pass over the text.
pub fn locate_pointers(
    text: &str,
    pointers: &BTreeSet<String>,
) -> BTreeMap<String, (usize, usize)> {
    // Every prefix of a target is worth a position: the deepest one that exists answers for the target.
    let mut prefixes: HashMap<String, Option<Mark>> = HashMap::new();
    for pointer in pointers {
        let mut end = pointer.len();
        loop {
            prefixes.entry(pointer[..end].to_string()).or_insert(None);
            match pointer[..end].rfind('/') {
                Some(slash) => end = slash,
                None => break,
            }
        }
    }
    let mut locator = Locator {
        prefixes,
        stack: Vec::new(),
    };
    // A syntax error ends the walk; whatever was found before it still helps.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        // JSON, as `load` reads it. The YAML parser reads JSON too, but holds every token of a flow mapping
        // until it ends: hundreds of megabytes for a large document.
        json::walk(text, &mut locator);
    } else {
        let masked = mask_surrogate_escapes(text);
        let mut parser = Parser::new_from_str(&masked);
        let _ = parser.load(&mut locator, false);
    }
    pointers
        .iter()
        .filter_map(|pointer| {
            let mut end = pointer.len();
            loop {
                if let Some(Some(marker)) = locator.prefixes.get(&pointer[..end]) {
                    return Some((pointer.clone(), (marker.line, marker.col + 1)));
                }
                end = pointer[..end].rfind('/')?;
            }
        })
        .collect()
}

/// JSON spells a character outside the Basic Multilingual Plane as two escapes, a UTF-16 surrogate pair
/// (`\ud83c\udfac`), which the YAML parser refuses, ending the walk there. Positions are all this walk reads, so
/// each such escape becomes a space escape of the same length (`\u0020`), and lines and columns stay as they were.
fn mask_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\\u") {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        // An escape: `\\`, `\"`, ... take two bytes, `\uXXXX` six.
        if bytes.get(i + 1) == Some(&b'u')
            && let Some(hex) = text.get(i + 2..i + 6)
            && let Ok(unit) = u16::from_str_radix(hex, 16)
        {
            if (0xD800..=0xDFFF).contains(&unit) {
                out.get_or_insert_with(|| bytes.to_vec())[i + 2..i + 6].copy_from_slice(b"0020");
            }
            i += 6;
        } else {
            i += 2;
        }
    }
    match out {
        // Only ASCII hex digits were replaced by ASCII digits: still UTF-8.
        Some(bytes) => std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default()),
        None => std::borrow::Cow::Borrowed(text),
    }
}

enum Frame {
    /// `pending` holds the mapping's own pointer until its first key shows where it starts.
    Mapping {
        pointer: String,
        key: Option<(String, Mark)>,
        pending: Option<(String, Mark)>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
}

pub(crate) struct Locator {
    /// The pointers worth a position (targets and their ancestors), with the first position seen.
    prefixes: HashMap<String, Option<Mark>>,
    stack: Vec<Frame>,
}

impl Locator {
    /// The pointer of the node that starts now, and the marker to report for it (the key, for mapping values).
    /// A node no target lies in has the empty pointer, and so do its descendants: a large document is walked
    /// without spelling out a pointer for every node.
    fn node_pointer(&mut self, mark: Mark) -> Option<(String, Mark)> {
        let (pointer, mark) = match self.stack.last_mut() {
            None => ("#".to_string(), mark),
            Some(Frame::Sequence { pointer, index }) => {
                let p = if pointer.is_empty() {
                    String::new()
                } else {
                    pointer_join(pointer, &index.to_string())
                };
                *index += 1;
                (p, mark)
            }
            Some(Frame::Mapping { pointer, key, .. }) => {
                let (k, key_mark) = key.take()?;
                if pointer.is_empty() {
                    (String::new(), key_mark)
                } else {
                    (pointer_join(pointer, &k), key_mark)
                }
            }
        };
        if self.prefixes.contains_key(&pointer) {
            Some((pointer, mark))
        } else {
            Some((String::new(), mark))
        }
    }

    fn consider(&mut self, pointer: &str, mark: Mark) {
        if let Some(slot @ None) = self.prefixes.get_mut(pointer) {
            *slot = Some(mark);
        }
    }

    /// Handles a scalar that may be a mapping key.
    pub(crate) fn scalar(&mut self, value: String, mark: Mark) {
        if let Some(Frame::Mapping { key, pending, .. }) = self.stack.last_mut()
            && key.is_none()
        {
            *key = Some((value, mark));
            if let Some((pointer, _)) = pending.take() {
                self.consider(&pointer, mark);
            }
            return;
        }
        if let Some((pointer, report)) = self.node_pointer(mark) {
            self.consider(&pointer, report);
        }
    }
}

/// A position: line 1-based, column 0-based in characters (as `yaml-rust2` counts them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark {
    line: usize,
    col: usize,
}

impl Mark {
    pub(crate) fn new(line: usize, col: usize) -> Self {
        Self { line, col }
    }
}

impl From<Marker> for Mark {
    fn from(marker: Marker) -> Self {
        Self::new(marker.line(), marker.col())
    }
}

impl Locator {
    /// A mapping starts at `mark`. A mapping that is a sequence item (or the document) is reported where its
    /// first key is; a mapping that is a value is reported at its key.
    pub(crate) fn mapping_start(&mut self, mark: Mark) {
        let in_sequence = matches!(self.stack.last(), Some(Frame::Sequence { .. }) | None);
        let node = self.node_pointer(mark);
        let (pointer, pending) = match node {
            Some((p, report)) if in_sequence => (p.clone(), Some((p, report))),
            Some((p, report)) => {
                self.consider(&p, report);
                (p, None)
            }
            None => (String::new(), None),
        };
        self.stack.push(Frame::Mapping {
            pointer,
            key: None,
            pending,
        });
    }

    /// A sequence starts at `mark`.
    pub(crate) fn sequence_start(&mut self, mark: Mark) {
        let pointer = self.node_pointer(mark).map(|(p, report)| {
            self.consider(&p, report);
            p
        });
        self.stack.push(Frame::Sequence {
            pointer: pointer.unwrap_or_default(),
            index: 0,
        });
    }

    /// The innermost mapping or sequence ends.
    pub(crate) fn end(&mut self) {
        if let Some(Frame::Mapping {
            pending: Some((pointer, start)),
            ..
        }) = self.stack.pop()
        {
            self.consider(&pointer, start);
        }
    }

    /// A node that is neither a scalar nor a collection (a YAML alias) is at `mark`.
    fn other_node(&mut self, mark: Mark) {
        if let Some((pointer, report)) = self.node_pointer(mark) {
            self.consider(&pointer, report);
        }
    }
}

impl MarkedEventReceiver for Locator {
    fn on_event(&mut self, event: Event, marker: Marker) {
        let mark = Mark::from(marker);
        match event {
            Event::Scalar(value, ..) => self.scalar(value, mark),
            Event::Alias(_) => self.other_node(mark),
            Event::MappingStart(..) => self.mapping_start(mark),
            Event::SequenceStart(..) => self.sequence_start(mark),
            Event::MappingEnd | Event::SequenceEnd => self.end(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::locate_pointer;
    use std::collections::BTreeSet;

    const DOC: &str = "openapi: 3.1.1\npaths:\n  /assets/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n        - name: x\n          in: query\n";

    #[test]
    fn locates_mapping_keys_and_sequence_items() {
        assert_eq!(locate_pointer(DOC, "#/openapi"), Some((1, 1)));
        assert_eq!(
            locate_pointer(DOC, "#/paths/~1assets~1{id}/get"),
            Some((4, 5))
        );
        assert_eq!(
            locate_pointer(DOC, "#/paths/~1assets~1{id}/get/parameters/1"),
            Some((8, 11))
        );
        assert_eq!(
            locate_pointer(DOC, "#/paths/~1assets~1{id}/get/parameters/1/in"),
            Some((9, 11))
        );
    }

    #[test]
    fn locates_many_pointers_in_one_pass() {
        let pointers: BTreeSet<String> = [
            "#/openapi",
            "#/paths/~1assets~1{id}/get/parameters/1",
            "#/paths/~1assets~1{id}/get/responses/200",
        ]
        .into_iter()
        .map(str::to_string)
        .collect();
        let found = super::locate_pointers(DOC, &pointers);
        assert_eq!(found["#/openapi"], (1, 1));
        assert_eq!(found["#/paths/~1assets~1{id}/get/parameters/1"], (8, 11));
        assert_eq!(found["#/paths/~1assets~1{id}/get/responses/200"], (4, 5));
    }

    #[test]
    fn falls_back_to_the_deepest_existing_ancestor() {
        assert_eq!(
            locate_pointer(DOC, "#/paths/~1assets~1{id}/get/responses/200"),
            Some((4, 5))
        );
    }

    #[test]
    fn works_on_json_text() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}";
        assert_eq!(locate_pointer(json, "#/paths/~1a/get"), Some((3, 12)));
    }
}
