"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by check.sh).

JSON lines answers (`application/jsonl` of batch results, `application/x-ndjson` of streamed analysis) are read as
a list with one item per non-empty line, so their schema (wrapped as an array of the per-line schema by
merge_specs.py) is checked too. A line that is not JSON fails the check.
"""

import json

import schemathesis


@schemathesis.deserializer("application/jsonl", "application/x-ndjson")
def json_lines(ctx, response):
    return [json.loads(line) for line in response.content.decode("utf-8").splitlines() if line.strip()]
