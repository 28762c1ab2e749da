"""`raqqa init`: a small commented briefing to start from, written without harm.

The template is text, not data dumped from the model, so that its comments can teach; a
test validates it, so it cannot drift from the schema. Writing refuses to replace anything
that is already there (a file, a folder, a link, even a dangling one) and never writes
through a link: the text goes to a `mkstemp` file in the target's folder, which is then
linked to the target's name (the link fails if the name was taken meanwhile) or, where the
file system has no hard links, renamed onto it after one more look.
"""

from __future__ import annotations

import errno
import os
import tempfile
import typing

from raqqa_cli.briefing import model
from raqqa_cli.errors import printable


def _choices(kind: object) -> str:
    """A Literal's choices as a comment reads them: `a, b or c`."""
    names = [str(name) for name in typing.get_args(kind)]
    return f"{', '.join(names[:-1])} or {names[-1]}"


# What `raqqa schema` is saved as, beside the briefings it describes.
SCHEMA_NAME = "raqqa.schema.json"


def template(path: str = "FILE") -> str:
    """The commented template of a new briefing to be written at `path`."""
    name = printable(os.path.basename(path))  # a line break in it would end the comment
    return f"""\
# yaml-language-server: $schema={SCHEMA_NAME}
# A new raqqa briefing. Replace every value, keep the shape, and check it as you go:
#   raqqa validate {name}
# For completion and checks as you type (editors with the YAML language server, such
# as VS Code's YAML extension), save the schema beside this file once:
#   raqqa schema > {SCHEMA_NAME}
# Every entry has an id unique in the file and names its source; entries refer to
# each other by id (an actor by its id, not its name). Dates are YYYY, YYYY-MM or
# YYYY-MM-DD, at the precision you know. Quote a value that contains ": " or " #",
# or that starts with a quotation mark.
schema_version: 2

briefing:
  title: "Title of the report this briefing summarises"
  publisher: Publisher of the report
  published: 2024-01
  summary: One or two sentences on what the report says.
  source: src-report  # the source that is the briefing; `sources:` may add others

sources:
  # kind: {_choices(model.SourceKind)}
  - id: src-report
    title: "Title of the report this briefing summarises"
    publisher: Publisher of the report
    kind: report
    date: 2024-01
    locator: https://example.org/report  # a link, where one exists

actors:
  # kind: {_choices(model.ActorKind)}
  - id: act-agency
    name: Name of an organisation
    kind: organisation
    aliases: [Short name]
    source: src-report

places:
  # kind: {_choices(model.PlaceKind)}
  - id: plc-country
    name: Name of a country
    kind: country
    source: src-report

issues:
  - id: iss-first
    title: The first issue the report raises
    summary: What the report says about it, in a sentence.
    actors: [act-agency]
    pledges: [aid-first]
    source: src-report

pledges:
  # Money is amount and currency (ISO 4217, in capitals); goods are quantity and unit.
  # status: {_choices(model.Status)}
  # sector: an IASC cluster (raqqa schema lists them)
  - id: aid-first
    donor: act-agency
    date: 2024-01
    status: pledged
    sector: Health
    description: What the money is for
    amount: 1000000
    currency: USD
    place: plc-country
    source: src-report
    note: Anything a reader should know that no field says.

events:
  - id: ev-first
    date: 2024-01
    what: Something that happened, in one sentence.
    place: plc-country
    source: src-report
"""


def schema_beside(path: str) -> str:
    """Where the schema the template names goes: beside the briefing at `path`."""
    return os.path.join(os.path.dirname(path), SCHEMA_NAME)


class InitError(Exception):
    """The template cannot be written where it was asked for; one line says why."""


def write_new(path: str, text: str) -> None:
    """Write `text` to a new file at `path`; never replace or follow what is there."""
    if os.path.lexists(path):
        raise InitError(f"{path} already exists; raqqa init never replaces a file")
    folder = os.path.dirname(path) or "."
    try:
        handle, temporary = tempfile.mkstemp(prefix=".raqqa-init-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InitError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it 0600: a briefing is shared
        try:
            os.link(temporary, path, follow_symlinks=False)  # fails if the name is taken
        except FileExistsError:
            raise InitError(f"{path} already exists; raqqa init never replaces a file") from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if os.path.lexists(path):  # no hard links here: look once more, then rename
                raise InitError(
                    f"{path} already exists; raqqa init never replaces a file"
                ) from None
            os.replace(temporary, path)
    except OSError as error:
        raise InitError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
