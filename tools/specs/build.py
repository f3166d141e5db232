#!/usr/bin/env python3
"""Generate one OpenAPI 3.1.1 document per TwelveLabs API operation, in the docs-site exporter's format.

Inputs
  target/specs-tools/sdk.json   (sdk_extract.py: models, aliases, client methods of twelvelabs==1.3.6)
  python-sdk-inventory.json     (HTTP method, path, parameter locations, wire names, constants)
  exports/*.md                  (docs-site exports; their `## OpenAPI Specification` blocks are read)
  exports/SOURCES.md            (where each export came from)
  tables.py                     (hand-made decisions: summaries, unions, nullability, status codes, ...)
Output
  specs/<file>.yaml (or the directory given as the first argument) and target/specs-tools/notes.json (per-file
  notes used by write_sources.py). Paths: paths.py.

Every component is built once, from one canonical table (COMPONENTS below), so a component shared by several files is
written identically in each.
"""
import ast
import copy
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import paths  # noqa: E402
import tables as T  # noqa: E402
import diffexp  # noqa: E402
import post_edits  # noqa: E402

SDK = json.load(open(paths.SDK_JSON))
INV = {m["name"]: m for m in json.load(open(paths.INVENTORY))["methods"]}
MODELS = SDK["models"]
ALIASES = SDK["aliases"]
METHODS = SDK["methods"]

# --------------------------------------------------------------------------------------------------------------------
# Export sources (exports/SOURCES.md table)
# --------------------------------------------------------------------------------------------------------------------


def load_export_sources():
    rows = {}
    commits = {"a77680e0c0e5": "a77680e0c0e5d84520d421aec8f773ace47b592f", "711945014aa6": "711945014aa663f9d43ba82920bbe126cf5e86f2"}
    for line in open(os.path.join(paths.EXPORTS, "SOURCES.md"), encoding="utf-8"):
        m = re.match(r"^\| `([\w-]+)\.md` \| `([A-Z]+) ([^`]+)` \| `([^`]+)` \| ([^|]+) \| `([^`]+)` \| `([0-9a-f]+)…` \|", line)
        if m:
            rows[m.group(1)] = {
                "repo": m.group(5).strip(),
                "path": m.group(6),
                "commit": commits[m.group(7)],
            }
    return rows


EXPORT_SOURCES = load_export_sources()


def load_export(name):
    if not name:
        return None
    d = yaml.safe_load(paths.export_yaml(name))
    (path, ops), = d["paths"].items()
    (method, op), = ops.items()
    return {"doc": d, "path": path, "method": method, "op": op, "schemas": d.get("components", {}).get("schemas", {})}


# --------------------------------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------------------------------


def tidy(text):
    """Descriptions as YAML literal blocks: no trailing spaces, no tabs, one trailing newline for multi-line text."""
    if text is None:
        return None
    lines = [ln.rstrip().replace("\t", "    ") for ln in str(text).strip("\n").split("\n")]
    text = "\n".join(lines).strip()
    if not text:
        return None
    return text + "\n" if "\n" in text else text


DEFAULT_RE = re.compile(r"\*\*Default(?:\*\*:|:\*\*)\s*(?:`([^`\n]+)`|(-?\d+(?:\.\d+)?))\s*\.?\s*(?=$|\*\*)", re.M)
MAX_RE = re.compile(r"\*\*Max(?:\*\*:|:\*\*)\s*`?(-?\d+(?:\.\d+)?)`?\s*\.?\s*(?=$|\*\*)", re.M)
MIN_RE = re.compile(r"\*\*Min(?:\*\*:|:\*\*)\s*`?(-?\d+(?:\.\d+)?)`?\s*\.?\s*(?=$|\*\*)", re.M)


def typed_value(raw, schema):
    t = schema.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    try:
        if t == "integer":
            return int(raw)
        if t == "number":
            return float(raw) if "." in raw else int(raw)
        if t == "boolean":
            if raw in ("true", "false"):
                return raw == "true"
            return None
        if t == "string":
            if "enum" in schema and raw not in [e["value"] for e in schema["enum"]]:
                return None
            return raw
        if t == "array":
            v = json.loads(raw)
            return v if isinstance(v, list) else None
    except (ValueError, json.JSONDecodeError):
        return None
    return None


