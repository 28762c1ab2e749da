"""A command run on a shelf: on each of its briefings as on one file, then put together.

`commands.dispatch` sends a command here when `-f` names a folder or is given again
(`briefing/shelf.py` says which briefings that is). Each command's body runs on each
briefing through a `Gathering` output, which keeps what the body shows (a report) or
writes (a brief, a bibliography) instead of printing it; then:

- reports become one (`reports/shelf.py`): each row under its briefing, ids that clash
  qualified, nothing added across briefings. A record or a chart is drawn for each
  briefing in turn in the formats people read, and as one list of records for machines;
- a brief is each briefing's brief in turn (an HTML page holds every one of them);
- CSL-JSON is one array, BibTeX one file, each entry once, clashing keys qualified;
- `validate` checks every briefing and every registry in the folder.

An entry named with its briefing (`brussels-2017:act-uk`, as a shelf's answers qualify
ids) is looked for in that briefing alone. A briefing that has no such entry (`actors
NAME` on a shelf where some briefings never name them) answers nothing; where none has
it, the error says what each briefing said, once (`_no_answer`).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from raqqa_cli.cli.output import Finished, Output
from raqqa_cli.errors import ExitCode, QueryError
from raqqa_cli.render import Format, resolve_format

if TYPE_CHECKING:
    from raqqa_cli.briefing.shelf import Identities, Member
    from raqqa_cli.report import Report

# The argument of each command that names one entry, which a shelf's id may qualify.
NAMED_ENTRY = {"show": "entry_id", "issues": "issue_id", "votes": "decision_id", "actors": "name"}
PEOPLE_FORMATS = frozenset({Format.table, Format.markdown, Format.html})


class Gathering(Output):
    """One briefing's output on a shelf: its reports (for readers, if they are asked
    for, with the names this briefing gives its entries) and its text, kept; once its
    command has run, its ids and whether it includes registries (`settle`), and not the
    briefing itself, which a shelf of a hundred would otherwise hold all at once."""

    def __init__(self, out: Output, shelf: str | None = None) -> None:
        # Suggestions name the shelf as it was named (`raqqa -f examples/ show ID`), where
        # one folder names it; else each briefing by its own path.
        super().__init__(out.terminal, out.target, captured=[], named_as=shelf)
        self.reports: list[Report] = []  # as the command made them, ids and all
        self.shown: list[Report] = []  # as its readers see them (`--for readers`), row for row
        self.ids: frozenset[str] = frozenset()
        self.includes = False
        self.read = False  # whether the briefing was read (a command line's mistake: not)

    def settle(self) -> None:
        """Keep what the shelf needs of the briefing read, and let the briefing go."""
        if self.index is not None:
            self.read = True
            self.ids = frozenset(self.index.by_id)
            self.includes = bool(self.index.briefing.include)
            self.index = None

    def show(self, report: Report) -> None:
        self.reports.append(report)
        if self.target.readers:
            from raqqa_cli.reports.readers import for_readers

            report = for_readers(report, self.index)
        self.shown.append(report)


def shelf_given(command: str, options: dict[str, Any]) -> list[Member] | None:
    """The briefings of the shelf `command` is asked to run on, or None for one briefing
    (`notes refresh` hands `-f` to its blocks, which run on the shelf themselves)."""
    if command == "notes refresh" or "file" not in options:
        return None
    from raqqa_cli.briefing.shelf import members_of, one_member

    given = options.get("path") or options.get("file")
    found = members_of(given)
    if found is None and command == "aid" and options.get("by") == "briefing":
        from raqqa_cli.cli.commands import knowledge_files

        return [one_member(knowledge_files(given)[0])]
    return found


def run_shelf(command: str, out: Output, options: dict[str, Any], members: list[Member]) -> None:
    """Run `command` on each briefing of the shelf, and write one answer."""
    if command == "validate":
        _validate(out, options, members)
        return
    from raqqa_cli.briefing.load import scans_kept

    with scans_kept():
        _run_each(command, out, options, members)


def _run_each(command: str, out: Output, options: dict[str, Any], members: list[Member]) -> None:
    given = options.get("file")
    shelf = out.named_as if out.named_as is not None else given
    folder = shelf if isinstance(shelf, str) and shelf and _is_folder(given) else None
    members, options = _named_entry(command, options, members)
    gathered: list[tuple[Member, Gathering]] = []
    read: list[tuple[Member, Gathering]] = []  # every briefing read, answering or not
    refused: list[tuple[Member, QueryError]] = []  # the briefings that had no answer
    for member in members:
        part = Gathering(out, folder)
        try:
            _dispatch(command, part, {**options, "file": member.path})
        except QueryError as error:
            part.settle()
            if not part.read:  # a mistake in the command line: the same everywhere
                raise
            refused.append((member, error))
            read.append((member, part))
            continue
        part.settle()
        gathered.append((member, part))
        read.append((member, part))
    if not gathered:
        raise _no_answer(refused)
    if any(part.reports for _, part in gathered):
        # Clashes across every briefing read, not only those that answered: an id is
        # qualified whatever the question, as `show` finds it.
        _show(out, gathered, _identities(read))
    else:
        out.emit(_texts(out, gathered))


def _no_answer(refused: list[tuple[Member, QueryError]]) -> QueryError:
    """The error of a shelf where no briefing answers: what each said, once, under the
    names of the briefings that said it (`no decision has the id 'dec-32'; unsc-8228-2018:
    did you mean 'dec-321'?; appeal-nepal-2015, brussels-2017: this briefing records no
    decisions`), where they differ after what all of them say; one line."""
    said: dict[str, list[str]] = {}
    for member, error in refused:
        said.setdefault(str(error), []).append(member.name)
    if len(said) == 1:
        return refused[0][1]
    heads = {message.partition("; ")[0] for message in said}
    head = heads.pop() if len(heads) == 1 else None
    parts = []
    for message, names in said.items():
        shown = message.partition("; ")[2] if head is not None else message
        named = ", ".join(names[:NAMED]) + (
            f" and {len(names) - NAMED} more" if len(names) > NAMED else ""
        )
        parts.append(f"{named}: {shown}" if shown else named)
    return QueryError("; ".join([head, *parts] if head is not None else parts))


# How many briefings an error of a shelf names before it counts the rest.
NAMED = 3


def _is_folder(given: Any) -> bool:
    from raqqa_cli.briefing.shelf import is_folder

    return isinstance(given, str) and is_folder(given)


def _dispatch(command: str, out: Output, options: dict[str, Any]) -> None:
    from raqqa_cli.cli.commands import run_on_one

    run_on_one(command, out, options)


def _named_entry(
    command: str, options: dict[str, Any], members: list[Member]
) -> tuple[list[Member], dict[str, Any]]:
    """Only the briefing an entry's qualified id names (`brussels-2017:act-uk`), and the
    id as that briefing knows it."""
    param = NAMED_ENTRY.get(command)
    named = options.get(param) if param else None
    if param is None or not isinstance(named, str) or ":" not in named:
        return members, options
    name, _, entry = named.partition(":")
    chosen = [member for member in members if member.name == name]
    if not chosen or not entry:
        return members, options
    return chosen, {**options, param: entry}


def _identities(gathered: list[tuple[Member, Gathering]]) -> Identities:
    """Which ids clash across the briefings read, and which are shared."""
    from raqqa_cli.briefing.shelf import identities, registry_ids

    known: dict[str, frozenset[str]] = {}
    held = []
    for member, part in gathered:
        taken = registry_ids(member.path, known) if part.includes else {}
        held.append((member, part.ids, taken or {}))
    return identities(held)


def _show(out: Output, gathered: list[tuple[Member, Gathering]], ids: Identities) -> None:
    """The reports as one: merged rows, or for people, a record or a chart per briefing."""
    from raqqa_cli.reports.shelf import MERGED_LAYOUTS, across, drawn_apart, one_qualified, qualify

    made = [(member, report) for member, part in gathered for report in part.reports]
    parts = [(member, qualify(report, member, ids)) for member, report in made]
    # What is written: the same reports as readers see them, where they are for readers.
    shown_parts = (
        [
            (member, qualify(report, member, ids))
            for member, part in gathered
            for report in part.shown
        ]
        if out.target.readers
        else parts  # the same reports
    )
    # Readers' names are given already, by each briefing's own: not again.
    whole = Output(
        out.terminal,
        out.target._replace(readers=False),
        captured=out.captured,
        named_as=out.named_as,
    )
    shown = resolve_format(out.target.format, out.terminal)
    if parts[0][1].layout not in MERGED_LAYOUTS and shown in PEOPLE_FORMATS:
        texts = [whole.render(report) for report in drawn_apart(parts, ids, shown_parts)]
        if not any(report.rows for _, report in parts):
            whole.show(across(parts, ids, shown_parts))  # says that nothing matches
            return
        whole.emit("\n".join(text.rstrip("\n") + "\n" for text in texts if text))
    else:
        whole.show(across(parts, ids, shown_parts, one_qualified(parts, made)))
    out.workbook = whole.workbook


def _texts(out: Output, gathered: list[tuple[Member, Gathering]]) -> str:
    """What each briefing wrote, as one: a brief after another, one bibliography."""
    texts = ["".join(part.captured or []) for _, part in gathered]
    fmt = out.target.format
    if fmt is Format.csl_json:
        return _one_csl([(m, t) for (m, _), t in zip(gathered, texts, strict=True)])
    if fmt is Format.bibtex:
        return _one_bibtex([(m, t) for (m, _), t in zip(gathered, texts, strict=True)])
    if resolve_format(fmt, out.terminal) is Format.html:
        return _one_page(texts)
    return "\n".join(text.rstrip("\n") + "\n" for text in texts)


def _one_csl(texts: list[tuple[Member, str]]) -> str:
    """One CSL-JSON array: each item once, an id two briefings give different items
    qualified by the briefing's name."""
    items: dict[str, Any] = {}
    order: list[tuple[str, Any]] = []
    for member, text in texts:
        for item in json.loads(text):
            order.append((member.name, item))
            items.setdefault(item["id"], []).append(item)
    kept: list[Any] = []
    said: set[str] = set()
    for name, item in order:
        alike = all(other == items[item["id"]][0] for other in items[item["id"]])
        if alike:
            if item["id"] in said:
                continue
            said.add(item["id"])
            kept.append(item)
        else:
            kept.append({**item, "id": f"{name}:{item['id']}"})
    return json.dumps(kept, ensure_ascii=False, indent=2) + "\n"


