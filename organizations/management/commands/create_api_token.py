"""Issue an API key for a user: ``manage.py create_api_token alisher --name "HR sync"``."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from organizations.management.base import DirectoryCommand
from organizations.models import ApiToken


class Command(DirectoryCommand):
    help = "Issue an API key for a user. The key is printed once; only its hash is kept."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="API key", help="what the key is for")
        parser.add_argument("--expires", help="last day the key works (YYYY-MM-DD)")

    def handle(self, username, name, expires, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        expires_on = None
        if expires:
            try:
                expires_on = datetime.date.fromisoformat(expires)
            except ValueError as error:
                raise CommandError(f"--expires must be YYYY-MM-DD, not {expires!r}.") from error
        token, key = ApiToken.issue(user, name, expires_on)
        self.stdout.write(f"API key for {username} ({token.name}): {key}")
        self.stdout.write("Send it as: Authorization: Bearer <key>. It is not shown again.")
