"""One command from a fresh clone to a running portal: database up, migrated, demo
government loaded (once), served at http://127.0.0.1:8000."""

import contextlib

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import DatabaseError, connection
from django.utils.translation import gettext_lazy as _

from organizations.demo import ensure_accounts, load_demo, seed_corrections


class Command(BaseCommand):
    help = "Start the database, migrate, load the demo government if empty, and serve the portal."

    def add_arguments(self, parser):
        parser.add_argument(
            "--units", type=int, default=1500, help="Units to generate (default 1500)."
        )
        parser.add_argument(
            "--people", type=int, default=8000, help="People to generate (default 8000)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed of the demo data.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the data, do not serve."
        )
        parser.add_argument(
            "addrport",
            nargs="?",
            default="127.0.0.1:8000",
            help="Address and port to serve on (default 127.0.0.1:8000).",
        )

    def handle(self, *args, **options):
        try:
            self.prepare_and_serve(**options)
        except KeyboardInterrupt:
            # Ctrl-C before the server runs (loading, starting): stop quietly; the
            # database stops as the process exits.
            self.stdout.write("\nStopped.")
            raise SystemExit(130) from None

    def prepare_and_serve(self, *, units, people, seed, no_serve, addrport, **options):
        if units < 1 or people < 0:
            self.stderr.write("--units must be at least 1 and --people at least 0.")
            raise SystemExit(2)
        connection.ensure_connection()
        self.stdout.write(f"Database ready ({connection.settings_dict['HOST'] or 'localhost'}).")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Migrations applied.")
        summary = load_demo(
            units=units,
            people=people,
            seed=seed,
            progress=lambda message: self.stdout.write(f"  … {message}"),
        )
        if summary is None:
            self.stdout.write("The directory already has data: nothing loaded.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Demo government loaded: {summary}."))
            # Statistics for the planner now, not when autovacuum gets to the new
            # tables (at a million people, searches planned without them take minutes);
            # then the loaded data to disk, not in the final checkpoint of a Ctrl-C stop.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute("CHECKPOINT")
        accounts = ensure_accounts()
        seed_corrections()
        if no_serve:
            return
        # Served as in production (DEBUG off): static files collected, hashed, compressed.
        call_command("collectstatic", interactive=False, verbosity=0)
        settings.PORTAL_NOTICE = settings.PORTAL_NOTICE or _(
            "Demonstration data: the bodies are real, every person and contact is fictional."
        )
        self.stdout.write(self.style.SUCCESS(f"\nThe portal is at http://{addrport}/"))
        self.stdout.write("Accounts (demo passwords):")
        for username, password, description in accounts:
            self.stdout.write(f"  {username:8} {password:20} {description}")
        self.stdout.write(
            "Anonymous visitors see the public tier. Press Ctrl-C (or send SIGTERM) to "
            "stop the portal and the database.\n"
        )
        call_command("runserver", addrport, use_reloader=False)
