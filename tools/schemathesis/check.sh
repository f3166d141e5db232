#!/usr/bin/env bash
# Checks the fake API (`twelvelabs::testing::FakeServer`) against specs/ with schemathesis: every operation of
# every spec, a fixed seed and a fixed number of examples, so a run is repeatable. See README.md beside this file.
#
# Usage: tools/schemathesis/check.sh            (from anywhere; needs python3 >= 3.10 and cargo)
# Environment: EXAMPLES (default 10) test cases per operation and phase; SEED (default 20240601);
#              PYTHON (default python3) to make the venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
here="$root/tools/schemathesis"
work="$root/target/schemathesis"
venv="$work/venv"
examples="${EXAMPLES:-10}"
seed="${SEED:-20240601}"
started=$SECONDS

# What schemathesis checks. Positive mode (requests the spec allows, with random values): the fake never answers
# 5xx, and answers only statuses, content types and bodies that the operation's spec documents. Negative mode
# (requests the spec forbids: wrong types, missing fields, hostile strings): never 5xx, only documented statuses
# (the `400` of invalid input) and content types; bodies are not checked there, as the fake stores what it is
# given without checking every field.
positive_checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
negative_checks=not_a_server_error,status_code_conformance,content_type_conformance

# Failures accepted on purpose, one per line: `CODE | MODE | METHOD PATH | reason`, CODE as schemathesis prints
# it (ST103 undocumented status, ST105 undocumented content type, ...). summarize.py prints each one it meets, and
# each one that no longer occurs (remove it then).
exclusions=(
  # `analyze.yaml`/`analyze-stream.yaml` and `responses-create.yaml`/`responses-create-stream.yaml` are two
  # operations of one endpoint, told apart by `stream` (`const: false` in one, `const: true` in the other). A
  # negative case with the other `stream` value is the other operation, which the fake (as the API) answers in
  # its own content type (JSON, NDJSON or server-sent events); positive mode checks both answers.
  "ST105 | negative | POST /analyze | the other stream value is the other operation of the endpoint"
  "ST105 | negative | POST /responses | the other stream value is the other operation of the endpoint"
)

mkdir -p "$work"

# The venv, made once and reused while the pinned versions do not change.
requirements="$here/requirements.txt"
if [[ ! -x "$venv/bin/st" ]] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  echo "==> venv: $venv (schemathesis from $requirements)"
  rm -rf "$venv"
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi

echo "==> merging specs/ into OpenAPI documents"
mapfile -t documents < <("$venv/bin/python" "$here/merge_specs.py" "$root/specs" "$work/specs")
printf '    %s\n' "${documents[@]}"

echo "==> building the fake API (cargo build -p tests --bin fake_api)"
cargo build --quiet -p tests --bin fake_api
target_dir="$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"

# One fresh fake per document, so the documents are checked independently of their order.
fake_pid=""
fake_url=""
stop_fake() {
  if [[ -n "$fake_pid" ]]; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
    fake_pid=""
  fi
}
trap stop_fake EXIT

# Sets `fake_pid` and `fake_url` (not run in a subshell: the pid must reach `stop_fake`).
start_fake() {
  local url_file="$work/fake-url"
  : >"$url_file"
  "$target_dir/debug/fake_api" >"$url_file" 2>"$work/fake-stderr" &
  fake_pid=$!
  for _ in $(seq 100); do
    if [[ -s "$url_file" ]]; then
      fake_url="$(head -n 1 "$url_file")"
      return
    fi
    if ! kill -0 "$fake_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "the fake API did not start:" >&2
  cat "$work/fake-stderr" >&2
  exit 1
}

status=0
total_operations=0
rm -f "$work"/report-*.json "$work"/output-*.txt
for mode in positive negative; do
  checks="${mode}_checks"
  for line in "${documents[@]}"; do
    document="${line% *}"
    operations="${line##* }"
    [[ $mode == positive ]] && total_operations=$((total_operations + operations))
    name="$(basename "$document" .yaml)-$mode"
    start_fake
    echo "==> schemathesis: $name ($operations operations, $mode mode) against $fake_url"
    set +e
    # From the work directory: schemathesis keeps its replay data (`st replay ID`) in `./.schemathesis`.
    (cd "$work" && SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here" "$venv/bin/st" run "$document" \
      --url "$fake_url" \
      --header "x-api-key: tlk_schemathesis" \
      --checks "${!checks}" \
      --mode "$mode" \
      --phases examples,coverage,fuzzing,stateful \
      --max-examples "$examples" \
      --seed "$seed" \
      --generation-database none \
      --workers 1 \
      --request-timeout 10 \
      --no-color \
      --report json --report-json-path "$work/report-$name.json" \
      >"$work/output-$name.txt" 2>&1)
    code=$?
    set -e
    stop_fake
    tail -n 1 "$work/output-$name.txt"
    # Exit code 1 is "failures found", which summarize.py weighs against the exclusions; anything else (a usage or
    # schema error, a crash) or a missing report fails the check here.
    if [[ $code -ne 0 ]]; then
      echo "    schemathesis exited with $code (failures are weighed against the exclusions below): $work/output-$name.txt"
    fi
    if [[ $code -gt 1 || ! -s "$work/report-$name.json" ]]; then
      status=1
    fi
  done
done

"$venv/bin/python" "$here/summarize.py" "$work" "${exclusions[@]+"${exclusions[@]}"}" || status=1
echo "==> $total_operations operations, positive and negative mode, $examples examples per operation and phase, seed $seed, $((SECONDS - started)) s"
if [[ $status -ne 0 ]]; then
  echo "==> the fake disagrees with specs/ (see above)"
fi
exit $status
