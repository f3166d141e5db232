#!/usr/bin/env python3
"""Extract models, type aliases and client methods (with docstrings) from the installed twelvelabs==1.3.6 SDK.

Pure AST: nothing is imported (the package is only located). Output: target/specs-tools/sdk.json (paths.SDK_JSON)
  models:  name -> {module, doc, bases, fields: [{name, wire, ann, required, default, doc}]}
  aliases: name -> {module, ann}
  methods: "<dotted python name>" -> {module, cls, doc, params: {name: {ann, default, doc}}, returns_doc,
            errors: [{status, error, body}] (from the raw clients)}
"""
import ast
import glob
import inspect
import json
import os
import re
import sys
from importlib import metadata, util

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paths  # noqa: E402

SDK_VERSION = "1.3.6"
# find_spec locates the installed package without running its __init__.
ROOT = util.find_spec("twelvelabs").submodule_search_locations[0]
OUT = paths.SDK_JSON


def src(node, text):
    return ast.get_source_segment(text, node)


def clean(doc):
    if doc is None:
        return None
    return inspect.cleandoc(doc).strip() or None


def field_info(stmt, text):
    """AnnAssign in a pydantic model -> dict."""
    name = stmt.target.id
    ann = stmt.annotation
    wire = name
    # typing_extensions.Annotated[T, FieldMetadata(alias="x")]
    if isinstance(ann, ast.Subscript) and src(ann.value, text).endswith("Annotated"):
        elts = ann.slice.elts
        inner = elts[0]
        for meta in elts[1:]:
            if isinstance(meta, ast.Call) and src(meta.func, text).endswith("FieldMetadata"):
                for kw in meta.keywords:
                    if kw.arg == "alias":
                        wire = kw.value.value
        ann = inner
    default = None
    required = True
    desc_kw = None
    if stmt.value is not None:
        default = src(stmt.value, text)
        required = False
        if isinstance(stmt.value, ast.Call) and src(stmt.value.func, text).endswith("Field"):
            args = stmt.value.args
            kws = {kw.arg: kw.value for kw in stmt.value.keywords}
            if args and isinstance(args[0], ast.Constant) and args[0].value is Ellipsis:
                required = True
            elif "default" not in kws and not args:
                required = True
            if "alias" in kws:
                wire = kws["alias"].value
            if "description" in kws:
                desc_kw = kws["description"].value
    return {"name": name, "wire": wire, "ann": src(ann, text), "required": required, "default": default, "doc": desc_kw}


def qual(rel, name):
    """Root types keep their name; resource-level types are keyed `<resource dir>:<Name>` (names repeat across dirs)."""
    if rel.startswith("types/"):
        return name
    return rel.split("/types/")[0] + ":" + name


def parse_models(path, rel, models, aliases):
    text = open(path).read()
    tree = ast.parse(text)
    body = tree.body
    for i, node in enumerate(body):
        if isinstance(node, ast.ClassDef):
            bases = [src(b, text) for b in node.bases]
            if not any(b.endswith("BaseModel") or b[0].isupper() for b in bases):
                continue
            doc = clean(ast.get_docstring(node))
            fields = []
            stmts = node.body
            for j, st in enumerate(stmts):
                if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
                    if st.target.id in ("model_config",):
                        continue
                    f = field_info(st, text)
                    if j + 1 < len(stmts):
                        nxt = stmts[j + 1]
                        if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str):
                            f["doc"] = nxt.value.value
                    f["doc"] = clean(f["doc"])
                    fields.append(f)
            models[qual(rel, node.name)] = {"name": node.name, "module": rel, "doc": doc, "bases": bases, "fields": fields}
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("OMIT", "T") or name.startswith("_"):
                continue
            v = src(node.value, text)
            if v.startswith("typing.") or re.match(r"^[A-Z]\w*$", v) or v in ("str", "int", "float", "bool", "dt.datetime"):
                aliases[qual(rel, name)] = {"name": name, "module": rel, "ann": v}


