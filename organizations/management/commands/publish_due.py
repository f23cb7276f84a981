"""Bring search in step with publication windows that opened or closed lately."""

import datetime

from django.db import transaction
from django.db.models import Q

from organizations.dates import today
from organizations.management.base import DirectoryCommand
from organizations.models import Appointment, ContactPoint, Post
from organizations.search import documents

# Windows that opened or closed this many days back are brought in step again: a run
# missed for a few days (a server down over a holiday) still catches up.
CATCH_UP_DAYS = 7


class Command(DirectoryCommand):
    help = (
        "Pages, the API and exports follow posts' and contacts' publication windows by "
        "themselves; search documents and kept pages are brought in step by this "
        "command. Run it just after midnight (and as often as you like: it only "
        "re-indexes what opened or closed in the last days)."
    )

    def handle(self, *args, **options):
        day = today()
        since = day - datetime.timedelta(days=CATCH_UP_DAYS)
        edge = Q(publish_from__range=(since, day)) | Q(
            publish_until__range=(since - datetime.timedelta(days=1), day)
        )
        posts = set(Post.objects.filter(edge).values_list("pk", flat=True))
        contacts = list(ContactPoint.objects.filter(edge).values("unit_id", "post_id", "person_id"))
        units = {c["unit_id"] for c in contacts if c["unit_id"]}
        posts |= {c["post_id"] for c in contacts if c["post_id"]}
        people = {c["person_id"] for c in contacts if c["person_id"]}
        # A person's document holds the titles of their posts, in the posts' tiers.
        people |= set(
            Appointment.objects.filter(post__in=posts).values_list("person_id", flat=True)
        )
        with transaction.atomic():  # the documents change, and with them the change counter
            documents.reindex_units(units)
            documents.reindex_posts(posts)
            documents.reindex_people(people)
        self.stdout.write(
            f"search in step with publication windows: {len(units)} units, "
            f"{len(posts)} posts, {len(people)} people re-indexed"
        )
