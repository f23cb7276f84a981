"""PostgreSQL backend that starts the embedded server on first use.

Used when ``DATABASE_URL`` is unset: ``settings.DATABASES`` names this engine, and the
server is started (or joined) when Django first builds a connection, so the host and
port are those of the running server and commands that never touch the database start
nothing.
"""

from django.db.backends.postgresql import base

from directory import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, settings_dict, *args, **kwargs):
        server = embedded_db.ensure_running()
        settings_dict.update(server.connection_settings())
        super().__init__(settings_dict, *args, **kwargs)
