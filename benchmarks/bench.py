"""raqqa's own benchmark: time every command as a whole process against the product budgets.

Each case runs the `raqqa` script installed next to the interpreter running this one, as a
user would (`python -m raqqa_cli` if there is none), so the interpreter decides which install
is measured (`.venv/bin/python benchmarks/bench.py` measures the venv). Runs of a case
alternate with `python -c pass` on the same interpreter (floor, command, floor, command,
...) so that drift hits both; a case's ratio is its median over the median of the floor runs
interleaved with it. The budgets are docs/performance.md's:

- on the embedded briefing, piped (`--format json|csv|plain|markdown`): at most 5x the floor;
- as a rich table (`--format table`, COLUMNS=100) and `--help`: at most 9x the floor;
- on the embedded briefing, peak memory at most 40 MiB;
- on a generated briefing of 10,000 entries, at most 1.5 s; 100,000 entries at most 12x that;
- a shelf of 100 generated briefings of 1,000 entries each, with a shared registry of 300:
  `search`, `actors NAME` and `timeline` across it (`-f DIR`) within 1.5 s of CPU with a
  warm cache, and within 10x that from none; one briefing of it costs what it costs alone
  (its own folder, with the same registry), at most 1.25x;
- `raqqa diff` of two generated briefings of 10,000 entries, at most 3 s. The two are made
  with different seeds, so nearly every entry differs in several fields: the worst case;
- peak memory at most 20 times the file's size plus 40 MiB (the embedded briefing's budget,
  most of it Python and raqqa's modules), on hostile shapes (a 5 MB top-level list, a list
  of texts where entries belong, 6 MB of unknown keys, 6 MB of unknown fields in entries)
  and the largest generated briefing, cold; and `diff REV:PATH` of a 256 MiB git blob
  within the 64 MiB size limit plus the same 40 MiB.

The package's bytecode is written first, as pip writes it when it installs a wheel (an
editable install under PYTHONDONTWRITEBYTECODE would otherwise time the compiler).

raqqa keeps checked briefings in a cache (see `raqqa_cli/briefing/cache.py`). The children share a
fresh cache directory in a temporary folder, so the user's own cache is neither read nor
written; after the warm-up runs it is warm, as in daily use. On large briefings every command
is also timed with the cache off (`RAQQA_NO_CACHE=1`), which is what a first run costs.

Peak memory is the child's `ru_maxrss` from `os.wait4`. Linux carries the parent's own
high-water mark into a child across exec, so the benchmark never loads a large briefing
itself (the generator runs as a child process) and prints its own peak, which is a floor
under every reading. Unix only (`os.wait4`).

Usage: python benchmarks/bench.py [--runs N] [--large-runs N] [--quick] [--shelf-only] [--markdown]
       [--no-fail]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import generate
from raqqa_cli.briefing.load import embedded_briefing

# -- what to measure -------------------------------------------------------------------

PIPED_FORMATS = ("json", "csv", "plain", "markdown")
ALL_FORMATS = (*PIPED_FORMATS, "table")


@dataclass(frozen=True)
class Command:
    """One command to time. `{issue}`, `{actor}` and `{text}` in `args` are filled in per
    briefing from the subjects below; `formats` are the `--format` values it accepts (none:
    it is run without `--format`)."""

    label: str
    args: tuple[str, ...]
    formats: tuple[str, ...] = ALL_FORMATS
    reads_briefing: bool = True


# The command table: add a row when a command is added. A command the installed raqqa does
# not have yet ("No such command", exit 2) is skipped with a note.
COMMANDS: tuple[Command, ...] = (
    Command("raqqa", ()),
    Command("issues", ("issues",)),
    Command("issues ID", ("issues", "{issue}")),
    Command("aid", ("aid",)),
    Command("aid --totals", ("aid", "--totals")),
    Command("aid --by sector", ("aid", "--by", "sector")),
    Command("aid --chart", ("aid", "--chart")),
    Command("reactions", ("reactions",)),
    Command("statements", ("statements",)),
    Command("actors", ("actors",)),
    Command("actors NAME", ("actors", "{actor}")),
    Command("places", ("places",)),
    Command("timeline", ("timeline",)),
    Command("outlook", ("outlook",)),
    Command("figures", ("figures",)),
    Command("sources", ("sources",)),
    Command("errata", ("errata",)),
    Command("search TEXT", ("search", "{text}")),
    Command("show ID", ("show", "{issue}")),
    Command("brief", ("brief",), formats=("markdown", "table")),
    Command("validate", ("validate",), formats=()),
    # The embedded briefing against itself (no changes); two large ones: see `diff_cases`.
    Command("diff OLD NEW", ("diff", "{briefing}", "{briefing}"), reads_briefing=False),
    Command("schema", ("schema",), formats=(), reads_briefing=False),
)

# What the placeholders stand for in the embedded briefing and in a generated one.
EMBEDDED_SUBJECTS = {
    "issue": "iss-foreign-fighters",
    "actor": "Daesh",
    "text": "Raqqa",
    "briefing": embedded_briefing(),
}
GENERATED_SUBJECTS = {
    "issue": generate.SAMPLE_ISSUE,
    "actor": generate.SAMPLE_ACTOR,
    "text": generate.SAMPLE_TEXT,
}

PIPED_BUDGET = 5.0  # x floor
TABLE_BUDGET = 9.0  # x floor, also for --help
MEMORY_BUDGET_MIB = 40.0
LARGE_BUDGET_S = 1.5  # for 10,000 entries
GROWTH_BUDGET = 12.0  # 100,000 entries against 10,000
LARGE_SIZES = (10_000, 100_000)
DIFF_BUDGET_S = 3.0  # `raqqa diff` of two 10,000-entry briefings
SHELF_BRIEFINGS = 100
SHELF_ENTRIES = 1_000
SHELF_BUDGET_S = 1.5  # CPU, warm, across the whole shelf
# From no cache: 10x the warm budget, as the issue puts it ("within 10x that"). Not 10x the
# warm time measured: a faster warm path would then fail the cold row, though the cold
# path did not change (it did, when the warm search fell from 1.35 s to 0.63 s).
SHELF_COLD_FACTOR = 10.0
SHELF_ALONE_FACTOR = 1.25  # one briefing of the shelf, against the same briefing alone
SHELF_ARGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("search", ("search", generate.SHELF_ACTOR)),
    ("search (broad)", ("search", generate.SAMPLE_TEXT)),
    ("actors NAME", ("actors", generate.SHELF_ACTOR)),
    ("timeline", ("timeline",)),
)
# The modes on large briefings: a name suffix and the environment it adds.
LARGE_MODES: tuple[tuple[str, dict[str, str]], ...] = (
    ("", {}),
    (", no cache", {"RAQQA_NO_CACHE": "1"}),
)
COLUMNS = "100"
GENERATOR = Path(__file__).resolve().with_name("generate.py")
FLOOR_ARGV = (sys.executable, "-c", "pass")
# The `raqqa` script installed next to this interpreter, as users run it; `-m` otherwise.
_SCRIPT = Path(sys.executable).with_name("raqqa")
RAQQA_ARGV = (str(_SCRIPT),) if _SCRIPT.is_file() else (sys.executable, "-m", "raqqa_cli")


# -- running processes -----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One whole-process run: wall time, peak RSS, exit status and what it said on stderr."""

    seconds: float
    maxrss_kib: int
    returncode: int
    stderr: str
    cpu: float = 0.0  # user + system seconds of the child


