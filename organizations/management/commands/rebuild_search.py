"""Rebuild every search document, with a progress bar and the time it took."""

import sys
import time

from django.db import transaction

from organizations.management.base import DirectoryCommand
from organizations.search import rebuild_all


class Command(DirectoryCommand):
    help = "Rebuild the search documents of all units, posts and people."

    def add_arguments(self, parser):
        parser.add_argument(
            "--online",
            action="store_true",
            help="Update documents in place (slower; searches keep working meanwhile).",
        )

    def handle(self, *args, online=False, **options):
        started = time.monotonic()
        interactive = sys.stdout.isatty()

        def progress(kind: str, done: int, total: int) -> None:
            width = 30
            filled = width * done // total if total else width
            line = f"{kind:7} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
            if interactive:
                self.stdout.write("\r" + line, ending="")
                if done == total:
                    self.stdout.write("")
            elif done == total or done % 20_000 < 2000:
                self.stdout.write(line)

        with transaction.atomic():
            report = rebuild_all(progress, fresh=not online)
        for kind, (count, seconds) in report.items():
            what = "indexes" if kind == "indexes" else "documents"
            self.stdout.write(f"{kind}: {count:,} {what} in {seconds:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Search rebuilt in {time.monotonic() - started:.1f} s.")
        )
