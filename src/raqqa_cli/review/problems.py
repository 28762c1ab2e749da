"""`raqqa validate --format json|csv`: a knowledge file's problems as records, for editors
and CI."""

from typing import Annotated

from raqqa_cli.errors import BriefingError, format_path
from raqqa_cli.report import Record, Report, Value, col, columns_of


class ProblemRow(Record):
    """One problem of a knowledge file: `raqqa validate`'s record, and its row for people."""

    file: Annotated[str, col("File")]
    line: Annotated[int | None, col("Line", numeric=True)]
    column: Annotated[int | None, col("Column", numeric=True)]
    path: Annotated[str | None, col("Field")]
    message: Annotated[str, col("Problem")]
    severity: Annotated[str, col("Severity")]
    check: Annotated[str | None, col("Check")]


PROBLEM_COLUMNS = columns_of(ProblemRow)


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
            row = ProblemRow(
                file=found.file,
                line=problem.line,
                column=(problem.column or 1) if problem.line is not None else None,
                path=format_path(problem.path) if problem.path else None,
                message=message,
                severity=severity,
                check=check,
            )
            rows.append(row)
        if found.unlisted:  # the count of what was not kept, as a record of its own
            unlisted = ProblemRow(
                file=found.file,
                line=None,
                column=None,
                path=None,
                message=found.unlisted_message(),
                severity=severity,
                check=None,
            )
            rows.append(unlisted)
    return Report("Problems", PROBLEM_COLUMNS, tuple(rows), empty="no problems")