def constraints_from_doc(schema, doc):
    """`**Default**: `10`.`, `**Max**: `50`.`, `**Min:** 2` in the SDK's/export's text -> default/maximum/minimum."""
    if not doc or "oneOf" in schema:
        return schema
    if "$ref" in schema:
        target = COMPONENTS.table.get(schema["$ref"][len(REF):], {})
        m = DEFAULT_RE.search(doc)
        if m and "enum" in target:
            v = typed_value(m.group(1) or m.group(2), target)
            if v is not None:
                schema["default"] = v
        return schema
    t = schema.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    m = DEFAULT_RE.search(doc)
    if m:
        v = typed_value(m.group(1) or m.group(2), schema)
        if v is not None:
            schema["default"] = v
    if t in ("integer", "number"):
        m = MAX_RE.search(doc)
        if m:
            schema["maximum"] = int(m.group(1)) if t == "integer" or "." not in m.group(1) else float(m.group(1))
        m = MIN_RE.search(doc)
        if m:
            schema["minimum"] = int(m.group(1)) if t == "integer" or "." not in m.group(1) else float(m.group(1))
    return schema


def enum_of(values):
    return {"type": "string", "enum": [{"value": v} for v in values]}


def camel(s):
    parts = s.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


# --------------------------------------------------------------------------------------------------------------------
# Python annotation -> JSON Schema
# --------------------------------------------------------------------------------------------------------------------

PRIMS = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number", "format": "double"},
    "bool": {"type": "boolean"},
    "dt.datetime": {"type": "string", "format": "date-time"},
    "dt.date": {"type": "string", "format": "date"},
    "typing.Any": {},
    "core.File": {"type": "string", "format": "binary"},
}

REF = "#/components/schemas/"


def ref(name):
    COMPONENTS.require(name)
    return {"$ref": REF + name}


COMPONENT_KEYS = {}


def require_refs(s):
    acc = set()
    collect_refs(s, acc)
    for n in sorted(acc):  # sorted: set order varies from run to run
        COMPONENTS.require(n)


def resolve(name, ctx):
    """Qualified key of a type named in a module of resource dir `ctx` (its own dir first, then the root types)."""
    if ctx and (ctx + ":" + name in MODELS or ctx + ":" + name in ALIASES):
        return ctx + ":" + name
    if name in MODELS or name in ALIASES:
        return name
    raise KeyError(f"unknown type {name} (in {ctx})")


def ctx_of(key):
    return key.split(":")[0] if ":" in key else ""


def bare(key):
    return key.split(":")[-1]


def component_name(key):
    """The component a type is written as, or None when it is written inline."""
    name = bare(key)
    if T.EXTRA_COMPONENTS.get(name) == key:
        return name
    if ":" in key:
        return None
    if name in T.INLINE_ROOT_TYPES or re.match(T.INLINE_ROOT_RE, name):
        return None
    if "_" in name:
        return None
    a = ALIASES.get(key)
    if a and a["ann"] in PRIMS:
        return None
    return name


def literal_values(node):
    s = node.slice
    elts = s.elts if isinstance(s, ast.Tuple) else [s]
    return [e.value for e in elts]


def conv(ann, ctx):
    return conv_node(ast.parse(ann, mode="eval").body, ctx)


