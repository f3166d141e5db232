//! Spec sources and source locations: maps a JSON pointer back to the line and column it came from.
//!
//! `serde_yaml` values carry no positions, so locating runs `yaml-rust2`'s event parser over the text, and only
//! when a diagnostic needs it.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, Location, pointer_join};

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

    /// Fills in line and column of every location (main and related) that lacks them.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics {
            if let Some(location) = &mut diagnostic.location {
                self.locate(location);
            }
            for (_, location) in &mut diagnostic.related {
                self.locate(location);
            }
        }
    }

    fn locate(&self, location: &mut Location) {
        if location.line.is_some() {
            return;
        }
        if let Some(text) = self.texts.get(location.file.as_str())
            && let Some((line, column)) = locate_pointer(text, &location.pointer)
        {
            location.line = Some(line);
            location.column = Some(column);
        }
    }
}

/// The 1-based line and column of the node a JSON pointer names. For a mapping entry this is the key, which is
/// where a reader looks. When the pointer goes deeper than the document (a missing key, or a node that only
/// exists after normalisation), the deepest existing ancestor is returned.
pub fn locate_pointer(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let mut locator = Locator {
        target: pointer.to_string(),
        stack: Vec::new(),
        best: None,
        done: false,
    };
    let mut parser = Parser::new_from_str(text);
    // A syntax error ends the walk; whatever was found before it still helps.
    let _ = parser.load(&mut locator, false);
    locator
        .best
        .map(|(_, marker)| (marker.line(), marker.col() + 1))
}

enum Frame {
    /// `pending` holds the mapping's own pointer until its first key shows where it starts.
    Mapping {
        pointer: String,
        key: Option<(String, Marker)>,
        pending: Option<(String, Marker)>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
}

struct Locator {
    target: String,
    stack: Vec<Frame>,
    /// Longest pointer seen so far that is a prefix of the target, with its position.
    best: Option<(usize, Marker)>,
    done: bool,
}

impl Locator {
    /// The pointer of the node that starts now, and the marker to report for it (the key, for mapping values).
    fn node_pointer(&mut self, mark: Marker) -> Option<(String, Marker)> {
        match self.stack.last_mut() {
            None => Some(("#".to_string(), mark)),
            Some(Frame::Sequence { pointer, index }) => {
                let p = pointer_join(pointer, &index.to_string());
                *index += 1;
                Some((p, mark))
            }
            Some(Frame::Mapping { pointer, key, .. }) => {
                let (k, key_mark) = key.take()?;
                Some((pointer_join(pointer, &k), key_mark))
            }
        }
    }

    fn consider(&mut self, pointer: &str, mark: Marker) {
        let is_prefix = self.target == pointer
            || (self.target.starts_with(pointer)
                && self.target.as_bytes().get(pointer.len()) == Some(&b'/'));
        if is_prefix
            && self
                .best
                .as_ref()
                .is_none_or(|(len, _)| pointer.len() > *len)
        {
            self.best = Some((pointer.len(), mark));
            if self.target == pointer {
                self.done = true;
            }
        }
    }

    /// Handles a scalar that may be a mapping key.
    fn scalar(&mut self, value: String, mark: Marker) {
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

impl MarkedEventReceiver for Locator {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.done {
            return;
        }
        match event {
            Event::Scalar(value, ..) => self.scalar(value, mark),
            Event::Alias(_) => {
                if let Some((pointer, report)) = self.node_pointer(mark) {
                    self.consider(&pointer, report);
                }
            }
            Event::MappingStart(..) => {
                // A mapping that is a sequence item is reported where its first key is; a mapping that is a
                // value is reported at its key.
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
            Event::SequenceStart(..) => {
                let pointer = self.node_pointer(mark).map(|(p, report)| {
                    self.consider(&p, report);
                    p
                });
                self.stack.push(Frame::Sequence {
                    pointer: pointer.unwrap_or_default(),
                    index: 0,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Mapping {
                    pending: Some((pointer, start)),
                    ..
                }) = self.stack.pop()
                {
                    self.consider(&pointer, start);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::locate_pointer;

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