_BIBTEX_ENTRY = re.compile(r"^@(\w+)\{([^,\n]+),", re.MULTILINE)


def _one_bibtex(texts: list[tuple[Member, str]]) -> str:
    """One BibTeX file: each entry once, a key two briefings give different entries
    qualified by the briefing's name."""
    entries: list[tuple[str, str, str]] = []  # (briefing, key, entry)
    for member, text in texts:
        starts = [m.start() for m in _BIBTEX_ENTRY.finditer(text)]
        for at, start in enumerate(starts):
            end = starts[at + 1] if at + 1 < len(starts) else len(text)
            entry = text[start:end].strip("\n")
            head = _BIBTEX_ENTRY.match(entry)
            assert head is not None
            entries.append((member.name, head.group(2), entry))
    versions: dict[str, set[str]] = {}
    for _, key, entry in entries:
        versions.setdefault(key, set()).add(entry)
    kept: list[str] = []
    said: set[str] = set()
    for name, key, entry in entries:
        if len(versions[key]) == 1:
            if key in said:
                continue
            said.add(key)
            kept.append(entry)
        else:
            kept.append(entry.replace(f"{{{key},", f"{{{name}:{key},", 1))
    return "\n\n".join(kept) + "\n"


def _one_page(pages: list[str]) -> str:
    """Several HTML pages as one: the first's head, then every page's body in turn (each
    brief's anchors carry its briefing's key: they never collide)."""
    bodies = []
    for n, page in enumerate(pages):
        start, end = page.find("<body"), page.rfind("</body>")
        opened = page.find(">", start) + 1
        body = page[opened:end] if start >= 0 and end > opened else page
        bodies.append(body if n == 0 else _own_anchors(body, f"brief-{n + 1}-"))
    first = pages[0]
    head_end = first.find("<body")
    head = first[: first.find(">", head_end) + 1] if head_end >= 0 else ""
    tail = first[first.rfind("</body>") :] if "</body>" in first else ""
    return head + "\n<hr>\n".join(bodies) + tail


