"""Storing search documents (built by ``rows``) and keeping them in step with the records.

A document holds every spelling of every value of one unit, post or person (names in all
languages and scripts, titles, duties, the unit it belongs to, phone numbers, e-mails).
Values that share the record's own tier go into ``text_own``; values with a tier of
their own (contacts, a person's posts) go into the text of that tier and of the tiers
above it, never below. Documents are written with one upsert per batch, in the caller's
transaction; ``rebuild_all`` rebuilds them all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import connection, transaction

from ..bulk import among, batches
from ..models import Appointment, ContactPoint, Person, Post, SearchDocument, Unit, today
from ..visibility import LEVEL, Visibility, tier_level_sql
from .rows import Row, person_rows, post_rows, unit_rows
from .typos import forget_all, remember

BATCH = 2000


COLUMNS = (
    "kind, ref_id, path, depth, visibility, is_current, is_vacant, is_head, name_key, "
    "name_words, name_primary, context_words, text_own, english, russian, text_public, "
    "text_internal, text_restricted"
)
# The documents' values come from a VALUES list (a few rows) or from a staging table
# filled by COPY (a batch); ``fts_own`` is computed by PostgreSQL.
UPSERT = """
INSERT INTO organizations_searchdocument
    (kind, ref_id, path, depth, visibility, is_current, is_vacant, is_head, name_key,
     name_words, name_primary, context_words, text_own, fts_own, text_public,
     text_internal, text_restricted)
SELECT kind, ref_id, path, depth, visibility, is_current, is_vacant, is_head, name_key,
       name_words, name_primary, context_words, text_own,
       CASE WHEN english = '' AND russian = '' THEN NULL
            ELSE to_tsvector('english', english) || to_tsvector('russian', russian) END,
       text_public, text_internal, text_restricted
FROM {source}
ON CONFLICT (kind, ref_id) DO UPDATE SET
    path = EXCLUDED.path, depth = EXCLUDED.depth, visibility = EXCLUDED.visibility,
    is_current = EXCLUDED.is_current, is_vacant = EXCLUDED.is_vacant,
    is_head = EXCLUDED.is_head, name_key = EXCLUDED.name_key,
    name_words = EXCLUDED.name_words, name_primary = EXCLUDED.name_primary,
    context_words = EXCLUDED.context_words,
    text_own = EXCLUDED.text_own, fts_own = EXCLUDED.fts_own,
    text_public = EXCLUDED.text_public, text_internal = EXCLUDED.text_internal,
    text_restricted = EXCLUDED.text_restricted
"""
VALUES = (
    "(VALUES {rows}) AS r(" + COLUMNS + ")",
    "(%s, %s::bigint, %s, %s::int, %s, %s::bool, %s::bool, %s::bool, %s, %s::text[], "
    "%s::int, %s::text[], %s, %s, %s, %s, %s, %s)",
)
STAGE = """
CREATE TEMP TABLE IF NOT EXISTS search_stage (
    kind text, ref_id bigint, path text, depth int, visibility text, is_current bool,
    is_vacant bool, is_head bool, name_key text, name_words text[], name_primary int,
    context_words text[],
    text_own text, english text, russian text,
    text_public text, text_internal text, text_restricted text
) ON COMMIT DROP;
TRUNCATE search_stage;
"""
COPY_FROM = 50  # rows: fewer go in one VALUES list
# New documents without a full-text vector (most people) are copied straight in.
NEW = COLUMNS.replace("english, russian, ", "")
ENGLISH, RUSSIAN = 13, 14  # their places in _values


def _values(row: Row) -> tuple:
    own, english, russian, tiered = row.values.texts()
    return (
        row.kind,
        row.ref_id,
        row.path,
        row.depth,
        row.visibility,
        row.is_current,
        row.is_vacant,
        row.is_head,
        row.name_key,
        row.name_words,
        row.name_primary,
        row.context_words,
        own,
        english,
        russian,
        tiered[Visibility.PUBLIC],
        tiered[Visibility.INTERNAL],
        tiered[Visibility.RESTRICTED],
    )


def _remember_words(rows: list[Row]) -> None:
    """Put the rows' name and place words in the typo dictionary."""
    remember(
        (w for row in rows for w in (*row.name_words, *row.context_words)),
        person_names=(
            (w, LEVEL[row.visibility])
            for row in rows
            if row.kind == SearchDocument.Kind.PERSON
            for w in row.name_words
        ),
    )


