"""`raqqa schema`: the JSON Schema of the knowledge file."""

from raqqa_cli.cli.output import Output
from raqqa_cli.record import Record


class Options(Record):
    """It reads nothing: where the schema goes is the `Output`'s."""


def run(out: Output, options: Options) -> None:
    import json

    from raqqa_cli.briefing.schema import json_schema

    out.emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
