"""Many records at once: written with PostgreSQL's COPY, many times faster than INSERTs
(for the demo loader and for large imports), and read a batch at a time (``batches``,
for exports and rebuilds). Rows written here skip ``save()`` and its signals, so callers
bring the search documents up to date themselves (``search.documents.note_changed``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import FileField, JSONField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator

from .models import Unit, parent_unit_sql


def among(values, sql_type: str = "bigint") -> RawSQL:
    """``values`` (ids, or codes with ``sql_type="text"``) for an ``__in`` filter as one
    array parameter. Thousands of values then cost next to nothing to send, unlike a
    parameter each. Texts with a NUL character, which PostgreSQL cannot hold, match
    nothing and are left out."""
    if sql_type == "text":
        items = (
            '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
            for v in values
            if "\x00" not in v
        )
    else:
        items = (str(int(v)) for v in values)
    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", ["{" + ",".join(items) + "}"])


def batches(queryset, size: int = 2000) -> Iterator[list]:
    """The queryset in primary-key order, ``size`` records at a time (keyset paging:
    each batch is one indexed query, however far in)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def reserve_ids(model, count: int) -> list[int]:
    """Take primary keys from the table's sequence (last first, for ``pop()``), so rows
    can point at each other before they are written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in reversed(cursor.fetchall())]


def _copy(model, fields, rows: Iterable[list]) -> None:
    """COPY ``rows`` (lists of values in the order of ``fields``) into ``model``'s table.
    Files are stored by name, JSON as text. ``rows`` may be a generator: PostgreSQL
    stores each row while the next is being made."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    convert = [
        (index, (lambda v: str(v or "")) if isinstance(f, FileField) else json.dumps)
        for index, f in enumerate(fields)
        if isinstance(f, FileField | JSONField)
    ]
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            for index, function in convert:
                row[index] = function(row[index])
            copy.write_row(row)


def _values(obj, names: list[str]) -> list:
    """The stored values (``__dict__``, past the descriptors of files and the like)."""
    values = obj.__dict__
    return [values[name] if name in values else getattr(obj, name) for name in names]


def as_saved(objects: Iterable) -> None:
    """Give records made with only their translations (``name_uz``…) the value of the
    translated field's own column (``name``) that ``save()`` would write: the active
    language's, with modeltranslation's fallbacks. ``copy_insert`` writes what the
    record holds."""
    objects = list(objects)
    if not objects:
        return
    try:
        options = translator.get_options_for_model(type(objects[0]))
        fields = options.fields  # type: ignore[attr-defined]  # set per registration
    except NotRegistered:
        return
    for obj in objects:
        for name in fields:
            obj.__dict__[name] = getattr(obj, name)


def copy_insert(model, objects: Iterable) -> list:
    """Write new model instances; returns them. In a list, those without a primary key
    get one (in their order); a generator (made while PostgreSQL stores the rows before
    it) must give them their keys itself (``reserve_ids``). No history rows: see
    ``copy_insert_with_history``."""
    if isinstance(objects, list):
        missing = [obj for obj in objects if obj.pk is None]
        for obj, pk in zip(missing, reversed(reserve_ids(model, len(missing))), strict=True):
            obj.pk = pk
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields]
    written = []

    def rows():
        for obj in objects:
            written.append(obj)
            yield _values(obj, names)

    # A rule the database keeps (a unique code, a constraint) broken by a row is
    # Django's IntegrityError, as it is for a save().
    with connection.wrap_database_errors:
        _copy(model, fields, rows())
    return written


def copy_insert_with_history(model, objects: Iterable, user=None, reason: str = "") -> list:
    """``copy_insert`` plus one "created" history row per record, as
    django-simple-history's ``bulk_create_with_history`` would write them, naming
    ``user``. The history rows are copied by PostgreSQL from the rows just written."""
    written = copy_insert(model, objects)
    if written:
        record_created(model, among(obj.pk for obj in written), user=user, reason=reason)
    return written


def record_created(
    model, ids: RawSQL | None = None, user=None, reason: str = "", history_date=None
) -> None:
    """Write a "created" history row for each record of ``model`` (those with ``ids``,
    or every one), copied by PostgreSQL from the records as they are, dated now (or
    ``history_date``). A unit's row names its parent, as a saved one would."""
    history = model.history.model
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    tracked = [model._meta.get_field(f.name).column for f in history.tracked_fields]
    columns = ", ".join(quote(c) for c in tracked)
    values = columns
    if model is Unit:
        columns += ", parent_unit"
        values += ", " + parent_unit_sql(table)
    where, params = (
        ("TRUE", [])
        if ids is None
        else (
            f"{quote(model._meta.pk.column)} IN ({ids.sql})",
            list(ids.params),
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {quote(history._meta.db_table)}
                    ({columns}, history_date, history_user_id, history_change_reason,
                     history_type)
                SELECT {values}, %s, %s, %s, '+' FROM {table}
                WHERE {where}
                ORDER BY {table}.{quote(model._meta.pk.column)}""",
            [history_date or timezone.now(), getattr(user, "pk", None), reason or None, *params],
        )
