"""The directory's change counter: a number that moves whenever anything in the
directory is written, however it is written (the portal, admin, an import, a shell, SQL).

PostgreSQL keeps it, so every process and server sees the same number:

- a statement-level trigger on every table of this app (``install``, run after each
  ``migrate``) takes a shared advisory lock, held until its transaction ends, and
  draws the next value of a sequence;
- ``current()`` reads the sequence: one cheap query, no lock. A sequence is not
  transactional, so the number moves as soon as a writer writes, before it commits;
- ``settled(number)`` says whether a page computed since ``number`` was read may be kept:
  the number has not moved and no other writer holds the lock (so every change counted
  up to ``number`` is committed and was visible to what was read). The reader's own
  open transaction does not count: pages are read outside one, except in tests, which
  run each test in one transaction.

Writers never wait for each other (a shared lock and a sequence), and a reader that
keeps something under ``number`` never keeps a state that a later commit changes
without moving the number. Caches key on it (``directory.pagecache``).
"""

from __future__ import annotations

import django.db
from django.apps import apps
from django.db import connection
from psycopg import DatabaseError

from .sql import fetch

SEQUENCE = "organizations_change_seq"
FUNCTION = "organizations_changed"
TRIGGER = "organizations_changed"
# The advisory lock's two keys (pg_locks: classid, objid; objsubid 2 for the int4 form).
LOCK = (0x44495200, 1)
# Tables whose writes no page shows: API tokens are stamped on use.
UNCOUNTED = {"organizations_apitoken"}

CREATE_FUNCTION = f"""
CREATE SEQUENCE IF NOT EXISTS {SEQUENCE};
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared({LOCK[0]}, {LOCK[1]});
    PERFORM nextval('{SEQUENCE}');
    RETURN NULL;
END
$$;
"""
DROP_FUNCTION = f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE; DROP SEQUENCE IF EXISTS {SEQUENCE};"


CURRENT = f"SELECT last_value FROM {SEQUENCE}"


def counted_tables() -> list[str]:
    config = apps.get_app_config("organizations")
    tables = {model._meta.db_table for model in config.get_models(include_auto_created=True)}
    return sorted(tables - UNCOUNTED)


def install(using: str = "default") -> None:
    """Create the counter and put its trigger on every table of the app (idempotent)."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(CREATE_FUNCTION)
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
        for table in counted_tables():
            if table in existing:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE "
                    f'OR TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()'
                )


def current() -> int:
    """The number now. Asked on every page served from the cache, so through the open
    connection itself when there is one: one round trip, not Django's health check and
    then the query, and none of Django's cursor machinery (a quarter of an anonymous
    hit's time), except when Django keeps a query log (tests count it). Having worked,
    it is the request's health check. A connection that has gone bad goes the usual way
    (checked, opened again, or the database is unavailable)."""
    raw = connection.connection
    if raw is not None and not connection.needs_rollback:
        try:
            if connection.queries_logged:
                with connection.make_debug_cursor(raw.cursor()) as cursor:
                    cursor.execute(CURRENT)
                    number = cursor.fetchone()[0]
            else:
                number = raw.execute(CURRENT).fetchone()[0]
        except (DatabaseError, django.db.DatabaseError):
            pass
        else:
            connection.health_check_done = True  # type: ignore[attr-defined]  # Django's own
            return number
    return fetch(CURRENT)[0][0]


def settled(number: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT last_value = %s AND NOT EXISTS (SELECT 1 FROM pg_locks"
            f" WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND objsubid = 2"
            f" AND pid <> pg_backend_pid()"
            f" AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))"
            f" FROM {SEQUENCE}",
            [number, *LOCK],
        )
        return cursor.fetchone()[0]