def conv_node(n, ctx):
    s = ast.unparse(n)
    if s in PRIMS:
        return copy.deepcopy(PRIMS[s])
    if isinstance(n, ast.Subscript):
        head = ast.unparse(n.value)
        args = n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]
        if head == "typing.Optional":
            return conv_node(args[0], ctx)
        if head in ("typing.List", "typing.Sequence"):
            return {"type": "array", "items": conv_node(args[0], ctx)}
        if head == "typing.Dict":
            return {"type": "object", "additionalProperties": conv_node(args[1], ctx)}
        if head == "typing.Literal":
            vals = literal_values(n)
            return enum_of(vals)
        if head == "typing.Union":
            lits = [a for a in args if isinstance(a, ast.Subscript) and ast.unparse(a.value) == "typing.Literal"]
            rest = [a for a in args if a not in lits and ast.unparse(a) != "typing.Any"]
            if lits and not rest:
                vals = []
                for lit in lits:
                    vals += literal_values(lit)
                return enum_of(vals)
            # typing.Union[X, typing.Sequence[X]] : one value or a list of them (query parameters) -> array
            if len(args) == 2 and isinstance(args[1], ast.Subscript) and ast.unparse(args[1].value) == "typing.Sequence" \
                    and ast.unparse(args[1].slice) == ast.unparse(args[0]):
                return {"type": "array", "items": conv_node(args[0], ctx)}
            return {"oneOf": [conv_node(a, ctx) for a in args if ast.unparse(a) != "typing.Any"]}
        raise ValueError("unsupported annotation " + s)
    if isinstance(n, (ast.Name, ast.Attribute)):
        return named(s, ctx)
    if isinstance(n, ast.Constant) and isinstance(n.value, str):
        return conv(n.value, ctx)
    raise ValueError("unsupported annotation " + s)


def named(name, ctx):
    key = resolve(name, ctx)
    comp = component_name(key)
    if comp:
        COMPONENT_KEYS[comp] = key
        return ref(comp)
    if key in ALIASES:
        return conv(ALIASES[key]["ann"], ctx_of(key))
    return model_schema(key)


def all_fields(key):
    m = MODELS[key]
    out = []
    for b in m["bases"]:
        try:
            bk = resolve(b, ctx_of(key))
        except KeyError:
            continue
        if bk in MODELS:
            out += all_fields(bk)
    own = {f["wire"] for f in m["fields"]}
    return [f for f in out if f["wire"] not in own] + m["fields"]


def field_schema(owner, f, doc=None, ctx=None):
    """Schema of one property (component field or body parameter), with nullability, overrides and description."""
    key = (owner, f["wire"])
    s = conv(f["ann"], ctx_of(owner) if ctx is None else ctx)
    ov = T.FIELD_OVERRIDES.get(key, {})
    if "schema" in ov:
        s = copy.deepcopy(ov["schema"])
        require_refs(s)
    for k, v in ov.get("set", {}).items():
        s[k] = v
    doc = tidy(ov.get("description", doc if doc is not None else f.get("doc")))
    if not doc:
        m = re.fullmatch(r"(?:typing\.Optional\[)?(\w+)\]?", f["ann"])
        if m and m.group(1) in T.ALIAS_DESCRIPTIONS:
            doc = T.ALIAS_DESCRIPTIONS[m.group(1)]
    if key in T.NULLABLE or ov.get("nullable"):
        s = nullable(s)
    if doc:
        s = constraints_from_doc(s, doc)
        s = with_description(s, doc)
    return s


def nullable(s):
    if "$ref" in s or "oneOf" in s or "type" not in s:
        if "oneOf" in s and "$ref" not in s:
            if {"type": "null"} not in s["oneOf"]:
                s = dict(s)
                s["oneOf"] = s["oneOf"] + [{"type": "null"}]
            return s
        rest = {k: v for k, v in s.items() if k == "description"}
        inner = {k: v for k, v in s.items() if k != "description"}
        return {"oneOf": [inner, {"type": "null"}], **rest}
    s = dict(s)
    t = s["type"]
    s["type"] = (t if isinstance(t, list) else [t]) + (["null"] if "null" not in (t if isinstance(t, list) else [t]) else [])
    return s


def with_description(s, doc):
    """Put the description after $ref/type keywords the way the exporter orders keys (type, description, rest)."""
    if not doc:
        return s
    out = {}
    keys = list(s.keys())
    placed = False
    for k in keys:
        out[k] = s[k]
        if k in ("type", "$ref") and not placed:
            out["description"] = doc
            placed = True
    if not placed:
        out = {"description": doc, **s}
    return out