_ANCHOR = re.compile(r'(\sid="|\shref="#)([^"]+)"')


def _own_anchors(body: str, prefix: str) -> str:
    """A page's anchors and the links to them, made its own (`contents`, `part-1`)."""
    ids = set(re.findall(r'\sid="([^"]+)"', body))
    return _ANCHOR.sub(
        lambda m: f'{m[1]}{prefix}{m[2]}"' if m[2] in ids else m[0],
        body,
    )


def _validate(out: Output, options: dict[str, Any], members: list[Member]) -> None:
    """`validate` of a shelf: every briefing, then every registry they include or the
    folders named hold, each alone; the worst status is the command's."""
    from raqqa_cli.briefing.shelf import Member, registries_of

    given = options.get("path") or options.get("file")
    folders = [given] if isinstance(given, str) else list(given or [])
    registries = [Member(path, path) for path in registries_of(folders, members)]
    worst: int = ExitCode.OK
    parts: list[tuple[Member, Report]] = []
    failed: list[str] = []
    for member in [*members, *registries]:
        part = Gathering(out)
        try:
            _dispatch("validate", part, {**options, "path": member.path, "file": None})
        except Finished as finished:
            worst = max(worst, finished.code)
            failed.append(member.path)
        out.write("".join(part.captured or []))
        parts += [(member, report) for report in part.reports]
    if parts:
        from raqqa_cli.briefing.shelf import Identities
        from raqqa_cli.reports.shelf import across

        out.show(across(parts, Identities({}, {})))
    else:  # for people (records are a report, every one): the verdict, where a CI log ends
        from raqqa_cli.errors import plural, printable

        registered = "1 registry" if len(registries) == 1 else f"{len(registries)} registries"
        checked = f"{plural(len(members), 'briefing')} and {registered}"
        shelf = ", ".join(printable(str(f)) for f in folders) or "the shelf"
        named = ", ".join(printable(path) for path in failed)
        verdict = f"{len(failed)} failed: {named}" if failed else "all passed"
        out.write(f"{shelf}: {checked} checked; {verdict}\n")
    if worst != ExitCode.OK:
        raise Finished(worst)
