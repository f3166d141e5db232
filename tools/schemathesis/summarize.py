"""Reads the JSON reports of check.sh's schemathesis runs and prints one summary; exits 1 on any failure that is
not excluded, on any error, or on a run that did not complete.

Usage: summarize.py WORK_DIR [EXCLUSION ...]

Each exclusion is `CODE | MODE | METHOD PATH | reason` (MODE: positive or negative), as check.sh lists them. A
run's report is WORK_DIR/report-NAME-MODE.json and its output WORK_DIR/output-NAME-MODE.txt; for a run with a
failure not excluded, the failures part of the output (what failed, the answer, a command that reproduces it) is
printed.
"""

import json
import re
import sys
from pathlib import Path


def failures_part(output: Path) -> str:
    text = output.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"^=+ FAILURES =+$(.*?)^=+ (WARNINGS|SUMMARY) =+$", text, re.M | re.S)
    return match.group(1).strip() if match else text[-3000:]


def main():
    work = Path(sys.argv[1])
    exclusions = {}
    for text in sys.argv[2:]:
        code, mode, operation, reason = (part.strip() for part in text.split("|", 3))
        exclusions[(code, mode, operation)] = reason
    reports = sorted(work.glob("report-*.json"))
    if not reports:
        print("summary: no schemathesis report was written")
        return 1
    failed, problems, seen = [], [], set()
    tested = generated = 0
    for path in reports:
        name = path.stem.removeprefix("report-")
        mode = name.rsplit("-", 1)[-1]
        report = json.loads(path.read_text(encoding="utf-8"))
        tested += report["operations"]["tested"]
        generated += report["test_cases"]["generated"]
        if not report.get("complete", False) or report["operations"]["errored"]:
            problems.append(f"{name}: the run did not complete ({report['operations']})")
        for error in report.get("errors", []):
            problems.append(f"{name}: error: {json.dumps(error)}")
        failed_here = []
        for failure in report["failures"]:
            for operation in failure["operations"]:
                key = (failure["code"], mode, operation)
                label = f"{failure['code']} {failure['title']}: {operation} ({mode} mode)"
                if key in exclusions:
                    seen.add(key)
                    print(f"excluded: {label}: {exclusions[key]}")
                else:
                    failed_here.append(label)
        if failed_here:
            print(f"\n--- {name}: failures ({work / f'output-{name}.txt'})\n")
            print(failures_part(work / f"output-{name}.txt"))
            print()
        failed += failed_here
    for (code, mode, operation), reason in exclusions.items():
        if (code, mode, operation) not in seen:
            print(f"exclusion no longer occurs (remove it from check.sh): {code} {operation} ({mode} mode): {reason}")
    print(
        f"summary: {len(reports)} runs, {tested} operations tested, {generated} test cases, "
        f"{len(failed)} failures, {len(problems)} errors, {len(seen)} excluded"
    )
    for line in failed + problems:
        print(f"  {line}")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