def model_schema(key):
    name = key
    m = MODELS[key]
    props = {}
    required = []
    disc = T.DISC_PROPS.get(name, {})
    for prop, values in disc.items():
        props[prop] = enum_of(values)
        required.append(prop)
    for f in all_fields(name):
        if f["wire"] in disc:
            continue
        props[f["wire"]] = field_schema(name, f)
        if f["required"] or (name, f["wire"]) in T.FORCE_REQUIRED:
            required.append(f["wire"])
    out = {"type": "object"}
    doc = tidy(T.MODEL_DESCRIPTIONS.get(name, m.get("doc")))  # keyed by qualified key
    if doc:
        out["description"] = doc
    out["properties"] = props
    if required:
        out["required"] = required
    if name in T.MODEL_EXTRA:
        out.update(copy.deepcopy(T.MODEL_EXTRA[name]))
    return out


def inline_union(name):
    """A discriminated union whose variants the API writes inline (VideoContext)."""
    prop, variants = T.INLINE_VARIANT_UNIONS[name]
    one = []
    for value, model in variants.items():
        v = model_schema(model)
        v["properties"] = {prop: enum_of([value]), **v["properties"]}
        v["required"] = [prop] + v.get("required", [])
        one.append(v)
    return {"oneOf": one, "discriminator": {"propertyName": prop}}


def alias_component(name):
    key = COMPONENT_KEYS.get(name, name)
    ann = ALIASES[key]["ann"]
    if name in T.INLINE_VARIANT_UNIONS:
        return inline_union(name)
    if name in T.DISC_UNIONS:
        prop, mapping = T.DISC_UNIONS[name]
        comps = []
        for value, comp in mapping.items():
            if comp not in comps:
                comps.append(comp)
        return {
            "oneOf": [ref(c) for c in comps],
            "discriminator": {"propertyName": prop, "mapping": {v: REF + c for v, c in mapping.items()}},
        }
    s = conv(ann, ctx_of(key))
    if name in T.ALIAS_OVERRIDES:
        s = copy.deepcopy(T.ALIAS_OVERRIDES[name])
        require_refs(s)
    return s


class Components:
    def __init__(self):
        self.table = {}
        self.building = set()

    def require(self, name):
        if name in self.table or name in self.building:
            return
        self.building.add(name)
        key = COMPONENT_KEYS.get(name, name)
        if name in T.CUSTOM_COMPONENTS:
            s = copy.deepcopy(T.CUSTOM_COMPONENTS[name])
            require_refs(s)
        elif name in T.BODY_COMPONENTS_BY_NAME:
            s = body_component(name)
        elif key in MODELS:
            s = model_schema(key)
        elif key in ALIASES:
            s = alias_component(name)
        else:
            raise KeyError(name)
        self.table[name] = s
        self.building.discard(name)


COMPONENTS = Components()


# --------------------------------------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------------------------------------


def inv_params(py):
    """Parameters in signature order: name -> (location, wire, ann, doc, required)."""
    inv = INV[py]
    sdkm = METHODS[py]
    out = []
    for p in inv["params"]:
        sp = sdkm["params"].get(p["name"], {})
        out.append({
            "name": p["name"],
            "loc": p["location"],
            "wire": p["name"] if (p.get("wire_name") or "<").startswith("<") else p["wire_name"],
            "ann": sp.get("ann") or p["python_type"],
            "doc": sp.get("doc"),
            "required": p["required"],
        })
    return out


def body_params(py):
    return [p for p in inv_params(py) if p["loc"] in ("json_body", "multipart_field", "multipart_file")]


def method_ctx(py):
    mod = METHODS[py]["module"]
    return os.path.dirname(mod)


def body_object(py, owner, export_body_props):
    """Properties of a request body from the method's parameters."""
    props = {}
    required = []
    for p in body_params(py):
        f = {"wire": p["wire"], "ann": p["ann"], "doc": p["doc"]}
        doc = (export_body_props.get(p["wire"]) or {}).get("description") or p["doc"]
        doc = T.PARAM_DESCRIPTIONS.get((py, p["wire"]), doc)
        s = field_schema(owner, f, doc, method_ctx(py))
        if p["loc"] == "multipart_file":
            s = with_description({"type": "string", "format": "binary"}, tidy(doc))
        props[p["wire"]] = s
        if p["required"]:
            required.append(p["wire"])
    for c in INV[py].get("constant_fields") or []:
        if c["location"] == "json":
            val = {"constant False": False, "constant True": True}[c["value"]]
            props[c["wire"]] = with_description({"type": "boolean", "const": val}, tidy(T.CONST_DESCRIPTIONS.get((py, c["wire"]))))
            required.append(c["wire"])
    out = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


