"""Every failure has its right status: output that cannot be written, input that cannot be
read, and text echoed back to the user, as a real process sees them (subprocesses)."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raqqa_cli.briefing.load import read_bytes
from raqqa_cli.cli.app import app
from raqqa_cli.errors import BriefingError
from tests.conftest import DATA, MINIMAL

VERSION2 = DATA / "version2.yaml"

FULL = "raqqa: error: cannot write output: No space left on device\n"
CLOSED = "raqqa: error: cannot write output: standard output is closed\n"
NO_STDIN = "raqqa: error: <stdin>: cannot be read: standard input is closed\n"
DEV_FULL = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")


def raqqa(*args: str, redirect: str = "", stdin: bytes | None = None) -> tuple[int, str]:
    """Run raqqa as a process, with the shell redirections given; its status and stderr."""
    command = f'exec "$@" {redirect}'
    result = subprocess.run(
        ["sh", "-c", command, "sh", sys.executable, "-m", "raqqa_cli", *args],
        input=stdin,
        stdout=subprocess.DEVNULL if ">" not in redirect else None,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "RAQQA_DEBUG"},
        timeout=60,
        check=False,
    )
    return result.returncode, result.stderr.decode()


@DEV_FULL
@pytest.mark.parametrize(
    "args",
    [
        ["aid", "--format", "json"],  # the fast reader
        ["brief"],
        ["validate", str(VERSION2)],  # every quote archived: no warning on stderr
        ["schema"],
        ["--version"],
        ["aid", "--help"],  # typer, and click's echo
        ["--help"],
    ],
)
def test_a_full_disk_is_exit_1_with_one_line(args: list[str]) -> None:
    assert raqqa(*args, redirect="> /dev/full") == (1, FULL)


@pytest.mark.parametrize("args", [["aid", "--format", "json"], ["brief"], ["--version"]])
def test_a_closed_stdout_is_exit_1_with_one_line(args: list[str]) -> None:
    assert raqqa(*args, redirect=">&-") == (1, CLOSED)


def test_closed_stdout_and_stderr_is_still_exit_1() -> None:
    assert raqqa("aid", "--format", "json", redirect=">&- 2>&-") == (1, "")


def test_a_closed_pipe_stays_quiet() -> None:
    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m raqqa_cli brief | head -c 10 >/dev/null'],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")


def test_a_closed_stdin_with_file_dash_is_exit_1() -> None:
    assert raqqa("-f", "-", "aid", "--format", "json", redirect="<&-") == (1, NO_STDIN)
    assert raqqa("validate", "-", redirect="<&-") == (1, NO_STDIN)


def test_stdin_that_fails_to_read_is_a_briefing_error() -> None:
    class Failing(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    with pytest.raises(BriefingError) as caught:
        read_bytes("-", Failing())
    assert caught.value.lines() == ["<stdin>: cannot be read: Input/output error"]


def test_stdin_is_still_read() -> None:
    status, errors = raqqa("-f", "-", "aid", "--format", "json", stdin=MINIMAL.read_bytes())
    assert (status, errors) == (0, "")


# -- echoed text ----------------------------------------------------------------------


HOSTILE_NAME = "x\x1b]52;c;ZXZpbA==\x07\u202e\u061cy.yaml"


def test_validate_success_line_escapes_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / HOSTILE_NAME
    path.write_bytes(MINIMAL.read_bytes())
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    shown = str(tmp_path) + "/x\\x1b]52;c;ZXZpbA==\\x07\\u202e\\u061cy.yaml"
    assert result.stdout.startswith(f"{shown}: valid briefing (schema_version 1): ")
    [valid, quotes] = result.stdout.splitlines()  # the verdict, and what the quotes check did
    assert valid.isprintable() and quotes.isprintable()
    assert quotes.startswith(f"{shown}: 0 quotes checked; 3 not checked")


def test_an_error_line_escapes_the_file_name_the_same_way(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(tmp_path / HOSTILE_NAME)])
    assert result.exit_code == 1
    shown = str(tmp_path) + "/x\\x1b]52;c;ZXZpbA==\\x07\\u202e\\u061cy.yaml"
    assert result.stderr == f"raqqa: error: {shown}: no such file\n"


def test_a_long_search_is_echoed_shortened() -> None:
    text = "q" * 100_000
    result = CliRunner().invoke(app, ["search", text, "-f", str(MINIMAL), "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == f"raqqa: nothing mentions '{'q' * 38} … {'q' * 38}'\n"


def test_usage_errors_echo_text_escaped_and_shortened() -> None:
    result = CliRunner().invoke(app, ["actors", "Zed\u202e" + "z" * 5000, "-f", str(MINIMAL)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("raqqa: error: no actor goes by 'Zed\\u202ezzz")
    assert " … " in line and len(line) < 1100
