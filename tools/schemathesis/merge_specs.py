"""Merges the one-operation documents of specs/ into as few OpenAPI documents as schemathesis needs.

Usage: merge_specs.py SPECS_DIR OUT_DIR

Each file of specs/ is a complete document for one operation; the components they share are identical in each
file (tools/specs/check.py checks it), so their union is one document. Two operations have a file each for one
endpoint (`analyze` and `analyze-stream`, `responses-create` and `responses-create-stream`: the same method and
path, another body and answer), and one document cannot hold both: the second of each goes to the next document.
Writes OUT_DIR/merged-1.yaml, merged-2.yaml, ... and prints one line per document: its path and operation count.
A component that differs between files is an error (it would make the merge lie about one of them).

The `x-api-key` header parameter is left out: check.sh sends a key with every request, and a generated (or, in
negative mode, missing) key would test the fake's `401`, which the specs do not document.

Three rewrites, of conventions the generator reads one way and JSON Schema or schemathesis another:
- `enum: [{value: x, description: d}]` (the docs exporter's quirk, normalised by codegen/src/normalize/schema.rs
  too) becomes `enum: [x]`. The API sends and takes `x`; as written, JSON Schema would demand the object
  `{"value": "x"}` and schemathesis would send it.
- The `schema` of a `text/event-stream` answer describes the JSON `data` of each event (as the generator and the
  specs' descriptions read it; the stream ends with `data: [DONE]`, which is not JSON). Before OpenAPI 3.2,
  schemathesis reads it as the schema of the event object `{event, data, id}` itself, so it becomes 3.2's
  `itemSchema`: an event whose `data` is `[DONE]` or JSON matching the schema.
- The `schema` of a JSON lines answer (`application/jsonl`, `application/x-ndjson`) describes one line; hooks.py
  reads such a body as a list of lines, so the schema becomes an array of it.
"""

JSON_LINES = ("application/jsonl", "application/x-ndjson")

import sys
from pathlib import Path

import yaml

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def unwrap_enum_objects(node):
    """`enum: [{value: x}]` -> `enum: [x]`, everywhere in `node` (in place)."""
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list) and values and all(isinstance(v, dict) and "value" in v for v in values):
            node["enum"] = [v["value"] for v in values]
        for value in node.values():
            unwrap_enum_objects(value)
    elif isinstance(node, list):
        for value in node:
            unwrap_enum_objects(value)


def event_stream_item_schemas(node):
    """`text/event-stream: {schema: S}` -> `{itemSchema: event with JSON data matching S, or [DONE]}` (in place)."""
    if isinstance(node, dict):
        stream = node.get("text/event-stream")
        if isinstance(stream, dict) and "schema" in stream:
            payload = stream.pop("schema")
            stream["itemSchema"] = {
                "type": "object",
                "required": ["data"],
                "anyOf": [
                    {"properties": {"data": {"const": "[DONE]"}}},
                    {
                        "properties": {
                            "data": {
                                "type": "string",
                                "contentMediaType": "application/json",
                                "contentSchema": payload,
                            }
                        }
                    },
                ],
            }
        for value in node.values():
            event_stream_item_schemas(value)
    elif isinstance(node, list):
        for value in node:
            event_stream_item_schemas(value)


def json_lines_as_arrays(node):
    """`application/jsonl: {schema: S}` -> `{schema: {type: array, items: S}}` (in place)."""
    if isinstance(node, dict):
        for media_type in JSON_LINES:
            lines = node.get(media_type)
            if isinstance(lines, dict) and "schema" in lines:
                lines["schema"] = {"type": "array", "items": lines["schema"]}
        for value in node.values():
            json_lines_as_arrays(value)
    elif isinstance(node, list):
        for value in node:
            json_lines_as_arrays(value)


def merge(spec_paths):
    documents = []  # each: {"paths": {...}, "components": {...}, "operations": int}
    for path in spec_paths:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(spec, dict) or "paths" not in spec:
            continue  # codegen.yaml: the generator's settings, not an API document
        unwrap_enum_objects(spec)
        event_stream_item_schemas(spec.get("paths"))
        json_lines_as_arrays(spec.get("paths"))
        operations = [
            (route, method, operation)
            for route, item in spec["paths"].items()
            for method, operation in item.items()
            if method in METHODS
        ]
        # The first document without any of this file's (path, method) pairs takes it.
        target = next(
            (
                document
                for document in documents
                if not any(method in document["paths"].get(route, {}) for route, method, _ in operations)
            ),
            None,
        )
        if target is None:
            target = {"paths": {}, "components": {}, "operations": 0, "files": []}
            documents.append(target)
        for route, method, operation in operations:
            # A per-file operationId (`retrieve`, `create`) repeats across files: make it unique.
            operation = dict(operation, operationId=f"{path.stem}")
            operation["parameters"] = [
                parameter
                for parameter in operation.get("parameters", [])
                if not (parameter.get("in") == "header" and parameter.get("name", "").lower() == "x-api-key")
            ]
            target["paths"].setdefault(route, {})[method] = operation
            target["operations"] += 1
        target["files"].append(path.name)
        for section, entries in (spec.get("components") or {}).items():
            merged = target["components"].setdefault(section, {})
            for name, value in entries.items():
                if name in merged and merged[name] != value:
                    sys.exit(f"merge_specs: component {section}/{name} differs in {path.name}")
                merged[name] = value
    return documents


def main():
    specs_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("merged-*.yaml"):
        old.unlink()
    documents = merge(sorted(specs_dir.glob("*.yaml")))
    for number, document in enumerate(documents, start=1):
        merged = {
            "openapi": "3.1.1",
            "info": {"title": f"TwelveLabs API v1.3 (specs/, part {number})", "version": "1.3"},
            "paths": dict(sorted(document["paths"].items())),
            "components": document["components"],
        }
        out = out_dir / f"merged-{number}.yaml"
        out.write_text(yaml.safe_dump(merged, sort_keys=False, allow_unicode=True), encoding="utf-8")
        print(f"{out} {document['operations']}")


if __name__ == "__main__":
    main()
