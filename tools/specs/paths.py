"""Where the spec tools read and write. Every path is derived from this file's place in the repository.

Inputs (committed):   tools/specs/exports/*.md              docs-site exports (+ SOURCES.md: where each came from)
                      tools/specs/python-sdk-inventory.json HTTP method, path, parameter locations of twelvelabs==1.3.6
Intermediate files:   target/specs-tools/sdk.json, notes.json (or $SPECS_WORK)
Output:               specs/ (or the directory given as the first argument of build.py, check.py, write_sources.py)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
EXPORTS = os.path.join(HERE, "exports")
INVENTORY = os.path.join(HERE, "python-sdk-inventory.json")
WORK = os.environ.get("SPECS_WORK") or os.path.join(REPO, "target", "specs-tools")
SDK_JSON = os.path.join(WORK, "sdk.json")
NOTES_JSON = os.path.join(WORK, "notes.json")


def out_dir():
    """The specs directory: the first command-line argument, else specs/ of this repository."""
    return os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(REPO, "specs")


def export_yaml(name):
    """The `## OpenAPI Specification` block of exports/<name>.md, verbatim (the text between ```yaml and ```)."""
    text = open(os.path.join(EXPORTS, name + ".md"), encoding="utf-8").read()
    start = text.index("```yaml\n", text.index("## OpenAPI Specification")) + len("```yaml\n")
    end = text.index("\n```", start) + 1
    return text[start:end]
