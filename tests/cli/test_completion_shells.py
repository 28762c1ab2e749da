"""Completion typed into real interactive shells on a terminal: TAB puts a hostile value on
the line, Enter runs `raqqa` with exactly that value, and nothing else runs.

Each test starts bash, zsh or fish on a pseudo-terminal, with history expansion on (as an
interactive shell has it) and raqqa's completion installed as the README says
(`raqqa --install-completion`); for bash also raqqa's own script (`_RAQQA_COMPLETE=
source_bash raqqa`) and typer's, as an earlier raqqa installed it. A shell function `raqqa`,
defined after the completion, records the arguments it gets, NUL-separated; the completion
scripts still run the real program, as they call it through `env`, which does not see shell
functions. The folder holds the briefing (`completion-hostile.yaml`) and a file that a
value, globbed, would match. The test types `raqqa -f evil.yaml actors ` and the first
letters of a value, unquoted, after `"` or after `'`, then TAB and Enter, and reads what the
function recorded.

The tests at the end type other lines on the embedded briefing: a value matched as the tool
matches it (`actors fall` puts Michael Fallon on the line, quoted), no file names where no
file fits (`timeline --since ev` stays so, `evil.yaml` beside it) but file names where one
does (`validate ev`), and `diff HEAD:` followed by a path committed.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer._completion_shared import COMPLETION_SCRIPT_BASH
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.cli.app import app
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA

HOSTILE = DATA / "completion-hostile.yaml"
BIN = Path(sys.executable).parent

# The first letters typed -> the value the actor's name or alias holds. What each would do
# put on the line unquoted, or in double quotes, or globbed by typer's bash script:
VALUES = {
    # history expansion (`!#:*` repeats the line, `;touch PWN;` then runs), a comment
    "Ze": "Zed!#:* ;touch PWN;#",
    # a glob: typer's bash script globbed each answer against the folder (`Globxa-match`)
    "Gl": "Glob?[ab]*",
    # quotes of both kinds around `!`, backslashes, command and parameter substitution
    "Ka": "Kay \"!\" '!' \\ \\\\ $(touch PWN) `touch PWN` ${PWN} !",
    # tilde and brace expansion, redirections, a pipe, a list, a comment, a last backslash
    "Ti": "Tilde ~/x {a,b} ~root > PWN < PWN | & ; # \\",
    # beyond ASCII, with a history event (`!x`)
    "Un": "Uni ünï ‘日本’ !x é",
}
QUOTES = {"unquoted": "", "double": '"', "single": "'"}
CANARY = "PWN"  # what every hostile value would create, if any of it ran
GLOBBED = "Globxa-match"  # what `Glob?[ab]*` matches, globbed

# Generous: two shared cores, a loaded machine. Only a guard against a hang.
WAIT = 90.0


def test_the_hostile_briefing_is_valid_and_holds_every_value() -> None:
    briefing = load_briefing(HOSTILE)
    (actor,) = [actor for actor in briefing.actors if actor.id == "act-hostile"]
    assert sorted((actor.name, *actor.aliases)) == sorted(VALUES.values())
    names = {name for a in briefing.actors for name in (a.name, *a.aliases, a.id)}
    for typed, value in VALUES.items():  # each prefix picks out one value
        assert [name for name in names if name.startswith(typed)] == [value]
    result = CliRunner().invoke(
        app, ["validate", "-f", str(HOSTILE)], obj=Terminal(is_tty=False), prog_name="raqqa"
    )
    assert result.exit_code == 0, result.output


class Session:
    """An interactive shell on a pseudo-terminal: what is typed, and everything it prints."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.output = b""
        pid, fd = pty.fork()
        if pid == 0:  # the child: the shell, with the terminal as its controlling one
            try:
                os.chdir(cwd)
                os.execve(shutil.which(argv[0]) or argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        import fcntl
        import termios

        # Wide enough that no line the tests type wraps.
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 400, 0, 0))

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode("utf-8"))

    def read(self, timeout: float) -> bool:
        """Read what the shell printed within `timeout`; False once the terminal closed."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the shell is gone
                return False
            if not chunk:
                return False
            self.output += chunk
        return True

    def wait_for(self, done: Callable[[], bool], what: str) -> None:
        """Read on until `done()`; fail, showing what the shell printed, after WAIT."""
        deadline = time.monotonic() + WAIT
        while not done():
            if time.monotonic() > deadline or not self.read(0.2):
                if done():
                    return
                shown = self.output[-3000:].decode("utf-8", "replace")
                pytest.fail(f"no {what} after {WAIT:.0f}s; the terminal showed:\n{shown!r}")

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def _environment(home: Path) -> dict[str, str]:
    """Nothing of the developer's: a home of its own, the venv's `raqqa` first on PATH."""
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "INPUTRC": str(home / ".inputrc"),
        "RAQQA_NO_CACHE": "1",
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
    }


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """The user's folder and home: the briefing, a file a glob would match, no canary."""
    shutil.copy(HOSTILE, tmp_path / "evil.yaml")
    (tmp_path / GLOBBED).write_text("", encoding="utf-8")
    (tmp_path / ".inputrc").write_text("", encoding="utf-8")
    yield tmp_path
    assert not (tmp_path / CANARY).exists(), "a hostile value ran as a command"