def write(rows: Iterable[Row], kind: str, ids: list[int]) -> None:
    """Upsert the documents of records ``ids`` of ``kind`` (``rows``, built as they are
    written), in the caller's transaction, and their words into the typo dictionary.

    A few rows go in one statement. A batch streams through COPY, so that PostgreSQL
    stores (and indexes) one row while Python builds the next; only the documents that
    already exist or need a full-text vector go through a staging table and an upsert.
    """
    written: list[Row] = []
    if len(ids) < COPY_FROM:
        written = list(rows)
        if written:
            source, placeholders = VALUES
            many = ", ".join([placeholders] * len(written))
            with connection.cursor() as cursor:
                cursor.execute(
                    UPSERT.format(source=source.format(rows=many)),
                    [value for row in written for value in _values(row)],
                )
            _remember_words(written)
        return
    ids_array = among(ids)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT ref_id FROM organizations_searchdocument "
            f"WHERE kind = %s AND ref_id IN ({ids_array.sql})",
            [kind, *ids_array.params],
        )
        existing = {ref_id for (ref_id,) in cursor.fetchall()}
        upserts = []
        with cursor.cursor.copy(f"COPY organizations_searchdocument ({NEW}) FROM STDIN") as copy:
            for row in rows:
                written.append(row)
                values = _values(row)
                if row.ref_id in existing or values[ENGLISH] or values[RUSSIAN]:
                    upserts.append(values)
                else:
                    copy.write_row(values[:ENGLISH] + values[RUSSIAN + 1 :])
        if upserts:
            cursor.execute(STAGE)
            with cursor.cursor.copy(f"COPY search_stage ({COLUMNS}) FROM STDIN") as copy:
                for values in upserts:
                    copy.write_row(values)
            cursor.execute(UPSERT.format(source="search_stage"))
        _remember_words(written)


