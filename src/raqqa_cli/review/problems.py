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
    Column("severity", "Severity"),
    Column("check", "Check"),
)


def problems_report(error: BriefingError, warnings: BriefingError | None = None) -> Report:
    """One record per problem: file, line and column (null where unknown), field, message;
    `severity` error, or warning for a review finding, whose `check` names the check."""
    from raqqa_cli.review.checks import check_of

    rows: list[tuple[Value, ...]] = []
    for found, severity in (
        (error, "error"),
        *(((warnings, "warning"),) if warnings is not None else ()),
    ):
        for problem in found.problems:
            check, message = check_of(problem) if severity == "warning" else (None, problem.message)
            rows.append((
                found.file,
                problem.line,
                (problem.column or 1) if problem.line is not None else None,
                format_path(problem.path) if problem.path else None,
                message,
                severity,
                check,
            ))  # fmt: skip
        if found.unlisted:  # the count of what was not kept, as a record of its own
            rows.append((found.file, None, None, None, found.unlisted_message(), severity, None))
    return Report("Problems", PROBLEM_COLUMNS, tuple(rows), empty="no problems")
