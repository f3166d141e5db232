#!/usr/bin/env bash
# Regenerates specs/ (the 101 operation files and SOURCES.md; codegen.yaml is hand-written and left alone).
#
#   tools/specs/regenerate.sh [OUT_DIR]     (default: specs/ of this repository)
#
# Python: $PYTHON if set (it must have twelvelabs==1.3.6 and PyYAML installed), else a venv made under
# target/specs-tools/venv with the pinned packages of requirements.txt from PyPI.
# Intermediate files (sdk.json, notes.json) go to target/specs-tools/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$repo/target/specs-tools"
out="$(mkdir -p "${1:-$repo/specs}" && cd "${1:-$repo/specs}" && pwd)"
export PYTHONUTF8=1 PYTHONDONTWRITEBYTECODE=1

if [[ -z "${PYTHON:-}" ]]; then
    venv="$work/venv"
    if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
        rm -rf "$venv"
        python3 -m venv "$venv"
        # --no-deps: sdk_extract.py parses the SDK's source; its runtime dependencies are never needed.
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"
        cp "$here/requirements.txt" "$venv/requirements.txt"
    fi
    PYTHON="$venv/bin/python"
fi

"$PYTHON" "$here/sdk_extract.py"           # twelvelabs source -> target/specs-tools/sdk.json
"$PYTHON" "$here/build.py" "$out"          # -> OUT_DIR/*.yaml, target/specs-tools/notes.json
"$PYTHON" "$here/check.py" "$out"          # refs resolve, shared components identical, exporter quirks
"$PYTHON" "$here/write_sources.py" "$out"  # -> OUT_DIR/SOURCES.md
