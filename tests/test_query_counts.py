"""Pages cost a fixed number of queries however much data they show. The page cache is
off here (the rendering is what is counted); a page served from it costs one statement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations import changes, services
from organizations.permissions import SYSTEM

from .conftest import DAY, add_contact, make_person, make_post, make_unit


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_a_page_from_the_cache_costs_one_query(tree, citizen, settings):
    """The change counter, and nothing else."""
    settings.PAGE_CACHE_SECONDS = 60
    for url in ("/", "/units/LABOUR/", "/search/?q=Rahimov", "/api/units/LABOUR/"):
        citizen.get(url)
        with CaptureQueriesContext(connection) as context:
            assert citizen.get(url)["X-Page-Cache"] == "hit", url
        assert [q["sql"] for q in context] == [changes.CURRENT], url


def grow(unit, count, prefix):
    """Give ``unit`` ``count`` sub-units and ``count`` posts, each post held by someone
    with contacts."""
    for index in range(count):
        make_unit(unit, f"{prefix}-U{index}", f"Boʻlim {index}")
        post = make_post(unit, f"{prefix}-P{index}", f"Mutaxassis {index}")
        add_contact(post, "phone", f"+99871210{index:04d}", "internal")
        person = make_person(f"{prefix.lower()}-person-{index}", f"Familiya{index}", "Ism")
        add_contact(person, "email", f"p{index}@{prefix.lower()}.gov.example")
        services.appoint(person, post, DAY, actor=SYSTEM)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_unit_page_queries_do_not_grow_with_children_and_posts(
    tree, client_for, citizen, alisher, django_assert_max_num_queries
):
    small = make_unit(tree.cabinet, "SMALL", "Kichik vazirlik", kind="ministry")
    large = make_unit(tree.cabinet, "LARGE", "Katta vazirlik", kind="ministry")
    grow(small, 5, "SMALL")
    grow(large, 50, "LARGE")
    for client in (citizen, client_for(alisher)):
        queries_for(client, "/units/SMALL/")  # warm the session and content types
        assert queries_for(client, "/units/SMALL/") == queries_for(client, "/units/LARGE/")
    # The change counter, the unit, breadcrumbs, sub-units, contacts, the units it took
    # over, posts with holders and contacts (3), and the headcount (rolled up in one).
    with django_assert_max_num_queries(10):
        citizen.get("/units/LARGE/")


def test_home_queries_do_not_grow_with_ministries(tree, citizen, django_assert_max_num_queries):
    before = queries_for(citizen, "/")
    for index in range(30):
        make_unit(tree.cabinet, f"M{index}", f"Vazirlik {index}", kind="ministry")
    assert queries_for(citizen, "/") == before
    with django_assert_max_num_queries(2):
        citizen.get("/")


def test_person_page_queries_do_not_grow_with_appointments(
    tree, citizen, django_assert_max_num_queries
):
    before = queries_for(citizen, "/people/jahongir-gulomov/")
    for index in range(20):
        post = make_post(tree.health, f"HEALTH-X{index}", f"Maslahatchi {index}")
        services.appoint(tree.public_person, post, DAY, actor=SYSTEM)
        add_contact(tree.public_person, "phone", f"+99871220{index:04d}")
    assert queries_for(citizen, "/people/jahongir-gulomov/") == before
    with django_assert_max_num_queries(4):
        citizen.get("/people/jahongir-gulomov/")


def test_post_page_queries_do_not_grow_with_past_holders(
    tree, citizen, django_assert_max_num_queries
):
    import datetime

    def add_past_holders(first: int, last: int) -> None:
        for index in range(first, last):
            person = make_person(f"past-{index}", f"Oldin{index}", "Ism")
            services.appoint(
                person, tree.vacant_post, DAY + datetime.timedelta(days=index), actor=SYSTEM
            )

    # The same post with one past holder and with fifteen (with none, Django skips the
    # prefetches of an empty list: one query fewer).
    add_past_holders(0, 1)
    before = queries_for(citizen, "/posts/LABOUR-01-P04/")
    add_past_holders(1, 15)
    assert queries_for(citizen, "/posts/LABOUR-01-P04/") == before
    with django_assert_max_num_queries(7):
        citizen.get("/posts/LABOUR-01-P04/")


def test_editors_dashboard_queries_do_not_grow_with_the_subtree(
    tree, client_for, dilnoza, django_assert_max_num_queries
):
    editor = client_for(dilnoza)
    queries_for(editor, "/edit/")  # warm the session and content types
    before = queries_for(editor, "/edit/")
    grow(tree.employment, 30, "GROW")
    for index in range(10):
        make_post(tree.employment, f"VACANT-{index}", f"Boʻsh lavozim {index}")
    assert queries_for(editor, "/edit/") == before
    with django_assert_max_num_queries(14):
        editor.get("/edit/")


def test_history_page_queries_do_not_grow_with_versions(
    tree, client_for, dilnoza, django_assert_max_num_queries
):
    editor = client_for(dilnoza)
    url = f"/posts/{tree.head_post.code}/history/"
    queries_for(editor, url)
    before = queries_for(editor, url)
    for index in range(30):
        post = type(tree.head_post).objects.get(pk=tree.head_post.pk)
        post.title_uz = f"Boshliq {index}"
        services.save_post(post, actor=SYSTEM)
    assert queries_for(editor, url) == before
