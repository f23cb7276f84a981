"""The editors' dashboard for an editor of many units: grouped by unit with its place
in the tree, counts first, lists on demand (paged, by kind, oldest first), and one step
to confirm a whole unit's records (with history)."""

import datetime

import pytest

from organizations import permissions, services
from organizations.models import Post, Unit, today
from organizations.permissions import SYSTEM

from .conftest import make_post, make_unit


@pytest.fixture
def editor(client_for, dilnoza):
    return client_for(dilnoza)


@pytest.fixture
def many(tree):
    """Thirty-five divisions in the department, each with two vacant posts."""
    units = []
    for index in range(35):
        unit = make_unit(
            tree.employment, f"DIV-{index:02d}", f"Boʻlim {index:02d}", kind="division"
        )
        make_post(unit, f"DIV-{index:02d}-P1", "Mutaxassis")
        make_post(unit, f"DIV-{index:02d}-P2", "Bosh mutaxassis")
        units.append(unit)
    return units


def test_units_are_grouped_with_their_place_and_counts_first(tree, editor, many):
    page = editor.get("/edit/").content.decode()
    assert "Boʻlim 00" in page
    # its place: the ministry › the department above it
    assert "Ishsizlik nafaqasi boshqarmasi" in page.split("Boʻlim 00")[1].split("</tr>")[0]
    # counts, not lists: no post title on the overview
    assert "Bosh mutaxassis" not in page
    # thirty units a page, the rest on the next
    assert "Page 1 of 2" in page
    second = editor.get("/edit/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in second


def test_filter_by_kind_and_sort(tree, editor, many, settings):
    vacant = editor.get("/edit/", {"kind": "vacant", "sort": "count"}).context["page"]
    first = vacant.object_list[0]
    assert first.vacant >= vacant.object_list[-1].vacant
    assert all(item.vacant for item in vacant.object_list)
    by_name = editor.get("/edit/", {"kind": "vacant", "sort": "name"}).context["page"].object_list
    names = [str(item.unit.name).lower() for item in by_name]
    assert names == sorted(names)
    # nonsense parameters fall back, never a 500
    assert editor.get("/edit/", {"kind": "planets", "sort": "x", "page": "zz"}).status_code == 200
    assert editor.get("/edit/", {"unit": "NO-SUCH"}).status_code == 404


def test_one_units_lists_are_paged_oldest_first(tree, editor):
    for index in range(30):
        make_post(tree.employment, f"MORE-{index:02d}", f"Qoʻshimcha {index:02d}")
    Post.objects.filter(code="MORE-05").update(last_verified_on=datetime.date(2020, 1, 1))
    page = editor.get("/edit/", {"unit": tree.employment.code, "kind": "stale"})
    lists = {key: items for key, _heading, items in page.context["lists"]}
    assert set(lists) == {"units", "posts", "people"}
    posts = lists["posts"]
    assert posts.paginator.count > 25 and len(posts.object_list) == 25
    # never confirmed first, then the oldest confirmation
    dates = [p.last_verified_on for p in posts.paginator.object_list]
    assert dates[: dates.index(datetime.date(2020, 1, 1))] == [None] * dates.index(
        datetime.date(2020, 1, 1)
    )
    second = editor.get("/edit/", {"unit": tree.employment.code, "kind": "stale", "posts_page": 2})
    assert second.status_code == 200


def test_confirm_a_whole_unit_in_one_step_with_history(tree, editor, dilnoza):
    unit = tree.employment
    stale_posts = list(Post.objects.current().filter(unit=unit, last_verified_on__isnull=True))
    assert stale_posts
    before = sum(p.history.count() for p in stale_posts)
    response = editor.post("/edit/verify-unit/", {"unit": unit.code, "next": "/edit/"})
    assert response.status_code == 302
    for post in stale_posts:
        post.refresh_from_db()
        assert post.last_verified_on == today()
        assert post.history.first().history_user == dilnoza
    assert sum(p.history.count() for p in stale_posts) == before + len(stale_posts)
    assert Unit.objects.get(pk=unit.pk).last_verified_on == today()
    # the unit leaves the "not verified" list
    stale = editor.get("/edit/", {"kind": "stale"}).context["page"].object_list
    assert unit.pk not in [item.unit.pk for item in stale]


def test_confirming_someone_elses_unit_is_forbidden(tree, editor):
    assert editor.post("/edit/verify-unit/", {"unit": tree.health.code}).status_code == 403
    assert editor.post("/edit/verify-unit/", {"unit": "NOPE"}).status_code == 404
    assert Unit.objects.get(pk=tree.health.pk).last_verified_on is None


def test_an_editor_of_thirty_units_finds_them_on_one_page(tree, client_for, django_user_model):
    from .conftest import _user

    user = _user(django_user_model, "kamola")
    for index in range(30):
        unit = make_unit(tree.health, f"H-{index:02d}", f"Shifoxona {index:02d}", kind="division")
        make_post(unit, f"H-{index:02d}-P1", "Shifokor")
        services.grant_editor(user, unit, permissions.CHANGE, actor=SYSTEM)
    page = client_for(user).get("/edit/", {"kind": "vacant"})
    items = page.context["page"].object_list
    assert len(items) == 30 and page.context["totals"]["vacant"] == 30
