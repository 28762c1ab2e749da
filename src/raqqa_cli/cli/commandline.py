"""Every command and option of `raqqa`, declared once.

Both readers of the command line are built from this table: `fast.py`, which reads the
everyday command lines without importing typer, and `app.py`, which builds the typer app
(help, completion, usage errors) from it, and so are the README's command table check and
the generated reference (`docgen.py`: docs/cli.md, docs/raqqa.1). Adding an
option is one line here plus its use in `commands.py`.

Nothing here imports typer, click or rich: the fast path imports this module.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

from raqqa_cli.render import CiteStyle, Format, NoteFor
from raqqa_cli.report import TotalBy

Kind = Literal["flag", "value", "choice"]
# Where completion finds values: the briefing in use, or the shell's own file names.
Completer = Literal[
    "files",
    "issues",
    "actors",
    "donors",
    "sectors",
    "statuses",
    "sources",
    "entries",
    "text",
    "decisions",
]


class Opt(NamedTuple):
    """An option: the keyword `commands.run` takes it as, how it is spelled, what it holds."""

    param: str
    flags: tuple[str, ...]
    kind: Kind
    help: str
    metavar: str | None = None
    choices: type[StrEnum] | None = None
    envvar: str | None = None
    complete: Completer | None = None
    # Of `choices`, the values this command takes (None: all of them). Help, both readers
    # and completion offer only these.
    allowed: tuple[str, ...] | None = None


class Arg(NamedTuple):
    """A positional argument."""

    param: str
    metavar: str
    help: str
    required: bool = False
    complete: Completer | None = None
    # A briefing the command reads, where '-' is standard input (as for --file).
    reads: bool = False


class Command(NamedTuple):
    """A command: its arguments and options, a one-line summary, and examples for help."""

    name: str
    summary: str
    examples: tuple[str, ...]
    args: tuple[Arg, ...] = ()
    options: tuple[Opt, ...] = ()
    # The format when none is given; None: the command takes no --format.
    default_format: Format | None = Format.auto
    # The command's function in `commands.py`, when it is not named like the command
    # (`listing`: one function for the listings that take only `--match`).
    runs: str | None = None
    # The group it is a subcommand of (`raqqa notes refresh`: "notes"), if any.
    group: str | None = None

    @property
    def formats(self) -> tuple[str, ...]:
        """The `--format` values the command takes (none: it takes no --format)."""
        for option in self.options:
            if option.param == "fmt" and option.choices is not None:
                return option.allowed or tuple(member.value for member in option.choices)
        return ()

    @property
    def path(self) -> str:
        """How `commands.run` knows it: `aid`, or `notes refresh` in a group."""
        return f"{self.group} {self.name}" if self.group else self.name


# -- the options every command shares -----------------------------------------------------

FILE = Opt(
    "file",
    ("--file", "-f"),
    "value",
    "Knowledge file to read; '-' reads standard input. [default: the embedded briefing]",
    metavar="PATH",
    envvar="RAQQA_BRIEFING",
    complete="files",
)
# The formats of a listing; `sources` adds the citation formats, `brief` and `validate` take
# fewer. Each command declares its own (`format_option`), so that help, the readers and
# completion offer only what it takes.
LISTING_FORMATS = (
    Format.auto, Format.table, Format.markdown, Format.json, Format.csv, Format.plain,
    Format.html,
)  # fmt: skip


def format_option(formats: tuple[Format, ...] | None = LISTING_FORMATS) -> Opt:
    """`--format`, taking `formats` (None: every format, for the top level, which passes it
    on to the command named after it, where that command's own list is checked)."""
    named = [f.value for f in formats or Format if f is not Format.auto]
    listed = f"{', '.join(named[:-1])} or {named[-1]}"
    return Opt(
        "fmt",
        ("--format",),
        "choice",
        f"{listed}; auto is a table on a terminal, Markdown when piped, and with -o the file's"
        " extension.",
        metavar="FORMAT",
        choices=Format,
        allowed=tuple(f.value for f in formats) if formats else None,
    )


FORMAT = format_option()
OUT = Opt(
    "out",
    ("--output", "-o"),
    "value",
    "Write to FILE, replacing it whole (into a FIFO or a terminal as it is; never a briefing"
    " read, never through a link to a file); the format from its extension (.md .json .csv"
    " .tsv .txt .html) unless --format says.",
    metavar="FILE",
    complete="files",
)
FORCE = Opt(
    "force",
    ("--force",),
    "flag",
    "Let -o (and --bibliography) replace a read-only file, which keeps its mode.",
)
# Where output goes: every command that takes -o takes --force with it.
WRITE = (OUT, FORCE)
EXCEL = Opt(
    "excel",
    ("--excel",),
    "flag",
    "CSV for Excel: UTF-8 with a byte-order mark, so that £ and é survive (implies csv).",
)
HXL = Opt(
    "hxl",
    ("--hxl",),
    "flag",
    "CSV with an HXL hashtag row after the header (#org +funder, #sector, #value, ...),"
    " for humanitarian data tools (implies csv).",
)
MATCH = Opt(
    "match",
    ("--match", "-m"),
    "value",
    "Only entries mentioning TEXT (or an alias of it).",
    metavar="TEXT",
    complete="text",
)
ACTOR = Opt(
    "actor",
    ("--actor",),
    "value",
    "Only entries linked to this actor (any alias).",
    metavar="NAME",
    complete="actors",
)
SOURCE = Opt(
    "source",
    ("--source",),
    "value",
    "Only entries citing this source (id or words).",
    metavar="SOURCE",
    complete="sources",
)
MIN_GRADE = Opt(
    "min_grade",
    ("--min-grade",),
    "value",
    "Only entries whose source is graded at least this (B2: reliability A-B, credibility"
    " 1-2); ungraded sources are left out.",
    metavar="GRADE",
)
NO_PAGER = Opt(
    "no_pager",
    ("--no-pager",),
    "flag",
    "Print straight to the terminal, even when the output is taller than it.",
)
# What every listing takes after its own options.
OUTPUT = (FILE, FORMAT, *WRITE, EXCEL, NO_PAGER)


def output(formats: tuple[Format, ...] | None) -> tuple[Opt, ...]:
    """The options every command shares, with its own formats."""
    return (FILE, format_option(formats), *WRITE, EXCEL, NO_PAGER)


# Options given before a command's name that reach the command (`raqqa -f x.yaml aid`).
INHERITED = tuple(option.param for option in OUTPUT)
VERSION = Opt("version", ("--version",), "flag", "Show the version and exit.")

COMMANDS: tuple[Command, ...] = (
    Command(
        "issues",
        "The issues the briefing raises: who is involved, key figures, statements.",
        ("raqqa issues", "raqqa issues ISSUE-ID --format json"),
        args=(Arg("issue_id", "[ID]", "Show this issue in full.", complete="issues"),),
        options=(MATCH, *OUTPUT),
    ),
    Command(
        "aid",
        "Packages and aid lines: donor, what, amount or quantity, sector, status, date, source.",
        ("raqqa aid --totals", "raqqa aid --coverage", "raqqa aid --sector health --format csv"),
        options=(
            Opt("totals", ("--totals",), "flag", "Honest totals instead of the lines."),
            Opt(
                "by",
                ("--by",),
                "choice",
                "Group the totals by status, sector or donor (implies --totals).",
                choices=TotalBy,
            ),
            Opt(
                "sector",
                ("--sector",),
                "value",
                "Only this sector.",
                metavar="SECTOR",
                complete="sectors",
            ),
            Opt("donor", ("--donor",), "value", "Only this donor.", "NAME", complete="donors"),
            Opt(
                "status",
                ("--status",),
                "value",
                "announced, pledged, committed, disbursed, received, delivered or expected.",
                metavar="STATUS",
                complete="statuses",
            ),
            Opt("chart", ("--chart",), "flag", "Bars per unit (a picture on a terminal)."),
            Opt(
                "coverage",
                ("--coverage",),
                "flag",
                "Per target: the requirement, what was pledged, committed and received, and the"
                " share funded.",
            ),
            MATCH,
            HXL,
            *OUTPUT,
        ),
    ),
    Command(
        "reactions",
        "International reactions: actor, stance, claim or quote, date, source.",
        ("raqqa reactions", "raqqa reactions --actor NAME"),
        options=(ACTOR, SOURCE, MATCH, MIN_GRADE, *OUTPUT),
    ),
    Command(
        "statements",
        "Who said what, when and where: paraphrase and quote kept apart, each with its source.",
        ("raqqa statements", "raqqa statements --actor NAME"),
        options=(ACTOR, SOURCE, MATCH, MIN_GRADE, *OUTPUT),
    ),
    Command(
        "actors",
        "People and organisations: kind, roles with the dates held and their sources, aliases.",
        ("raqqa actors", "raqqa actors NAME"),
        args=(
            Arg("name", "[NAME]", "Everything linked to this actor (any alias).", False, "actors"),
        ),
        options=(MATCH, *OUTPUT),
    ),
    Command(
        "votes",
        "Drafts, resolutions and motions: the tally counted from the votes recorded beside the"
        " stated one, the result and why; with ID, how each member voted.",
        ("raqqa votes", "raqqa votes ID --format json"),
        args=(
            Arg(
                "decision_id",
                "[ID]",
                "How each member voted on this decision (id or symbol).",
                complete="decisions",
            ),
        ),
        options=(MATCH, *OUTPUT),
    ),
    Command(
        "places",
        "Places: every spelling, the kind of place and what each lies within.",
        ("raqqa places", "raqqa places --match NAME"),
        options=(MATCH, *OUTPUT),
        runs="listing",
    ),
    Command(
        "timeline",
        "Dated events in order, each at the precision known; a time line on a terminal.",
        ("raqqa timeline", "raqqa timeline --since 2017-10"),
        options=(
            Opt("since", ("--since",), "value", "From this date (YYYY[-MM[-DD]]).", "DATE"),
            Opt("until", ("--until",), "value", "Up to this date (inclusive).", "DATE"),
            *OUTPUT,
        ),
    ),
    Command(
        "outlook",
        "Judgements: whose they are, the words used and the stated likelihood (none imposed).",
        ("raqqa outlook", "raqqa outlook >> notes.md"),
        options=(MATCH, MIN_GRADE, *OUTPUT),
        runs="listing",
    ),
    Command(
        "figures",
        "Key numbers: what they count, qualifier, scope, who claims them, as of when, source.",
        ("raqqa figures", "raqqa figures --match TEXT", "raqqa figures --min-grade B2"),
        options=(MATCH, MIN_GRADE, *OUTPUT),
        runs="listing",
    ),
    Command(
        "conflicts",
        "Measures with more than one claimant or value: each claim, the spread, and why they"
        " may not be comparable.",
        ("raqqa conflicts", "raqqa conflicts --format json"),
        options=(MATCH, *OUTPUT),
        runs="listing",
    ),
    Command(
        "sources",
        "The citations with their locators and grades, and who cites whom.",
        ("raqqa sources", "raqqa sources --by-grade"),
        options=(
            Opt("by_grade", ("--by-grade",), "flag", "Best graded first, ungraded last."),
            MATCH,
            MIN_GRADE,
            *output((*LISTING_FORMATS, Format.csl_json, Format.bibtex)),
        ),
        runs="listing",
    ),
    Command(
        "errata",
        "Where the briefing and the public record differ: what each says, with its sources.",
        ("raqqa errata",),
        options=(MATCH, *OUTPUT),
        runs="listing",
    ),
    Command(
        "search",
        "Every entry that mentions TEXT in any field; case, accents and aliases do not matter.",
        ("raqqa search TEXT", "raqqa search TEXT --format json"),
        args=(Arg("text", "TEXT", "What to look for.", required=True, complete="text"),),
        options=OUTPUT,
    ),
    Command(
        "show",
        "One entry whole: every field with its source, the source chain, what refers to it.",
        ("raqqa show ID", "raqqa show ID --format json"),
        args=(Arg("entry_id", "ID", "The id of any entry.", required=True, complete="entries"),),
        options=OUTPUT,
        runs="show_entry",
    ),
    Command(
        "brief",
        "The whole briefing as one Markdown note, its citations linked to the sources.",
        ("raqqa brief >> notes.md", "raqqa brief --for readers > brief.md"),
        options=(
            Opt(
                "audience",
                ("--for",),
                "choice",
                "analysts (the default) see ids and raqqa's hints; readers get a note to"
                " circulate, without them.",
                choices=NoteFor,
            ),
            Opt(
                "cite",
                ("--cite",),
                "choice",
                "numbers (the default): [1] linked to the numbered sources; pandoc: [@id] for"
                " pandoc --citeproc, with the sources from --bibliography.",
                choices=CiteStyle,
            ),
            Opt(
                "bibliography",
                ("--bibliography",),
                "value",
                "With --cite pandoc: also write the sources as CSL-JSON to FILE (named .json),"
                " for pandoc --citeproc --bibliography FILE; written as -o writes.",
                metavar="FILE",
                complete="files",
            ),
            *output((Format.auto, Format.markdown, Format.table, Format.html)),
        ),
    ),
    Command(
        "refresh",
        "Regenerate the <!-- raqqa: COMMAND --> ... <!-- /raqqa --> blocks of a Markdown note.",
        (
            "raqqa notes refresh notes.md",
            "raqqa notes refresh n.md --check",
            "raqqa notes refresh n.md --diff",
        ),
        args=(Arg("note", "NOTE", "The Markdown note to refresh.", True, "files"),),
        options=(
            Opt(
                "check",
                ("--check",),
                "flag",
                "Write nothing; list the stale blocks and exit 1 if any (for CI).",
            ),
            Opt("diff", ("--diff",), "flag", "Write nothing; show what would change, as a diff."),
            FILE,
        ),
        default_format=None,
        runs="notes_refresh",
        group="notes",
    ),
    Command(
        "diff",
        "What changed between two versions of a briefing, by id and field.",
        ("raqqa diff HEAD~1:b.yaml b.yaml", "raqqa diff old.yaml new.yaml"),
        args=(
            Arg(
                "old",
                "OLD",
                "The earlier version: a file, '-' or REV:PATH (git).",
                True,
                "files",
                reads=True,
            ),
            Arg(
                "new",
                "NEW",
                "The later version: a file, '-' or REV:PATH (git).",
                True,
                "files",
                reads=True,
            ),
        ),
        options=(
            Opt(
                "exit_code",
                ("--exit-code",),
                "flag",
                "Exit with status 1 when anything changed, 0 when nothing did (as git diff).",
            ),
            FORMAT,
            *WRITE,
            EXCEL,
            NO_PAGER,
        ),
    ),
    Command(
        "validate",
        "Check a knowledge file: every problem, then what a careful reviewer would flag.",
        (
            "raqqa validate mine.yaml",
            "raqqa validate mine.yaml --strict",
            "raqqa validate mine.yaml --format json",
        ),
        args=(
            Arg("path", "[FILE]", "Knowledge file to check ('-' for stdin).", False, "files", True),
        ),
        options=(
            Opt(
                "strict",
                ("--strict",),
                "flag",
                "Exit with status 1 when the review finds anything (its findings are warnings"
                " otherwise).",
            ),
            Opt(
                "stale",
                ("--stale",),
                "value",
                "A source last verified longer ago than this is stale. [default: 90d]",
                metavar="DAYS",
            ),
            Opt(
                "today",
                ("--today",),
                "value",
                "Count staleness from this date (YYYY-MM-DD). [default: today]",
                metavar="DATE",
            ),
            *output(
                (Format.auto, Format.table, Format.markdown, Format.plain, Format.json, Format.csv)
            ),
        ),
    ),
    Command(
        "init",
        "Start a briefing: write a small commented template that validates.",
        ("raqqa init mine.yaml", "raqqa init - > mine.yaml"),
        args=(
            Arg(
                "path",
                "[PATH]",
                "Where to write it ('-' for standard output). [default: briefing.yaml]",
                complete="files",
            ),
        ),
        options=(
            Opt(
                "schema",
                ("--schema",),
                "flag",
                "Also write the JSON Schema beside it, for editors (kept if already there).",
            ),
        ),
        default_format=None,
    ),
    Command(
        "schema",
        "Print the JSON Schema of the knowledge file, for editors and other validators.",
        ("raqqa schema > raqqa.schema.json",),
        options=(*WRITE, NO_PAGER),
        default_format=None,
    ),
)

# Groups of subcommands, with what each is for.
GROUPS = {"notes": "Markdown notes with raqqa blocks that stay current."}

# What raqqa reads from the environment, and what it exits with: `raqqa --help` and the
# generated reference (docs/cli.md, docs/raqqa.1) both say it from here.
ENVIRONMENT = (
    ("RAQQA_BRIEFING", "knowledge file (-f)"),
    ("RAQQA_PAGER", "pager (else PAGER)"),
    ("NO_COLOR", "no colour"),
    ("FORCE_COLOR", "colour, even piped"),
    ("COLUMNS, LINES", "the terminal's size"),
    ("RAQQA_NO_CACHE", "keep no cache"),
    ("RAQQA_CACHE_DIR", "the cache's folder"),
)
EXIT_STATUSES = (
    (0, "success (an empty result too)"),
    (1, "bad file, or output not written"),
    (2, "usage error"),
    (3, "internal error (a bug)"),
    (130, "interrupted"),
)

# `raqqa` with no command: the briefing at a glance.
OVERVIEW = Command(
    "overview",
    "Fast, trustworthy answers from a YAML briefing. With no command: the briefing at a glance.",
    ("raqqa", "raqqa aid --totals", "raqqa brief >> notes.md"),
    options=(VERSION, *output(None)),
)
BY_NAME = {command.path: command for command in COMMANDS}