def parse_docstring(doc):
    """Fern method docstring -> (description, {param: desc}, returns_desc)."""
    if not doc:
        return None, {}, None
    doc = inspect.cleandoc(doc)
    lines = doc.split("\n")
    sections = {}
    cur = "desc"
    sections[cur] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if i + 1 < len(lines) and re.match(r"^-{3,}$", lines[i + 1].strip()) and ln.strip() in ("Parameters", "Returns", "Yields", "Examples"):
            cur = ln.strip()
            sections[cur] = []
            i += 2
            continue
        sections[cur].append(ln)
        i += 1
    desc = "\n".join(sections["desc"]).strip() or None
    params = {}
    pl = sections.get("Parameters", [])
    name = None
    buf = []
    for ln in pl:
        m = re.match(r"^(\w+) : (.*)$", ln)
        if m and not ln.startswith(" "):
            if name:
                params[name] = inspect.cleandoc("\n".join(buf)).strip() or None
            name = m.group(1)
            buf = []
        else:
            buf.append(ln)
    if name:
        params[name] = inspect.cleandoc("\n".join(buf)).strip() or None
    ret = None
    rl = sections.get("Returns") or sections.get("Yields") or []
    if rl:
        ret = inspect.cleandoc("\n".join(rl[1:])).strip() or None
    return desc, params, ret


def parse_client(path, rel, prefix, methods):
    text = open(path).read()
    tree = ast.parse(text)
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name.startswith("Async") or node.name.startswith("Raw"):
            continue
        for fn in node.body:
            if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_") or fn.name == "with_raw_response":
                continue
            desc, pdocs, ret = parse_docstring(ast.get_docstring(fn, clean=False))
            args = fn.args
            params = {}
            allargs = args.args[1:] + args.kwonlyargs
            defaults = [None] * (len(args.args[1:]) - len(args.defaults)) + [src(d, text) for d in args.defaults]
            defaults += [src(d, text) if d is not None else None for d in args.kw_defaults]
            for a, d in zip(allargs, defaults):
                if a.arg == "request_options":
                    continue
                params[a.arg] = {"ann": src(a.annotation, text) if a.annotation else None, "default": d, "doc": pdocs.get(a.arg)}
            key = (prefix + "." if prefix else "") + fn.name
            methods[key] = {"module": rel, "cls": node.name, "doc": desc, "params": params, "returns_doc": ret}


def main():
    version = metadata.version("twelvelabs")
    if version != SDK_VERSION:
        sys.exit(f"sdk_extract.py: twelvelabs {version} is installed, the specs are made from {SDK_VERSION}")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    models, aliases, methods = {}, {}, {}
    for path in sorted(glob.glob(ROOT + "/**/*.py", recursive=True)):
        rel = os.path.relpath(path, ROOT)
        if rel.startswith("core/") or "__pycache__" in rel:
            continue
        if "/types/" in "/" + rel or rel.startswith("types/"):
            parse_models(path, rel, models, aliases)
        if rel.endswith("client.py") and not rel.endswith("raw_client.py") and not rel.startswith("wrapper/"):
            if rel in ("client.py",):
                continue
            if rel == "base_client.py":
                prefix = ""
            else:
                prefix = os.path.dirname(rel).replace("/", ".")
            parse_client(path, rel, prefix, methods)
    parse_raw_errors(methods)
    json.dump({"models": models, "aliases": aliases, "methods": methods}, open(OUT, "w"), indent=1)
    print(len(models), "models", len(aliases), "aliases", len(methods), "methods")


def parse_raw_errors(methods):
    """status code -> error body type for every raw client method (sync classes only)."""
    for path in sorted(glob.glob(ROOT + "/**/raw_client.py", recursive=True)) + [ROOT + "/raw_base_client.py"]:
        rel = os.path.relpath(path, ROOT)
        prefix = "" if rel == "raw_base_client.py" else os.path.dirname(rel).replace("/", ".")
        text = open(path).read()
        tree = ast.parse(text)
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or node.name.startswith("Async"):
                continue
            for fn in node.body:
                if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                    continue
                seg = src(fn, text)
                errs = []
                for m in re.finditer(r"if _response\.status_code == (\d+):\s*raise (\w+)\(.*?type_=([^,]+?),\s*# type: ignore", seg, re.S):
                    errs.append({"status": int(m.group(1)), "error": m.group(2), "body": m.group(3).strip()})
                key = (prefix + "." if prefix else "") + fn.name
                if key in methods:
                    methods[key]["errors"] = errs


if __name__ == "__main__":
    main()
