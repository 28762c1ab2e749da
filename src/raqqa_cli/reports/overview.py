"""`raqqa` alone: the briefing at a glance, one line per section, and where to dig in."""

from typing import Annotated

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import LISTED_KINDS
from raqqa_cli.report import Record, Report, col, columns_of

SECTION_COMMANDS = (
    ("issues", "Issues", "issues"),
    ("packages", "Aid packages", "aid --totals"),
    ("pledges", "Aid lines", "aid"),
    ("reactions", "Reactions", "reactions"),
    ("statements", "Statements", "statements"),
    ("actors", "Actors", "actors"),
    ("places", "Places", "places"),
    ("events", "Events", "timeline"),
    ("assessments", "Judgements", "outlook"),
    ("figures", "Key figures", "figures"),
    ("sources", "Sources", "sources"),
    ("errata", "Errata", "errata"),
    ("decisions", "Decisions and votes", "votes"),
)
# Sections new in schema version 2, shown only in a briefing that has some (a version-1
# briefing's overview stays as it was).
SHOWN_WHEN_USED = frozenset({"decisions"})

# What people call each section (machines use the section's key).
SECTION_TITLES = {section: title for section, title, _ in SECTION_COMMANDS}


class OverviewRow(Record):
    """One section of the briefing: `raqqa`'s record, and its row for people."""

    section: Annotated[str, col("Section")]
    # The key records have always had, though the field hides the tuple's own `count`.
    count: Annotated[int, col("Entries", numeric=True)]  # type: ignore[assignment]
    command: Annotated[str | None, col("Dig in with", hint=True)]  # none for an empty section


OVERVIEW_COLUMNS = columns_of(OverviewRow)


def overview_report(index: Index) -> Report:
    """The briefing at a glance: one line per section with its count and command.

    Every suggested command calls raqqa on the same file (`raqqa -f mine.yaml issues`).
    """
    invocation = index.invocation
    about = index.briefing.briefing
    sizes = {section: len(getattr(index.briefing, section)) for section, _, _ in SECTION_COMMANDS}
    # Errata counts what `raqqa errata` lists: claims contradicted or disputed, not context.
    sizes["errata"] = sum(1 for e in index.briefing.errata if e.kind in LISTED_KINDS)
    rows = tuple(
        OverviewRow(
            section=title,
            count=sizes[section],
            command=f"{invocation} {command}" if sizes[section] else None,
        )
        for section, title, command in SECTION_COMMANDS
        if sizes[section] or section not in SHOWN_WHEN_USED
    )
    return Report(
        title=f"{about.title} ({about.publisher}, {about.published})",
        columns=OVERVIEW_COLUMNS,
        rows=rows,
        tips=(
            f"`{invocation} search TEXT` finds anything; `{invocation} show ID` shows one"
            f" entry whole; `{invocation} brief` writes it all as one Markdown note.",
        ),
    )
