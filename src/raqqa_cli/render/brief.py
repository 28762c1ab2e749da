"""The whole briefing as one Markdown note, built from the same reports as the commands.

Sources are cited by number ([1], [2] ...) everywhere, and listed, numbered, at the end,
so every citation resolves. Every entry's id appears, so a reader can ask raqqa for more.
"""

from __future__ import annotations

import re

from raqqa_cli import browse, query
from raqqa_cli.lookup import Index
from raqqa_cli.model import Briefing
from raqqa_cli.render.markdown import escape_markdown, markdown_table
from raqqa_cli.report import Column, Report

_WEB_ADDRESS = re.compile(r"https?://[!#-;=?-~]+")


def _with_ids(report: Report) -> Report:
    """The report with its id column shown to people too (ids let readers dig in)."""
    columns = tuple(
        Column(c.key, c.title, c.numeric, "all") if c.key == "id" else c for c in report.columns
    )
    return Report(report.title, columns, report.rows, report.notes, report.empty)


def _section(report: Report, level: int = 2, title: str | None = None) -> list[str]:
    lines = ["#" * level + " " + escape_markdown(title or report.title), ""]
    if report.rows:
        lines += markdown_table(_with_ids(report))
    else:
        lines.append(f"_{escape_markdown(report.empty.capitalize())}._")
    if report.notes:
        lines += ["", *(f"- {escape_markdown(note)}" for note in report.notes)]
    return [*lines, ""]


def _sources(index: Index) -> list[str]:
    lines = ["## Sources", ""]
    for number, source in enumerate(index.briefing.sources, 1):
        parts = [f"**{escape_markdown(source.title)}**", escape_markdown(source.publisher)]
        if source.date:
            parts.append(source.date)
        parts.append(source.kind)
        if source.locator:
            # An autolink only for a plain web address: no spaces, controls, `<` or `>`.
            parts.append(
                f"<{source.locator}>"
                if _WEB_ADDRESS.fullmatch(source.locator)
                else escape_markdown(source.locator)
            )
        cites = ", ".join(index.source_label(c) for c in source.cites)
        text = ". ".join(parts) + "."
        if cites:
            text += f" Cites {cites}."
        lines.append(f"{number}. {text} `{source.id}`")
    return [*lines, ""]


def render_brief(briefing: Briefing) -> str:
    """The briefing as GitHub-flavoured Markdown: title block, sections, citations."""
    index = Index(briefing, numbered_citations=True)
    about = briefing.briefing
    lines = [
        f"# {escape_markdown(about.title)}",
        "",
        f"_{escape_markdown(about.publisher)}, {about.published}_ {index.citation(about.source)}",
        "",
        escape_markdown(about.summary),
        "",
    ]
    lines += _section(browse.overview_report(index), title="At a glance")
    lines += ["## Issues", ""]
    for issue in briefing.issues:
        detail = query.issue_detail(index, issue.id)
        lines += _section(detail, level=3)
    lines += _section(query.aid_report(index, query.AidFilter()))
    lines += _section(query.aid_totals(index, query.AidFilter()))
    lines += _section(query.reactions_report(index))
    lines += _section(browse.statements_report(index))
    lines += _section(browse.figures_report(index))
    lines += _section(browse.timeline_report(index))
    lines += _section(browse.outlook_report(index))
    lines += _section(browse.actors_report(index))
    lines += _section(browse.places_report(index))
    lines += _section(browse.errata_report(index))
    context = browse.context_report(index)
    if context.rows:
        lines += _section(context)
    lines += _sources(index)
    return "\n".join(lines).rstrip("\n") + "\n"
