"""`-o FILE`, `--excel` and `--hxl`: output written to a file whole, and CSV for spreadsheets.

The format comes from the extension unless `--format` says otherwise; the file is replaced
in one step (a temporary file in its folder, then a rename), keeps its mode, is never the
knowledge file and never a symbolic link to a file. FIFOs, devices, read-only files, diff's
inputs and signals during the write: `tests/cli/test_output_targets.py`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

TOTALS = DATA / "totals.yaml"
PIPE = Terminal(is_tty=False)
TTY = Terminal(is_tty=True, width=100)


def invoke(*args: str, terminal: Terminal = TTY) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=terminal)
    # The bytes as written: click's `stdout` would turn CSV's CRLF into LF.
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def piped(*args: str) -> str:
    code, out, err = invoke(*args, terminal=PIPE)
    assert code == 0, err
    return out


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("aid.md", "markdown"), ("aid.json", "json"), ("aid.csv", "csv"), ("aid.tsv", "tsv"),
     ("aid.txt", "plain"), ("AID.MD", "markdown")],
)  # fmt: skip
def test_the_extension_names_the_format(tmp_path: Path, name: str, fmt: str) -> None:
    target = tmp_path / name
    # On a terminal too: the file gets the format its name asks for, not a table.
    code, out, err = invoke("aid", "-f", str(MINIMAL), "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes().decode("utf-8") == piped("aid", "-f", str(MINIMAL), "--format", fmt)


def test_each_format_parses(tmp_path: Path) -> None:
    args = ["aid", "--totals", "-f", str(TOTALS), "-o"]
    invoke(*args, str(tmp_path / "t.json"))
    invoke(*args, str(tmp_path / "t.csv"))
    invoke(*args, str(tmp_path / "t.html"))
    records = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8"))))
    assert [r["total"] for r in records] == [float(r["total"]) for r in rows] != []
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    parser = HTMLParser()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page


def test_format_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "aid.md"
    assert invoke("aid", "-f", str(MINIMAL), "-o", str(target), "--format", "json")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))


def test_an_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(tmp_path / "aid.docx"))
    assert code == 2 and "cannot tell the format" in err and err.count("\n") == 1
    assert not (tmp_path / "aid.docx").exists()
    code, _, _ = invoke("aid", "-f", str(MINIMAL), "-o", str(tmp_path / "aid"), "--format", "csv")
    assert code == 0 and (tmp_path / "aid").read_text(encoding="utf-8").startswith("id,")


def test_every_command_that_prints_takes_o(tmp_path: Path) -> None:
    for n, args in enumerate(
        [[], ["issues"], ["reactions"], ["statements"], ["actors"], ["places"], ["timeline"],
         ["outlook"], ["figures"], ["sources"], ["errata"], ["search", "flood"],
         ["show", "st-mayor"], ["brief"], ["validate"], ["schema"]]
    ):  # fmt: skip
        # schema reads no briefing, and writes JSON, which its file's name must not deny
        target = tmp_path / (f"{n}.json" if args[:1] == ["schema"] else f"{n}.md")
        file = ["-f", str(MINIMAL)] if args[:1] != ["schema"] else []
        code, out, err = invoke(*args, *file, "-o", str(target))
        assert (code, out) == (0, ""), (args, err)
        assert target.stat().st_size > 0, args


def test_o_before_the_command_reaches_it(tmp_path: Path) -> None:
    target = tmp_path / "aid.json"
    assert invoke("-o", str(target), "-f", str(MINIMAL), "aid")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))


def test_the_knowledge_file_is_never_written(tmp_path: Path) -> None:
    briefing = tmp_path / "briefing.yaml"
    briefing.write_bytes(MINIMAL.read_bytes())
    hard = tmp_path / "hard.md"
    os.link(briefing, hard)
    for target in (briefing, tmp_path / "." / "briefing.yaml", hard):
        code, _, err = invoke("aid", "-f", str(briefing), "-o", str(target), "--format", "json")
        assert code == 2, target
        assert err == f"raqqa: error: {target}: is the knowledge file; raqqa never writes to it\n"
    code, _, err = invoke("validate", str(briefing), "-o", str(briefing), "--format", "json")
    assert code == 2 and "is the knowledge file" in err
    assert briefing.read_bytes() == MINIMAL.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.yaml", "hard.md"]


def test_the_embedded_briefing_is_protected_too() -> None:
    from raqqa_cli.briefing.load import embedded_briefing

    code, _, err = invoke("aid", "-o", embedded_briefing(), "--format", "json")
    assert code == 2 and "is the knowledge file" in err


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("mine\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(link))
    assert code == 2
    assert err == (
        f"raqqa: error: {link}: is a symbolic link; raqqa never writes through a link:"
        " name the file itself\n"
    )
    assert real.read_text(encoding="utf-8") == "mine\n" and link.is_symlink()


def test_a_folder_and_a_missing_folder_are_one_line_each(tmp_path: Path) -> None:
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(tmp_path), "--format", "json")
    assert code == 2 and err == f"raqqa: error: {tmp_path}: is a folder, not a file\n"
    missing = tmp_path / "no" / "aid.md"
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(missing))
    assert code == 1
    assert err == f"raqqa: error: cannot write output: {missing}: No such file or directory\n"


def test_replacement_is_atomic_and_keeps_the_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "aid.md"
    target.write_text("the old note\n", encoding="utf-8")
    target.chmod(0o640)
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def watch(source: str, destination: str, **dir_fds: int) -> None:
        if destination == str(target):  # not the cache's own renames
            # At the moment of the rename the old file is whole and the new one complete.
            seen.append((Path(source).read_text(encoding="utf-8"), target.read_text("utf-8")))
            assert Path(source).parent == tmp_path and Path(source).name.startswith(".raqqa-")
        real_replace(source, destination, **dir_fds)

    monkeypatch.setattr("raqqa_cli.cli.writefile.os.replace", watch)
    assert invoke("aid", "-f", str(MINIMAL), "-o", str(target))[0] == 0
    [(new, old)] = seen
    assert old == "the old note\n" and new == target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["aid.md"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "aid.md"
    target.write_text("the old note\n", encoding="utf-8")

    def full(handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("raqqa_cli.cli.writefile.os.fsync", full)
    code, _, err = invoke("aid", "-f", str(MINIMAL), "-o", str(target))
    assert code == 1
    assert err == f"raqqa: error: cannot write output: {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "the old note\n"
    assert [p.name for p in tmp_path.iterdir()] == ["aid.md"]


def test_a_bad_briefing_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\n", encoding="utf-8")
    target = tmp_path / "aid.md"
    assert invoke("aid", "-f", str(bad), "-o", str(target))[0] == 1
    assert not target.exists()


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert invoke("aid", "-f", str(MINIMAL), "-o", str(tmp_path / "new.md"))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


# -- CSV for Excel and for humanitarian data tools -------------------------------------------


def test_excel_begins_with_a_byte_order_mark() -> None:
    text = piped("aid", "-f", str(TOTALS), "--excel")  # implies csv
    assert text.startswith("\ufeffid,kind,donor")
    assert text.encode("utf-8")[:3] == b"\xef\xbb\xbf"
    plain = piped("aid", "-f", str(TOTALS), "--format", "csv")
    assert text == "\ufeff" + plain


def test_excel_file_decodes_as_utf8_sig(tmp_path: Path) -> None:
    target = tmp_path / "aid.csv"
    assert invoke("aid", "-f", str(TOTALS), "--excel", "-o", str(target))[0] == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows and next(iter(rows[0])) == "id"


HASHTAG = re.compile(r"#[a-z][a-z0-9_]*( *\+[a-z][a-z0-9_]*)*")


@pytest.mark.parametrize(
    "args",
    [["aid"], ["aid", "--totals"], ["aid", "--by", "sector"], ["aid", "--by", "donor"],
     ["aid", "--chart"]],
)  # fmt: skip
def test_hxl_row_follows_the_header(args: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(piped(*args, "-f", str(TOTALS), "--hxl"))))
    header, tags, *records = rows
    assert len(tags) == len(header) and records
    assert all(tag == "" or HASHTAG.fullmatch(tag) for tag in tags), tags
    tagged = dict(zip(header, tags, strict=True))
    # Values under a tag HXL takes as a number are numbers; under #date, ISO dates.
    for record in records:
        for key, value in zip(header, record, strict=True):
            if value and tagged[key].startswith(("#value", "#output +num", "#indicator +num")):
                float(value)
            if value and tagged[key] == "#date":
                assert re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", value)
    plain = piped(*args, "-f", str(TOTALS), "--format", "csv").split("\r\n")
    assert plain[1:] == piped(*args, "-f", str(TOTALS), "--hxl").split("\r\n")[2:]


def test_hxl_tags_the_aid_lines_as_humanitarian_tools_expect() -> None:
    header, tags = list(csv.reader(io.StringIO(piped("aid", "-f", str(TOTALS), "--hxl"))))[:2]
    tagged = dict(zip(header, tags, strict=True))
    assert tagged["donor"] == "#org +funder +name"
    assert tagged["sector"] == "#sector +name"
    assert (tagged["amount"], tagged["currency"]) == ("#value", "#currency")
    assert (tagged["status"], tagged["date"]) == ("#status", "#date")
    by_sector = list(
        csv.reader(io.StringIO(piped("aid", "--by", "sector", "-f", str(TOTALS), "--hxl")))
    )
    assert by_sector[1][0] == "#sector +name"


def test_excel_and_hxl_together_and_refused_with_another_format() -> None:
    text = piped("aid", "-f", str(TOTALS), "--excel", "--hxl")
    assert text.startswith("\ufeffid,") and "\r\n#meta +id," in text
    code, _, err = invoke("aid", "-f", str(TOTALS), "--hxl", "--format", "json")
    assert code == 2
    assert err == "raqqa: error: --excel and --hxl shape CSV; they do nothing for --format json\n"
    code, _, _ = invoke("reactions", "-f", str(MINIMAL), "--hxl")
    assert code == 2  # only aid has HXL tags: a usage error, from typer


def test_validate_writes_its_records_but_no_empty_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\n", encoding="utf-8")
    records = tmp_path / "problems.json"
    code, _, err = invoke("validate", str(bad), "-o", str(records))
    assert code == 1 and err == ""
    assert json.loads(records.read_text(encoding="utf-8"))  # the problems, as records
    lines = tmp_path / "problems.txt"
    code, _, err = invoke("validate", str(bad), "-o", str(lines))
    assert code == 1 and err.startswith("raqqa: error: ")  # lines go to stderr, as ever
    assert not lines.exists()
    code, _, err = invoke("validate", str(bad), "-o", str(tmp_path / "p.html"))
    assert code == 2 and "raqqa validate takes --format" in err and "asks for html" in err
