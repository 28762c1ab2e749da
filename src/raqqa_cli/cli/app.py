"""The `raqqa` command line as typer sees it: help, completion, and every mistake.

The everyday command lines never need typer: `fast.py` reads them (see `main.py`), and
`RaqqaGroup.main` asks it first here too. This module declares the same commands for typer,
which writes the help, completes words and reports usage errors, and runs whatever `fast.py`
declines. Both are built from `commandline.py`, where each command and option is declared
once: here each declaration becomes a typer command whose signature typer reads. Either
way a command ends in `commands.run`.
"""

import inspect
import os
import sys
from collections.abc import Callable, MutableMapping, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from raqqa_cli.cli import commands
from raqqa_cli.cli.commandline import (
    COMMANDS,
    ENVIRONMENT,
    EXIT_STATUSES,
    GROUPS,
    INHERITED,
    OVERVIEW,
    Arg,
    Command,
    Completer,
    Opt,
    one_or_many,
)
from raqqa_cli.cli.commands import run_safely, say_error
from raqqa_cli.cli.typer_private import Context, HelpFormatter, StringParamType, TyperChoice
from raqqa_cli.errors import ExitCode, quoted
from raqqa_cli.terminal import Terminal, detect_terminal


class NarrowHelpFormatter(HelpFormatter):
    """click's help layout, stacked on narrow terminals: each option on its own line with
    its description below, so that nothing is wrapped mid-word at 40 columns. A required
    argument reads `ID`, an optional one `[ID]`, as usage lines conventionally write them
    (typer writes `{ID}`, which reads as "one of a set")."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        import re

        super().write_usage(prog, re.sub(r"\{([A-Z][A-Z_]*)\}", r"\1", args), prefix)

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        if self.width - self.current_indent >= 60:
            super().write_dl(rows, col_max, col_spacing)
            return
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}\n")
            if text:
                self.indent()
                self.write_text(text)
                self.dedent()


class RaqqaContext(Context):
    formatter_class = NarrowHelpFormatter


class RaqqaCommand(TyperCommand):
    context_class = RaqqaContext


class RaqqaGroup(TyperGroup):
    """Typer's group with raqqa's manners: the fast reader first, one line per error.

    Overriding `main` (rather than wrapping the console script) means `CliRunner` tests
    see exactly what users see, fast path included.
    """

    context_class = RaqqaContext

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from raqqa_cli.cli import fast

        standalone_mode = kwargs.pop("standalone_mode", True)
        argv = kwargs.get("args", args[0] if args else None)
        argv = sys.argv[1:] if argv is None else list(argv)
        if len(argv) == 2 and argv[0] == "--show-completion" and not argv[1].startswith("-"):
            # `--show-completion zsh`: typer's flag takes no shell and printed the script of
            # the shell it runs in, whatever was named; the named shell's, or an error.
            from raqqa_cli.cli import completion

            def show() -> None:
                sys.stdout.write(completion.script_for(argv[1]).rstrip("\n") + "\n")

            code = run_safely(show)
            if standalone_mode:
                sys.exit(code)
            return code
        if any(arg.startswith(("--show-completion", "--install-completion")) for arg in argv):
            # typer writes the script from its own table: raqqa's bash script goes in first.
            from raqqa_cli.cli import completion

            completion.register()
        call = fast.parse(argv, os.environ)
        terminal = _terminal(kwargs.get("obj"))
        if call is not None:
            code = run_safely(lambda: commands.run(call.name, terminal, **call.options))
        else:
            kwargs["standalone_mode"] = False
            # Help laid out for this terminal's width, not click's minimum of 50 columns.
            kwargs.setdefault("terminal_width", terminal.width)
            kwargs.setdefault("max_content_width", terminal.width)
            code = run_typer(lambda: super(RaqqaGroup, self).main(*args, **kwargs))
        if standalone_mode:
            sys.exit(code)
        return code

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        # Completing (typer's `_RAQQA_COMPLETE`): raqqa's shell classes, which read and
        # quote values as each shell does, replace typer's. Any other run never imports them.
        variable = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(variable):
            from raqqa_cli.cli import completion

            completion.register()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def run_typer(invoke: Any) -> int:
    """`run_safely`, knowing click's own exceptions too."""
    from typer import Abort

    from raqqa_cli.cli.typer_private import ClickException, NoArgsIsHelpError, UsageError

    code: int = ExitCode.OK

    def attempt() -> None:
        nonlocal code
        try:
            result = invoke()
            code = result if isinstance(result, int) else ExitCode.OK
        except NoArgsIsHelpError as error:
            # A group named alone (`raqqa notes`): its help, as `-h` gives it, as gh does.
            print(error.format_message())
            code = ExitCode.OK
        except UsageError as error:
            # One line, as every problem is: what is wrong, then where help is.
            where = f" (see `{error.ctx.command_path} -h`)" if error.ctx is not None else ""
            say_error(error.format_message() + (_quote_hint(error) or where))
            code = ExitCode.USAGE
        except ClickException as error:
            say_error(error.format_message())
            code = error.exit_code
        except Abort:
            code = ExitCode.INTERRUPTED

    failed = run_safely(attempt)
    return failed if failed != ExitCode.OK else code


