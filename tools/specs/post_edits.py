"""Edits made to the generated specs after generation, in this repository (commit 6e85221), replayed by build.py.

They are applied to each document after its header comment was written from the export diff, so the headers and
the SOURCES.md rows still describe the files as generated; EDITS_TEXT (the last section of SOURCES.md) lists them.
"""

# Operations whose update fields the API clears on an explicit null: file -> [(body property, text appended to its
# description, or a description where it has none)].
NULLABLE_BODY_FIELDS = {
    "entity-collections-update.yaml": [("description", "`null` clears it.")],
    "entity-collections-entities-update.yaml": [("description", "`null` clears it."), ("metadata", "`null` clears it.")],
    "indexes-indexed-assets-update.yaml": [
        ("user_metadata", "The metadata to set; `null` deletes all of it, and a key set to `null` deletes that key."),
    ],
}

ENTITY_METADATA_NOTE = "In an update, a key set to `null` is removed."

EDITS_TEXT = """
## Edits made in this repository after generation

- `entity-collections-update.yaml` (`description`), `entity-collections-entities-update.yaml` (`description`,
  `metadata`) and `indexes-indexed-assets-update.yaml` (`user_metadata`): made nullable. The official SDK sends an
  explicit `None` as `null`, which the API takes as clearing the field (captured in `../shared/wire/`,
  probes `explicit-none` and `none-and-empty`); the generated SDK offers `clear_...()` setters for them.
- Seed 003 (the docs site's export of "Remove assets from an entity") is kept verbatim as
  `tests/fixtures/docs-exports/003-remove-assets-from-an-entity.md`; `entity-collections-entities-delete-assets.yaml`
  is that export plus the fields the SDK adds.
- `EntityMetadata` (in every file that holds it): its values may be `null`. The SDK types entity metadata as
  `Dict[str, Optional[Any]]` and sends `None` values as `null` (a key set to `null` is removed in an update; probe
  `entities.update` of `../shared/wire/`).
"""


def body_properties(doc):
    """The properties of the (single) operation's inline JSON request body."""
    (ops,) = doc["paths"].values()
    (op,) = ops.values()
    return op["requestBody"]["content"]["application/json"]["schema"]["properties"]


def apply(fname, doc, nullable):
    """Edits doc (one generated file) in place; nullable is build.py's function that makes a schema nullable."""
    props = body_properties(doc) if fname in NULLABLE_BODY_FIELDS else {}
    for name, text in NULLABLE_BODY_FIELDS.get(fname, []):
        s = nullable(props[name])
        s["description"] = s["description"] + " " + text if "description" in s else text
        props[name] = s
    meta = doc.get("components", {}).get("schemas", {}).get("EntityMetadata")
    if meta:
        meta["description"] += " " + ENTITY_METADATA_NOTE
        meta["additionalProperties"]["oneOf"].append({"type": "null"})
