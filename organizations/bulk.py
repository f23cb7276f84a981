"""Writing many records at once with PostgreSQL's COPY, many times faster than INSERTs:
for the demo loader and for large imports. Rows written here skip ``save()`` and its
signals, so callers bring the search documents up to date themselves
(``search.documents.note_changed``)."""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import FileField, JSONField
from django.db.models.expressions import RawSQL
from django.utils import timezone


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


def reserve_ids(model, count: int) -> list[int]:
    """Take primary keys from the table's sequence (last first, for ``pop()``), so rows
    can point at each other before they are written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in reversed(cursor.fetchall())]


def _copy(model, fields, rows, kinds=None) -> None:
    """COPY ``rows`` (lists of values in the order of ``fields``) into ``model``'s table.
    ``kinds`` are the fields the values come from, when not ``fields`` themselves (files
    are stored by name, JSON as text)."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    kinds = kinds or fields
    files = [isinstance(f, FileField) for f in kinds]
    documents = [isinstance(f, JSONField) for f in kinds]
    plain = not any(files) and not any(documents)
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if plain:
                copy.write_row(row)
            else:
                copy.write_row(
                    [
                        str(value or "") if is_file else json.dumps(value) if is_json else value
                        for value, is_file, is_json in zip(row, files, documents, strict=True)
                    ]
                )


def _values(obj, names: list[str]) -> list:
    """The stored values (``__dict__``, past the descriptors of files and the like)."""
    values = obj.__dict__
    return [values[name] if name in values else getattr(obj, name) for name in names]


def copy_insert(model, objects: list) -> None:
    """Write new model instances (those without a primary key get one, in their order). No
    history rows: see ``copy_insert_with_history``."""
    if not objects:
        return
    missing = [obj for obj in objects if obj.pk is None]
    for obj, pk in zip(missing, reversed(reserve_ids(model, len(missing))), strict=True):
        obj.pk = pk
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields]
    _copy(model, fields, (_values(obj, names) for obj in objects))


def copy_insert_with_history(model, objects: list, user=None, reason: str = "") -> None:
    """``copy_insert`` plus one "created" history row per record, as
    django-simple-history's ``bulk_create_with_history`` would write them, naming
    ``user``."""
    copy_insert(model, objects)
    history = model.history.model
    tracked = [f.attname for f in history.tracked_fields]
    by_name = {f.attname: f for f in history._meta.concrete_fields}
    extra = ["history_date", "history_user_id", "history_change_reason", "history_type"]
    fields = [by_name[name] for name in (*tracked, *extra)]
    kinds = [
        *(model._meta.get_field(f.name) for f in history.tracked_fields),
        *fields[len(tracked) :],
    ]
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    _copy(
        history,
        fields,
        ([*_values(obj, tracked), now, user_id, reason or None, "+"] for obj in objects),
        kinds,
    )
