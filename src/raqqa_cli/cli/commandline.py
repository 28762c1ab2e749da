"""Every command of `raqqa`, and the options several share, declared once.

A command is a line of `COMMANDS` (its summary, examples and the options that shape its
output) and a module `raqqa_cli.cli.commands.<name>`: its `Options`, one typed `Record`
whose fields are its arguments and options (`Annotated` with an `Arg` or `Opt`), and its
body, `run(out, options)`. Both readers of the command line are built from these: `fast.py`,
which reads the everyday command lines without importing typer, and `app.py`, which builds
the typer app (help, completion, usage errors), and so are the README's command table check
and the generated reference (`docgen.py`: docs/cli.md, docs/raqqa.1). Adding an option is
one field of its command's `Options`, and its use in `run`.

Nothing here imports typer, click or rich: the fast path imports this module.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from raqqa_cli.record import Struct
from raqqa_cli.render import Format, NoteFor

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
    "commands",
    "kinds",
]


class Opt(Struct):
    """An option: how it is spelled, what it holds, and the keyword it is known by (the
    field of the command's `Options` it annotates, or given here for the options that
    shape the output, which are the `Output`'s)."""

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
    # It may be given several times (`-f a.yaml -f b.yaml`): its values, in order, a list.
    many: bool = False
    param: str = ""


class Arg(Struct):
    """A positional argument (the field of the command's `Options` it annotates)."""

    metavar: str
    help: str
    required: bool = False
    complete: Completer | None = None
    # A briefing the command reads, where '-' is standard input (as for --file).
    reads: bool = False
    param: str = ""


class Command(Struct):
    """A command: a one-line summary, examples for help, and the options that shape its
    output (`writes`, the `Output`'s). What it reads, its arguments and its own options,
    is one class, `Options`, in its module `raqqa_cli.cli.commands.<name>` beside `run(out,
    options)`, its body: imported only for the command run (`options_class`), so that a
    piped command builds one such class, not all of them."""

    name: str
    summary: str
    examples: tuple[str, ...]
    writes: tuple[Opt, ...] = ()
    # The format when none is given; None: the command takes no --format.
    default_format: Format | None = Format.auto
    # The group it is a subcommand of (`raqqa notes refresh`: "notes"), if any.
    group: str | None = None
    # What a command without --format writes (`schema`: JSON), which -o's name must not
    # contradict (`raqqa schema -o s.csv` is refused, not written as JSON).
    writes_as: Format | None = None

    @property
    def path(self) -> str:
        """How `commands.run` knows it: `aid`, or `notes refresh` in a group."""
        return f"{self.group} {self.name}" if self.group else self.name

    @property
    def module(self) -> str:
        """The module of its `Options` and its body: `raqqa_cli.cli.commands.notes_refresh`."""
        return f"raqqa_cli.cli.commands.{self.path.replace(' ', '_')}"

    @property
    def options_class(self) -> type[tuple[Any, ...]]:
        """Its `Options`: a typed `Record` whose fields are its arguments and options."""
        return _declared(self)[0]  # type: ignore[no-any-return]

    @property
    def args(self) -> tuple[Arg, ...]:
        """Its positional arguments, in order, each known by its field's name."""
        return _declared(self)[1]  # type: ignore[no-any-return]

    @property
    def options(self) -> tuple[Opt, ...]:
        """Its options, as help lists them: its own, then those that shape its output."""
        return (*_declared(self)[2], *self.writes)

    @property
    def formats(self) -> tuple[str, ...]:
        """The `--format` values the command takes (none: it takes no --format)."""
        for option in self.writes:
            if option.param == "fmt" and option.choices is not None:
                return option.allowed or tuple(member.value for member in option.choices)
        return ()


_DECLARED: dict[str, tuple[Any, ...]] = {}


def _declared(command: Command) -> tuple[Any, ...]:
    """A command's `Options` class, and its arguments and options read from the fields'
    `Annotated` metadata (each `Arg` or `Opt` given the field's name), once per process."""
    found = _DECLARED.get(command.path)
    if found is None:
        import importlib

        options = importlib.import_module(command.module).Options
        # Read as written, not through typing.get_type_hints (a tenth of a millisecond a
        # class): the command modules do not postpone their annotations.
        fields = [(name, options.__annotations__[name]) for name in options._fields]
        items = [(name, m) for name, hint in fields for m in getattr(hint, "__metadata__", ())]
        args = tuple(m._replace(param=name) for name, m in items if isinstance(m, Arg))
        opts = tuple(m._replace(param=name) for name, m in items if isinstance(m, Opt))
        found = _DECLARED[command.path] = (options, args, opts)
    return found


# -- the options many commands share ------------------------------------------------------
# A command's `Options` names each as a field: `file: File = None`.

FILE = Opt(
    ("--file", "-f"),
    "value",
    "Knowledge file to read; '-' reads standard input; a folder, or -f given again, reads"
    " every briefing in it, a shelf. [default: the embedded briefing]",
    metavar="PATH",
    envvar="RAQQA_BRIEFING",
    complete="files",
    many=True,
)
# A command's body reads one briefing: several (a shelf) are run one by one (`cli/shelf.py`).
File = Annotated[str | None, FILE]


def one_or_many(values: Any) -> Any:
    """What both readers of the command line give for an option that may be repeated: None
    when it is not given, its value when given once, the list of values when given again."""
    if values is None or isinstance(values, str):
        return values
    listed = list(values)
    return None if not listed else listed[0] if len(listed) == 1 else listed


Match = Annotated[
    str | None,
    Opt(
        ("--match", "-m"),
        "value",
        "Only entries mentioning TEXT (or an alias of it).",
        metavar="TEXT",
        complete="text",
    ),
]
Actor = Annotated[
    str | None,
    Opt(
        ("--actor",),
        "value",
        "Only entries linked to this actor (any alias).",
        metavar="NAME",
        complete="actors",
    ),
]
Source = Annotated[
    str | None,
    Opt(
        ("--source",),
        "value",
        "Only entries citing this source (id or words).",
        metavar="SOURCE",
        complete="sources",
    ),
]
MinGrade = Annotated[
    str | None,
    Opt(
        ("--min-grade",),
        "value",
        "Only entries whose source is graded at least this (B2: reliability A-B, credibility"
        " 1-2); ungraded sources are left out.",
        metavar="GRADE",
    ),
]
HXL = Opt(
    ("--hxl",),
    "flag",
    "CSV with an HXL hashtag row after the header (#org +funder, #sector, #value, ...),"
    " for humanitarian data tools (implies csv).",
    param="hxl",
)

# -- the options that shape the output: the `Output`'s, named here ------------------------

# The formats of a listing; `sources` adds the citation formats, `brief` and `validate` take
# fewer. Each command declares its own (`output`), so that help, the readers and completion
# offer only what it takes.
LISTING_FORMATS = (
    Format.auto, Format.table, Format.markdown, Format.json, Format.csv, Format.tsv,
    Format.plain, Format.html,
)  # fmt: skip
# A command that shows one report writes it as a workbook too (`-o aid.xlsx`).
REPORT_FORMATS = (*LISTING_FORMATS, Format.xlsx)


def format_option(formats: tuple[Format, ...] | None = LISTING_FORMATS) -> Opt:
    """`--format`, taking `formats` (None: every format, for the top level, which passes it
    on to the command named after it, where that command's own list is checked)."""
    named = [f.value for f in formats or Format if f is not Format.auto]
    listed = f"{', '.join(named[:-1])} or {named[-1]}"
    if formats is None:  # the top level: every format, each command taking its own
        listed += " (each command takes those its help lists)"
    return Opt(
        ("--format",),
        "choice",
        f"{listed}; auto is a table on a terminal, Markdown when piped, and with -o the file's"
        " extension.",
        metavar="FORMAT",
        choices=Format,
        allowed=tuple(f.value for f in formats) if formats else None,
        param="fmt",
    )


def out_option(formats: tuple[Format, ...] | None, chosen: bool = True) -> Opt:
    """`-o FILE`, its help naming the extensions of the formats the command takes (None:
    every one, at the top level, where the command named after it checks its own), or,
    where it has no --format (`chosen` false), the one format it writes."""
    from raqqa_cli.render import FORMAT_OF_EXTENSION

    taken = set(formats or Format)
    first = {f: e for e, f in reversed(FORMAT_OF_EXTENSION.items()) if f in taken}
    named = " ".join(e for e, f in FORMAT_OF_EXTENSION.items() if first.get(f) == e)
    said = (
        f"; the format from its extension ({named}) unless --format says"
        if chosen
        else f" as {', '.join(f.value.upper() for f in taken)}"
    )
    return Opt(
        ("--output", "-o"),
        "value",
        "Write to FILE, replacing it whole (into a FIFO or a terminal as it is; never a"
        f" briefing read, never through a link to a file){said}.",
        metavar="FILE",
        complete="files",
        param="out",
    )


def force_option(also: str = "") -> Opt:
    """`--force`; `also` names the command's other files it lets replace (`--bibliography`)."""
    return Opt(
        ("--force",),
        "flag",
        f"Let -o{also} replace a read-only file, which keeps its mode.",
        param="force",
    )


# Where output goes: every command that takes -o takes --force with it (`schema`: JSON).
WRITE = (out_option((Format.json,), chosen=False), force_option())
EXCEL = Opt(
    ("--excel",),
    "flag",
    "CSV for Excel: UTF-8 with a byte-order mark, so that £ and é survive (implies csv).",
    param="excel",
)
AUDIENCE = Opt(
    ("--for",),
    "choice",
    "analysts (the default) see ids and raqqa's hints; readers get text to circulate:"
    " entries by name, without them (tables, Markdown and HTML).",
    choices=NoteFor,
    param="audience",
)
NO_PAGER = Opt(
    ("--no-pager",),
    "flag",
    "Print straight to the terminal, even when the output is taller than it.",
    param="no_pager",
)


def output(formats: tuple[Format, ...] | None = REPORT_FORMATS, also: str = "") -> tuple[Opt, ...]:
    """What a command that renders takes after its own options: `--format` (with its
    formats), `-o` (with their extensions), `--force` (and the other files it lets
    replace, `also`), `--excel` where it writes CSV, `--for` where it writes Markdown or
    HTML, and `--no-pager`."""
    excel = (EXCEL,) if formats is None or Format.csv in formats else ()
    people = formats is None or Format.markdown in formats or Format.html in formats
    write = (out_option(formats), force_option(also))
    return (format_option(formats), *write, *excel, *((AUDIENCE,) if people else ()), NO_PAGER)


# Options given before a command's name that reach the command (`raqqa -f x.yaml aid`).
INHERITED = ("file", *(option.param for option in output(None)))
VERSION = Opt(("--version",), "flag", "Show the version and exit.")

COMMANDS: tuple[Command, ...] = (
    Command(
        "issues",
        "The issues the briefing raises: who is involved, key figures, statements.",
        ("raqqa issues", "raqqa issues iss-humanitarian"),
        output(),
    ),
    Command(
        "aid",
        "Packages and aid lines: donor, what, amount or quantity, sector, status, date, source.",
        ("raqqa aid --totals", "raqqa aid --by sector", "raqqa aid --sector health --format csv"),
        output(),
    ),
    Command(
        "reactions",
        "International reactions: actor, stance, claim or quote, date, source.",
        ("raqqa reactions", "raqqa reactions --actor Russia"),
        output(),
    ),
    Command(
        "statements",
        "Who said what, when and where: the paraphrase, then the quote in quotation marks (apart"
        " in records), each with its source.",
        ("raqqa statements", "raqqa statements --actor Fallon"),
        output(),
    ),
    Command(
        "actors",
        "People and organisations: kind, roles with the dates held and their sources, aliases.",
        ("raqqa actors", "raqqa actors Fallon"),
        output(),
    ),
    Command(
        "votes",
        "Drafts, resolutions and motions: the tally counted from the votes recorded beside the"
        " stated one, the result and why; with ID, how each member voted.",
        ("raqqa votes", "raqqa votes --format json"),
        output(),
    ),
    Command(
        "places",
        "Places: every spelling, the kind of place and what each lies within.",
        ("raqqa places", "raqqa places --match Raqqa"),
        output(),
    ),
    Command(
        "timeline",
        "Dated events in order, each at the precision known; a time line on a terminal.",
        ("raqqa timeline", "raqqa timeline --since 2017-10"),
        output(),
    ),
    Command(
        "outlook",
        "Judgements: whose they are, the words used and the stated likelihood (none imposed).",
        ("raqqa outlook", "raqqa outlook >> notes.md"),
        output(),
    ),
    Command(
        "figures",
        "Key numbers: what they count, qualifier, scope, who claims them, as of when, source.",
        ("raqqa figures", "raqqa figures --match killed", "raqqa figures --format csv"),
        output(),
    ),
    Command(
        "conflicts",
        "Measures with more than one claimant or value: each claim, the spread, and why they"
        " may not be comparable.",
        ("raqqa conflicts", "raqqa conflicts --format json"),
        output(),
    ),
    Command(
        "sources",
        "The citations with their locators and grades, and who cites whom.",
        ("raqqa sources", "raqqa sources --by-grade"),
        output((*REPORT_FORMATS, Format.csl_json, Format.bibtex)),
    ),
    Command(
        "errata",
        "Where the briefing and the public record differ: what each says, with its sources.",
        ("raqqa errata",),
        output(),
    ),
    Command(
        "search",
        "Every entry that mentions TEXT in any field; case, accents and aliases do not matter.",
        ("raqqa search Daesh", "raqqa search Fallon --format json"),
        output(),
    ),
    Command(
        "show",
        "One entry whole: every field with its source, the source chain, what refers to it.",
        ("raqqa show st-stewart-5live", "raqqa show act-fallon --format json"),
        output(),
    ),
    Command(
        "brief",
        "The whole briefing as one Markdown note, its citations linked to the sources.",
        ("raqqa brief >> notes.md", "raqqa brief --for readers > brief.md"),
        output((Format.auto, Format.markdown, Format.table, Format.html), " and --bibliography"),
    ),
    Command(
        "refresh",
        "Regenerate the <!-- raqqa: COMMAND --> ... <!-- /raqqa --> blocks of a Markdown note.",
        (
            "raqqa notes refresh notes.md",
            "raqqa notes refresh n.md --check",
            "raqqa notes refresh n.md --diff",
            "raqqa notes refresh n.md --for readers",
        ),
        (AUDIENCE,),
        default_format=None,
        group="notes",
    ),
    Command(
        "diff",
        "What changed between two versions of a briefing, by id and field.",
        ("raqqa diff HEAD~1:b.yaml b.yaml", "raqqa diff old.yaml new.yaml"),
        output(LISTING_FORMATS),
    ),
    Command(
        "validate",
        "Check a knowledge file: every problem, then what a careful reviewer would flag.",
        (
            "raqqa validate mine.yaml",
            "raqqa validate mine.yaml --strict",
            "raqqa validate mine.yaml --format json",
        ),
        output((Format.auto, Format.table, Format.markdown, Format.plain, Format.json, Format.csv)),
    ),
    Command(
        "init",
        "Start a briefing: write a small commented template that validates.",
        ("raqqa init mine.yaml", "raqqa init - > mine.yaml"),
        default_format=None,
    ),
    Command(
        "help",
        "How to use a command: its options and examples, as COMMAND -h shows them.",
        ("raqqa help aid", "raqqa help"),
        (NO_PAGER,),
        default_format=None,
    ),
    Command(
        "schema",
        "Print the JSON Schema of the knowledge file, for editors and other validators.",
        ("raqqa schema > raqqa.schema.json",),
        (*WRITE, NO_PAGER),
        default_format=None,
        writes_as=Format.json,
    ),
)

# Groups of subcommands, with what each is for.
GROUPS = {"notes": "Markdown notes with raqqa blocks that stay current."}

# What raqqa reads from the environment, and what it exits with: `raqqa --help` and the
# generated reference (docs/cli.md, docs/raqqa.1) both say it from here.
ENVIRONMENT = (
    ("RAQQA_BRIEFING", "file or folder (-f)"),
    ("RAQQA_PAGER", "pager (else PAGER)"),
    ("NO_COLOR", "no colour, bold kept"),
    ("FORCE_COLOR", "colour, even piped"),
    ("COLUMNS, LINES", "the terminal's size"),
    ("RAQQA_NO_CACHE", "keep no cache"),
    ("RAQQA_CACHE_DIR", "the cache's folder"),
    ("RAQQA_SHELF_ROOT", "where includes stop"),
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
    output(None),
)
BY_NAME = {command.path: command for command in COMMANDS}
