"""Shell completion of values, from the briefing in use, and what each shell is told.

Commands, options and choices (formats, `--by`, `--for`) are completed by click from the
declarations. The words only a briefing knows come from here: issue ids, actor names and
aliases, donors, the sectors in use, statuses, source ids and any entry's id, read from the
file named on the command line being completed (`-f`, before or after the command's name),
else RAQQA_BRIEFING, else the embedded briefing. A briefing that cannot be read completes
nothing: completion never prints an error into the user's prompt.

Values match as the tool matches names: first those that start with what was typed, as
typed; else those that start with it ignoring case and accents (`michael`, `paulo`); else
those with a word that starts with it (`fall`: Michael Fallon, `Sergio`: Paulo Sérgio
Pinheiro). An alias matched so offers the name it stands for. Each shell is told to put such
a value in place of the word typed: bash takes what it is given; zsh is told (`compadd -U`
for one value, a matcher for several, which keeps the word and lists them); fish takes a
single value as given (tests/cli/test_completion_shells.py types `Sergio` in each shell).

File names are the shell's to complete, and only where a file fits: a value declared
`files` (`-f`, `-o`, `validate FILE`, `diff OLD NEW`, `notes refresh NOTE`, and `init PATH`,
a new file, whose folder completing helps). Anywhere else (`--since`, `--min-grade`, `--match`,
after the last argument, a name nothing matches) the shell offers nothing rather than the
folder's files. `diff REV:` completes the briefings (`*.yaml`, `*.yml`) at that revision.

The shell classes below take the place of typer's (`register`): each reads the words typed
as its shell quotes them and writes values so that the shell puts exactly the value on the
line, in the quote the word is in, where nothing of it can run or expand when Enter is
pressed: not bash's history expansion (`!`), globs, substitutions, nor a line break or a
control character (a value holding one is not offered). zsh and fish keep typer's scripts.
bash gets its own, which reads the answer line by line; typer's globbed each line against
the folder's files, so a script installed from typer is offered no value it would glob.
Only completion imports this module (see `app.py`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from raqqa_cli.cli.typer_private import (
    BashComplete,
    CompletionItem,
    FishComplete,
    ZshComplete,
    add_completion_class,
)
from raqqa_cli.errors import printable
from raqqa_cli.record import Struct

if TYPE_CHECKING:
    from raqqa_cli.briefing.model import Actor, Briefing
    from raqqa_cli.cli.commandline import Completer


def _briefings_in_use(ctx: Any) -> list[Briefing]:
    """The briefings the command line names, as the command would load them: one, or each
    of a shelf (`-f DIR`, `-f` given again); none where they cannot be read."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.briefing.shelf import members_of
    from raqqa_cli.cli.commandline import one_or_many
    from raqqa_cli.errors import BriefingError, QueryError

    location = None
    context = ctx
    while context is not None and location is None:
        location = one_or_many(context.params.get("file"))
        context = context.parent
    location = location or os.environ.get("RAQQA_BRIEFING") or None
    try:
        members = members_of(location)
        paths = [location] if members is None else [member.path for member in members]
        # Standard input is the shell's, not ours to read.
        return [load_briefing(path) for path in paths if path != "-"]
    except (BriefingError, QueryError, OSError):
        return []


def _names(actors: Iterable[Actor]) -> list[tuple[str, str]]:
    return [
        (name, actor.name) for actor in actors for name in (actor.name, *actor.aliases, actor.id)
    ]


