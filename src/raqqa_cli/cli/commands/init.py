"""`raqqa init [PATH]`: write the template of a new briefing; never over anything there."""

import os
from typing import Annotated

from raqqa_cli.cli.commandline import Arg, Opt
from raqqa_cli.cli.commands import say_error
from raqqa_cli.cli.output import Finished, Output
from raqqa_cli.errors import ExitCode, QueryError, printable
from raqqa_cli.record import Record


class Options(Record):
    path: Annotated[
        str | None,
        Arg(
            "[PATH]",
            "Where to write it ('-' for standard output). [default: briefing.yaml]",
            complete="files",
        ),
    ] = None
    schema: Annotated[
        bool,
        Opt(
            ("--schema",),
            "flag",
            "Also write the JSON Schema beside it, for editors (kept if already there).",
        ),
    ] = False


def run(out: Output, options: Options) -> None:
    import json

    from raqqa_cli.cli.template import SCHEMA_NAME, InitError, schema_beside, template, write_new

    path, schema = options.path, options.schema
    if path == "-":
        if schema:
            raise QueryError(
                f"--schema writes a file beside the briefing; with '-', run"
                f" raqqa schema > {SCHEMA_NAME}"
            )
        out.write(template())
        return
    if path == "":  # never the default by accident, as with --file ""
        raise QueryError("init needs a file name, or '-' for standard output")
    path = path or "briefing.yaml"
    shown = printable(path)
    try:
        write_new(path, template(path))
    except InitError as error:
        say_error(str(error))
        raise Finished(ExitCode.CANNOT_WRITE) from None
    said = f"Wrote {shown}: edit it, then run raqqa validate {shown}"
    if schema:
        from raqqa_cli.briefing.schema import json_schema

        beside = schema_beside(path)
        if os.path.lexists(beside):
            said += f"\nKept {printable(beside)} as it is (raqqa schema > it, to renew it)"
        else:
            try:
                write_new(beside, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
            except InitError as error:
                say_error(str(error))
                raise Finished(ExitCode.CANNOT_WRITE) from None
            said += f"\nWrote {printable(beside)}, the schema its first line names"
    out.write(said + "\n")