def _quote_hint(error: Any) -> str | None:
    """For words left over after a command's one argument (`raqqa actors Rory Stewart`):
    the same words quoted, as the shell needs a name of several words."""
    import re
    import shlex

    found = re.search(r"unexpected extra argument\S* \((.*)\)$", error.format_message())
    ctx = error.ctx
    if found is None or ctx is None:
        return None
    given = [v for v in ctx.params.values() if isinstance(v, str) and not v.startswith("-")]
    takes_one = [p for p in ctx.command.params if p.param_type_name == "argument"]
    if len(takes_one) != 1 or not given:
        return None
    # Only where the argument is a name or text, which may hold spaces; an id never does.
    if not re.fullmatch(r"\[?(NAME|TEXT)\]?", str(takes_one[0].metavar or "")):
        return None
    words = " ".join([given[0], *found[1].split()])
    return f": to give a name of several words, quote it: {ctx.command_path} {shlex.quote(words)}"


def _terminal(given: object) -> Terminal:
    """The terminal given by the caller (tests inject one), else the real stdout's."""
    return given if isinstance(given, Terminal) else detect_terminal(sys.stdout)


def run(ctx: typer.Context, command: str, /, **options: Any) -> None:
    """Run a command, `--file` and `--format` given before its name counting as `fast.py`
    has it: the command's own first, then the top level's, then the environment's."""
    from raqqa_cli.cli.typer_private import Context, ParameterSource

    root = ctx.find_root()

    def given(context: Context, param: str) -> bool:
        return context.get_parameter_source(param) is ParameterSource.COMMANDLINE

    for param in INHERITED:
        if param in options and not given(ctx, param) and given(root, param):
            options[param] = root.params[param]
    if "file" in options:
        options["file"] = one_or_many(options["file"])
    commands.run(command, _terminal(root.obj), **options)


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        code = run_safely(lambda: commands.run("version", _terminal(ctx.find_root().obj)))
        raise typer.Exit(code)


# What `raqqa --help` adds below the examples: the environment and the exit statuses.
TOP_LEVEL_HELP = "\n".join(
    [
        "\b",
        "Environment:",
        *(f"{name:<17}{said}" for name, said in ENVIRONMENT),
        "",
        "\b",
        "Exit status:",
        *(f"{code:<5}{said}" for code, said in EXIT_STATUSES),
    ]
)


def _help_text(command: Command) -> str:
    """A command's help: its summary, then its examples kept as written (`\b`)."""
    label = "Example" if len(command.examples) == 1 else "Examples"
    examples = "\n".join(command.examples)
    text = f"{command.summary}\n\n\b\n{label}:\n{examples}"
    return f"{text}\n\n{TOP_LEVEL_HELP}" if command is OVERVIEW else text


