"""How a dataset's rows become model fields for the writer: the values in each language,
the fields a row gives, a new record's own validation, and units ordered parents first."""

from __future__ import annotations

from collections.abc import Callable

from .dataset import NAME_LANGUAGES, UnitIn


def each_language(attribute: str, source: str) -> Callable:
    """A translated value's other languages: all of them when the file gives the whole
    set (``source``), else only those it has a column for (``source.en``)."""

    def values(row) -> dict:
        every = row.gives(source)
        given = getattr(row, source)
        return {
            f"{attribute}_{lang}": given.get(lang, "")
            for lang in NAME_LANGUAGES
            if every or row.gives(f"{source}.{lang}")
        }

    return values


UNIT_LANGUAGES = (
    each_language("name", "names"),
    each_language("short_name", "short_names"),
    each_language("mandate", "mandates"),
)


POST_LANGUAGES = (each_language("title", "titles"), each_language("duties", "duties_in"))


PERSON_FIELDS = ("family_name", "given_name", "patronymic", "visibility")


def given_fields(row, fields: dict, languages=()) -> dict:
    values = {}
    for name, make in fields.items():
        if row.gives(name):
            values.update(make(row))
    for make in languages:
        values.update(make(row))
    return values


def validate_offline(record, exclude: list[str]) -> None:
    """The model's own checks of a new record, without the database (the checks already
    read it; its rules refuse what slips through when the rows are copied)."""
    record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def given_appointment(row) -> dict:
    return {name: getattr(row, name) for name in ("ends_on", "acting") if row.gives(name)}


def parents_first(rows: list[UnitIn]) -> list[UnitIn]:
    by_code = {r.code: r for r in rows}
    ordered, placed = [], set()

    def place(row: UnitIn, depth: int = 0) -> None:
        if row.code in placed:
            return
        if row.parent in by_code and depth < 1000:
            place(by_code[row.parent], depth + 1)
        placed.add(row.code)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered
