"""Shell completion through the real protocol: what bash, zsh and fish are told.

Each shell's script (from `raqqa --show-completion SHELL`) runs `raqqa` with
`_RAQQA_COMPLETE=complete_SHELL` and the words typed so far (bash: COMP_WORDS, one word a
line as `"${COMP_WORDS[*]}"` joins them with IFS=$'\\n', and COMP_CWORD; zsh and fish:
_TYPER_COMPLETE_ARGS, the line). These tests set exactly that and read the answer; where the
shell is installed, they also run its script in it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._click.shell_completion import CompletionItem
from typer._completion_shared import get_completion_script
from typer.main import get_command
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.model import Sector
from raqqa_cli.cli import fast
from raqqa_cli.cli.app import app
from raqqa_cli.cli.commandline import COMMANDS
from raqqa_cli.cli.completion import (
    ZSH_ANYWHERE,
    RaqqaBash,
    _bash_word,
    _zsh_string,
    read_words,
    register,
)
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

PIPE = Terminal(is_tty=False)
IDAI = Path(__file__).parent.parent.parent / "examples" / "idai-2019.yaml"
HOSTILE = DATA / "completion-hostile.yaml"  # an actor whose names a shell would run
KAY = "Kay \"!\" '!' \\ \\\\ $(touch PWN) `touch PWN` ${PWN} !"  # one of them


def bash(words: str | list[str], runner: CliRunner | None = None, **script: str) -> list[str]:
    """What bash's completion function gets, the cursor in the last word: `words` as bash
    puts them in COMP_WORDS, still quoted as typed. A line is split at its spaces (a
    trailing space starts an empty word); a list is taken as it is, for the words bash
    splits at `:` and `=` (COMP_WORDBREAKS): `Protection:` is `Protection` and `:`.
    `script`: what raqqa's own script adds (`LINES="1"`, `HISTCHARS="!^#"`); none, as
    typer's script calls it."""
    parts = words.split(" ") if isinstance(words, str) else words
    env = {
        "_RAQQA_COMPLETE": "complete_bash",
        "COMP_WORDS": "\n".join(parts),
        "COMP_CWORD": str(len(parts) - 1),
        "RAQQA_NO_CACHE": "1",
        **{f"_RAQQA_COMPLETE_{name}": value for name, value in script.items()},
    }
    result = (runner or CliRunner()).invoke(app, [], env=env, prog_name="raqqa", obj=PIPE)
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def zsh(words: str) -> str:
    env = {"_RAQQA_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
    result = CliRunner().invoke(app, [], env=env, prog_name="raqqa", obj=PIPE)
    assert result.exit_code == 0, result.output
    return result.stdout


def zsh_values(words: str) -> list[str]:
    """The values zsh's `_describe` is given, read as zsh reads the answer: the script runs
    `eval $(...)` unquoted (split at spaces, joined again), each `$'...'` is one word, and
    `_describe` takes `value:description`, a backslash escaping the next character."""
    answer = " ".join(zsh(words).split())
    items = re.findall(r"\$'([^']*)'", answer)
    found = []
    for item in items:
        assert not re.search(r"\\(?!x[0-9a-f]{2})", item), item  # nothing but \xHH
        text = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), item)
        value = re.match(r"((?:\\.|[^\\:])*)", text)
        assert value is not None
        found.append(re.sub(r"\\(.)", r"\1", value.group(1)))
    return found


def fish(words: str) -> list[str]:
    return [line.split("\t")[0] for line in fish_lines(words)]


def fish_lines(words: str) -> list[str]:
    env = {
        "_RAQQA_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": words,
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="raqqa", obj=PIPE)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def shell_script(shell: str) -> str:
    """The script `raqqa --show-completion SHELL` prints (typer reads its environment
    variable when it is imported: hence a process of its own)."""
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    return output_of([sys.executable, "-m", "raqqa_cli", "--show-completion", shell], env)