def run_once(argv: Sequence[str], env: dict[str, str]) -> Run:
    """Run `argv` with stdout to /dev/null; time it and read its rusage via `os.wait4`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss, proc.returncode, stderr.decode("utf-8", "replace"), cpu)


@dataclass(frozen=True)
class Case:
    """A command line to time on one briefing, in one mode."""

    label: str
    briefing: str  # "embedded", "10k", "100k"
    mode: str
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)  # added to the common environment


@dataclass
class Measurement:
    """The runs of one case and of the floor interleaved with it."""

    case: Case
    times: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    peak_kib: int = 0
    own_peak_kib: int = 0  # this process's peak: children cannot read lower
    returncode: int = 0
    stderr: str = ""
    cpus: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu(self) -> float:
        """The median CPU seconds (user + system): what the large-file budgets count."""
        return statistics.median(self.cpus)

    @property
    def floor(self) -> float:
        return statistics.median(self.floors)

    @property
    def ratio(self) -> float:
        return self.median / self.floor


def measure(case: Case, env: dict[str, str], runs: int, warmups: int) -> Measurement:
    """Warm up, then alternate floor and command `runs` times."""
    result = Measurement(case)
    case_env = {**env, **case.env}
    for _ in range(warmups):
        run_once(FLOOR_ARGV, env)
        run_once(case.argv, case_env)
    for _ in range(runs):
        result.floors.append(run_once(FLOOR_ARGV, env).seconds)
        run = run_once(case.argv, case_env)
        result.times.append(run.seconds)
        result.cpus.append(run.cpu)
        result.peak_kib = max(result.peak_kib, run.maxrss_kib)
        if run.returncode != 0 and result.returncode == 0:
            result.returncode, result.stderr = run.returncode, run.stderr
    result.own_peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def argv_of(command: Command, subjects: dict[str, str], *extra: str) -> tuple[str, ...]:
    """The full command line of `command`, placeholders filled, then `extra` options."""
    args = tuple(arg.format(**subjects) for arg in command.args)
    return (*RAQQA_ARGV, *args, *extra)


def is_available(command: Command, env: dict[str, str]) -> bool:
    """False when the installed raqqa answers "No such command" (exit 2)."""
    run = run_once(argv_of(command, EMBEDDED_SUBJECTS, "--help"), env)
    return not (run.returncode == 2 and "No such command" in run.stderr)


def embedded_cases(commands: Sequence[Command]) -> list[tuple[Case, float]]:
    """Every case on the embedded briefing, each with its budget (x floor)."""
    cases: list[tuple[Case, float]] = []
    for command in commands:
        for fmt in command.formats:
            budget = TABLE_BUDGET if fmt == "table" else PIPED_BUDGET
            argv = argv_of(command, EMBEDDED_SUBJECTS, "--format", fmt)
            cases.append((Case(command.label, "embedded", fmt, argv), budget))
        if not command.formats:
            argv = argv_of(command, EMBEDDED_SUBJECTS)
            cases.append((Case(command.label, "embedded", "piped", argv), PIPED_BUDGET))
        argv = argv_of(command, EMBEDDED_SUBJECTS, "--help")
        cases.append((Case(command.label, "embedded", "--help", argv), TABLE_BUDGET))
    return cases


def large_cases(commands: Sequence[Command], path: Path, size_label: str) -> list[Case]:
    """Every command that reads a briefing, on the generated file at `path`, in each mode."""
    cases = []
    for suffix, extra_env in LARGE_MODES:
        for command in commands:
            if not command.reads_briefing:
                continue
            fmt = "json" if "json" in command.formats else next(iter(command.formats), None)
            options = ("--file", str(path), *(("--format", fmt) if fmt else ()))
            argv = argv_of(command, GENERATED_SUBJECTS, *options)
            mode = (fmt or "piped") + suffix
            cases.append(Case(command.label, size_label, mode, argv, extra_env))
    return cases


def generate_file(
    directory: Path, entries: int, seed: int = 0, shape: str = "mixed"
) -> tuple[Path, float]:
    """Write a generated briefing (in a child process, to keep this one small); its time."""
    name = f"briefing-{shape}-{entries}{f'-seed{seed}' if seed else ''}.yaml"
    path = directory / name
    start = time.perf_counter()
    with path.open("wb") as out:
        argv = [sys.executable, str(GENERATOR), str(entries), "--seed", str(seed)]
        subprocess.run([*argv, "--shape", shape], stdout=out, check=True)
    return path, time.perf_counter() - start


# The relations at scale (docs/totals.md): the aid views and validate on one update
# chain and on one package of lines that overlap, each within the 10,000-entry budget.
RELATION_SHAPES = (("chain", 20_000), ("lines", 10_000))
RELATION_ARGS = (
    ("aid --totals", ("aid", "--totals")),
    ("aid --by donor", ("aid", "--by", "donor")),
    ("aid --chart", ("aid", "--chart")),
    ("aid --coverage", ("aid", "--coverage")),
    ("validate", ("validate",)),
)


def relation_cases(path: Path, label: str) -> list[Case]:
    cases = []
    for suffix, extra_env in LARGE_MODES:
        for name, args in RELATION_ARGS:
            argv = (*RAQQA_ARGV, *args, "--file", str(path), "--format", "json")
            if args == ("validate",):
                argv = (*RAQQA_ARGV, "validate", str(path), "--format", "json")
            cases.append(Case(name, label, "json" + suffix, argv, extra_env))
    return cases


def generate_shelf(directory: Path) -> tuple[Path, float]:
    """Write the shelf (in a child process, as `generate_file`); its folder and time."""
    folder = directory / "shelf"
    start = time.perf_counter()
    argv = [sys.executable, str(GENERATOR), str(SHELF_ENTRIES), "--shelf", str(folder)]
    subprocess.run([*argv, "--briefings", str(SHELF_BRIEFINGS)], check=True)
    return folder, time.perf_counter() - start


def shelf_rows(directory: Path, env: dict[str, str], runs: int, generated: list[str]) -> list[Row]:
    """`search`, `actors NAME` and `timeline` across the shelf, warm and from no cache; and
    one briefing of it against the same briefing in a folder of its own."""
    import shutil

    folder, seconds = generate_shelf(directory)
    mib = sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 2**20
    label = f"shelf {SHELF_BRIEFINGS}x{SHELF_ENTRIES // 1000}k"
    generated.append(f"{label}: {mib:.1f} MiB in {seconds:.2f} s")
    progress(f"shelf: {generated[-1]}")
    rows = []
    for name, args in SHELF_ARGS:
        argv = (*RAQQA_ARGV, "-f", str(folder), *args, "--format", "json")
        warm = measure(Case(name, label, "json", argv), env, runs, warmups=1)
        rows.append(judge_shelf(warm))
        cold_case = Case(name, label, "json, no cache", argv, NO_CACHE)
        cold = measure(cold_case, env, max(3, runs // 3), warmups=0)
        rows.append(judge_shelf_cold(cold, warm))
        progress(f"{label} {name}: {warm.cpu:.2f} s CPU warm, {cold.cpu:.2f} s cold")
    alone = directory / "alone"
    (alone / "registry").mkdir(parents=True, exist_ok=True)
    first = sorted(folder.glob("*.yaml"))[0]
    shutil.copy(first, alone / first.name)
    shutil.copy(folder / generate.REGISTRY_PATH, alone / generate.REGISTRY_PATH)
    for name, args in SHELF_ARGS[:1]:
        on_shelf = (*RAQQA_ARGV, "-f", str(first), *args, "--format", "json")
        by_itself = (*RAQQA_ARGV, "-f", str(alone / first.name), *args, "--format", "json")
        base = measure(Case(name, "one briefing alone", "json", by_itself), env, runs, 1)
        m = measure(Case(name, f"one briefing of {label}", "json", on_shelf), env, runs, 1)
        rows.append(judge_cpu_against(m, base, SHELF_ALONE_FACTOR, "alone"))
    return rows


# -- memory (docs/threat-model.md) ----------------------------------------------------------

MEMORY_FACTOR = 20
MEMORY_CONSTANT_MIB = 40
NO_CACHE = {"RAQQA_NO_CACHE": "1"}


def _write_lines(path: Path, head: str, line: str, count: int) -> None:
    """`head`, then `line` formatted with 0..count-1: written in chunks, so that this
    process stays small (its peak is carried into every child it starts)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for start in range(0, count, 10_000):
            out.write("".join(line.format(i) for i in range(start, min(count, start + 10_000))))