def body_component(name):
    py = T.BODY_COMPONENTS_BY_NAME[name]
    return body_object(py, name, {})


def success_code(py, exp):
    if py in T.STATUS:
        return T.STATUS[py]
    if exp:
        for code in exp["op"]["responses"]:
            if code.startswith("2"):
                return code
    return "200"


def error_description(code, exp):
    if exp and code in exp["op"]["responses"]:
        return exp["op"]["responses"][code]["description"]
    return T.ERROR_DESCRIPTIONS[int(code)]


def response_schema(py):
    name = INV[py]["response_model"]
    if name is None or name.startswith("None"):
        return None
    name = name.split(" ")[0]
    return named(name, method_ctx(py))


def param_schema(py, p, exp_param):
    ann = p["ann"]
    s = conv(ann, method_ctx(py))
    ov = T.PARAM_OVERRIDES.get((py, p["wire"]), {})
    if "schema" in ov:
        s = copy.deepcopy(ov["schema"])
        require_refs(s)
    doc = (exp_param or {}).get("description") or p["doc"]
    if (py, p["wire"]) in T.SDK_DESCRIPTION_PARAMS:
        doc = p["doc"]
    doc = T.PARAM_DESCRIPTIONS.get((py, p["wire"]), doc)
    doc = tidy(doc)
    if doc:
        s = constraints_from_doc(s, doc)
    return s, doc


