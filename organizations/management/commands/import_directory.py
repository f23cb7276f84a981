"""``manage.py import_directory FILE --format FORMAT [--dry-run] [--skip-invalid]``."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from organizations.interchange import formats, importing
from organizations.management.base import DirectoryCommand
from organizations.permissions import SYSTEM, is_administrator


class Command(DirectoryCommand):
    help = (
        "Import units, posts, people, appointments and contacts from a file. Formats: "
        + ", ".join(sorted(formats.FORMATS))
        + ". All or nothing; --dry-run reports what would change and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file (or, for some formats, the folder)")
        parser.add_argument("--format", required=True, choices=sorted(formats.FORMATS))
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the good rows, list the bad ones"
        )
        parser.add_argument("--user", help="record the changes as this user (default: system)")
        parser.add_argument("--warnings", action="store_true", help="list every warning")

    def handle(self, path, format, dry_run, skip_invalid, user, warnings, **options):
        actor: object = SYSTEM
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {user!r}.")
            if not is_administrator(actor):
                raise CommandError("Only administrators import.")
        try:
            dataset = formats.load(format, Path(path))
        except formats.Unreadable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Read {len(dataset.units):,} units, {len(dataset.posts):,} posts, "
            f"{len(dataset.people):,} people, {len(dataset.appointments):,} appointments, "
            f"{len(dataset.contacts):,} contacts from {dataset.source}."
        )

        def progress(stage, done, total):
            if sys.stdout.isatty() or done == total:
                self.stdout.write(
                    f"\r  … {stage}: {done:,}/{total:,} ({done * 100 // max(total, 1)} %)",
                    ending="\n" if done == total else "",
                )
                self.stdout.flush()

        try:
            summary = importing.run(
                dataset, actor, dry_run=dry_run, skip_invalid=skip_invalid, progress=progress
            )
        except importing.ImportRefused as refused:
            for problem in refused.summary.rejected:
                self.stderr.write(f"  {problem}")
            self._more(refused.summary.rejected, self.stderr)
            raise CommandError(
                f"{len(refused.summary.rejected)} rows are not valid: nothing was imported. "
                "Fix them, or use --skip-invalid to import the other rows."
            ) from refused
        if summary.rejected:
            self.stdout.write("Rows left out:")
            for problem in summary.rejected:
                self.stdout.write(f"  {problem}")
            self._more(summary.rejected, self.stdout)
        if summary.warnings:
            self.stdout.write(f"Warnings: {len(summary.warnings)} (values left out, rows kept)")
            for problem in summary.warnings if warnings else summary.warnings[:10]:
                self.stdout.write(f"  {problem}")
            if not warnings and len(summary.warnings) > 10:
                self.stdout.write("  … (--warnings lists more)")
            elif warnings:
                self._more(summary.warnings, self.stdout)
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.WARNING("Dry run: nothing was written.")
            if dry_run
            else self.style.SUCCESS("Imported.")
        )

    def _more(self, problems, out) -> None:
        if problems.omitted:
            out.write(
                f"  … and {problems.omitted:,} more (the first {len(problems.shown)} are listed)"
            )