def hostile_files(directory: Path) -> list[tuple[str, Path]]:
    """The shapes that once cost memory before they were refused, written in `directory`."""
    shapes = (
        ("top-level list", "", "- a\n", 1_250_000),
        ("texts where entries belong", "schema_version: 2\nsources:\n", "- a\n", 1_250_000),
        ("unknown keys", "schema_version: 2\n", "k{}: v\n", 600_000),
        (
            "unknown fields in entries",
            "schema_version: 2\nsources:\n",
            "- id: s{0}\n  title: t\n  x1: v\n  x2: v\n  x3: v\n  x4: v\n  x5: v\n",
            100_000,
        ),
    )
    found = []
    for number, (label, head, line, count) in enumerate(shapes):
        path = directory / f"hostile-{number}.yaml"
        _write_lines(path, head, line, count)
        found.append((label, path))
    return found


def git_blob(directory: Path, mib: int = 256) -> Path:
    """A repository whose HEAD holds `big.yaml`, `mib` MiB (a few hundred KB compressed)."""
    repo = directory / "blob-repo"
    repo.mkdir(exist_ok=True)
    _write_lines(repo / "big.yaml", "schema_version: 2\n", "# {:0>60}\n", mib * 2**20 // 64)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}
    for args in (["init", "-q"], ["add", "big.yaml"], ["commit", "-q", "-m", "big"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    (repo / "small.yaml").write_text("schema_version: 2\n", encoding="utf-8")
    return repo


def judge_memory(m: Measurement, size_mib: float, factor: int = MEMORY_FACTOR) -> Row:
    """Peak memory against `factor` times the file's size (for a git blob, once the size
    limit it may read) plus 40 MiB."""
    budget = factor * size_mib + MEMORY_CONSTANT_MIB
    peak = m.peak_kib / 1024
    # A hostile file is refused (exit 1): the run counts if it ended with its one line.
    passed = m.returncode in (0, 1) and "internal error" not in m.stderr and peak <= budget
    shown = f"{peak / size_mib:.1f}x the {'file' if factor == MEMORY_FACTOR else 'limit'}"
    return Row(m, f"{budget:,.0f} MiB", f"{peak:,.0f} MiB ({shown})", passed)


def diff_cases(old: Path, new: Path, size_label: str) -> list[Case]:
    """`raqqa diff` of two generated briefings, as JSON, in each mode."""
    argv = (*RAQQA_ARGV, "diff", str(old), str(new), "--format", "json")
    return [
        Case("diff OLD NEW", size_label, "json" + suffix, argv, extra_env)
        for suffix, extra_env in LARGE_MODES
    ]


# -- judging and reporting -------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    measurement: Measurement
    budget: str
    actual: str
    passed: bool

    def cells(self) -> list[str]:
        m = self.measurement
        failure = f"FAIL (exit {m.returncode})" if m.returncode else "FAIL"
        # At or below this process's own peak, the reading only says "at most that".
        at_most = "≤" if m.peak_kib <= m.own_peak_kib else ""
        return [
            m.case.label,
            m.case.briefing,
            m.case.mode,
            f"{m.median * 1000:.1f}",
            f"{m.floor * 1000:.1f}",
            f"{m.ratio:.1f}x",
            self.budget,
            self.actual,
            "pass" if self.passed else failure,
            f"{at_most}{m.peak_kib / 1024:.1f}",
        ]


HEADERS = [
    "command",
    "briefing",
    "mode",
    "median ms",
    "floor ms",
    "x floor",
    "budget",
    "actual",
    "result",
    "peak MiB",
]
RIGHT_ALIGNED = {3, 4, 5, 9}


def judge_embedded(m: Measurement, budget: float) -> Row:
    """Ratio to the floor and peak memory against their budgets."""
    peak_mib = m.peak_kib / 1024
    passed = m.returncode == 0 and m.ratio <= budget and peak_mib <= MEMORY_BUDGET_MIB
    return Row(m, f"{budget:g}x, {MEMORY_BUDGET_MIB:g} MiB", f"{m.ratio:.1f}x", passed)


def judge_10k(m: Measurement) -> Row:
    """The absolute budget for 10,000 entries."""
    passed = m.returncode == 0 and m.median <= LARGE_BUDGET_S
    return Row(m, f"{LARGE_BUDGET_S:g} s", f"{m.median:.2f} s", passed)


def judge_cpu(m: Measurement, base: Measurement | None = None) -> Row:
    """CPU seconds against the 10,000-entry budget, or growth against `base` (10x the size)."""
    if base is None:
        passed = m.returncode == 0 and m.cpu <= LARGE_BUDGET_S
        return Row(m, f"{LARGE_BUDGET_S:g} s CPU", f"{m.cpu:.2f} s CPU", passed)
    growth = m.cpu / base.cpu
    passed = m.returncode == 0 and growth <= GROWTH_BUDGET
    return Row(m, f"{GROWTH_BUDGET:g}x 1/10 the size", f"{growth:.1f}x CPU", passed)


def judge_shelf(m: Measurement) -> Row:
    """CPU seconds across the shelf, warm, against its budget."""
    passed = m.returncode == 0 and m.cpu <= SHELF_BUDGET_S
    return Row(m, f"{SHELF_BUDGET_S:g} s CPU", f"{m.cpu:.2f} s CPU", passed)


def judge_shelf_cold(m: Measurement, warm: Measurement) -> Row:
    """CPU seconds across the shelf with no cache, against 10x the warm budget; the ratio
    to the warm time measured is said beside it."""
    budget = SHELF_COLD_FACTOR * SHELF_BUDGET_S
    passed = m.returncode == 0 and m.cpu <= budget
    ratio = f"{m.cpu / warm.cpu:.1f}x warm" if warm.cpu else "no warm"
    return Row(m, f"{budget:g} s CPU", f"{m.cpu:.2f} s CPU ({ratio})", passed)


def judge_cpu_against(m: Measurement, base: Measurement, factor: float, what: str) -> Row:
    """CPU seconds against `factor` times `base`'s (named `what`)."""
    ratio = m.cpu / base.cpu if base.cpu else float("inf")
    passed = m.returncode == 0 and base.returncode == 0 and ratio <= factor
    return Row(m, f"{factor:g}x {what}", f"{ratio:.2f}x CPU", passed)


def judge_diff(m: Measurement) -> Row:
    """The absolute budget for a diff of two 10,000-entry briefings."""
    passed = m.returncode == 0 and m.median <= DIFF_BUDGET_S
    return Row(m, f"{DIFF_BUDGET_S:g} s", f"{m.median:.2f} s", passed)


def judge_100k(m: Measurement, base: Measurement | None) -> Row:
    """Growth from 10,000 to 100,000 entries against its budget."""
    if base is None or base.returncode != 0:
        return Row(m, f"{GROWTH_BUDGET:g}x 10k", "no 10k", False)
    growth = m.median / base.median
    passed = m.returncode == 0 and growth <= GROWTH_BUDGET
    return Row(m, f"{GROWTH_BUDGET:g}x 10k", f"{growth:.1f}x", passed)


def text_table(rows: Sequence[Sequence[str]]) -> str:
    """An aligned plain-text table with a header rule."""
    table = [HEADERS, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADERS))]

    def line(row: Sequence[str]) -> str:
        cells = (
            cell.rjust(width) if i in RIGHT_ALIGNED else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(HEADERS), rule, *(line(row) for row in rows)])


