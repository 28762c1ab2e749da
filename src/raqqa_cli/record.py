"""`Record`: the typed, immutable tuple that the briefing's entries and every report's rows are.

A record class declares its fields as annotations, in order, with defaults where a field
may be left out (`note: str | None = None`, after the fields without one); a record is
built by keyword, which mypy checks (`dataclass_transform`), and is a plain tuple of its
values, which is what renderers, the cache and `marshal` read.

Not a `typing.NamedTuple`: `collections.namedtuple` compiles a constructor with `eval` for
every class, and raqqa defines some sixty record classes at start-up (the model's 27 and
the reports' rows). Importing the model took 10 ms with NamedTuples and 5 ms with this
(docs/decisions/0046, 0050).
"""

from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar, Self, dataclass_transform


def _rebuilt(cls: type["Record"], values: tuple[Any, ...]) -> "Record":
    return tuple.__new__(cls, values)


@dataclass_transform(kw_only_default=True)
class Record(tuple[Any, ...]):
    """A typed record: a tuple with a property per field, built by keyword."""

    # Set by __init_subclass__, declared for mypy only, so that a record class's annotations (what
    # `typing.get_type_hints` gives) are its fields alone, as a NamedTuple's are.
    if TYPE_CHECKING:
        _fields: ClassVar[tuple[str, ...]]
        _field_defaults: ClassVar[dict[str, Any]]

    def __init_subclass__(cls) -> None:
        own = cls.__dict__
        cls._fields = tuple(cls.__annotations__)
        cls._field_defaults = {name: own[name] for name in cls._fields if name in own}
        for at, name in enumerate(cls._fields):
            setattr(cls, name, property(itemgetter(at)))

    def __new__(cls, **values: Any) -> Self:
        given = {**cls._field_defaults, **values} if cls._field_defaults else values
        try:
            row = [given[name] for name in cls._fields]
        except KeyError as missing:
            raise TypeError(f"{cls.__name__}: missing field {missing}") from None
        if len(given) != len(row):
            unknown = sorted(set(given) - set(cls._fields))
            raise TypeError(f"{cls.__name__}: unexpected field {', '.join(unknown)}")
        return tuple.__new__(cls, row)

    def __init__(self, **values: Any) -> None:
        """Built by `__new__`."""

    def _replace(self, **changes: Any) -> Self:
        """The same record with `changes`, as a NamedTuple's `_replace`."""
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
