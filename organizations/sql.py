"""Fixed statements of plain SQL on the hot path of every request.

``fetch`` runs one read-only statement that never changes (no SQL built per call) and
returns its rows. With the portal's backend (``directory.db``) it is prepared and its
first run in a request doubles as the connection's health check: one round trip. Any
other PostgreSQL backend runs it through an ordinary cursor.
"""

from __future__ import annotations

from django.db import connections


def fetch(sql: str, params=None, *, using: str = "default") -> list[tuple]:
    connection = connections[using]
    if hasattr(connection, "fetch"):
        return connection.fetch(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