def markdown_table(rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table."""

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

    rule = "|" + "|".join("--:" if i in RIGHT_ALIGNED else "---" for i in range(len(HEADERS)))
    return "\n".join([line(HEADERS), rule + "|", *(line(row) for row in rows)])


def raqqa_version(env: dict[str, str]) -> str:
    """`raqqa --version` and where the measured package is imported from."""
    where = subprocess.run(
        [sys.executable, "-c", "import raqqa_cli; print(raqqa_cli.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    version = subprocess.run(
        [*RAQQA_ARGV, "--version"], capture_output=True, text=True, env=env, check=False
    )
    located = Path(where.stdout.strip()).parent if where.returncode == 0 else "?"
    return f"{version.stdout.strip() or '?'} from {located}"


CACHE_PROBE = """
import json, statistics, time
from raqqa_cli.briefing import cache
from raqqa_cli.briefing.load import embedded_briefing, load_briefing

data = open(embedded_briefing(), "rb").read()
load_briefing()  # the entry exists and is signed

def median_us(work, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6

hit = median_us(lambda: cache.recall(data), 200)
assert cache.recall(data) is not None, "the cache missed"
print(json.dumps({"bytes": len(data), "digest": median_us(lambda: cache.digest(data), 2000),
                  "hit": hit}))
"""


def cache_costs(env: dict[str, str]) -> str:
    """What the cache costs on the embedded briefing, measured in a child process: the
    BLAKE2b digest of the file's bytes, and a whole hit (open the folder, key and entry,
    check the signature, unmarshal)."""
    import json

    result = subprocess.run(
        [sys.executable, "-c", CACHE_PROBE], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        return f"cache cost: not measured ({result.stderr.strip().splitlines()[-1:]})"
    costs = json.loads(result.stdout)
    return (
        f"cache cost on the embedded briefing ({costs['bytes'] / 1024:.0f} KiB): BLAKE2b digest"
        f" {costs['digest']:.0f} µs; a whole signed hit {costs['hit'] / 1000:.2f} ms (medians)"
    )


def progress(message: str) -> None:
    """A progress line on stderr, so stdout holds only the results."""
    print(message, file=sys.stderr, flush=True)


# -- main ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time raqqa's commands as whole processes against the product budgets."
    )
    parser.add_argument("--runs", type=int, default=15, help="runs per case (default 15)")
    parser.add_argument(
        "--large-runs", type=int, default=10, help="runs per case on large briefings (default 10)"
    )
    parser.add_argument("--quick", action="store_true", help="3 runs, skip 100,000 entries")
    parser.add_argument(
        "--shelf-only", action="store_true", help="only the shelf's rows (100 briefings)"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if budgets missed")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = args.large_runs = 3
    if args.runs < 1 or args.large_runs < 1:
        parser.error("--runs and --large-runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the results, and return the exit status."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="raqqa-bench-") as directory:
        return bench(args, Path(directory))


def compile_package() -> None:
    """Write the package's bytecode, as pip does when it installs a wheel: an editable
    install, or PYTHONDONTWRITEBYTECODE in the environment, would otherwise have every run
    time Python's compiler on each module changed since the last write."""
    import compileall

    import raqqa_cli

    compileall.compile_dir(Path(raqqa_cli.__file__).parent, quiet=1)


def memory_rows(
    directory: Path, env: dict[str, str], generated: list[str], quick: bool
) -> list[Row]:
    """Peak memory on the hostile shapes, a git blob, and the largest generated briefing."""
    rows = []
    cases: list[tuple[Case, float, int]] = []
    for label, path in hostile_files(directory):
        mib = path.stat().st_size / 2**20
        generated.append(f"hostile, {label}: {mib:.1f} MiB")
        for args in (("validate", str(path)), ("issues", "-f", str(path))):
            argv = (*RAQQA_ARGV, *args, "--format", "json")
            case = Case(f"memory: {args[0]}", label, "json, no cache", argv, NO_CACHE)
            cases.append((case, mib, MEMORY_FACTOR))
    if not quick:
        repo = git_blob(directory)
        generated.append("git blob: 256 MiB at HEAD:big.yaml")
        argv = (*RAQQA_ARGV, "diff", "HEAD:big.yaml", "small.yaml", "--format", "json")
        case = Case("memory: diff REV:PATH", "git blob 256 MiB", "json", argv, {"PWD": str(repo)})
        cases.append((case, 64.0, 1))  # read up to the 64 MiB limit, never the whole blob
        chain = directory / "briefing-chain-200000.yaml"
        if chain.exists():
            mib = chain.stat().st_size / 2**20
            reading: tuple[tuple[str, tuple[str, ...]], ...] = (
                ("validate", ()),
                ("aid --totals", ("-f",)),
            )
            for name, options in reading:
                argv = (*RAQQA_ARGV, *name.split(), *options, str(chain), "--format", "json")
                case = Case(f"memory: {name}", "chain 200k", "json, no cache", argv, NO_CACHE)
                cases.append((case, mib, MEMORY_FACTOR))
    for case, mib, factor in cases:
        m = measure_in(case, env, case.env.get("PWD"))
        rows.append(judge_memory(m, mib, factor))
        progress(f"{case.label} {case.briefing}: peak {m.peak_kib / 1024:.0f} MiB")
    return rows


def measure_in(case: Case, env: dict[str, str], cwd: str | None) -> Measurement:
    """`measure` with 3 runs (peak memory hardly varies), in the folder `cwd` if given."""
    if cwd is None:
        return measure(case, env, runs=3, warmups=0)
    here = Path.cwd()
    os.chdir(cwd)
    try:
        return measure(case, env, runs=3, warmups=0)
    finally:
        os.chdir(here)


def bench(args: argparse.Namespace, directory: Path) -> int:
    """Measure every case, with generated briefings and the cache in `directory`."""
    compile_package()
    cache = directory / "cache"
    env = {**os.environ, "COLUMNS": COLUMNS, "RAQQA_CACHE_DIR": str(cache)}
    env.pop("RAQQA_NO_CACHE", None)
    sizes = LARGE_SIZES[:1] if args.quick else LARGE_SIZES
    notes: list[str] = []

    commands = []
    for command in COMMANDS:
        if is_available(command, env):
            commands.append(command)
        else:
            notes.append(f"skipped {command.label!r}: not in this raqqa (No such command)")
            progress(notes[-1])

    rows: list[Row] = []
    all_floors: list[float] = []
    generated: list[str] = []
    if args.shelf_only:
        rows += shelf_rows(directory, env, args.large_runs, generated)
        return report(args, env, rows, notes, generated, all_floors, "not measured")
    cases = embedded_cases(commands)
    for number, (case, budget) in enumerate(cases, 1):
        m = measure(case, env, args.runs, warmups=2)
        all_floors += m.floors
        rows.append(judge_embedded(m, budget))
        progress(f"[{number}/{len(cases)}] {case.label} {case.mode}: {m.median * 1000:.1f} ms")

    cache_cost = cache_costs(env)
    progress(cache_cost)

    base: dict[tuple[str, str], Measurement] = {}
    for size in sizes:
        path, seconds = generate_file(directory, size)
        mib = path.stat().st_size / (1024 * 1024)
        generated.append(f"{size:,} entries, {mib:.1f} MiB, generated in {seconds:.2f} s")
        progress(f"large briefing: {generated[-1]}")
        size_label = f"{size // 1000}k"
        for case in large_cases(commands, path, size_label):
            m = measure(case, env, args.large_runs, warmups=1)
            if size == sizes[0]:
                base[case.label, case.mode] = m
                rows.append(judge_10k(m))
            else:
                rows.append(judge_100k(m, base.get((case.label, case.mode))))
            progress(f"{size_label} {case.label} {case.mode}: {m.median:.2f} s")
        if size == LARGE_SIZES[0] and any(c.label.startswith("diff") for c in commands):
            other, seconds = generate_file(directory, size, seed=1)
            for case in diff_cases(path, other, size_label):
                m = measure(case, env, args.large_runs, warmups=1)
                rows.append(judge_diff(m))
                progress(f"{size_label} {case.label} {case.mode}: {m.median:.2f} s")

    for shape, size in RELATION_SHAPES:
        measured: dict[tuple[str, str], Measurement] = {}
        for scale in (1,) if args.quick else (1, 10):
            path, seconds = generate_file(directory, size * scale, shape=shape)
            label = f"{shape} {size * scale // 1000}k"
            generated.append(f"{label}: {path.stat().st_size / 2**20:.1f} MiB in {seconds:.2f} s")
            # Ten times the size costs ten times a run: a third of the runs there (at least 3).
            runs = args.large_runs if scale == 1 else max(3, args.large_runs // 3)
            for case in relation_cases(path, label):
                m = measure(case, env, runs, warmups=1)
                if scale == 1:
                    measured[case.label, case.mode] = m
                    rows.append(judge_cpu(m))
                else:
                    rows.append(judge_cpu(m, measured.get((case.label, case.mode))))
                progress(f"{label} {case.label} {case.mode}: {m.cpu:.2f} s CPU")

    rows += shelf_rows(directory, env, args.large_runs, generated)
    rows += memory_rows(directory, env, generated, args.quick)
    return report(args, env, rows, notes, generated, all_floors, cache_cost)


def report(
    args: argparse.Namespace,
    env: dict[str, str],
    rows: list[Row],
    notes: list[str],
    generated: list[str],
    all_floors: list[float],
    cache_cost: str,
) -> int:
    """Print the facts, the table and the notes; the exit status."""
    for row in rows:
        m = row.measurement
        if m.returncode and not m.case.label.startswith("memory"):
            first = m.stderr.strip().splitlines()[0] if m.stderr.strip() else "(no message)"
            notes.append(f"{m.case.label} ({m.case.briefing}, {m.case.mode}): {first}")

    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs_note = f"{args.runs} runs per case after 2 warm-ups; large: {args.large_runs} after 1"
    if args.runs < 10:
        runs_note += " (fewer than the 10 runs the budgets ask for: indicative only)"
    facts = [
        f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs",
        f"python: {platform.python_version()} ({sys.executable})",
        f"raqqa: {raqqa_version(env)}",
        f"runs: {runs_note}",
        "cache: a fresh RAQQA_CACHE_DIR, warm after the warm-ups; 'no cache' = RAQQA_NO_CACHE=1",
        cache_cost,
        f"floor (python -c pass): median {statistics.median(all_floors) * 1000:.1f} ms"
        f" over {len(all_floors)} runs"
        if all_floors
        else "floor: not measured",
        *(f"large briefing: {line} (not counted)" for line in generated),
        f"benchmark's own peak RSS: {own_peak:.1f} MiB (no child can read lower:"
        " Linux carries it across exec; ≤ marks a reading at that floor)",
    ]
    cells = [row.cells() for row in rows]
    missed = sum(not row.passed for row in rows)
    if args.markdown:
        print("\n".join(f"- {fact}" for fact in facts))
        print()
        print(markdown_table(cells))
        if notes:
            print("\n" + "\n".join(f"- {note}" for note in notes))
    else:
        print("\n".join(facts))
        print()
        print(text_table(cells))
        if notes:
            print("\n" + "\n".join(f"note: {note}" for note in notes))
    print()
    print("all budgets met" if missed == 0 else f"BUDGETS MISSED: {missed}")
    return 1 if missed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