def build_operation(spec):
    py = spec["py"]
    inv = INV[py]
    sdkm = METHODS[py]
    exp = load_export(spec["export"])
    notes = []
    method = inv["http_method"].lower()
    path = exp["path"] if exp else inv["path"]
    if exp:
        assert exp["method"] == method, (py, exp["method"], method)
    exp_op = exp["op"] if exp else {}
    exp_params = {p["name"]: p for p in exp_op.get("parameters", [])}
    summary = (T.SUMMARIES.get(py) if py in T.SUMMARY_OVERRIDE else None) or exp_op.get("summary") or T.SUMMARIES[py]
    description = tidy(T.OP_DESCRIPTIONS.get(py) or exp_op.get("description") or sdkm["doc"])

    op = {
        "operationId": spec["name"],
        "summary": summary,
    }
    if description:
        op["description"] = description
    op["tags"] = spec["tags"]

    # ---- parameters
    params = []
    pmap = {p["wire"]: p for p in inv_params(py)}
    # path parameters in template order, named as the export names them
    for tname in re.findall(r"\{([^}]+)\}", path):
        p = pmap[tname.replace("-", "_")]
        s, doc = param_schema(py, p, exp_params.get(tname))
        entry = {"name": tname, "in": "path"}
        if doc:
            entry["description"] = doc
        entry["required"] = True
        entry["schema"] = s
        params.append(entry)
    for p in inv_params(py):
        if p["loc"] != "query":
            continue
        s, doc = param_schema(py, p, exp_params.get(p["wire"]))
        entry = {"name": p["wire"], "in": "query"}
        if doc:
            entry["description"] = doc
        entry["required"] = bool(p["required"])
        style = T.PARAM_STYLE.get((py, p["wire"]))
        if style is None and s.get("type") == "object":
            style = ("deepObject", True)
        if style:
            entry["style"], entry["explode"] = style
        entry["schema"] = s
        params.append(entry)
        if p["wire"] not in exp_params and exp:
            notes.append(f"query `{p['wire']}` added from the SDK")
    for n in exp_params:
        if n != "x-api-key" and n.replace("-", "_") not in pmap:
            notes.append(f"export-only parameter `{n}` dropped (the SDK does not send it)")
    params.append({
        "name": "x-api-key",
        "in": "header",
        "description": "Header authentication of the form `undefined <token>`",
        "required": True,
        "schema": {"type": "string"},
    })
    op["parameters"] = params

    # ---- responses
    responses = {}
    code = success_code(py, exp)
    rs = response_schema(py)
    rdesc = None
    if exp and code in exp_op["responses"]:
        rdesc = exp_op["responses"][code]["description"]
    rdesc = tidy(T.RESPONSE_DESCRIPTIONS.get(py) or rdesc or sdkm.get("returns_doc") or T.DEFAULT_RESPONSE_DESCRIPTION[code])
    r = {"description": rdesc}
    if rs is not None and code != "204":
        media = T.STREAM_MEDIA.get(py, "application/json")
        r["content"] = {media: {"schema": rs}}
    responses[code] = r
    codes = set()
    if exp:
        codes |= {c for c in exp_op["responses"] if not c.startswith("2")}
    sdk_errors = {str(e["status"]): e for e in sdkm.get("errors", [])}
    codes |= set(sdk_errors)
    for c in sorted(codes, key=int):
        e = sdk_errors.get(c)
        entry = {"description": tidy(error_description(c, exp))}
        body = e["body"] if e else "typing.Optional[typing.Any]"
        if body != "typing.Optional[typing.Any]":
            entry["content"] = {"application/json": {"schema": ref(body)}}
        else:
            entry["content"] = {}
        responses[c] = entry
        if exp and c not in exp_op["responses"]:
            notes.append(f"error response {c} added from the SDK")
        if exp and c in exp_op["responses"] and not e:
            notes.append(f"error response {c} kept from the export (the SDK does not map it)")
    op["responses"] = responses

    # ---- request body
    bp = body_params(py)
    consts = [c for c in inv.get("constant_fields") or [] if c["location"] == "json"]
    if bp or consts:
        ctype = inv["request_content_type"]
        exp_body = exp_op.get("requestBody") or {}
        exp_schema = ((exp_body.get("content") or {}).get(ctype) or {}).get("schema") or {}
        exp_props = exp_schema.get("properties", {}) if "properties" in exp_schema else {}
        body = {}
        bdesc = tidy(T.BODY_DESCRIPTIONS.get(py) or exp_body.get("description"))
        if bdesc:
            body["description"] = bdesc
        if py in T.BODY_COMPONENTS:
            schema = ref(T.BODY_COMPONENTS[py])
        else:
            schema = body_object(py, T.BODY_OWNER.get(py, py), exp_props)
        body["content"] = {ctype: {"schema": schema}}
        op["requestBody"] = body
        # notes on body fields
        if exp:
            exp_fields = set(exp_props)
            if "$ref" in exp_schema:
                exp_fields = set(exp["schemas"][exp_schema["$ref"].split("/")[-1]].get("properties", {}))
            sdk_fields = {p["wire"] for p in bp} | {c["wire"] for c in consts}
            for f in [p["wire"] for p in bp] + [c["wire"] for c in consts]:
                if f not in exp_fields:
                    notes.append(f"body field `{f}` added from the SDK")
            for f in sorted(exp_fields - sdk_fields):
                notes.append(f"export-only body field `{f}` dropped (the SDK does not send it)")
    return path, method, op, notes, exp


def collect_refs(node, acc):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith(REF):
                acc.add(v[len(REF):])
            elif k == "mapping" and isinstance(v, dict):
                for t in v.values():
                    if isinstance(t, str) and t.startswith(REF):
                        acc.add(t[len(REF):])
            else:
                collect_refs(v, acc)
    elif isinstance(node, list):
        for v in node:
            collect_refs(v, acc)


def closure(op):
    acc = set()
    collect_refs(op, acc)
    order = []
    todo = sorted(acc)
    seen = set()
    while todo:
        n = todo.pop(0)
        if n in seen:
            continue
        seen.add(n)
        order.append(n)
        more = set()
        collect_refs(COMPONENTS.table[n], more)
        todo += sorted(more - seen)
    return order