def delete(kind: str, ref_ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(kind=kind, ref_id__in=list(ref_ids)).delete()


# What to reindex when something changes -------------------------------------------------


def _records(model, ids: Iterable[int], known: dict | None, *related: str) -> list:
    """The records with these ids: those in ``known`` as they are, the rest read."""
    known = known or {}
    records, missing = [], []
    for pk in ids:
        record = known.get(pk)
        if record is None:
            missing.append(pk)
        else:
            records.append(record)
    if missing:
        records += model.objects.filter(pk__in=among(missing)).select_related(*related)
    return records


def reindex_units(ids: Iterable[int], known: dict | None = None) -> None:
    ids = list(ids)
    write(unit_rows(_records(Unit, ids, known)), SearchDocument.Kind.UNIT, ids)


def reindex_posts(ids: Iterable[int], known: dict | None = None) -> None:
    ids = list(ids)
    write(post_rows(_records(Post, ids, known, "unit")), SearchDocument.Kind.POST, ids)


def reindex_people(ids: Iterable[int], known: dict | None = None) -> None:
    ids = list(ids)
    write(person_rows(_records(Person, ids, known)), SearchDocument.Kind.PERSON, ids)


_deferred = threading.local()


@contextmanager
def deferred():
    """Within this block, changes only note which documents they touch; all of them are
    rebuilt in batches when the block ends (in the same transaction). For bulk work
    such as imports, where one record is saved many times."""
    if getattr(_deferred, "pending", None) is not None:  # already deferring: join it
        yield
        return
    # kind -> {id: the record as written in bulk, or None: read it when rebuilding}
    _deferred.pending = {"unit": {}, "post": {}, "person": {}}
    try:
        yield
        pending = _deferred.pending
    finally:
        _deferred.pending = None
    for known, rebuild in (
        (pending["unit"], reindex_units),
        (pending["post"], reindex_posts),
        (pending["person"], reindex_people),
    ):
        ordered = sorted(known)
        for start in range(0, len(ordered), BATCH):
            rebuild(ordered[start : start + BATCH], known)


def note_changed(kind: str, records) -> None:
    """Records of ``kind`` (unit, post, person) were written without the services (in
    bulk): rebuild their documents now, or at the end of a ``deferred`` block. Give
    the records themselves (not their ids) when they are what was written, and they
    are not read again."""
    rebuild = {"unit": reindex_units, "post": reindex_posts, "person": reindex_people}[kind]
    records = list(records)
    for start in range(0, len(records), BATCH):
        _reindex(kind, records[start : start + BATCH], rebuild)


def _reindex(kind: str, records, rebuild) -> None:
    """``records``: ids (read when rebuilding) or records as written."""
    known = {r.pk: r for r in records if not isinstance(r, int)}
    ids = [r if isinstance(r, int) else r.pk for r in records]
    pending = getattr(_deferred, "pending", None)
    if pending is None:
        rebuild(ids, known)
    else:
        # A later change noted by id (through the services) makes a record read again.
        pending[kind].update((pk, known.get(pk)) for pk in ids)


def reindex_for(record) -> None:
    """Bring every document that shows something of ``record`` up to date."""
    on = today()
    if isinstance(record, Unit):
        if _renamed(record):
            # Its names are the place of everything below it (``context_words``).
            reindex_subtree(record.path)
            return
        _reindex("unit", [record.pk], reindex_units)
        _reindex(
            "post", Post.objects.filter(unit=record).values_list("pk", flat=True), reindex_posts
        )
        _reindex(
            "person",
            Appointment.objects.current(on)
            .filter(post__unit=record)
            .values_list("person_id", flat=True),
            reindex_people,
        )
    elif isinstance(record, Post):
        _reindex("post", [record.pk], reindex_posts)
        _reindex(
            "person",
            Appointment.objects.current(on).filter(post=record).values_list("person_id", flat=True),
            reindex_people,
        )
    elif isinstance(record, Person):
        _reindex("person", [record.pk], reindex_people)
    elif isinstance(record, Appointment):
        _reindex("post", [record.post_id], reindex_posts)
        _reindex("person", [record.person_id], reindex_people)
    elif isinstance(record, ContactPoint):
        if record.unit_id:
            _reindex("unit", [record.unit_id], reindex_units)
        elif record.post_id:
            _reindex("post", [record.post_id], reindex_posts)
        elif record.person_id:
            _reindex("person", [record.person_id], reindex_people)


def _renamed(unit: Unit) -> bool:
    """Do the unit's names differ from those its search document was built from?"""
    stored = (
        SearchDocument.objects.filter(kind=SearchDocument.Kind.UNIT, ref_id=unit.pk)
        .values_list("name_words", flat=True)
        .first()
    )
    return stored is not None and stored != next(unit_rows([unit])).name_words


def people_placed_under(path: str) -> list[int]:
    """The people whose documents place them in the unit at ``path`` or below."""
    return list(
        SearchDocument.objects.filter(
            kind=SearchDocument.Kind.PERSON, path__startswith=path
        ).values_list("ref_id", flat=True)
    )


def reindex_subtree(path: str, people: Iterable[int] = ()) -> None:
    """Every document of the unit at ``path`` and below: its units, their posts, the
    people who hold or held those posts (and ``people``): after a rename or a move,
    their places changed."""
    _reindex(
        "unit",
        Unit.objects.filter(path__startswith=path).values_list("pk", flat=True),
        reindex_units,
    )
    _reindex(
        "post",
        Post.objects.filter(unit__path__startswith=path).values_list("pk", flat=True),
        reindex_posts,
    )
    holders = Appointment.objects.filter(post__unit__path__startswith=path).values_list(
        "person_id", flat=True
    )
    _reindex("person", sorted({*holders, *people}), reindex_people)


def sync_paths(prefix: str) -> None:
    """After units under ``prefix`` moved (treebeard rewrites the paths of the moved
    subtree and of renumbered siblings), give their documents the units' new paths."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE organizations_searchdocument d SET path = u.path, depth = u.depth
               FROM organizations_unit u
               WHERE d.kind = 'unit' AND d.ref_id = u.id AND u.path LIKE %s AND d.path <> u.path""",
            [pattern],
        )
        cursor.execute(
            """UPDATE organizations_searchdocument d SET path = u.path, depth = u.depth + 1
               FROM organizations_post p JOIN organizations_unit u ON u.id = p.unit_id
               WHERE d.kind = 'post' AND d.ref_id = p.id AND u.path LIKE %s AND d.path <> u.path""",
            [pattern],
        )
        cursor.execute(
            """UPDATE organizations_searchdocument d SET path = first.path, depth = first.depth + 1
               FROM (SELECT DISTINCT ON (a.person_id) a.person_id, u.path, u.depth
                     FROM organizations_appointment a
                     JOIN organizations_post p ON p.id = a.post_id
                     JOIN organizations_unit u ON u.id = p.unit_id
                     JOIN organizations_person pe ON pe.id = a.person_id
                     WHERE a.starts_on <= %s AND (a.ends_on IS NULL OR a.ends_on >= %s)
                       AND {post_level} <= {person_level}
                     ORDER BY a.person_id, a.starts_on, a.id) first
               WHERE d.kind = 'person' AND d.ref_id = first.person_id
                 AND first.path LIKE %s AND d.path <> first.path""".format(
                post_level=tier_level_sql("p.visibility"),
                person_level=tier_level_sql("pe.visibility"),
            ),
            [today(), today(), pattern],
        )