class NearestChoice(TyperChoice[str]):
    """typer's choice of an enum's values, which says the nearest when none is given, as
    every other value that names something does (`--format jsn`: did you mean 'json'?),
    and, for a value other commands take (`aid --format bibtex`), which this one takes."""

    def __init__(self, choices: Sequence[str], elsewhere: Sequence[str] = ()) -> None:
        super().__init__(list(choices), case_sensitive=False)
        self.elsewhere = {value.casefold() for value in elsewhere}

    def get_invalid_choice_message(self, value: Any, ctx: Context | None) -> str:
        import difflib

        choices = [str(choice) for choice in self.choices]
        if str(value).casefold() in self.elsewhere:
            path = ctx.command_path if ctx is not None else "this command"
            return f"{quoted(str(value))} is not one `{path}` takes: {', '.join(choices)}"
        close = difflib.get_close_matches(str(value).casefold(), choices, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else f"one of: {', '.join(choices)}"
        return f"{quoted(str(value))} is not a choice; {hint}"


class WholeText(StringParamType):
    """Text that may be given again (`-f a.yaml -f b.yaml`), taken whole from the
    environment too: click splits a repeatable option's variable at spaces, and
    `RAQQA_BRIEFING="My briefings/raqqa.yaml"` names one path, as the fast reader has it."""

    def split_envvar_value(self, rv: str) -> Sequence[str]:
        return [rv] if rv else []


def _completer(kind: Completer) -> Callable[..., list[tuple[str, str]]]:
    """typer's `autocompletion` for values of `kind` (typer finds `ctx` and `incomplete` by
    name). `completion.py` is imported only when completing, as `RaqqaGroup` has it."""

    def autocompletion(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from raqqa_cli.cli import completion

        return completion.complete(kind, ctx, incomplete)

    return autocompletion


def _parameter(item: Opt | Arg, default: Any) -> inspect.Parameter:
    """A typer parameter from a declaration: the annotation typer reads its options from."""
    # File names are the shell's to complete, where the completer says a file fits
    # (`files`); free text (`text`) has no values, and no file names either.
    wanted = item.complete not in (None, "text")
    complete = _completer(item.complete) if item.complete and wanted else None
    if isinstance(item, Arg):
        kind: Any = str if item.required else str | None
        info = typer.Argument(metavar=item.metavar, help=item.help, autocompletion=complete)
        default = inspect.Parameter.empty if item.required else None
    else:
        kind = {"flag": bool, "value": str | None}.get(item.kind, (item.choices or str) | None)
        if item.many:
            kind = list[str] | None
        eager = item.param == "version"  # `raqqa --version` answers before anything else
        info = typer.Option(
            *item.flags,
            help=item.help,
            metavar=item.metavar,
            envvar=item.envvar,
            show_envvar=item.envvar is not None,
            case_sensitive=False,
            click_type=(
                NearestChoice(
                    item.allowed or [m.value for m in item.choices],
                    [m.value for m in item.choices if m.value not in (item.allowed or ())]
                    if item.allowed
                    else (),
                )
                if item.choices
                else WholeText()
                if item.many
                else None
            ),
            autocompletion=complete,
            callback=_version if eager else None,
            is_eager=eager,
        )
    return inspect.Parameter(
        item.param,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[kind, info],
    )


def _typer_function(command: Command, body: Callable[..., None]) -> Callable[..., None]:
    """A function whose signature typer reads as the command's arguments and options."""
    params = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    ]
    items: tuple[Opt | Arg, ...] = (*command.args, *command.options)
    for item in items:
        default: Any = False if isinstance(item, Opt) and item.kind == "flag" else None
        if isinstance(item, Opt) and item.param == "fmt":
            default = command.default_format
        params.append(_parameter(item, default))
    # Required arguments first, as Python (and typer, reading the signature) want them.
    params[1:] = sorted(params[1:], key=lambda p: p.default is not inspect.Parameter.empty)
    function: Any = body
    function.__signature__ = inspect.Signature(params)
    function.__annotations__ = {p.name: p.annotation for p in params}
    function.__doc__ = _help_text(command)
    function.__name__ = command.name
    return function  # type: ignore[no-any-return]


def _app() -> typer.Typer:
    return typer.Typer(
        name="raqqa",
        cls=RaqqaGroup,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        # Plain click help: typer's rich help imports rich.markdown and markdown-it (78 ms)
        # before drawing anything, which alone breaks the --help budget
        # (docs/decisions/0007-plain-help.md).
        rich_markup_mode=None,
    )


def _group(app: typer.Typer, name: str) -> typer.Typer:
    """A group of subcommands (`raqqa notes ...`), as plain in its help as the app."""
    examples = [e for command in COMMANDS if command.group == name for e in command.examples]
    summary = Command(name, GROUPS[name], tuple(examples))
    group = typer.Typer(
        name=name,
        help=_help_text(summary),
        context_settings={"help_option_names": ["-h", "--help"]},
        rich_markup_mode=None,
        no_args_is_help=True,
    )
    app.add_typer(group, name=name, short_help=GROUPS[name])
    return group


def _overview(ctx: typer.Context, **options: Any) -> None:
    options.pop("version", None)
    if ctx.invoked_subcommand is None:
        run(ctx, "overview", **options)


def build(whole: Callable[[Command], bool] = lambda command: True) -> typer.Typer:
    """The typer app: every command the list of commands names, and those `whole` picks
    with their arguments and options (read from each command's `Options`, in its module).
    A command not picked is its name and summary only, enough for `raqqa --help` and for
    the nearest name to a mistyped one: importing all twenty command modules to show one
    command's help cost 9 ms, a tenth of the --help budget."""
    app = _app()
    groups = {name: _group(app, name) for name in GROUPS}
    app.callback(invoke_without_command=True)(_typer_function(OVERVIEW, _overview))
    for command in COMMANDS:
        owner = groups[command.group] if command.group else app
        # The summary whole, as the command list's one line: click cuts it at 45 characters.
        register = owner.command(command.name, cls=RaqqaCommand, short_help=command.summary)
        register(_typer_function(command, _body(command)) if whole(command) else _named(command))
    return app


def _body(command: Command) -> Callable[..., None]:
    def body(ctx: typer.Context, **options: Any) -> None:
        run(ctx, command.path, **options)

    return body


def _named(command: Command) -> Callable[..., None]:
    """A command as the list of commands shows it, for a command line that does not run it."""

    def named() -> None:  # never run: `app_for` builds whole any command its line names
        raise AssertionError(f"{command.path} was built by name only")

    named.__doc__ = _help_text(command)
    named.__name__ = command.name
    return named


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app for one command line: the commands it names built whole, the others by name;
    every one whole when a shell asks for completions, which may be of any."""
    if os.environ.get("_RAQQA_COMPLETE"):
        return build()
    words = set(args)
    return build(lambda command: command.name in words or command.group in words)


def __getattr__(name: str) -> Any:
    """`app`, every command built whole (tests, the generated reference), made when asked."""
    if name == "app":
        made = globals()["app"] = build()
        return made
    raise AttributeError(name)


app: typer.Typer  # made by `__getattr__` when first asked for