# --------------------------------------------------------------------------------------------------------------------
# YAML output in the exporter's style
# --------------------------------------------------------------------------------------------------------------------


class Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


def str_rep(dumper, data):
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


Dumper.add_representer(str, str_rep)


def dump(doc):
    return yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=10000, default_flow_style=False)


def wrap_comment(text, first="# ", rest="#   ", width=118):
    out = []
    cur = first
    for w in text.split(" "):
        if len(cur) + len(w) + 1 > width and cur.strip("# "):
            out.append(cur.rstrip())
            cur = rest + w
        else:
            cur = cur + (" " if cur not in (first, rest) else "") + w
    out.append(cur.rstrip())
    return out


def summarize_diff(entries):
    """diffexp entries -> (added, dropped, changed) phrases."""
    added, dropped, changed = [], [], []
    for sign, path, what in entries:
        phrase = f"{path} ({what})" if what and what not in ("field",) else path
        phrase = phrase.replace("response 2", "response 2").strip()
        if sign == "+":
            added.append(phrase if what != "field" else path)
        elif sign == "-":
            dropped.append(phrase if what != "field" else path)
        else:
            changed.append(f"{path}: {what}")
    return added, dropped, changed


def header(spec, entries):
    mods = [METHODS[spec["py"]]["module"]]
    raw = mods[0].replace("base_client.py", "raw_base_client.py") if mods[0] == "base_client.py" else mods[0].replace("client.py", "raw_client.py")
    mods.append(raw)
    modtxt = ", ".join(mods) + ", types/"
    lines = []
    if spec["export"]:
        src = EXPORT_SOURCES[spec["export"]]
        s = f"exports/{spec['export']}.md (= {src['repo']}, {src['path']}, commit {src['commit']})"
        added, dropped, changed = summarize_diff(entries)
        lines += wrap_comment(f"Source: {s}; additions from twelvelabs==1.3.6 ({modtxt}): " + ("; ".join(added) if added else "none") + ".")
        if dropped:
            lines += wrap_comment("Dropped (in the export, not sent or decoded by the SDK): " + "; ".join(dropped) + ".")
        if changed:
            lines += wrap_comment("Changed to follow the SDK: " + "; ".join(changed) + ".")
    else:
        lines += wrap_comment(f"Source: no docs export found; additions from twelvelabs==1.3.6 ({modtxt}): the whole operation "
                              "(parameters, body, responses and components, descriptions from the SDK's docstrings).")
    for n in T.FILE_NOTES.get(spec["py"], []):
        lines += wrap_comment("Note: " + n)
    return "\n".join(lines) + "\n"


def main():
    out = paths.out_dir()
    os.makedirs(out, exist_ok=True)
    results = {}
    for spec in T.ops():
        path, method, op, notes, exp = build_operation(spec)
        results[spec["file"]] = (spec, path, method, op, notes, exp)
    allnotes = {}
    for fname, (spec, path, method, op, notes, exp) in sorted(results.items()):
        comps = closure(op)
        doc = {
            "openapi": "3.1.1",
            "info": {"title": op["summary"], "version": spec["version"]},
            "paths": {path: {method: op}},
        }
        if comps:
            doc["components"] = {"schemas": {n: COMPONENTS.table[n] for n in comps}}
        entries = diffexp.diff(doc, exp["doc"]) if exp else []
        additions = [list(e) for e in entries]
        # The edits made after generation are applied after the header is written (see post_edits.py); on a copy,
        # because the component objects are shared by all files.
        doc = copy.deepcopy(doc)
        post_edits.apply(fname, doc, nullable)
        text = header(spec, entries) + dump(doc)
        open(os.path.join(out, fname), "w").write(text)
        allnotes[fname] = {"py": spec["py"], "name": spec["name"], "method": method.upper(), "path": path,
                           "export": spec["export"], "notes": notes, "additions": additions,
                           "components": comps}
    json.dump(allnotes, open(paths.NOTES_JSON, "w"), indent=1)
    print(len(results), "files;", len(COMPONENTS.table), "components")


if __name__ == "__main__":
    main()
