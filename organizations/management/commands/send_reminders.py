"""Mail each editor a digest of what in their units needs them (at most once a week)."""

from organizations.mail import send_reminders
from organizations.management.base import DirectoryCommand


class Command(DirectoryCommand):
    help = (
        "Mail each editor (and administrator) with something to do a digest: open "
        "corrections from citizens, long-vacant posts, records not verified for a year. "
        "At most one digest a week per person, so it is safe to run as often as you like "
        "(cron or a systemd timer, e.g. every hour). Corrections open for "
        "REMINDER_ESCALATE_WEEKS go to the editors above, then to the administrators."
    )

    def handle(self, *args, **options):
        summary = send_reminders()
        self.stdout.write(
            f"digests sent: {summary.sent}; already had one this week: "
            f"{summary.skipped_recent}; nothing to say: {summary.nothing_to_say}; "
            f"failed (tried again next run): {summary.failed}"
        )
