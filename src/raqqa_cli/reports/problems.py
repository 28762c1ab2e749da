"""`raqqa validate --format json|csv`: a knowledge file's problems as records, for editors
and CI."""

from __future__ import annotations

from raqqa_cli.errors import BriefingError, format_path
from raqqa_cli.report import Column, Report, Value

PROBLEM_COLUMNS = (
    Column("file", "File"),
    Column("line", "Line", numeric=True),
    Column("column", "Column", numeric=True),
    Column("path", "Field"),
    Column("message", "Problem"),
)


def problems_report(error: BriefingError) -> Report:
    """One record per problem: file, line and column (null where unknown), field, message."""
    rows: list[tuple[Value, ...]] = [
        (
            error.file,
            problem.line,
            (problem.column or 1) if problem.line is not None else None,
            format_path(problem.path) if problem.path else None,
            problem.message,
        )
        for problem in error.problems
    ]
    return Report("Problems", PROBLEM_COLUMNS, tuple(rows), empty="no problems")
