"""The JSON Schema of the knowledge file, generated from `model.py`'s type hints.

What JSON Schema cannot say (a date is a real date, references resolve, a quote has its
kind) is checked by `raqqa validate`; the schema says so in its description.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from raqqa_cli.briefing import model

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if text else ""


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def hint(self, hint: Any) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is typing.Annotated:
            return self._annotated(self.hint(args[0]), hint.__metadata__)
        if origin is typing.Union or origin is types.UnionType:
            rest = [arg for arg in args if arg is not type(None)]
            inner = {"type": "number"} if set(rest) == {int, float} else self.hint(rest[0])
            return inner if len(rest) == len(args) else {"anyOf": [inner, {"type": "null"}]}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin is tuple:
            return {"type": "array", "items": self.hint(args[0])}
        if hint is str:
            return {"type": "string"}
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if model.is_record(hint):
            return self._record(hint)
        raise TypeError(f"unsupported type in the model: {hint}")

    def _annotated(self, schema: dict[str, Any], metadata: tuple[Any, ...]) -> dict[str, Any]:
        target = schema["anyOf"][0] if "anyOf" in schema else schema
        notes = []
        for meta in metadata:
            if isinstance(meta, model.Pattern):
                target["pattern"] = meta.regex
                notes.append(meta.means)
            elif isinstance(meta, model.Minimum):
                target["minimum"] = meta.value
            elif isinstance(meta, model.Maximum):
                target["maximum"] = meta.value
            elif isinstance(meta, model.Ref):
                section = meta.section.replace("|", " or ")
                notes.append(
                    f"the id of an entry in {'any section' if section == '*' else section}"
                )
            elif isinstance(meta, model.Since):
                notes.append(f"new in schema version {meta.version}")
            elif isinstance(meta, model.Doc):
                notes.insert(0, meta.text)
        if model.DATE_PATTERN in metadata:
            # A bare year reads as an integer in YAML; raqqa takes it as a year.
            year = {"type": "integer", "minimum": 1000, "maximum": 9999}
            if "anyOf" in schema:
                schema["anyOf"].insert(1, year)
            else:
                schema = {"anyOf": [schema, year]}
        if notes:
            schema["description"] = "; ".join(notes)
        return schema

    def _record(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name before recursing
            hints = typing.get_type_hints(cls, include_extras=True)
            properties: dict[str, Any] = {}
            required = []
            # A field with a former name is given under one name or the other, not both.
            either: list[dict[str, Any]] = []
            for field, default in model.fields_of(cls):
                schema = self.hint(hints[field])
                formerly = [
                    meta
                    for meta in getattr(hints[field], "__metadata__", ())
                    if isinstance(meta, model.Formerly)
                ]
                if default is not model.MISSING:
                    schema["default"] = list(default) if isinstance(default, tuple) else default
                elif formerly:
                    either.append(
                        {"oneOf": [{"required": [field]}, {"required": [formerly[0].name]}]}
                    )
                else:
                    required.append(field)
                properties[field] = schema
                for meta in formerly:
                    properties[meta.name] = {
                        **schema,
                        "description": f"{field}, under its name before schema version"
                        f" {meta.until} (give one or the other)",
                    }
            self.defs[name] = {
                "title": name,
                "description": _first_line(cls.__doc__),
                "type": "object",
                "properties": properties,
                "required": required,
                **({"allOf": either} if either else {}),
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a raqqa knowledge file."""
    builder = _Builder()
    builder.hint(model.Briefing)
    root = builder.defs.pop("Briefing")
    root["title"] = f"raqqa knowledge file, schema version {model.SCHEMA_VERSION}"
    root["description"] = (
        "A briefing as one YAML (or JSON) document. Beyond this schema, raqqa validate"
        " checks that ids are unique, references resolve, dates are real dates and"
        " paired fields (quote and quote_kind, amount and currency) come together."
    )
    return {"$schema": DIALECT, **root, "$defs": builder.defs}
