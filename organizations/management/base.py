"""What every command that reads or writes the directory shares."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def require_migrated(database: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse, saying what to do, to work on a database whose tables are not all there:
    otherwise the first query fails with ``relation … does not exist``."""
    executor = MigrationExecutor(connections[database])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise CommandError(
            f"The database is not ready: {len(pending)} migration(s) are not applied. "
            "Run `manage.py migrate` first."
        )


class DirectoryCommand(BaseCommand):
    """A command on the directory's data: checks first that the database is migrated."""

    def execute(self, *args, **options):
        require_migrated()
        return super().execute(*args, **options)
