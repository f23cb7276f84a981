"""Headcount: each unit's current posts, filled and vacant, its own and with everything
below it, in one query, counted in the viewer's tier (a hidden post is not counted; a
post whose holder is hidden counts as vacant, as its page shows it)."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from organizations import queries
from organizations.models import Appointment, Person, Post, Unit
from organizations.permissions import viewer_for
from organizations.visibility import Viewer


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


def expected(viewer, unit, subtree):
    """Counted the slow way: every visible current post, and whether a holder the
    viewer may see holds it."""
    posts = Post.objects.current().visible_to(viewer).filter(unit__abolished_on__isnull=True)
    posts = posts.filter(unit__path__startswith=unit.path) if subtree else posts.filter(unit=unit)
    visible = Person.objects.visible_to(viewer)
    filled = sum(
        Appointment.objects.current().filter(post=p, person__in=visible).exists() for p in posts
    )
    return {"posts": posts.count(), "filled": filled, "vacant": posts.count() - filled}


@pytest.mark.parametrize("who", ["citizen", "alisher", "dilnoza", "admin"])
def test_counts_match_the_visible_posts_for_every_tier(tree, cast, who):
    viewer = Viewer.anonymous() if cast[who] is None else viewer_for(cast[who])
    for unit in Unit.objects.all():
        counted = queries.headcount(viewer, unit).as_dict()
        assert counted == {
            "unit": expected(viewer, unit, subtree=False),
            "subtree": expected(viewer, unit, subtree=True),
        }, (who, unit.code)


def test_anonymous_counts_are_the_public_posts(tree, alisher):
    public = queries.headcount(Viewer.anonymous(), tree.cabinet).subtree
    everything = queries.headcount(viewer_for(alisher), tree.cabinet).subtree
    assert public.posts == Post.objects.current().filter(visibility="public").count()
    assert everything.posts > public.posts  # the internal post is counted for a civil servant


def test_one_query_whatever_the_size_of_the_tree(tree):
    with CaptureQueriesContext(connection) as small:
        queries.headcount(Viewer.anonymous(), tree.employment)
    with CaptureQueriesContext(connection) as large:
        queries.headcounts(Viewer.anonymous())
    assert len(small.captured_queries) == len(large.captured_queries) == 1


def test_the_unit_page_the_api_and_the_csv_show_it(tree, client_for, alisher):
    page = Client().get("/units/LABOUR/").content.decode()
    assert 'class="headcount"' in page and "format=headcount" in page
    record = json.loads(Client().get("/api/units/LABOUR/").content)
    assert record["headcount"] == {
        "unit": expected(Viewer.anonymous(), tree.labour, subtree=False),
        "subtree": expected(Viewer.anonymous(), tree.labour, subtree=True),
    }
    response = Client().get("/export/", {"format": "headcount", "within": "LABOUR"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    by_code = {row["unit_id"]: row for row in rows}
    assert set(by_code) == {"LABOUR", "LABOUR-01"}
    department = expected(Viewer.anonymous(), tree.employment, subtree=False)
    assert int(by_code["LABOUR-01"]["vacant"]) == department["vacant"]
    assert by_code["LABOUR-01"]["parent_id"] == "LABOUR"
    signed_in = client_for(alisher).get("/export/", {"format": "headcount", "within": "LABOUR"})
    theirs = list(
        csv.DictReader(io.StringIO(b"".join(signed_in.streaming_content).decode("utf-8-sig")))
    )
    assert int(theirs[1]["posts"]) > int(by_code["LABOUR-01"]["posts"])
