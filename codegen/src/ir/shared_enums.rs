//! One type for string enums with the same values.
//!
//! Inline enums are named after where they appear, so an API that repeats one list of values (`status: active |
//! archived` on every resource, `model_name` on three requests) gets a type for each place. Types that differ only
//! in name cost users twice: a value of one cannot be passed where another is expected, and every copy is
//! compiled (a string enum has a dozen impls; in a large API they are most of the build). So when inline enums
//! have the same values with the same docs, one of them is defined and the others become other names for it
//! (`pub use ... as`), keeping every name, its docs, and `use Name::Variant` imports working.
//!
//! Enums the spec names (`components/schemas`) stay types of their own: the spec chose to tell them apart. An
//! inline enum may still be another name for one of them.

use std::collections::{BTreeMap, BTreeSet};

use super::{EnumVariant, Model, ModelKind, TypeRef};

/// Makes each inline enum that has the values of an earlier one (named ones first, then by name) another name
/// for it. `components` holds the names of the models the spec names.
pub(super) fn share(models: &mut BTreeMap<String, Model>, components: &BTreeSet<String>) {
    // Values, their docs and the fallback's name: what users see of an enum besides its own name and docs.
    type Key = (Vec<(String, String, Vec<String>)>, String);
    let key = |model: &Model| -> Option<Key> {
        match &model.kind {
            ModelKind::Enum(e) if !model.deprecated => Some((
                e.variants.iter().map(variant_key).collect(),
                e.fallback.clone(),
            )),
            _ => None,
        }
    };
    // Named enums first, so that an inline copy of one is another name for it; each list in name order.
    let mut order: Vec<&String> = models.keys().filter(|n| components.contains(*n)).collect();
    order.extend(models.keys().filter(|n| !components.contains(*n)));
    let mut first: BTreeMap<Key, String> = BTreeMap::new();
    let mut shared: Vec<(String, String)> = Vec::new();
    for name in order {
        let Some(key) = key(&models[name]) else {
            continue;
        };
        match first.get(&key) {
            Some(canonical) if !components.contains(name) => {
                shared.push((name.clone(), canonical.clone()))
            }
            Some(_) => {}
            None => {
                first.insert(key, name.clone());
            }
        }
    }
    for (name, canonical) in shared {
        let model = models.get_mut(&name).expect("listed above");
        model.docs.push(String::new());
        model.docs.push(format!(
            "Another name for [`{canonical}`](crate::models::{canonical}), which has the same values: a value of \
             either is a value of both. Its own description follows."
        ));
        model.kind = ModelKind::Alias(TypeRef::Named(canonical));
    }
}

fn variant_key(variant: &EnumVariant) -> (String, String, Vec<String>) {
    (
        variant.name.clone(),
        variant.value.clone(),
        variant.docs.clone(),
    )
}

#[cfg(test)]
mod tests {
    use crate::ir::{ModelKind, TypeRef};
    use crate::{Config, Settings, SpecInput, generate};

    /// `A` and `B` each have an inline `status` (the same values), an inline `color` with the values of the named
    /// `Color`, whose twin `Shade` the spec names too; `C` has a `status` whose value has its own description, and
    /// one that is deprecated.
    const SPEC: &str = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: get\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  a: {$ref: '#/components/schemas/A'}\n                  b: {$ref: '#/components/schemas/B'}\n                  c: {$ref: '#/components/schemas/C'}\n                  either: {$ref: '#/components/schemas/Either'}\ncomponents:\n  schemas:\n    Color:\n      type: string\n      enum: [red, blue]\n    Shade:\n      type: string\n      enum: [red, blue]\n    A:\n      type: object\n      properties:\n        status: {type: string, enum: [active, archived]}\n        color: {type: string, enum: [red, blue]}\n    B:\n      type: object\n      properties:\n        status: {type: string, enum: [active, archived]}\n        color: {type: string, enum: [red, blue]}\n    C:\n      type: object\n      properties:\n        status:\n          type: string\n          enum: [active, archived]\n          x-enum-descriptions:\n            active: In use.\n        old:\n          type: string\n          enum: [active, archived]\n          deprecated: true\n    Either:\n      oneOf:\n        - {$ref: '#/components/schemas/A'}\n        - type: string\n          enum: [active, archived]\n";

    fn kind<'i>(ir: &'i crate::ir::Ir, name: &str) -> &'i ModelKind {
        &ir.models
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no model {name}"))
            .kind
    }

    #[test]
    fn inline_enums_with_the_same_values_are_one_type_under_every_name() {
        let generated = generate(
            &[SpecInput::new("t.yaml", SPEC)],
            &Config::new("t"),
            &Settings::new("test"),
        )
        .expect("generates");
        let ir = &generated.ir;
        let same = |target: &str| ModelKind::Alias(TypeRef::Named(target.to_string()));
        // The first inline enum by name is defined; the later one is another name for it.
        assert!(matches!(kind(ir, "AStatus"), ModelKind::Enum(_)));
        assert_eq!(kind(ir, "BStatus"), &same("AStatus"));
        // An inline copy of an enum the spec names is another name for that one...
        assert_eq!(kind(ir, "AColor"), &same("Color"));
        assert_eq!(kind(ir, "BColor"), &same("Color"));
        // ...but two named enums stay two types.
        assert!(matches!(kind(ir, "Shade"), ModelKind::Enum(_)));
        // Different docs or deprecation: a type of its own.
        assert!(matches!(kind(ir, "CStatus"), ModelKind::Enum(_)));
        assert!(matches!(kind(ir, "COld"), ModelKind::Enum(_)));

        let file = |name: &str| {
            generated
                .files
                .iter()
                .find(|f| f.path == format!("models/{name}.rs"))
                .unwrap_or_else(|| panic!("no file for {name}"))
                .contents
                .clone()
        };
        let b = file("b_status");
        assert!(
            b.contains("pub use super::AStatus as BStatus;")
                && b.contains("Another name for [`AStatus`]"),
            "{b}"
        );
        assert!(!b.contains("string_enum!"), "{b}");
        let listing = &generated
            .files
            .iter()
            .find(|f| f.path == "API.txt")
            .unwrap()
            .contents;
        assert!(
            listing.contains("type t::models::BStatus = AStatus\n"),
            "{listing}"
        );
        assert!(
            listing.contains("variant t::models::BStatus::Active = \"active\"\n"),
            "{listing}"
        );
    }
}
