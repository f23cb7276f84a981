from django.core.management import BaseCommand

from directory import embedded_db


class Command(BaseCommand):
    help = "Stop an embedded PostgreSQL server left running (e.g. after the demo was killed)."
    # System checks would open a connection, and so start the very server to be stopped.
    requires_system_checks = []

    def handle(self, *args, **options):
        if embedded_db.stop():
            self.stdout.write(f"Stopped the embedded database in {embedded_db.data_dir()}.")
        else:
            self.stdout.write(f"No embedded database is running in {embedded_db.data_dir()}.")
