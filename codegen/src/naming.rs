//! Every rule that turns a name from a spec into a Rust identifier, in one place.
//!
//! Rules: type names are PascalCase, everything else snake_case; characters that cannot be in an identifier
//! separate words; a name that starts with a digit gets a prefix; keywords get a trailing `_` (raw identifiers
//! cannot spell `self`, `super`, `crate` or `Self`, and read badly at call sites); type names that would shadow the
//! prelude (`String`, `Option`, ...) get a `Model` suffix. Collisions are settled by [`Namer`], first come first
//! served, in an order the caller keeps deterministic.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Rust keywords (strict and reserved, 2024 edition), which cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names generated code uses unqualified (prelude types and traits), which a model must not shadow.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Unpin",
    "Vec",
];

/// Splits on anything that is not an ASCII letter or digit, so heck sees only word characters.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A PascalCase type name (`entity-status` → `EntityStatus`, `200` → `Type200`, `String` → `StringModel`).
pub fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_pascal_case();
    if name.is_empty() {
        name = "Unnamed".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Type{name}");
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// A PascalCase enum variant name (`visual-text` → `VisualText`, `1080p` → `V1080p`, `` → `Empty`).
pub fn variant_name(raw: &str) -> String {
    let mut name = words(raw).to_pascal_case();
    if name.is_empty() {
        name = if raw.is_empty() {
            "Empty".to_string()
        } else {
            format!("Symbol{}", symbol_code(raw))
        };
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".to_string();
    }
    name
}

/// A snake_case identifier for fields, arguments, methods and modules (`_id` → `id`, `type` → `type_`,
/// `x-api-key` → `x_api_key`, `2fa` → `n2fa`).
pub fn snake_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = if raw.is_empty() {
            "value".to_string()
        } else {
            format!("symbol_{}", symbol_code(raw))
        };
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Hex code points of a name made only of punctuation (`+` → `2b`), so `+` and `-` stay distinct.
fn symbol_code(raw: &str) -> String {
    raw.chars()
        .map(|c| format!("{:x}", c as u32))
        .collect::<Vec<_>>()
        .join("_")
}

/// Hands out unique names within one scope (a struct's fields, a module's types, ...).
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A namer whose scope already holds `reserved` (e.g. names the generator itself uses).
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: reserved.into_iter().map(str::to_string).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `candidate`, or the first free `candidate2`, `candidate3`, ... (snake names get `_2`).
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.taken.insert(candidate.to_string()) {
            return candidate.to_string();
        }
        let separator = if candidate.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let base = candidate.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|name| self.taken.insert(name.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// Assigns snake_case names to wire names (fields, parameters) in one scope. Wire names that are already valid
/// identifiers keep them; the others are converted and, on collision, numbered. So `id` stays `id` even when `_id`
/// comes first, and `_id` becomes `id_2`.
pub fn assign_snake_names(wire_names: &[&str], reserved: &[&str]) -> Vec<String> {
    let mut namer = Namer::with_reserved(reserved.iter().copied());
    let mut names: Vec<Option<String>> = vec![None; wire_names.len()];
    for (i, wire) in wire_names.iter().enumerate() {
        let candidate = snake_name(wire);
        if candidate == *wire && !namer.is_taken(&candidate) {
            names[i] = Some(namer.claim(&candidate));
        }
    }
    for (i, wire) in wire_names.iter().enumerate() {
        if names[i].is_none() {
            names[i] = Some(namer.claim(&snake_name(wire)));
        }
    }
    names.into_iter().map(Option::unwrap_or_default).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursed_names_become_valid_identifiers() {
        assert_eq!(snake_name("_id"), "id");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("crate"), "crate_");
        assert_eq!(snake_name("x-api-key"), "x_api_key");
        assert_eq!(snake_name("2fa"), "n2fa");
        assert_eq!(snake_name("index-id"), "index_id");
        assert_eq!(
            snake_name("user_metadata[category]"),
            "user_metadata_category"
        );
        assert_eq!(snake_name("+"), "symbol_2b");
        assert_eq!(type_name("entity-status"), "EntityStatus");
        assert_eq!(type_name("200"), "Type200");
        assert_eq!(type_name("String"), "StringModel");
        assert_eq!(type_name("Self"), "SelfModel");
        assert_eq!(type_name("IndexedAssetDetailed"), "IndexedAssetDetailed");
        assert_eq!(variant_name("visual-text"), "VisualText");
        assert_eq!(variant_name("PROCESSING"), "Processing");
        assert_eq!(variant_name("1080p"), "V1080p");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_ne!(variant_name("+"), variant_name("-"));
    }

    #[test]
    fn valid_wire_names_win_collisions() {
        assert_eq!(assign_snake_names(&["_id", "id"], &[]), vec!["id_2", "id"]);
        assert_eq!(
            assign_snake_names(&["a-b", "a_b", "A B"], &[]),
            vec!["a_b_2", "a_b", "a_b_3"]
        );
        assert_eq!(
            assign_snake_names(&["send", "client"], &["send", "client"]),
            vec!["send_2", "client_2"]
        );
    }

    #[test]
    fn namer_numbers_collisions() {
        let mut namer = Namer::default();
        assert_eq!(namer.claim("Entity"), "Entity");
        assert_eq!(namer.claim("Entity"), "Entity2");
        assert_eq!(namer.claim("type_"), "type_");
        assert_eq!(namer.claim("type_"), "type_2");
    }
}