def values(kind: Completer, briefing: Briefing) -> list[tuple[str, str]]:
    """Every (word, what it is) a value of `kind` may be in `briefing`."""
    from typing import get_args

    from raqqa_cli.briefing.model import SECTIONS, Sector, Status

    if kind == "issues":
        return [(issue.id, issue.title) for issue in briefing.issues]
    if kind == "decisions":
        return [(d.id, d.symbol or d.title) for d in briefing.decisions]
    if kind == "actors":
        return _names(briefing.actors)
    if kind == "donors":  # `--donor`: whoever gives a package or an aid line, not every actor
        donors = {p.donor for p in briefing.packages} | {p.donor for p in briefing.pledges}
        return _names(actor for actor in briefing.actors if actor.id in donors)
    if kind == "sectors":  # those the aid lines use, in the schema's order; else all of them
        used = {pledge.sector for pledge in briefing.pledges}
        sectors = [sector for sector in get_args(Sector) if sector in used] or get_args(Sector)
        return [(sector, "sector") for sector in sectors]
    if kind == "statuses":
        return [(status, "status") for status in get_args(Status)]
    if kind == "kinds":  # the kinds of actor this briefing has
        kinds = dict.fromkeys(actor.kind for actor in briefing.actors)
        return [(actor_kind, "kind of actor") for actor_kind in kinds]
    if kind == "sources":
        return [(source.id, source.title) for source in briefing.sources]
    if kind == "entries":
        return [(entry.id, section) for section in SECTIONS for entry in getattr(briefing, section)]
    return []


class _State:
    """What the completion under way found out: whether a file fits the word being
    completed (a value declared `files`), which the shell classes tell the shell; and the
    values `complete` answered, which typer then keeps only if they start with the word."""

    files = False
    offered: list[tuple[str, str]] | None = None

    @classmethod
    def reset(cls) -> None:
        cls.files, cls.offered = False, None


def files_fit() -> bool:
    """Whether the word being completed may be a file name (the last `complete` said so)."""
    return _State.files


class _Value(Struct):
    word: str  # the value as offered when typed from its start
    about: str
    inside: str  # what is offered when it matches otherwise: an alias's name, else the word
    alias: bool = False  # an alias: matched without its case or accents, its name is offered


def _named(actors: Iterable[Actor]) -> list[_Value]:
    found = []
    for actor in actors:
        # The name offered for an alias or an id matched inside; its id if the name is no
        # word a shell can put on a line.
        name = actor.name if actor.name.isprintable() else actor.id
        found.append(_Value(actor.name, actor.name, actor.name))
        found.extend(_Value(alias, actor.name, name, alias=True) for alias in actor.aliases)
        found.append(_Value(actor.id, actor.name, name))
    return found


def _matching(found: list[_Value], incomplete: str) -> list[tuple[str, str]]:
    """The values `incomplete` may become, as the tool matches: those that start with it as
    typed; else those that start with it without case and accents; else those with a word
    starting with it. The first that finds any is the answer, so that what was typed from
    the start of a value keeps its short list."""
    from raqqa_cli.briefing.lookup import fold

    offered = [(v.word, v.about) for v in found if v.word.startswith(incomplete)]
    typed = fold(incomplete)
    if not offered and typed:
        folded = [(v, fold(v.word)) for v in found]
        offered = [
            (v.inside if v.alias else v.word, v.about) for v, f in folded if f.startswith(typed)
        ]
        if not offered and typed.strip():  # not a word's end: a space alone
            before = r"(?<!\w)" if typed[:1].isalnum() or typed[:1] == "_" else ""
            word = re.compile(before + re.escape(typed))
            offered = [(v.inside, v.about) for v, f in folded if word.search(f)]
    return list(
        # A word no shell can put on one line is not offered: a line break in a name.
        dict.fromkeys((word, printable(about)) for word, about in offered if word.isprintable())
    )


def _found(kind: Completer, briefing: Briefing) -> list[_Value]:
    if kind in ("actors", "donors"):
        actors = briefing.actors
        if kind == "donors":
            donors = {p.donor for p in briefing.packages} | {p.donor for p in briefing.pledges}
            actors = tuple(actor for actor in actors if actor.id in donors)
        return _named(actors)
    return [_Value(word, about, word) for word, about in values(kind, briefing)]


