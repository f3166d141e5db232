#!/usr/bin/env python3
"""Checks the generated specs:
 (a) every file parses as YAML, is one OpenAPI 3.1.1 document with exactly one operation, and every `$ref` (and
     discriminator mapping target) resolves inside the same file; no component is unused;
 (b) a component defined in several files is identical in all of them;
 (c) the exporter's quirks are present (x-api-key header on every operation, tags as a list of lists, enum items
     written as `- value: x`, info.title == summary), operationIds are unique per resource, and no two files describe
     the same method + path + operationId.
Usage: check.py [DIR]  (default: specs/ of this repository). Exit status 1 on any problem.
"""
import glob
import json
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paths  # noqa: E402

DIR = paths.out_dir()
REF = "#/components/schemas/"
problems = []


def walk(node, path, visit):
    visit(node, path)
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, path + "/" + str(k), visit)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, path + "/" + str(i), visit)


def resolve_pointer(doc, ref):
    if not ref.startswith("#/"):
        return None
    cur = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


defs = {}  # component -> {canonical json: [files]}
ops = {}
files = sorted(glob.glob(os.path.join(DIR, "*.yaml")))
files = [f for f in files if not os.path.basename(f).startswith("codegen")]
for f in files:
    name = os.path.basename(f)
    try:
        doc = yaml.safe_load(open(f))
    except yaml.YAMLError as e:
        problems.append(f"{name}: YAML error {e}")
        continue
    if doc.get("openapi") != "3.1.1":
        problems.append(f"{name}: openapi is {doc.get('openapi')!r}")
    paths = doc.get("paths", {})
    oplist = [(p, m, o) for p, ms in paths.items() for m, o in ms.items()]
    if len(oplist) != 1:
        problems.append(f"{name}: {len(oplist)} operations")
        continue
    p, m, op = oplist[0]
    refs = []

    def visit(node, path):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append((path, node["$ref"]))
            d = node.get("discriminator")
            if isinstance(d, dict):
                for v in (d.get("mapping") or {}).values():
                    refs.append((path + "/discriminator/mapping", v))
            if "enum" in node and isinstance(node["enum"], list):
                for item in node["enum"]:
                    if not (isinstance(item, dict) and set(item) == {"value"}):
                        problems.append(f"{name}: {path}: enum item {item!r} not written as `- value: x`")

    walk(doc, "#", visit)
    for path, r in refs:
        if resolve_pointer(doc, r) is None:
            problems.append(f"{name}: {path}: $ref {r} does not resolve")
    comps = doc.get("components", {}).get("schemas", {})
    used = {r[len(REF):] for _, r in refs if r.startswith(REF)}
    for c in comps:
        if c not in used:
            problems.append(f"{name}: component {c} is not used")
        defs.setdefault(c, {}).setdefault(json.dumps(comps[c], sort_keys=True), []).append(name)
    # quirks
    params = op.get("parameters", [])
    key = [x for x in params if x.get("name") == "x-api-key"]
    if not (key and key[0].get("in") == "header" and key[0].get("required") is True
            and key[0].get("description") == "Header authentication of the form `undefined <token>`"):
        problems.append(f"{name}: no exporter-style x-api-key header parameter")
    tags = op.get("tags")
    if not (isinstance(tags, list) and len(tags) == 1 and isinstance(tags[0], list)):
        problems.append(f"{name}: tags are not a list of one list: {tags!r}")
    if doc["info"].get("title") != op.get("summary"):
        problems.append(f"{name}: info.title != summary")
    if not str(doc["info"].get("version", "")).startswith("endpoint_"):
        problems.append(f"{name}: info.version {doc['info'].get('version')!r}")
    for pp in params:
        if pp["in"] == "path" and "{" + pp["name"] + "}" not in p:
            problems.append(f"{name}: path parameter {pp['name']} not in {p}")
    import re
    for t in re.findall(r"\{([^}]+)\}", p):
        if not any(pp["in"] == "path" and pp["name"] == t for pp in params):
            problems.append(f"{name}: path template {t} has no parameter")
    resource = tuple(tags[0]) if tags and isinstance(tags[0], list) else ()
    k = (resource[-1] if resource else "", op.get("operationId"))
    if k in ops:
        problems.append(f"{name}: operationId {k} also in {ops[k]}")
    ops[k] = name

for c, variants in sorted(defs.items()):
    if len(variants) > 1:
        problems.append(f"component {c} is defined differently: " + " vs ".join(", ".join(v[:3]) for v in variants.values()))

shared = sum(1 for v in defs.values() if sum(len(x) for x in v.values()) > 1)
print(f"{len(files)} files, {len(defs)} distinct components ({shared} shared by several files), {len(problems)} problems")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
