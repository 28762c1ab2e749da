"""`raqqa brief`: the whole briefing as one note, its citations linked to the sources."""

from typing import TYPE_CHECKING, Annotated

from raqqa_cli.cli.commandline import File, Opt
from raqqa_cli.cli.commands import knowledge_files, load, save
from raqqa_cli.cli.output import Output
from raqqa_cli.errors import QueryError, printable
from raqqa_cli.record import Record
from raqqa_cli.render import CiteStyle, Format, resolve_format

if TYPE_CHECKING:
    from raqqa_cli.briefing.model import Briefing


class Options(Record):
    cite: Annotated[
        CiteStyle | None,
        Opt(
            ("--cite",),
            "choice",
            "numbers (the default): [1] linked to the numbered sources; pandoc: [@id] for"
            " pandoc --citeproc, with the sources from --bibliography.",
            choices=CiteStyle,
        ),
    ] = None
    bibliography: Annotated[
        str | None,
        Opt(
            ("--bibliography",),
            "value",
            "With --cite pandoc: also write the sources as CSL-JSON to FILE (named .json),"
            " for pandoc --citeproc --bibliography FILE; written as -o writes.",
            metavar="FILE",
            complete="files",
        ),
    ] = None
    file: File = None


def run(out: Output, options: Options) -> None:
    from raqqa_cli.render.brief import render_brief

    file, bibliography = options.file, options.bibliography
    readers = out.target.readers
    pandoc = options.cite == CiteStyle.pandoc
    shown = resolve_format(out.target.format, out.terminal)
    if pandoc and shown is not Format.markdown:
        raise QueryError("--cite pandoc writes a Markdown note for pandoc: use --format markdown")
    if bibliography is not None:
        _check_bibliography(out, bibliography, pandoc, file)
    if shown is Format.html:  # a page to circulate: it says what it was made from
        from raqqa_cli import __version__
        from raqqa_cli.briefing.load import load_data
        from raqqa_cli.render.brief import provenance_line, render_brief_html

        name, data = read_briefing(file)
        briefing = load_data(name, data)
        made_from = provenance_line(
            "the embedded briefing" if file is None else name, data, __version__, made_on()
        )
        out.emit(render_brief_html(briefing, readers, out.invocation_of(file), made_from))
        return
    briefing = load(file)
    if shown is Format.table:  # read on a terminal: drawn as the commands draw, and paged
        from raqqa_cli.render.brief import render_brief_for_terminal

        out.emit(render_brief_for_terminal(briefing, out.terminal))
        return
    note = render_brief(briefing, readers, pandoc, out.invocation_of(file))
    if bibliography is not None:
        _write_bibliography(bibliography, briefing, file)
    out.emit(note)


def read_briefing(file: str | None) -> tuple[str, bytes]:
    """The briefing's name and bytes, as `load` reads them."""
    from raqqa_cli.briefing.load import read_bytes, resolve_location

    return read_bytes(resolve_location(file))


def made_on() -> str:
    """Today's date (UTC), or the day `SOURCE_DATE_EPOCH` names, for pages that must be
    made the same twice."""
    import os
    from datetime import UTC, datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return when.date().isoformat()


def _check_bibliography(out: Output, path: str, pandoc: bool, file: str | None) -> None:
    """`--bibliography FILE`, before anything is computed: only with `--cite pandoc`, named
    `.json` (pandoc reads a bibliography's format from its extension), never the note
    itself, and written under the rules of `-o` (`writefile`)."""
    from raqqa_cli.cli.writefile import check_target, refuse_read_only, same_file

    if not pandoc:
        raise QueryError(
            "--bibliography writes the sources of --cite pandoc's [@id] citations:"
            " add --cite pandoc"
        )
    check_target(path, knowledge_files(file), what="bibliography")
    if not path.lower().endswith(".json"):
        raise QueryError(
            f"{printable(path)}: --bibliography writes CSL-JSON, which pandoc knows by the"
            " extension: name it .json"
        )
    if out.target.path is not None and same_file(path, out.target.path):
        raise QueryError(f"{printable(path)}: -o and --bibliography name the same file")
    refuse_read_only(path, out.target.force)


def _write_bibliography(path: str, briefing: "Briefing", file: str | None) -> None:
    """`--bibliography refs.json`: the sources as CSL-JSON, for
    `pandoc --citeproc --bibliography refs.json brief.md`. Only the file named is written:
    raqqa makes up no name beside the note."""
    from raqqa_cli.briefing.lookup import Index
    from raqqa_cli.render.citations import render_csl_json
    from raqqa_cli.reports.citations import citation_items

    save(path, render_csl_json(citation_items(Index(briefing))), knowledge_files(file))