def _revision_paths(incomplete: str) -> list[tuple[str, str]]:
    """`HEAD~1:b` -> `HEAD~1:briefing.yaml`: the briefings (`*.yaml`, `*.yml`) at a git
    revision, by their paths from the repository's top as `git show REV:PATH` reads them."""
    import subprocess

    revision, _, path = incomplete.partition(":")
    if not revision or revision.startswith("-") or os.path.exists(incomplete):  # noqa: PTH110
        return []
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        listed = subprocess.run(
            ["git", "ls-tree", "-r", "-z", "--full-tree", "--name-only", revision, "--"],
            capture_output=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if listed.returncode != 0:
        return []
    names = listed.stdout.decode("utf-8", "replace").split("\0")
    return [
        (f"{revision}:{name}", "")
        for name in names
        if name.endswith((".yaml", ".yml")) and name.startswith(path)
    ]


def complete(kind: Completer, ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """What `incomplete` (as the command will receive it, unquoted) may become (see
    `_matching`), kept for the shell classes (`_Values`), which write them as each shell
    needs. A value that is a file (`files`) is the shell's to complete: this says so
    (`files_fit`) and offers nothing, but for `diff REV:`, the briefings at that revision."""
    _State.offered = found = _values(kind, ctx, incomplete)
    return found


def _values(kind: Completer, ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    if kind == "files":
        if getattr(ctx, "info_name", None) == "diff" and ":" in incomplete:
            paths = _revision_paths(incomplete)
            if paths:
                return paths
        _State.files = True
        return []
    if kind == "commands":  # `raqqa help COMMAND`: no briefing needed
        from raqqa_cli.cli.commandline import COMMANDS, GROUPS

        names = [*(c.name for c in COMMANDS if c.group is None), *GROUPS]
        return [(name, "") for name in names if name.startswith(incomplete)]
    found = [value for briefing in _briefings_in_use(ctx) for value in _found(kind, briefing)]
    return _matching(found, incomplete)


class _Values:
    """The values `complete` answered, all of them: typer keeps only those that start with
    the word typed, and `fall` is to complete to Michael Fallon. Commands, options and
    choices, which `complete` does not answer, are click's as it gives them."""

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        _State.reset()
        items: list[CompletionItem] = super().get_completions(args, incomplete)  # type: ignore[misc]
        if _State.offered is not None:
            return [CompletionItem(word, help=about) for word, about in _State.offered]
        return items


# The characters of bash's COMP_WORDBREAKS met inside a value: bash splits `Protection:`
# into two words, `Protection` and `:`, and replaces only what follows the last of them.
BREAKS = ":="


class Word(Struct):
    """A word as typed, read as the shell reads it."""

    text: str  # what the command will receive: quotes and escapes taken away
    quote: str  # the quote still open where the word ends ("'" or '"'), else ""
    kept: int  # how much of `text` bash keeps when it puts a completion in: up to the
    # quote still open, else up to the last unquoted `:` or `=`


def read_words(line: str, fish: bool = False) -> list[Word]:
    """The words of a command line typed so far; the last is the one being completed (empty
    when the line ends with a space). POSIX quoting: backslashes, '...' and "...", with
    fish's escapes of `\\'` and `\\\\` in single quotes. An open quote or a backslash at the
    end is what typing a word with a space in it looks like: never an error."""
    words: list[Word] = []
    text: list[str] = []
    quote, opened, last_break, started = "", 0, 0, False
    index = 0
    while index < len(line):
        char, following = line[index], line[index + 1 : index + 2]
        index += 1
        if quote == "'" and char == "\\" and fish and following in ("'", "\\"):
            text.append(following)
            index += 1
        elif quote and char == quote:
            quote = ""
        elif quote == "'" or (quote == '"' and char != "\\"):
            text.append(char)
        elif quote == '"':  # a backslash in double quotes escapes only these
            if following and following in '"\\$`\n':
                index += 1
                text.append(following)
            else:
                text.append(char)
        elif char == "\\":
            text.append(following)  # nothing, at the very end
            index += 1
        elif char in "'\"":
            quote, opened = char, len(text)
        elif char in " \t\n":
            if started:
                words.append(Word("".join(text), "", last_break))
            text, last_break, started = [], 0, False
            continue
        else:
            text.append(char)
            if char in BREAKS:
                last_break = len(text)
        started = True
    words.append(Word("".join(text), quote, opened if quote else last_break))
    return words


def _line_args(line: str, fish: bool = False) -> tuple[list[str], str]:
    """zsh's and fish's `args, incomplete` from the line typed so far.

    typer splits the line with shlex and calls the last word complete when the line ends
    with a space, even an escaped one: after zsh put `Ministry\\ of\\ Defence\\ ` (the part
    two names share) on the line, the next TAB offered nothing.
    """
    words = read_words(line, fish)[1:]  # the program's own name
    if not words:
        return [], ""
    return [word.text for word in words[:-1]], words[-1].text


def _option_part(typed: str) -> str:
    """`--sector=` in `--sector=Prot`: click completes the value alone, the shell the word."""
    return typed.partition("=")[0] + "=" if typed.startswith("-") and "=" in typed else ""


def _bash_word(word: str, history: str = "!") -> str:
    """`Michael\\ Fallon`: a word bash reads back as one, a backslash before each character
    it could take as syntax, and before the characters that start a history expansion."""
    special = r"[^\w@%+=:,./-]" + (f"|[{re.escape(history)}]" if history else "")
    return re.sub(f"({special})", r"\\\1", word)


def _bash_double_quoted(text: str, history: str = "!") -> str:
    """`text` as bash reads it inside a double quote: backslash, `"`, `$` and backquote
    escaped, and `!` (history expansion, which a backslash in double quotes stops but does
    not take away) in single quotes between two double-quoted parts: `Zed"'!'"#`."""
    return "".join(
        "\\" + char if char in '"\\$`' else f"\"'{char}'\"" if char in history else char
        for char in text
    )


# A line of bash's answer that typer's script would glob against the folder's files: `*`,
# `?`, `[`, and extglob's `?( *( +( @( !(`.
_GLOB = re.compile(r"[*?[]|[+@!]\(")

# bash's script, in place of typer's `COMPREPLY=( $(...) )`, which split the answer at line
# breaks and then globbed each line against the folder's files: each line of the answer is
# one value as it stands. It tells raqqa so (`_LINES`), and which characters start a history
# expansion (`$histchars`, `!` when unset). A line of its own, `FILES` below, says a file
# name fits the word: else `compopt +o default` keeps bash from offering the folder's files
# when raqqa offers nothing (bash 4 and later; bash 3, without compopt, still offers them).
BASH_SCRIPT = """\
%(complete_func)s() {
    local IFS=$'\\n' line answer files=
    answer=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" \\
        %(autocomplete_var)s_LINES=1 %(autocomplete_var)s_HISTCHARS="${histchars-!}" \\
        %(autocomplete_var)s=complete_bash "$1")
    COMPREPLY=()
    while IFS= read -r line; do
        if [ "$line" = $'\\a' ]; then files=1
        elif [ -n "$line" ]; then COMPREPLY+=("$line"); fi
    done <<< "$answer"
    if [ -z "$files" ]; then compopt +o default 2>/dev/null; fi
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""


# The line of bash's answer that says a file name fits: a bell, which no value holds (none
# holds a control character).
FILES = "\a"


class RaqqaBash(_Values, BashComplete):
    """bash: the words come as bash split them (COMP_WORDS, one a line), still quoted; what
    is printed goes on the line as it stands, in place of the part after the last `:`.

    Every value is written so that bash reads it back exactly in the quote the word is in,
    history expansion included. A script installed before raqqa had its own (typer's) globs
    each line of the answer: for it, a value that globbing could change is not offered.
    """

    source_template = BASH_SCRIPT
    word = Word("", "", 0)

    @property
    def _history(self) -> str:
        """The characters that start a history expansion: `!`, and the first of the user's
        `$histchars` when the script says (an old one does not)."""
        char = os.environ.get(f"{self.complete_var}_HISTCHARS", "")[:1]
        # Not those already escaped with a backslash (which stops history expansion too),
        # nor a quote or a space, which would be misread.
        return "!" + (char if char.isprintable() and char not in "\\'\"$` " else "")

    def get_completion_args(self) -> tuple[list[str], str]:
        raw = os.environ.get("COMP_WORDS", "").split("\n")
        cword = os.environ.get("COMP_CWORD", "")
        current = int(cword) if cword.isdigit() else len(raw) - 1
        # bash splits `Protection:` into `Protection` and `:` (COMP_WORDBREAKS): glue them
        # back as the command will read them. A word after a space looks the same, so a
        # lone `:` typed between spaces is glued too; none of raqqa's words is one.
        words: list[str] = []
        at = None
        for index, word in enumerate(raw):
            after_break = index > 0 and raw[index - 1] != "" and set(raw[index - 1]) <= set(BREAKS)
            if words and word and (set(word) <= set(BREAKS) or after_break):
                words[-1] += word
            else:
                words.append(word)
            if index == current:
                at = len(words) - 1
        if at is None:  # the cursor after the last word
            words.append("")
            at = len(words) - 1
        read = [read_words(word)[-1] for word in words[: at + 1]]
        self.word = read[-1]
        return [word.text for word in read[1:-1]], self.word.text

    def format_completion(self, item: CompletionItem) -> str:
        rest = (_option_part(self.word.text) + str(item.value))[self.word.kept :]
        quote = self.word.quote
        if quote == '"':
            written = _bash_double_quoted(rest, self._history)
        elif quote == "'":  # nothing is special in single quotes but the quote
            written = rest.replace("'", "'\\''")
        else:
            return _bash_word(rest, self._history)
        # bash (readline) closes the quote after the one value offered, unless the line
        # already ends in that quote character: `"Kay "'!'"` would stay open. Closed here.
        return written + quote if written.endswith(quote) else written

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        # bash replaces only what follows the part it keeps (an open quote, a `:`): a value
        # matched inside (`Mine` for `Protection: Mine Action`) must start with that part.
        kept = self.word.text[: self.word.kept]
        items = self.get_completions(args, incomplete)
        lines = [
            self.format_completion(item)
            for item in items
            if (_option_part(self.word.text) + str(item.value)).startswith(kept)
        ]
        if not os.environ.get(f"{self.complete_var}_LINES"):  # typer's script would glob
            return "\n".join(line for line in lines if not _GLOB.search(line))
        # raqqa's script: told when a file fits, else it offers none.
        return "\n".join([*lines, FILES] if files_fit() else lines)


def _one_line(text: str) -> str:
    return " ".join(printable(text).split())


def _zsh_string(text: str) -> str:
    """`$'UN\\x20Children\\x27s\\x20Fund'`: `text` as one zsh word that holds no space, no
    quote and no backslash but its escapes, so it survives what the completion script does
    to it: `eval $(...)` unquoted, which splits the output at spaces and joins it again."""
    plain = re.compile(r"[A-Za-z0-9_./,+@%-]")
    # Characters beyond ASCII stay as they are (`\\x` takes two hexadecimal digits): values
    # and help are printable, and none of them is a space to zsh's IFS.
    escaped = (c if plain.match(c) or not c.isascii() else f"\\x{ord(c):02x}" for c in text)
    return "$'" + "".join(escaped) + "'"


# zsh's matcher for values matched inside or in another case: a lower-case letter typed
# matches either case, and what is typed may stand anywhere in the value.
ZSH_ANYWHERE = "m:{[:lower:]}={[:upper:]} l:|=* r:|=*"


class RaqqaZsh(_Values, ZshComplete):
    """zsh: the values for `_describe`, which puts them on the line quoted as needed.

    typer's `_arguments '*: :(("UN Children''s Fund"))'` is evaluated twice, and `''` in
    single quotes is nothing in zsh (without RC_QUOTES): the apostrophe was lost.
    """

    typed = ""

    def get_completion_args(self) -> tuple[list[str], str]:
        args, self.typed = _line_args(os.environ.get("_TYPER_COMPLETE_ARGS", ""))
        return args, self.typed

    def format_completion(self, item: CompletionItem) -> str:
        # `_describe` reads `value:description`, a backslash escaping the next character.
        value = re.sub(r"([\\:])", r"\\\1", _option_part(self.typed) + str(item.value))
        about = re.sub(r"\\", r"\\\\", _one_line(item.help)) if item.help else ""
        return _zsh_string(f"{value}:{about}" if about else value)

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = self.get_completions(args, incomplete)
        found = [self.format_completion(item) for item in items]
        if not found:  # file names where a file fits; else nothing
            return "_files" if files_fit() else ""
        # zsh keeps the values that start with the word typed. A value matched otherwise
        # (`fall` for Michael Fallon): one goes in place of the word (`-U`, passed on to
        # compadd); several are matched without case and anywhere (`-M`), so that zsh keeps
        # the word and lists them (`-U` put their common start, often nothing, in its place).
        written = [_option_part(self.typed) + str(item.value) for item in items]
        if all(value.startswith(self.typed) for value in written):
            how = ""
        elif len(found) == 1:
            how = " -U"
        else:
            how = f" -M {_zsh_string(ZSH_ANYWHERE)}"
        return (
            f"local -a raqqa_values; raqqa_values=({' '.join(found)});"
            f" _describe value raqqa_values{how}"
        )


class RaqqaFish(_Values, FishComplete):
    """fish: a value and its description a line, which fish escapes as it puts it in."""

    typed = ""

    def get_completion_args(self) -> tuple[list[str], str]:
        args, self.typed = _line_args(os.environ.get("_TYPER_COMPLETE_ARGS", ""), fish=True)
        return args, self.typed

    def format_completion(self, item: CompletionItem) -> str:
        value = _option_part(self.typed) + str(item.value)
        # Plain: typer's rich rendering wrapped long descriptions at 80 columns, and fish
        # offered each wrapped half line as a value of its own.
        return f"{value}\t{_one_line(item.help)}" if item.help else value

    def complete(self) -> str:
        # typer's script asks first whether raqqa has values (`is-args`): when it has not,
        # fish completes file names. It has, for that question, unless a file fits.
        if os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "") == "is-args":
            args, incomplete = self.get_completion_args()
            has_values = bool(self.get_completions(args, incomplete))
            sys.exit(0 if has_values or not files_fit() else 1)
        return super().complete()


def script_for(shell: str) -> str:
    """The completion script `raqqa --show-completion SHELL` prints: raqqa's for bash,
    typer's for the others; a usage problem naming the shells for any other word."""
    from typer import _completion_shared

    from raqqa_cli.errors import QueryError

    shells = list(_completion_shared._completion_scripts)
    if shell not in shells:
        raise QueryError(f"no completion for the shell {shell!r}; one of: {', '.join(shells)}")
    register()
    return _completion_shared.get_completion_script(
        prog_name="raqqa", complete_var="_RAQQA_COMPLETE", shell=shell
    )


def register() -> None:
    """raqqa's shell classes in place of typer's, for the completion under way; and raqqa's
    bash script in typer's table, from which `--show-completion` and `--install-completion`
    write it (when this runs before them)."""
    from typer import _completion_shared

    for cls in (RaqqaBash, RaqqaZsh, RaqqaFish):
        add_completion_class(cls, cls.name)
    _completion_shared._completion_scripts["bash"] = RaqqaBash.source_template