# Rebuilding everything ---------------------------------------------------------------


# What documents hold and how their words are spelt. Changing either (a new column, a new
# phonetic rule) means documents built before must be built again: raise it, and
# ``migrate`` rebuilds them (``ensure_current_format``).
FORMAT = "search documents 5: main and other name words, places, typo dictionary"


def stored_format() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT obj_description('organizations_searchdocument'::regclass)")
        return cursor.fetchone()[0]


def _mark_format() -> None:
    with connection.cursor() as cursor:
        literal = "'" + FORMAT.replace("'", "''") + "'"  # a constant of ours
        cursor.execute(f"COMMENT ON TABLE organizations_searchdocument IS {literal}")


def ensure_current_format(report: Callable[[str], None] = print) -> bool:
    """Rebuild the documents if they were built by an older version (after ``migrate``).
    Whether it rebuilt."""
    if stored_format() == FORMAT:
        return False
    if SearchDocument.objects.exists():
        report("Search documents were built by an older version: rebuilding them…")
        with transaction.atomic():
            rebuild_all()
    else:
        _mark_format()
    return True


def rebuild_all(
    progress: Callable[[str, int, int], None] = lambda kind, done, total: None,
    fresh: bool = True,
) -> dict:
    """Rebuild every document; returns {kind: (count, seconds)}.

    ``fresh`` (the default) empties the table and drops its text indexes while writing,
    then builds them in one go, which is several times faster than updating them row by
    row; searches wait for the transaction meanwhile. ``fresh=False`` upserts in place.
    """
    report = {}
    started = time.monotonic()
    text_indexes = [
        i for i in SearchDocument._meta.indexes if i.name.startswith("sd_") and "path" not in i.name
    ]
    if fresh:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE organizations_searchdocument")
        forget_all()
        with connection.schema_editor() as editor:
            for index in text_indexes:
                editor.remove_index(SearchDocument, index)
    for kind, document_kind, queryset, builder in (
        ("units", SearchDocument.Kind.UNIT, Unit.objects.all(), unit_rows),
        ("posts", SearchDocument.Kind.POST, Post.objects.select_related("unit"), post_rows),
        ("people", SearchDocument.Kind.PERSON, Person.objects.all(), person_rows),
    ):
        kind_started = time.monotonic()
        total, done = queryset.count(), 0
        progress(kind, 0, total)
        for batch in batches(queryset, BATCH):
            write(builder(batch), document_kind, [record.pk for record in batch])
            done += len(batch)
            progress(kind, done, total)
        report[kind] = (total, time.monotonic() - kind_started)
    if fresh:
        indexes_started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        with connection.schema_editor() as editor:
            for index in text_indexes:
                editor.add_index(SearchDocument, index)
        report["indexes"] = (len(text_indexes), time.monotonic() - indexes_started)
    else:
        known = {
            SearchDocument.Kind.UNIT: Unit,
            SearchDocument.Kind.POST: Post,
            SearchDocument.Kind.PERSON: Person,
        }
        for kind, model in known.items():
            SearchDocument.objects.filter(kind=kind).exclude(
                ref_id__in=model._default_manager.values("pk")
            ).delete()
    _mark_format()
    with connection.cursor() as cursor:
        # Fresh statistics, or the planner may not see that the indexes pay.
        cursor.execute("ANALYZE organizations_searchdocument")
    report["total"] = (
        sum(c for k, (c, _) in report.items() if k != "indexes"),
        time.monotonic() - started,
    )
    return report