def output_of(argv: list[str], env: dict[str, str]) -> str:
    """What `argv` prints, which must succeed (the time limit only guards against a hang)."""
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def in_shell(shell: str, program: str, *args: str) -> str:
    """Run `program` in a real `shell`, with the venv's `raqqa` first on PATH."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "RAQQA_NO_CACHE": "1"}
    # bash and zsh take the first word after the program as $0; fish's $argv is the rest.
    flags = {"bash": ["--norc"], "zsh": ["-f"], "fish": ["--no-config"]}[shell]
    zero = [] if shell == "fish" else [shell]
    return output_of([shell, *flags, "-c", program, *zero, *args], env)


def test_commands_complete() -> None:
    top = [c.group or c.name for c in COMMANDS]
    assert sorted(bash("raqqa ")) == sorted(set(top))  # groups come after commands
    assert bash("raqqa notes ") == ["refresh"]
    assert bash("raqqa st") == ["statements"]
    assert "show" in fish("raqqa sh") and "search" in zsh_values("raqqa se")


def test_options_and_choices_complete() -> None:
    assert "--totals" in bash("raqqa aid --t")
    assert bash("raqqa aid --by ") == ["status", "sector", "donor", "briefing"]
    assert bash("raqqa issues --format j") == ["json"]
    assert bash("raqqa brief --for r") == ["readers"]


def test_each_command_is_offered_only_the_formats_it_takes() -> None:
    assert bash("raqqa aid --format b") == []  # bibtex is for sources
    assert bash("raqqa sources --format b") == ["bibtex"]
    assert sorted(bash("raqqa brief --format ")) == ["auto", "html", "markdown", "table"]
    assert "html" not in bash("raqqa validate --format ")


def test_values_come_from_the_briefing_on_the_command_line() -> None:
    # Issue ids, actor names and aliases, sectors, statuses, source and entry ids: from the
    # file given with -f (before the command's name or after it).
    assert bash(f"raqqa -f {MINIMAL} issues ") == ["iss-flooding"]
    assert bash(f"raqqa issues -f {MINIMAL} iss") == ["iss-flooding"]
    # bash inserts the word as it stands, so a name with a space comes escaped, one word.
    offered = bash(f"raqqa -f {MINIMAL} reactions --actor A")
    assert "Ada\\ Mayor" in offered and shlex.split("Ada\\ Mayor") == ["Ada Mayor"]
    assert "Ada Mayor" in zsh_values(f"raqqa -f {MINIMAL} reactions --actor A")  # zsh quotes
    assert bash(f"raqqa -f {MINIMAL} aid --status del") == ["delivered"]
    assert "Shelter/NFI" in bash(f"raqqa -f {MINIMAL} aid --sector S")
    assert "src-desk" in bash(f"raqqa -f {MINIMAL} reactions --source src")
    assert "st-mayor" in fish(f"raqqa -f {MINIMAL} show st-")
    assert zsh_values(f"raqqa -f {MINIMAL} issues ") == ["iss-flooding"]


def test_the_embedded_briefing_is_completed_without_a_file() -> None:
    ids = bash("raqqa issues iss-")
    assert ids and all(i.startswith("iss-") for i in ids)


def test_donor_offers_the_donors_only() -> None:
    # Whoever gives a package or an aid line, by name, alias or id; not every actor.
    briefing = load_briefing(None)
    donors = {p.donor for p in briefing.packages} | {p.donor for p in briefing.pledges}
    names = {
        name
        for actor in briefing.actors
        if actor.id in donors
        for name in (actor.name, *actor.aliases, actor.id)
    }
    offered = [shlex.split(word)[0] for word in bash("raqqa aid --donor ")]
    assert set(offered) == names and "United Kingdom" in offered
    assert not {"Daesh", "ISIL", "Michael Fallon"} & set(offered)
    assert bash(f"raqqa -f {MINIMAL} aid --donor ") == ["Relief\\ League", "act-relief"]
    assert "Michael Fallon" in [shlex.split(w)[0] for w in bash("raqqa actors ")]  # all there


def test_sector_offers_the_sectors_in_use(tmp_path: Path) -> None:
    assert bash(f"raqqa -f {MINIMAL} aid --sector ") == ["Food\\ Security", "Shelter/NFI"]
    # A briefing without aid lines: every sector of the schema.
    text = MINIMAL.read_text(encoding="utf-8").replace("    pledges: [aid-kits]\n", "")
    bare = tmp_path / "bare.yaml"
    bare.write_text(text[: text.index("packages:")] + text[text.index("reactions:") :])
    offered = [shlex.split(word)[0] for word in bash(f"raqqa -f {bare} aid --sector ")]
    assert offered == list(get_args(Sector))


def test_a_briefing_that_cannot_be_read_completes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("not: [a briefing", encoding="utf-8")
    assert bash(f"raqqa -f {bad} issues ") == []
    assert bash(f"raqqa -f {tmp_path / 'missing.yaml'} issues ") == []


def test_file_names_are_left_to_the_shell() -> None:
    # Where a file fits, nothing is offered: bash (-o default), zsh (_files) and fish then
    # complete file names.
    assert bash("raqqa -f exam") == []
    assert zsh("raqqa validate exam").strip() == "_files"


def fish_has_values(words: str) -> bool:
    """fish's question before it completes (`is-args`): whether raqqa's values take the
    place of file names (exit status 0) or fish completes file names (1)."""
    env = {
        "_RAQQA_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "is-args",
        "_TYPER_COMPLETE_ARGS": words,
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="raqqa", obj=PIPE)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code == 0


# Where a file fits: raqqa's bash script is told so by a line of its own, a bell.
FILES = ["\a"]


@pytest.mark.parametrize(
    "words", ["raqqa -f ex", "raqqa validate ex", "raqqa diff a.yaml ex", "raqqa aid -o ex",
              "raqqa notes refresh ex", "raqqa init ex", "raqqa brief --bibliography ex"]
)  # fmt: skip
def test_file_names_complete_where_a_file_fits(words: str) -> None:
    # `init PATH` is a new file: its folder's names help to type it.
    assert bash(words, LINES="1") == FILES
    assert bash(words) == []  # typer's script: no line it would take for a value
    assert zsh(words).strip() == "_files"
    assert not fish_has_values(words)


@pytest.mark.parametrize(
    "words",
    [
        "raqqa timeline --since ",
        "raqqa timeline --until 2017",
        "raqqa aid --min-grade B",
        "raqqa search ",
        "raqqa figures --match ki",
        "raqqa actors Fallon ",  # after the last argument
        "raqqa actors nobody",  # a name nothing matches
        "raqqa nothing",
    ],
)
def test_no_file_names_where_no_file_fits(words: str) -> None:
    # Nothing offered, and the shell is told not to list the folder's files instead:
    # bash's script turns off its `-o default`, zsh is not told `_files`, fish is told
    # raqqa answers (with nothing).
    assert bash(words, LINES="1") == []
    assert zsh(words).strip() == ""
    assert fish_has_values(words)


def test_bash_script_offers_file_names_only_where_told() -> None:
    # The bell line says a file fits; without it, the script turns off the `-o default`
    # it is registered with (`compopt +o default`, stubbed here to say it was called), so
    # that bash does not list the folder's files when raqqa offers nothing.
    program = (
        shell_script("bash")
        + '\ncompopt() { printf \'compopt %s %s\\n\' "$1" "$2"; }\n'
        + 'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _raqqa_completion raqqa'
        + '; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    assert in_shell("bash", program, "raqqa", "validate", "ex") == "\n"
    assert in_shell("bash", program, "raqqa", "timeline", "--since", "") == "compopt +o default\n\n"
    out = in_shell("bash", program, "raqqa", "actors", "fall")
    assert out == "compopt +o default\nMichael\\ Fallon\n"


# Values match as the tool matches names: without case or accents, from the start of any
# word; an alias so matched offers the name it stands for.


def test_values_match_from_any_word_without_case_or_accents() -> None:
    for typed, name in (
        ("fall", "Michael Fallon"),
        ("michael", "Michael Fallon"),
        ("paulo", "Paulo Sérgio Pinheiro"),
        ("Sergio", "Paulo Sérgio Pinheiro"),
        ("sérgio", "Paulo Sérgio Pinheiro"),
        ("isis", "ISIL"),  # an alias in another case: its name
        ("daesh", "ISIL"),
    ):
        assert [shlex.split(w)[0] for w in bash(f"raqqa actors {typed}")] == [name], typed
        assert zsh_values(f"raqqa actors {typed}") == [name], typed
        assert fish(f"raqqa actors {typed}") == [name], typed
    assert bash(f"raqqa -f {MINIMAL} reactions --actor mayor") == ["Ada\\ Mayor"]
    assert bash(f"raqqa -f {MINIMAL} aid --donor league") == ["Relief\\ League"]
    assert bash(f"raqqa -f {MINIMAL} aid --sector shelter") == ["Shelter/NFI"]
    assert bash(f"raqqa -f {MINIMAL} aid --sector nfi") == ["Shelter/NFI"]
    assert bash(f"raqqa -f {MINIMAL} issues flood") == ["iss-flooding"]
    # zsh is told to put the one value in place of the word, which it need not start with;
    # several are matched anywhere and in any case (`-M`), so that the word stays and they
    # are listed; values that start with the word are zsh's to match as ever.
    assert zsh("raqqa actors fall").rstrip().endswith("_describe value raqqa_values -U")
    several = zsh("raqqa actors defence").rstrip()
    assert several.endswith(f"_describe value raqqa_values -M {_zsh_string(ZSH_ANYWHERE)}")
    assert zsh_values("raqqa actors defence")[:-1] == [  # the last, the matcher
        "Ministry of Defence (UK)",
        "Ministry of Defence of the Russian Federation",
    ]
    assert zsh("raqqa actors Mi").rstrip().endswith("_describe value raqqa_values")
    assert zsh("raqqa aid --sector=Prot").rstrip().endswith("_describe value raqqa_values")
    assert zsh("raqqa aid --sector=mine").rstrip().endswith("_describe value raqqa_values -U")
    assert zsh_values("raqqa aid --sector=mine") == ["--sector=Protection: Mine Action"]


def test_what_was_typed_from_the_start_keeps_its_short_list() -> None:
    # As typed first, as today: `Mi` is not also every word starting with "mi".
    offered = [shlex.split(w)[0] for w in bash("raqqa actors Mi")]
    assert offered and all(word.startswith("Mi") for word in offered)
    # Not a word's end: "lon" is inside "Fallon", no word starts with it.
    assert bash("raqqa actors allon") == []


def test_bash_keeps_the_part_before_a_colon() -> None:
    # bash replaces only what follows `Protection:`: a value matched inside is offered
    # only if it starts with that part.
    assert bash(["raqqa", "aid", "--sector", "Protection", ":", "\\ mi"]) == ["\\ Mine\\ Action"]
    assert bash(["raqqa", "aid", "--sector", "mine"]) == ["Protection:\\ Mine\\ Action"]
    assert bash(["raqqa", "aid", "--sector", "Mine", ":", "x"]) == []


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder)}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder, env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def test_diff_completes_the_briefings_at_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "sub").mkdir()
    for name in ("b.yaml", "sub/c.yml", "notes.txt"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    (tmp_path / "local.yaml").write_text("x: 1\n", encoding="utf-8")  # not at HEAD
    monkeypatch.chdir(tmp_path / "sub")  # paths from the top, as `git show REV:PATH` reads
    # bash replaces what follows the `:`; zsh and fish the whole word.
    assert bash(["raqqa", "diff", "HEAD", ":"]) == ["b.yaml", "sub/c.yml"]
    assert bash(["raqqa", "diff", "b.yaml", "HEAD", ":", "s"]) == ["sub/c.yml"]
    assert zsh_values("raqqa diff HEAD:") == ["HEAD:b.yaml", "HEAD:sub/c.yml"]
    assert fish("raqqa diff HEAD:s") == ["HEAD:sub/c.yml"]
    assert fish_has_values("raqqa diff HEAD:")
    # Not a revision: file names, as for any file.
    assert bash(["raqqa", "diff", "nothing", ":"], LINES="1") == FILES
    assert zsh("raqqa diff nothing:").strip() == "_files"


@pytest.mark.parametrize(
    "escape", ["\\n", "\\t", "\\r", "\\e[31m", "\\x7f", "\\x85", "\\u2028", "\\u202e"]
)
def test_words_a_shell_would_have_to_escape_are_not_offered(tmp_path: Path, escape: str) -> None:
    # A line break or a control character in a name: YAML escapes it, no shell can put it
    # on the line as one word, and a terminal would act on it.
    name = f'name: "Ada{escape}Mayor"'
    text = MINIMAL.read_text(encoding="utf-8").replace("name: Ada Mayor", name, 1)
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(text, encoding="utf-8")
    assert load_briefing(hostile).actors[1].name.startswith("Ada")
    # The name is left out; its alias, which needs no escaping, is offered.
    line = f"raqqa -f {hostile} reactions --actor "
    for offered in ([shlex.split(w)[0] for w in bash(line)], zsh_values(line), fish(line)):
        assert "Mayor Ada" in offered and not [word for word in offered if "Ada" in word[:3]]


# bash. The words come as typed, quotes and backslashes included; what raqqa prints goes on
# the line as it stands, in place of the part of the word after an open quote or the last
# `:` or `=`. `typed + offered` below is the line bash makes, read back as bash would.


def test_bash_reads_an_escaped_space_in_the_word_being_completed() -> None:
    assert bash(["raqqa", "actors", "Michael\\ F"]) == ["Michael\\ Fallon"]
    offered = bash(["raqqa", "-f", str(IDAI), "actors", "UN\\ Chi"])
    assert offered == ["UN\\ Children\\'s\\ Fund"]
    assert shlex.split(offered[0]) == ["UN Children's Fund"]
    assert bash(["raqqa", "-f", str(IDAI), "actors", "UN\\ Children\\'"]) == offered


def test_bash_completes_inside_the_quote_the_user_opened() -> None:
    # bash puts the value after the quote and closes it: escaped, it would stay escaped.
    assert bash(["raqqa", "actors", '"Mich']) == ["Michael Fallon"]
    (single,) = bash(["raqqa", "-f", str(IDAI), "actors", "'UN Ch"])
    assert shlex.split(f"'{single}'") == ["UN Children's Fund"]
    (double,) = bash(["raqqa", "-f", str(IDAI), "actors", "\"UN Children's"])
    assert shlex.split(f'"{double}"') == ["UN Children's Fund"]


def test_bash_completes_after_a_colon() -> None:
    # bash splits `Protection:` into `Protection` and `:` and replaces what follows the
    # colon: the words are glued back, and the part up to the colon is not offered again.
    assert bash(["raqqa", "aid", "--sector", "Protection", ":"]) == ["\\ Mine\\ Action"]
    offered = bash(["raqqa", "aid", "--sector", "Protection", ":", "\\ Mi"])
    assert shlex.split("Protection:" + offered[0]) == ["Protection: Mine Action"]
    # `--sector=`: click completes the value, bash replaces what follows the `=`.
    assert bash(["raqqa", "aid", "--sector", "=", "Shelt"]) == ["Shelter/NFI"]
    assert bash(["raqqa", "aid", "--sector", "=", "Protection", ":"]) == ["\\ Mine\\ Action"]
    # In quotes bash splits nothing.
    assert bash(["raqqa", "aid", "--sector", '"Protection: M']) == ["Protection: Mine Action"]
    # The value glued back is one word: the options after it still complete.
    words = ["raqqa", "aid", "--sector", "Protection", ":", "\\ Mine\\ Action", "--to"]
    assert bash(words) == ["--totals"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1)))
def test_words_are_read_back_as_the_shell_quoted_them(words: list[str]) -> None:
    # Whatever a word holds, quoted (shlex) or escaped (as raqqa answers bash), it is read
    # back whole; the line ending in a space starts an empty word.
    for quote in (shlex.quote, _bash_word):
        line = " ".join(quote(word) for word in words) + " "
        assert [word.text for word in read_words(line)] == [*words, ""]
    # fish escapes as bash does outside quotes (in single quotes, `\\'` is fish's own).
    line = " ".join(_bash_word(word) for word in words) + " "
    assert [word.text for word in read_words(line, fish=True)] == [*words, ""]
    if words:  # the last one being typed: its open quote is the one it ends in
        last = read_words('raqqa "' + words[-1].replace("\\", "\\\\").replace('"', '\\"'))[-1]
        assert (last.text, last.quote, last.kept) == (words[-1], '"', 0)


def test_bash_runs_the_script_as_installed() -> None:
    # The script joins COMP_WORDS with a line break; COMPREPLY is what goes on the line.
    program = (
        shell_script("bash")
        + 'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _raqqa_completion raqqa'
        + '; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    assert in_shell("bash", program, "raqqa", "actors", "Michael\\ F") == "Michael\\ Fallon\n"
    out = in_shell("bash", program, "raqqa", "aid", "--sector", "Protection", ":")
    assert out == "\\ Mine\\ Action\n"


def test_bash_writes_history_expansion_out_of_its_reach() -> None:
    # An interactive bash expands `!` on Enter, even in double quotes, where a backslash
    # stops it but stays in the word: there `!` is written in single quotes, `"'!'"`. The
    # briefing's `Zed!#:* ;touch PWN;#`, completed in `"`, ran `touch PWN`.
    hostile = str(HOSTILE)
    zed = "Zed!#:* ;touch PWN;#"
    assert bash(["raqqa", "-f", hostile, "actors", '"Ze'], LINES="1") == [
        "Zed\"'!'\"#:* ;touch PWN;#"
    ]
    assert bash(["raqqa", "-f", hostile, "actors", "Ze"], LINES="1") == [
        "Zed\\!\\#:\\*\\ \\;touch\\ PWN\\;\\#"
    ]
    assert bash(["raqqa", "-f", hostile, "actors", "'Ze"], LINES="1") == [zed]
    # readline closes the quote after the value unless the line already ends in it: a
    # value ending in `!` (or in `"`) closes it itself.
    (kay,) = bash(["raqqa", "-f", hostile, "actors", '"Ka'])
    assert kay.endswith('"\'!\'""') and read_words(f'"{kay}')[0][:2] == (KAY, "")


def test_bash_escapes_the_users_own_history_character(tmp_path: Path) -> None:
    # `histchars='%^#'` makes `%` start a history expansion: raqqa's script says so.
    text = MINIMAL.read_text(encoding="utf-8").replace("Ada Mayor", "Ada 100% Mayor", 1)
    briefing = tmp_path / "percent.yaml"
    briefing.write_text(text, encoding="utf-8")
    words = ["raqqa", "-f", str(briefing), "actors"]
    assert bash([*words, '"Ada'], HISTCHARS="%^#") == ["Ada 100\"'%'\" Mayor"]
    assert bash([*words, "Ada"], HISTCHARS="%^#") == ["Ada\\ 100\\%\\ Mayor"]
    assert bash([*words, '"Ada'], HISTCHARS="!^#") == ["Ada 100% Mayor"]


def test_bash_with_typers_script_is_offered_nothing_it_would_glob() -> None:
    # typer's script (`COMPREPLY=( $(...) )`, installed by an earlier raqqa) globs each line
    # of the answer against the folder's files, escaped or not: a value with `*`, `?` or
    # `[` is not offered to it, in any quote. raqqa's own script reads lines as they are.
    hostile = str(HOSTILE)
    for quote in ("", '"', "'"):
        for typed, value in (("Ze", "Zed!#:*"), ("Gl", "Glob?[ab]*")):
            words = ["raqqa", "-f", hostile, "actors", quote + typed]
            assert bash(words) == []
            (offered,) = bash(words, LINES="1")
            assert read_words(quote + offered + quote)[0].text.startswith(value)
        assert len(bash(["raqqa", "-f", hostile, "actors", quote + "Ka"])) == 1


def exposed_to_history(line: str, history: str) -> bool:
    """Whether bash's history expansion would act on a character of `history` in `line`:
    one outside single quotes, and not after a backslash (which stops it, in double quotes
    too, but stays in the word there)."""
    quote, index = "", 0
    while index < len(line):
        char = line[index]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\":
            index += 1
        elif char in history:
            return True
        elif char == '"' or (char == "'" and not quote):
            quote = "" if quote == char else char
        index += 1
    return False


@settings(max_examples=400, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(str.isprintable),
    st.sampled_from(["", '"', "'"]),
    st.sampled_from(["!^#", "%^#", "a"]),
)
def test_bash_reads_back_every_value_and_expands_none(value: str, quote: str, chars: str) -> None:
    # Whatever a value holds, in each quote: the line bash makes (the quote, the answer, and
    # the quote readline closes it with, unless the line ends in it) reads back as the value
    # alone, and no history character is left where history expansion acts.
    env = {"_RAQQA_COMPLETE_LINES": "1", "_RAQQA_COMPLETE_HISTCHARS": chars}
    with mock.patch.dict(os.environ, env):
        shell = RaqqaBash(get_command(app), {}, "raqqa", "_RAQQA_COMPLETE")
        shell.word = read_words("raqqa " + quote)[-1]
        answer = shell.format_completion(CompletionItem(value))
    line = quote + answer + (quote if quote and not answer.endswith(quote) else "")
    assert [word.text for word in read_words(line + " ")] == [value, ""]
    assert not exposed_to_history(line, "!" + chars[0])


def test_bash_runs_raqqas_script(tmp_path: Path) -> None:
    # raqqa's script (the one `_RAQQA_COMPLETE=source_bash raqqa` prints) puts each line of
    # the answer in COMPREPLY as it stands: a glob is not matched against the folder's files.
    env = {**os.environ, "_RAQQA_COMPLETE": "source_bash"}
    script = output_of([sys.executable, "-m", "raqqa_cli"], env)
    assert "_RAQQA_COMPLETE_LINES=1" in script
    (tmp_path / "Globxa-match").write_text("", encoding="utf-8")
    program = (
        f"cd {shlex.quote(str(tmp_path))}\n{script}\n"
        + 'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _raqqa_completion raqqa'
        + '; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    hostile = str(HOSTILE)
    out = in_shell("bash", program, "raqqa", "-f", hostile, "actors", '"Gl')
    assert out == "Glob?[ab]*\n"
    out = in_shell("bash", program, "raqqa", "-f", hostile, "actors", "Gl")
    assert out == "Glob\\?\\[ab\\]\\*\n"
    assert in_shell("bash", program, "raqqa", "actors", "Michael\\ F") == "Michael\\ Fallon\n"


def test_register_gives_typer_raqqas_bash_script() -> None:
    # `--show-completion` and `--install-completion` write typer's table's script: after
    # `register()`, raqqa's.
    register()
    script = get_completion_script(prog_name="raqqa", complete_var="_RAQQA_COMPLETE", shell="bash")
    assert "_RAQQA_COMPLETE_LINES=1" in script and "COMPREPLY+=" in script


def test_the_script_installed_is_raqqas() -> None:
    # In a fresh process, as a user runs it: the README's `raqqa --install-completion`
    # writes what `--show-completion` prints, raqqa's script, not typer's that globs.
    script = shell_script("bash")
    assert "_RAQQA_COMPLETE_LINES=1" in script and "COMPREPLY+=" in script
    assert "COMPREPLY=( $(" not in script


# zsh. `_describe` is given the values; zsh quotes them as it puts them on the line.


def test_zsh_gets_each_value_exactly() -> None:
    # typer's `'"UN Children''s Fund"'` lost the apostrophe: `''` is nothing in zsh.
    assert zsh_values(f"raqqa -f {IDAI} actors UN\\ Ch") == ["UN Children's Fund"]
    assert zsh_values("raqqa aid --sector Protection:") == ["Protection: Mine Action"]
    assert zsh_values("raqqa aid --sector=Protection:") == ["--sector=Protection: Mine Action"]
    assert zsh_values("raqqa aid --t") == ["--totals"]


def test_zsh_completes_after_the_part_two_names_share() -> None:
    # zsh puts `Ministry\\ of\\ Defence\\ ` on the line: the space is the name's.
    both = ["Ministry of Defence (UK)", "Ministry of Defence of the Russian Federation"]
    assert zsh_values("raqqa actors Ministry") == both
    assert zsh_values("raqqa actors Ministry\\ of\\ Defence\\ ") == both
    assert zsh_values('raqqa actors "Ministry of Defence ') == both
    assert zsh_values("raqqa actors Ministry\\ of\\ Defence ") == []  # a word of its own


def test_zsh_runs_the_script_as_installed() -> None:
    # `_describe` stubbed to print what it is given; everything else is zsh's own.
    program = (
        "compdef() { : }\n"
        + shell_script("zsh")
        + "\n_describe() { print -rl -- ${(P)2} }\n"
        + 'words=("$@"); CURRENT=$#; _raqqa_completion'
    )
    out = in_shell("zsh", program, "raqqa", "-f", str(IDAI), "actors", "UN\\ Ch")
    assert out == "UN Children's Fund:UN Children's Fund\n"
    out = in_shell("zsh", program, "raqqa", "aid", "--sector", "Protection:")
    assert out == "Protection\\: Mine Action:sector\n"


# fish. One value a line, tab, its description; fish escapes what it puts on the line.


def test_fish_gets_each_value_as_it_is() -> None:
    assert fish(f"raqqa -f {IDAI} actors UN\\ Ch") == ["UN Children's Fund"]
    assert fish(f"raqqa -f {IDAI} actors 'UN Children\\'s") == ["UN Children's Fund"]
    assert fish("raqqa aid --sector Protection:") == ["Protection: Mine Action"]
    assert fish("raqqa aid --sector=Protection:") == ["--sector=Protection: Mine Action"]
    both = ["Ministry of Defence (UK)", "Ministry of Defence of the Russian Federation"]
    assert fish("raqqa actors Ministry\\ of\\ Defence\\ ") == both


def test_fish_gets_one_line_per_value() -> None:
    # A long description stays on its value's line: typer's wrapped it at 80 columns, and
    # fish offered the rest of it as a value.
    lines = fish_lines("raqqa reactions --source ")
    assert len(lines) == len(load_briefing(None).sources)
    assert all(line.count("\t") == 1 for line in lines)
    assert any(len(line) > 100 for line in lines)


def test_fish_runs_the_script_as_installed() -> None:
    program = shell_script("fish") + '\ncomplete -C "raqqa actors $argv[1]"'
    out = in_shell("fish", program, "Ministry\\ of\\ Defence\\ ")
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        "Ministry of Defence (UK)",
        "Ministry of Defence of the Russian Federation",
    ]


def test_completion_is_imported_only_to_complete() -> None:
    # A normal run through typer (help, usage errors) never imports the shell classes.
    probe = (
        "import sys\n"
        "from raqqa_cli.cli.main import main\n"
        "try:\n    main(['aid', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "print('raqqa_cli.cli.completion' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.splitlines()[-1] == "False", result.stderr


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([c.name for c in COMMANDS] + ["-f", "x", "--format", "json"])))
def test_the_fast_reader_declines_every_completion_request(argv: list[str]) -> None:
    for shell in ("complete_bash", "complete_zsh", "complete_fish", "bash_complete"):
        assert fast.parse(argv, {"_RAQQA_COMPLETE": shell}) is None


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_calls_raqqa(shell: str) -> None:
    assert f"_RAQQA_COMPLETE=complete_{shell}" in shell_script(shell)


def test_show_completion_prints_the_named_shell_s_script() -> None:
    """From the tmux walk: `raqqa --show-completion zsh`, run from bash, printed the bash
    script, and `--show-completion nonsense` did too, exit 0."""
    from typer.testing import CliRunner

    from raqqa_cli.cli.app import app
    from raqqa_cli.terminal import Terminal

    def shown(shell: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["--show-completion", shell], obj=Terminal(False))
        return result.exit_code, result.stdout, result.stderr

    code, zsh, _ = shown("zsh")
    assert code == 0 and zsh.startswith("#compdef raqqa")
    code, fish, _ = shown("fish")
    assert code == 0 and fish.startswith("complete --command raqqa")
    code, bash, _ = shown("bash")
    assert code == 0 and "_raqqa_completion()" in bash and "complete -o" in bash
    code, out, err = shown("nonsense")
    assert code == 2 and out == "" and "one of: bash, zsh, fish" in err
