"""Run raqqa's loader over a copy of the public YAML test suite and count the outcomes.

    python benchmarks/yaml_suite.py PATH/TO/yaml-test-suite

PATH holds `valid/` and `invalid/` folders of single `.yaml` documents. Every document must
be refused (none of them is a briefing) with a located one-line error: an exception of any
other kind, an unlocated or multi-line message, or a load slower than a second is a failure.
Prints the counts, the refusal reasons seen, and the slowest documents; exits 1 on a failure.

The project's tests do not depend on the suite: the documents that taught us something are
inlined in tests/hostile/test_fuzz.py.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

from raqqa_cli.briefing.load import decode, parse
from raqqa_cli.errors import BriefingError

LOCATED = re.compile(r"^[^\n]+?:(\d+:\d+: .+| is empty| is UTF-16; save it as UTF-8)$")
SLOW = 1.0  # seconds


def reason(line: str) -> str:
    """The kind of refusal, without the location and the quoted specifics."""
    message = line.split(": ", 1)[1] if ": " in line else line
    if message.startswith("invalid YAML"):
        return "invalid YAML"
    message = re.sub(r"^[^:]*: ", "", message) if re.match(r"^\S+: ", message) else message
    return re.sub(r"'[^']*'|\"[^\"]*\"|\S*tag:\S+|\d+", "…", message)[:60]


def run(folder: Path) -> tuple[int, collections.Counter[str], list[tuple[float, str]]]:
    failures = 0
    reasons: collections.Counter[str] = collections.Counter()
    timings: list[tuple[float, str]] = []
    for path in sorted(folder.glob("*.yaml")):
        data = path.read_bytes()
        start = time.perf_counter()
        try:
            parse(decode(path.name, data))
        except BriefingError as error:
            lines = error.lines()
            bad = [line for line in lines if not LOCATED.match(line) or "\n" in line]
            if bad:
                failures += 1
                print(f"FAIL {path.name}: unlocated or unsafe: {bad[0]!r}")
            reasons[reason(lines[0])] += 1
        except Exception as error:  # the point of the exercise: report, do not stop
            failures += 1
            print(f"FAIL {path.name}: {type(error).__name__}: {error}")
        else:
            failures += 1
            print(f"FAIL {path.name}: accepted as a briefing")
        elapsed = time.perf_counter() - start
        timings.append((elapsed, path.name))
        if elapsed > SLOW:
            failures += 1
            print(f"FAIL {path.name}: took {elapsed:.2f} s")
    return failures, reasons, timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", type=Path, help="folder holding valid/ and invalid/")
    args = parser.parse_args()
    total_failures = 0
    for kind in ("valid", "invalid"):
        folder = args.suite / kind
        failures, reasons, timings = run(folder)
        total_failures += failures
        slowest = max(timings)
        print(
            f"{kind}: {len(timings)} documents, {len(timings) - failures} refused cleanly,"
            f" {failures} failures; slowest {slowest[0] * 1000:.1f} ms ({slowest[1]})"
        )
        for text, count in reasons.most_common():
            print(f"  {count:4d}  {text}")
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