def _install(shell: str, home: Path) -> None:
    """`raqqa --install-completion SHELL`, as the README says, into this home."""
    _run([str(BIN / "raqqa"), "--install-completion", shell], _environment(home), home)


# The recording function, defined after the completion: bash, zsh, fish.
RECORDER = (
    'raqqa() { printf "%s\\0" "$@" > "$HOME/record.part" && '
    'command mv "$HOME/record.part" "$HOME/record"; }\n'
)
FISH_RECORDER = (
    "function raqqa\n"
    '    printf "%s\\0" $argv > "$HOME/record.part"; and command mv "$HOME/record.part" '
    '"$HOME/record"\n'
    "end\n"
)
PROMPT = "READY> "
MORE = "MORE> "  # bash's and zsh's prompt for the rest of a line left open


def _start(shell: str, home: Path, script: str) -> Session:
    """The shell at its prompt, raqqa's completion loaded from `script`: "installed" by
    `raqqa --install-completion`, as the README says; "raqqa", the script raqqa's own shell
    class gives (`_RAQQA_COMPLETE=source_SHELL raqqa`); or "typer", typer's bash script, as
    a raqqa before this one installed it."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    env = _environment(home)
    if script == "installed":
        _install(shell, home)
        load = {"bash": ". ~/.bashrc\n", "zsh": ". ~/.zshrc\n", "fish": ""}[shell]
    else:
        if script == "typer":
            text = COMPLETION_SCRIPT_BASH % {
                "complete_func": "_raqqa_completion",
                "prog_name": "raqqa",
                "autocomplete_var": "_RAQQA_COMPLETE",
            }
        else:
            source = {**env, "_RAQQA_COMPLETE": f"source_{shell}"}
            text = _run([str(BIN / "raqqa")], source, home)
        (home / f"raqqa.{shell}").write_text(text, encoding="utf-8")
        load = f". ~/raqqa.{shell}\n"
    prompts = f"PS1='{PROMPT}'\nPS2='{MORE}'\nHISTFILE=\n"
    if shell == "bash":
        # History expansion is on, as in every interactive bash.
        rc = home / "rc.bash"
        rc.write_text(f"{prompts}set -H\n{load}{RECORDER}", encoding="utf-8")
        session = Session(["bash", "--noprofile", "--rcfile", str(rc), "-i"], home, env)
    elif shell == "zsh":
        # `-f`: no startup files; the installed ~/.zshrc (compinit) is read by hand, with
        # BANG_HIST (history expansion) on, as zsh has it by default. typer's ~/.zfunc/_raqqa,
        # autoloaded at the first TAB, only defines the function that completes: the first
        # TAB of a session completes nothing. Running it once here stands for that TAB.
        rc = home / "rc.zsh"
        first_tab = "_raqqa >/dev/null 2>&1\n" if script == "installed" else ""
        rc.write_text(f"{prompts}setopt BANG_HIST\n{load}{first_tab}{RECORDER}", encoding="utf-8")
        session = Session(["zsh", "-f", "-i"], home, env)
        session.type(f". {rc}\n")
    else:
        config = home / ".config" / "fish" / "config.fish"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            "set -g fish_greeting\n"
            f"function fish_prompt; printf '{PROMPT}'; end\n"
            f"{load.replace('. ', 'source ')}{FISH_RECORDER}",
            encoding="utf-8",
        )
        session = Session(["fish", "-i"], home, env)
    session.wait_for(lambda: PROMPT.encode() in session.output, "prompt")
    return session


def _complete_and_run(shell: str, script: str, home: Path, typed: str, then: str = "") -> list[str]:
    """Type `raqqa -f evil.yaml actors `, `typed`, TAB, `then`, Enter: what raqqa got."""
    return _type_and_run(shell, script, home, f"-f evil.yaml actors {typed}", then)


def _type_and_run(shell: str, script: str, home: Path, typed: str, then: str = "") -> list[str]:
    """Type `raqqa `, `typed`, TAB, `then`, Enter: what raqqa got."""
    session = _start(shell, home, script)
    record = home / "record"
    try:
        session.type(f"raqqa {typed}\t{then}\r")
        session.wait_for(lambda: record.exists() or MORE.encode() in session.output, "run")
    finally:
        session.close()
    if not record.exists():
        shown = session.output[-3000:].decode("utf-8", "replace")
        pytest.fail(f"Enter left the line open; the terminal showed:\n{shown!r}")
    return record.read_bytes().decode("utf-8").split("\0")[:-1]


def _cases(values: dict[str, str]) -> list[Any]:
    return [
        pytest.param(quote, typed, id=f"{name}-{typed}")
        for name, quote in QUOTES.items()
        for typed in values
    ]


@pytest.mark.parametrize(("quote", "typed"), _cases(VALUES))
def test_bash_runs_exactly_the_value_completed(folder: Path, quote: str, typed: str) -> None:
    # `!` in double quotes is written `"'!'"`; each line of the answer is one value, never
    # globbed; the quote is closed even when the value ends in one (`Kay ... !`).
    args = _complete_and_run("bash", "raqqa", folder, quote + typed)
    assert args == ["-f", "evil.yaml", "actors", VALUES[typed]]


# The values typer's script carries exactly: none of `* ? [`, which it would glob.
UNGLOBBED = {typed: value for typed, value in VALUES.items() if typed in ("Ka", "Ti", "Un")}


@pytest.mark.parametrize(("quote", "typed"), _cases(UNGLOBBED))
def test_bash_runs_exactly_the_value_completed_as_installed(
    folder: Path, quote: str, typed: str
) -> None:
    # Whichever script `raqqa --install-completion bash` writes, typer's or raqqa's.
    args = _complete_and_run("bash", "installed", folder, quote + typed)
    assert args == ["-f", "evil.yaml", "actors", VALUES[typed]]


@pytest.mark.parametrize("quote", QUOTES.values(), ids=QUOTES.keys())
def test_bash_script_that_globs_is_offered_nothing_it_would_glob(folder: Path, quote: str) -> None:
    # typer's script (installed by an earlier raqqa) globs each line of the answer: the
    # value with `*` is not offered, the word stays as typed (the test closes its quote),
    # and nothing runs. It was offered, and pressing Enter ran `touch PWN`.
    args = _complete_and_run("bash", "typer", folder, f"{quote}Ze", then=quote)
    assert args == ["-f", "evil.yaml", "actors", "Ze"]


@pytest.mark.parametrize(("quote", "typed"), _cases(VALUES))
def test_zsh_runs_exactly_the_value_completed(folder: Path, quote: str, typed: str) -> None:
    # zsh's `_describe` quotes each value for the quote it is in (`"Zed\\!#..."`).
    args = _complete_and_run("zsh", "installed", folder, quote + typed)
    assert args == ["-f", "evil.yaml", "actors", VALUES[typed]]


@pytest.mark.parametrize(("quote", "typed"), _cases(VALUES))
def test_fish_runs_exactly_the_value_completed(folder: Path, quote: str, typed: str) -> None:
    # fish escapes what it puts on the line, and has no history expansion.
    args = _complete_and_run("fish", "installed", folder, quote + typed)
    assert args == ["-f", "evil.yaml", "actors", VALUES[typed]]


# Values match as the tool matches names: without case or accents, from the start of any
# word. Each shell puts the value in place of the word typed, which it does not start with.
SHELLS = ["bash", "zsh", "fish"]
MATCHED = {
    "fall": "Michael Fallon",  # a word inside the name, in lower case
    "michael": "Michael Fallon",  # the start of the name, in lower case
    "Sergio": "Paulo Sérgio Pinheiro",  # a word inside, without its accent
}


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("typed", MATCHED)
@pytest.mark.parametrize("quote", QUOTES.values(), ids=QUOTES.keys())
def test_a_value_completes_from_any_word_without_case_or_accents(
    folder: Path, shell: str, typed: str, quote: str
) -> None:
    # On the embedded briefing. bash puts what it is given in place of the word; zsh is
    # told to (`compadd -U`); fish takes a value holding the word typed, in any case.
    args = _type_and_run(shell, "installed", folder, f"actors {quote}{typed}")
    assert args == ["actors", MATCHED[typed]]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "typed",
    ["timeline --since ev", "aid --min-grade ev", "search ev", "actors Fallon ev", "actors Globx"],
)
def test_no_file_names_where_no_file_fits(folder: Path, shell: str, typed: str) -> None:
    # The folder holds `evil.yaml`: a file name completed would have put it on the line.
    args = _type_and_run(shell, "installed", folder, typed)
    assert args == typed.split(" ")


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("typed", ["-f ev", "validate ev", "diff ev", "aid -o ev", "init ev"])
def test_file_names_where_a_file_fits(folder: Path, shell: str, typed: str) -> None:
    args = _type_and_run(shell, "installed", folder, typed)
    assert args == [*typed.split(" ")[:-1], "evil.yaml"]


@pytest.mark.parametrize("shell", SHELLS)
def test_diff_completes_a_path_at_a_revision(folder: Path, shell: str) -> None:
    # `HEAD:` is followed by the briefings committed, not the folder's files (`evil.yaml`).
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (folder / "committed.yaml").write_text("x: 1\n", encoding="utf-8")
    env = {**_environment(folder), "GIT_CONFIG_NOSYSTEM": "1"}
    for argv in (
        ["git", "init", "-q"],
        ["git", "add", "committed.yaml"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one"],
    ):
        _run(argv, env, folder)
    args = _type_and_run(shell, "installed", folder, "diff HEAD:")
    assert args == ["diff", "HEAD:committed.yaml"]
