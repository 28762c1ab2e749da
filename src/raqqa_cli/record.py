"""`Record` and `Struct`: raqqa's typed, immutable tuples, the one idiom for a class of values.

A class declares its fields as annotations, in order, with defaults where a field may be
left out (`note: str | None = None`, after the fields without one), and is a plain tuple of
its values, which is what renderers, the cache and `marshal` read. A `Record` (the
briefing's entries, report rows, command options) is built by keyword only; a `Struct`
(small values written inline: a column, a constraint, a problem) also by position. mypy
checks both (`dataclass_transform`).

Not `typing.NamedTuple`: `collections.namedtuple` compiles a constructor with `eval` for
every class, and under postponed annotations typing compiles a `ForwardRef` per field.
raqqa defines some hundred such classes, and a brief imports sixty: the model took 10 ms
to import with NamedTuples and 5 ms with Records; twenty five-field classes take 1.9 ms
as NamedTuples (2.9 ms with postponed annotations) and 0.4 ms as Records
(docs/decisions/0046, 0050).
"""

from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar, Self, dataclass_transform


def _rebuilt(cls: type["_Fields"], values: tuple[Any, ...]) -> "_Fields":
    return tuple.__new__(cls, values)


class _Fields(tuple[Any, ...]):
    """What `Record` and `Struct` share: a property per field, defaults, `_replace`."""

    # Set by __init_subclass__, declared for mypy only, so that a class's annotations (what
    # `typing.get_type_hints` gives) are its fields alone, as a NamedTuple's are.
    if TYPE_CHECKING:
        _fields: ClassVar[tuple[str, ...]]
        _field_defaults: ClassVar[dict[str, Any]]

    def __init_subclass__(cls) -> None:
        own = cls.__dict__
        cls._fields = tuple(own.get("__annotations__", ()))
        cls._field_defaults = {name: own[name] for name in cls._fields if name in own}
        for at, name in enumerate(cls._fields):
            setattr(cls, name, property(itemgetter(at)))

    def __new__(cls, *args: Any, **values: Any) -> Self:
        fields = cls._fields
        if args:
            if len(args) == len(fields) and not values:
                return tuple.__new__(cls, args)
            if len(args) > len(fields):
                raise TypeError(f"{cls.__name__}: {len(args)} values for {len(fields)} fields")
            twice = values.keys() & fields[: len(args)]
            if twice:
                raise TypeError(f"{cls.__name__}: {', '.join(sorted(twice))} given twice")
            values = {**dict(zip(fields, args, strict=False)), **values}
        given = {**cls._field_defaults, **values} if cls._field_defaults else values
        try:
            row = [given[name] for name in fields]
        except KeyError as missing:
            raise TypeError(f"{cls.__name__}: missing field {missing}") from None
        if len(given) != len(row):
            unknown = sorted(set(given) - set(fields))
            raise TypeError(f"{cls.__name__}: unexpected field {', '.join(unknown)}")
        return tuple.__new__(cls, row)

    def _replace(self, **changes: Any) -> Self:
        """The same value with `changes`, as a NamedTuple's `_replace`."""
        return type(self)(**{**dict(zip(self._fields, self, strict=True)), **changes})

    def _asdict(self) -> dict[str, Any]:
        """The fields and their values, in order."""
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
        )
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the class
        return (_rebuilt, (type(self), tuple(self)))


@dataclass_transform(kw_only_default=True)
class Record(_Fields):
    """A typed record built by keyword: an entry, a report's row, a command's options."""


@dataclass_transform()
class Struct(_Fields):
    """A typed value built by position or keyword: a column, a constraint, a problem."""
