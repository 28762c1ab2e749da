"""Documents the commands write for others: workbooks, and pages that say what made them."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli import __version__
from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal

ROOT = Path(__file__).parent.parent.parent
PIPE = Terminal(is_tty=False)


def invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, obj=PIPE)
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


@pytest.mark.parametrize("command", [["aid"], ["aid", "--totals"], ["figures"], ["timeline"]])
def test_o_xlsx_writes_the_csv_s_columns_as_a_workbook(tmp_path: Path, command: list[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    code, text = invoke([*command, "--format", "csv"])
    assert code == 0
    records = list(csv.DictReader(io.StringIO(text)))
    book = tmp_path / "out.xlsx"
    code, said = invoke([*command, "-o", str(book)])
    assert code == 0, said
    sheet = openpyxl.load_workbook(book).active
    header = [c.value for c in sheet[1]]
    assert [h for h in header if not h.endswith("_as_written")] == list(records[0])
    assert sheet.max_row == len(records) + 1
    for row, record in zip(sheet.iter_rows(min_row=2, values_only=True), records, strict=True):
        values = dict(zip(header, row, strict=True))
        for key, written in record.items():
            value = values[key]
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert float(written) == value, key  # a number, the same number
            elif value is None:
                assert written == "" or f"{key}_as_written" in values, key


def test_a_workbook_is_only_written_to_a_file() -> None:
    code, said = invoke(["aid", "--format", "xlsx"])
    assert code == 2 and "-o FILE.xlsx" in said
    code, said = invoke(["diff", str(ROOT / "data/briefing.yaml"), "-", "-o", "x.xlsx"])
    assert code == 2 and "xlsx" in said


def test_the_page_says_what_it_was_made_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for location in (None, ROOT / "examples" / "idai-2019.yaml"):
        f = [] if location is None else ["-f", str(location)]
        code, page = invoke(["brief", "--format", "html", *f])
        assert code == 0
        line = re.search(r'<p class="provenance">(.*?)</p>', page)
        assert line is not None
        said = re.sub(r"<[^>]+>", "", line[1])
        data = (location or ROOT / "data" / "briefing.yaml").read_bytes()
        assert hashlib.sha256(data).hexdigest() in said
        assert f"raqqa, version {__version__}" in said and "2023-11-14" in said
        assert ("the embedded briefing" if location is None else str(location)) in said
        # The same page twice, on the same day: nothing else changes between runs.
        assert invoke(["brief", "--format", "html", *f])[1] == page
