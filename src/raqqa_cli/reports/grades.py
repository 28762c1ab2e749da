"""Source grades (the Admiralty grading: reliability A-F, credibility 1-6) and `--min-grade`.

A grade is the analyst's, written on the source (`grade: B2`); raqqa never supplies one, so an
ungraded source stays ungraded and is only left out when a minimum grade is asked for.
"""

from __future__ import annotations

import re

from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import Source
from raqqa_cli.errors import QueryError
from raqqa_cli.report import Report

_GRADE = re.compile(r"[A-F][1-6]")


def parse_grade(text: str) -> str:
    """`b2` -> `B2`; anything that is not a grade is a usage error."""
    grade = text.strip().upper()
    if not _GRADE.fullmatch(grade):
        raise QueryError(
            f"--min-grade {text!r} is not a grade: source reliability A-F, then information"
            " credibility 1-6, as B2"
        )
    return grade


def meets(grade: str | None, minimum: str) -> bool:
    """Whether `grade` is at least `minimum` on both scales (A and 1 are the best)."""
    return grade is not None and grade[0] <= minimum[0] and grade[1] <= minimum[1]


def grade_order(grade: str | None) -> tuple[bool, str]:
    """Sort key: the best grades first (A1, A2, ..., F6), ungraded sources last."""
    return (grade is None, grade or "")


def grade_of(index: Index, source_id: str | None) -> str | None:
    """The grade of the source with this id, if it has one."""
    source = index.get(source_id)
    return source.grade if isinstance(source, Source) else None


def keep_graded(report: Report, index: Index, minimum: str) -> Report:
    """The report's rows whose own source (`source_id`) is graded at least `minimum`.

    The entry's own source decides, not the one it credits (`via`): it is the source that
    vouches for the entry. Ungraded sources are left out, and the note says how many.
    """
    keys = [column.key for column in report.columns]
    at = keys.index("source_id")
    kept, ungraded, lower = [], 0, 0
    for row in report.rows:
        source_id = row[at]
        grade = grade_of(index, source_id if isinstance(source_id, str) else None)
        if meets(grade, minimum):
            kept.append(row)
        elif grade is None:
            ungraded += 1
        else:
            lower += 1
    note = (
        f"Only entries whose own source is graded {minimum} or better (reliability"
        f" {'A' if minimum[0] == 'A' else 'A-' + minimum[0]}, credibility"
        f" {'1' if minimum[1] == '1' else '1-' + minimum[1]}): {lower} graded lower and"
        f" {ungraded} with an ungraded source left out."
    )
    return report._replace(
        rows=tuple(kept),
        notes=(*report.notes, note),
        empty=f"nothing has a source graded {minimum} or better ({ungraded} ungraded)",
    )
