#!/usr/bin/env python3
"""Semantic diff of a generated document against the docs-site export it came from.

Both documents are resolved ($refs inlined; cycles cut), then walked in parallel: parameters by name, request body,
responses by status and media type, schemas by property. Reported per difference:
  + path: in the generated document, not in the export   (added from the SDK)
  - path: in the export, not in the generated document   (dropped: the SDK does not have it)
  ~ path: both, different                               (type/format/nullability/required/enum/const)
Descriptions are not compared.
"""
import json
import sys

REF = "#/components/schemas/"


def resolve(node, schemas, stack=()):
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"][len(REF):]
            if name in stack:
                return {"$cycle": name}
            target = resolve(schemas[name], schemas, stack + (name,))
            extra = {k: v for k, v in node.items() if k not in ("$ref", "description")}
            if extra:
                target = dict(target, **resolve(extra, schemas, stack))
            return target
        return {k: resolve(v, schemas, stack) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [resolve(v, schemas, stack) for v in node]
    return node


def norm_enum(vals):
    out = []
    for v in vals:
        if isinstance(v, dict):
            out.append(v.get("value"))
        else:
            out.append(v)
    return out


def strip_null(s):
    """(schema without null, nullable?)"""
    if not isinstance(s, dict):
        return s, False
    if "oneOf" in s:
        rest = [x for x in s["oneOf"] if x != {"type": "null"}]
        if len(rest) < len(s["oneOf"]):
            if len(rest) == 1:
                inner = dict(rest[0])
                for k, v in s.items():
                    if k != "oneOf":
                        inner.setdefault(k, v)
                return inner, True
            s = dict(s, oneOf=rest)
            return s, True
    t = s.get("type")
    if isinstance(t, list) and "null" in t:
        t2 = [x for x in t if x != "null"]
        s = dict(s, type=t2[0] if len(t2) == 1 else t2)
        return s, True
    return s, False


def tsum(s):
    """Short type summary: `string`, `string|integer|number|boolean`, `any`."""
    if s is None:
        return "none"
    if s is True or s == {} or (isinstance(s, dict) and not ({"type", "oneOf", "anyOf", "properties"} & set(s))):
        return "any"
    if isinstance(s, dict):
        if "oneOf" in s:
            return "|".join(tsum(x) for x in s["oneOf"])
        t = s.get("type")
        if isinstance(t, list):
            return "|".join(t)
        if t == "array":
            return tsum(s.get("items")) + "[]"
        return str(t)
    return str(s)


def cmp_schema(a, b, path, out, depth=0):
    """a: generated, b: export."""
    if depth > 12:
        return
    a, na = strip_null(a)
    b, nb = strip_null(b)
    if na != nb:
        out.append(("~", path, f"nullable: export={nb} now={na}"))
    if not isinstance(a, dict) or not isinstance(b, dict):
        return
    if "$cycle" in a or "$cycle" in b:
        return
    ta, tb = a.get("type"), b.get("type")
    if ta != tb and not (ta is None and tb is None):
        out.append(("~", path, f"type: export={tb} now={ta}"))
    fa, fb = a.get("format"), b.get("format")
    if fa != fb:
        out.append(("~", path, f"format: export={fb} now={fa}"))
    ea, eb = a.get("enum"), b.get("enum")
    if ea is not None or eb is not None:
        va, vb = norm_enum(ea or []), norm_enum(eb or [])
        added = [v for v in va if v not in vb]
        removed = [v for v in vb if v not in va]
        if eb is None:
            out.append(("+", path, f"enum {va}"))
        elif ea is None:
            out.append(("-", path, f"enum {vb}"))
        else:
            if added:
                out.append(("+", path, f"enum values {added}"))
            if removed:
                out.append(("-", path, f"enum values {removed}"))
    if a.get("const") != b.get("const"):
        out.append(("~", path, f"const: export={b.get('const')} now={a.get('const')}"))
    pa, pb = a.get("properties"), b.get("properties")
    if pa is not None or pb is not None:
        pa, pb = pa or {}, pb or {}
        for k in pa:
            if k not in pb:
                out.append(("+", f"{path}.{k}", "field"))
            else:
                cmp_schema(pa[k], pb[k], f"{path}.{k}", out, depth + 1)
        for k in pb:
            if k not in pa:
                out.append(("-", f"{path}.{k}", "field"))
        ra, rb = set(a.get("required", [])), set(b.get("required", []))
        for k in sorted(ra - rb):
            if k in pb:
                out.append(("~", f"{path}.{k}", "required now (optional in export)"))
        for k in sorted(rb - ra):
            if k in pa:
                out.append(("~", f"{path}.{k}", "optional now (required in export)"))
    if "items" in a or "items" in b:
        cmp_schema(a.get("items", {}), b.get("items", {}), path + "[]", out, depth + 1)
    if "additionalProperties" in a or "additionalProperties" in b:
        xa, xb = a.get("additionalProperties"), b.get("additionalProperties")
        if isinstance(xa, dict) and isinstance(xb, dict):
            cmp_schema(xa, xb, path + "{*}", out, depth + 1)
        elif xa != xb:
            out.append(("~", path, f"map values: export={tsum(xb)} now={tsum(xa)}"))
    oa, ob = a.get("oneOf"), b.get("oneOf")
    if oa is not None or ob is not None:
        oa, ob = oa or [], ob or []
        if len(oa) != len(ob):
            out.append(("~", path, f"oneOf variants: export={len(ob)} now={len(oa)}"))
        for i, (x, y) in enumerate(zip(oa, ob)):
            cmp_schema(x, y, f"{path}<{i}>", out, depth + 1)


def union(a, b):
    """Keys of a, then the keys of b that a lacks (both dicts), in their order."""
    return list(a) + [k for k in b if k not in a]


def diff(gen, exp):
    """gen, exp: whole documents (dicts). Returns [(sign, path, what)]."""
    out = []
    gs = gen.get("components", {}).get("schemas", {})
    es = exp.get("components", {}).get("schemas", {})
    (gpath, gops), = gen["paths"].items()
    (gm, gop), = gops.items()
    (epath, eops), = exp["paths"].items()
    (em, eop), = eops.items()
    gp = {p["name"]: p for p in gop.get("parameters", [])}
    ep = {p["name"]: p for p in eop.get("parameters", [])}
    for n, p in gp.items():
        if n not in ep:
            out.append(("+", f"param {n}", p["in"]))
        else:
            q = ep[n]
            if p.get("required", False) != q.get("required", False):
                out.append(("~", f"param {n}", f"required: export={q.get('required')} now={p.get('required')}"))
            if (p.get("style"), p.get("explode")) != (q.get("style"), q.get("explode")):
                out.append(("~", f"param {n}", f"style: export={q.get('style')}/{q.get('explode')} now={p.get('style')}/{p.get('explode')}"))
            cmp_schema(resolve(p["schema"], gs), resolve(q["schema"], es), f"param {n}", out)
    for n in ep:
        if n not in gp:
            out.append(("-", f"param {n}", ep[n]["in"]))
    gb = gop.get("requestBody", {}).get("content", {})
    eb = eop.get("requestBody", {}).get("content", {})
    # Media types in a fixed order (the generated file's, then the export's others): set order varies per run.
    for mt in union(gb, eb):
        if mt not in eb:
            out.append(("+", f"body {mt}", ""))
        elif mt not in gb:
            out.append(("-", f"body {mt}", ""))
        else:
            cmp_schema(resolve(gb[mt]["schema"], gs), resolve(eb[mt]["schema"], es), "body", out)
    gr, er = gop.get("responses", {}), eop.get("responses", {})
    for c in gr:
        if c not in er:
            out.append(("+", f"response {c}", ""))
            continue
        gc, ec = gr[c].get("content") or {}, er[c].get("content") or {}
        for mt in union(gc, ec):
            if mt not in ec:
                out.append(("+", f"response {c} {mt}", ""))
            elif mt not in gc:
                out.append(("-", f"response {c} {mt}", ""))
            else:
                cmp_schema(resolve(gc[mt]["schema"], gs), resolve(ec[mt]["schema"], es), f"response {c}", out)
    for c in er:
        if c not in gr:
            out.append(("-", f"response {c}", ""))
    return out


if __name__ == "__main__":
    import yaml
    g = yaml.safe_load(open(sys.argv[1]))
    e = yaml.safe_load(open(sys.argv[2]))
    for d in diff(g, e):
        print(*d)
