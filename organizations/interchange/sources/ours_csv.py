"""Our own CSV export, read back (the round trip of ``/api/export.csv``)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from ...models import Unit
from ...visibility import Visibility
from ..dataset import (
    NAME_LANGUAGES,
    AppointmentIn,
    ContactIn,
    Cut,
    Dataset,
    PersonIn,
    PostIn,
    Problem,
    UnitIn,
)
from .base import Unreadable, boolean, csv_records, date, parser, read_text, required_date

# Our own formats ------------------------------------------------------------------------

CSV_COLUMNS = [
    "record",
    "id",
    "parent",
    "kind",
    "name",
    "name_uz_cyrl",
    "name_ru",
    "name_en",
    "name_ko",
    "short_name",
    "family_name",
    "given_name",
    "patronymic",
    "duties",
    "rank",
    "reports_to",
    "is_head",
    "visibility",
    "value",
    "extension",
    "label",
    "starts_on",
    "ends_on",
    "acting",
    "mandate",
    "address",
    "website",
]

# The columns of the directory table download (``/export/?format=csv``): made for
# reading in a spreadsheet, one row per post; it does not carry what an import needs.
TABLE_COLUMNS = {"post_id", "title_uz", "person_id", "unit_path_uz"}


# What a column of our CSV gives, per kind of record (``Record.given``).
CSV_GIVES = {
    "unit": {
        "name": "name",
        "kind": "kind",
        "parent": "parent",
        "short_name": "short_name",
        "mandate": "mandate",
        "address": "address",
        "website": "website",
        "starts_on": "established_on",
        "ends_on": "abolished_on",
        **{f"name_{lang}": f"names.{lang}" for lang in NAME_LANGUAGES},
    },
    "post": {
        "name": "title",
        "duties": "duties",
        "rank": "rank",
        "reports_to": "reports_to",
        "is_head": "is_head",
        "visibility": "visibility",
        **{f"name_{lang}": f"titles.{lang}" for lang in NAME_LANGUAGES},
    },
    "person": {c: c for c in ("family_name", "given_name", "patronymic", "visibility")},
    "contact": {"label": "label", "visibility": "visibility"},
}


def unneutralise(value: str) -> str:
    """Spreadsheets evaluate cells that start with = + - @ or a tab or carriage return:
    our CSV downloads put an apostrophe before them (``exports.neutralise``), which an
    import takes off again."""
    if value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


@parser("csv")
def our_csv(path: Path) -> Dataset:
    """Our CSV: one row per unit, post, person, appointment or contact (docs/import.md);
    a first ``export`` row says which tier a download of it was cut at."""
    dataset = Dataset(source=str(path))
    text = read_text(path)
    gives: dict[str, frozenset] = {}
    for line, row, error in csv_records(text):
        if error:
            dataset.problems.append(Problem(line, error))
            continue
        if not gives:
            if set(row) >= TABLE_COLUMNS:
                raise Unreadable(
                    _(
                        "This is the directory table (one row per post), made for reading in a "
                        "spreadsheet: it cannot be imported. To move data between directories, "
                        "download the records (format=records) or the JSON."
                    )
                )
            gives = {
                kind: frozenset(field for column, field in columns.items() if column in row)
                for kind, columns in CSV_GIVES.items()
            }
        missing = [c for c in ("record", "id") if c not in row]
        if missing:
            dataset.problems.append(
                Problem(line, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
            )
            return dataset

        def get(name, row=row):
            return unneutralise((row.get(name) or "").strip())

        record = get("record").lower()
        names = {}
        if record in ("unit", "post"):
            names = {lang: get(f"name_{lang}") for lang in NAME_LANGUAGES if f"name_{lang}" in row}
        try:
            if record == "export":
                dataset.cut = Cut.from_export(
                    {
                        "complete": get("kind") == "complete",
                        "tier": get("visibility"),
                        "for": get("label"),
                        "within": get("id") or None,
                    }
                )
            elif record == "unit":
                dataset.units.append(
                    UnitIn(
                        code=get("id"),
                        name=get("name"),
                        parent=get("parent") or None,
                        kind=get("kind") or Unit.Kind.DEPARTMENT,
                        names=names,
                        short_name=get("short_name"),
                        mandate=get("mandate"),
                        address=get("address"),
                        website=get("website"),
                        established_on=date(get("starts_on")),
                        abolished_on=date(get("ends_on")),
                        line=line,
                        given=gives["unit"],
                    )
                )
            elif record == "post":
                given = gives["post"]
                if not get("reports_to") and not dataset.complete:
                    # In a file cut at a tier, an empty "reports to" may be a hidden one.
                    given = given - {"reports_to"}
                dataset.posts.append(
                    PostIn(
                        code=get("id"),
                        unit=get("parent"),
                        title=get("name"),
                        titles=names,
                        duties=get("duties"),
                        rank=get("rank"),
                        reports_to=get("reports_to") or None,
                        is_head=boolean(get("is_head")),
                        visibility=get("visibility") or Visibility.PUBLIC,
                        line=line,
                        given=given,
                    )
                )
            elif record == "person":
                dataset.people.append(
                    PersonIn(
                        slug=get("id"),
                        family_name=get("family_name"),
                        given_name=get("given_name"),
                        patronymic=get("patronymic"),
                        visibility=get("visibility") or Visibility.PUBLIC,
                        line=line,
                        given=gives["person"],
                    )
                )
            elif record == "appointment":
                dataset.appointments.append(
                    AppointmentIn(
                        person=get("id"),
                        post=get("parent"),
                        starts_on=date(get("starts_on")) or required_date(),
                        ends_on=date(get("ends_on")),
                        acting=boolean(get("acting")),
                        line=line,
                    )
                )
            elif record == "contact":
                owner_kind, _colon, owner = get("id").partition(":")
                dataset.contacts.append(
                    ContactIn(
                        owner_kind=owner_kind,
                        owner=owner,
                        kind=get("kind"),
                        value=get("value"),
                        extension=get("extension"),
                        label=get("label"),
                        visibility=get("visibility") or Visibility.PUBLIC,
                        line=line,
                        given=gives["contact"],
                    )
                )
            else:
                dataset.problems.append(
                    Problem(
                        line, _("unknown kind of record “%(kind)s”") % {"kind": get("record")[:40]}
                    )
                )
        except ValueError as error:
            dataset.problems.append(Problem(line, _("bad date: %(error)s") % {"error": error}))
    # A CSV with appointments states the holders of every post it lists (one without
    # any, e.g. new titles only, says nothing about who holds them).
    dataset.holder_posts = None if dataset.appointments else set()
    return dataset
