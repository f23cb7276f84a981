"""The directory on any day (``?on=``), each unit's timeline and its organisation chart.

The small government of ``conftest`` is made to have a past: its records begin on
``BEGIN`` (every history row written while building it is dated then), and changes
are then made through the services with the day they took effect."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations import services
from organizations.models import Appointment, ContactPoint, Person, Post, Unit, today
from organizations.permissions import SYSTEM
from organizations.visibility import Visibility

from .conftest import DAY, add_contact, make_person, make_post, make_unit

BEGIN = datetime.date(2020, 1, 1)
RENAMED = datetime.date(2024, 6, 1)
MOVED = datetime.date(2025, 3, 1)
HISTORY = (Unit, Post, Person, Appointment, ContactPoint)


def begin_records(on=BEGIN):
    """Date every history row written so far on ``on``: the state the records begin with."""
    from organizations.dates import start_of

    for model in HISTORY:
        model.history.model.objects.update(history_date=start_of(on))


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def past(tree):
    """The tree with a past: the Ministry of Labour renamed on ``RENAMED``, its
    department moved to the Ministry of Health on ``MOVED``."""
    begin_records()
    services.rename_unit(
        tree.labour,
        name_uz="Bandlik va kambagʻallikni qisqartirish vazirligi",
        name_en="Ministry of Employment and Poverty Reduction",
        actor=SYSTEM,
        effective_on=RENAMED,
    )
    services.move_unit(tree.employment, tree.health, actor=SYSTEM, effective_on=MOVED)
    return tree


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def day(on: datetime.date) -> str:
    return on.isoformat()


# Names, parents, holders -------------------------------------------------------------------


def test_a_unit_has_the_name_it_had_on_the_day(past, citizen):
    before = page(citizen, f"/units/LABOUR/?on={day(RENAMED - datetime.timedelta(days=1))}")
    assert "<h1>Ministry of Employment" in before
    assert "Poverty Reduction" not in before.split("<h1>")[1].split("</h1>")[0]
    after = page(citizen, f"/units/LABOUR/?on={day(RENAMED)}")
    assert "<h1>Ministry of Employment and Poverty Reduction" in after
    assert "You are viewing the directory as of" in after and "Back to today" in after


def test_a_moved_unit_is_under_its_parent_of_the_day(past, citizen):
    the_day_before = day(MOVED - datetime.timedelta(days=1))
    before = page(citizen, f"/units/LABOUR-01/?on={the_day_before}")
    crumbs = before.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "/units/LABOUR/" in crumbs and "/units/HEALTH/" not in crumbs
    after = page(citizen, f"/units/LABOUR-01/?on={day(MOVED)}")
    crumbs = after.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "/units/HEALTH/" in crumbs and "/units/LABOUR/" not in crumbs
    # And from above: the ministries' lists of units on each day.
    assert "/units/LABOUR-01/" in page(citizen, f"/units/LABOUR/?on={the_day_before}")
    assert "/units/LABOUR-01/" not in page(citizen, f"/units/LABOUR/?on={day(MOVED)}")
    assert "/units/LABOUR-01/" in page(citizen, f"/units/HEALTH/?on={day(MOVED)}")
    assert "/units/LABOUR-01/" not in page(citizen, "/units/LABOUR/")


def test_the_holder_of_the_day_and_links_that_keep_the_day(past, citizen):
    then = DAY - datetime.timedelta(days=10)
    if then < BEGIN:
        pytest.skip("the fixture's dates are before the records")
    html = page(citizen, f"/units/LABOUR-01/?on={day(then)}")
    assert "Oldingiyev Karim" in html and "Gʻulomov Jahongir" not in html
    assert f'href="/people/karim-oldingi/?on={day(then)}"' in html
    assert f'href="/posts/LABOUR-01-P01/?on={day(then)}"' in html
    assert f'href="/?on={day(then)}"' in html
    post = page(citizen, f"/posts/LABOUR-01-P01/?on={day(then)}")
    assert "Holder on" in post and "Oldingiyev Karim" in post
    assert "Gʻulomov" not in post  # appointed after the day
    person = page(citizen, f"/people/karim-oldingi/?on={day(then)}")
    assert "Posts on" in person and "Boshqarma boshligʻi" in person
    today_page = page(citizen, "/units/LABOUR-01/")
    assert "Gʻulomov Jahongir" in today_page


def test_the_home_page_lists_the_bodies_of_the_day(past, citizen):
    make_unit(past.cabinet, "NEW-MIN", "Yangi vazirlik", kind="ministry")
    then = page(citizen, f"/?on={day(RENAMED)}")
    assert "Ministry of Employment and Poverty Reduction" in then
    assert "/units/NEW-MIN/" not in then  # no record of it then
    assert "/units/NEW-MIN/" in page(citizen, "/")


def test_a_unit_that_did_not_exist_then_says_so(past, citizen):
    make_unit(past.cabinet, "NEW-MIN", "Yangi vazirlik", kind="ministry")
    response = citizen.get(f"/units/NEW-MIN/?on={day(RENAMED)}")
    assert response.status_code == 404
    assert "did not exist on" in response.content.decode()
    established = make_unit(
        past.cabinet, "OLD-MIN", "Eski vazirlik", kind="ministry", established_on=BEGIN
    )
    assert established.pk
    # Established before the day: shown as first recorded, though recorded later.
    assert "Eski vazirlik" in page(citizen, f"/units/OLD-MIN/?on={day(RENAMED)}")


def test_an_abolished_unit_is_there_on_a_day_before_its_end(past, citizen):
    services.abolish_unit(past.health, actor=SYSTEM, effective_on=today())
    assert "no longer exists" in page(citizen, "/units/HEALTH/")
    html = page(citizen, f"/units/HEALTH/?on={day(MOVED)}")
    assert "no longer exists" not in html and "/units/LABOUR-01/" in html


# Visibility: the stricter of then and now ------------------------------------------------------


def test_a_value_hidden_then_or_now_is_hidden_on_a_past_day(past, citizen, client_for, alisher):
    # Internal then, public now: a citizen sees it today only.
    post = past.internal_post
    post.visibility = Visibility.PUBLIC
    services.save_post(post, actor=SYSTEM)
    # Public then, internal now: a citizen no longer sees it on any day.
    person = past.public_person
    person.visibility = Visibility.INTERNAL
    services.save_person(person, actor=SYSTEM)
    contact = ContactPoint.objects.get(value="+998712000001")
    contact.visibility = Visibility.INTERNAL
    services.save_contact(contact, actor=SYSTEM)
    on = day(RENAMED)
    assert "Maxfiy tahlilchi" in page(citizen, "/units/LABOUR-01/")
    then = page(citizen, f"/units/LABOUR-01/?on={on}")
    assert "Maxfiy tahlilchi" not in then
    assert "Gʻulomov" not in then and "jahongir@labour" not in then
    assert "71 200 00 01" not in page(citizen, f"/units/LABOUR/?on={on}")
    assert citizen.get(f"/people/jahongir-gulomov/?on={on}").status_code == 404
    servant = client_for(alisher)
    seen = page(servant, f"/units/LABOUR-01/?on={on}")
    assert "Maxfiy tahlilchi" in seen and "Gʻulomov Jahongir" in seen
    assert "71 200 00 01" in page(servant, f"/units/LABOUR/?on={on}")


def test_restricted_values_stay_hidden_on_past_days(past, cast, client_for):
    on = day(RENAMED)
    for name, user in cast.items():
        html = page(client_for(user), f"/units/LABOUR-01/?on={on}")
        labour = page(client_for(user), f"/units/LABOUR/?on={on}")
        # dilnoza edits Labour; its department moved out of her units since: she no
        # longer sees its restricted values, on any day.
        assert ("Yopiq lavozim" in html) is (name == "admin"), name
        assert ("Maxfiyeva" in html) is (name == "admin"), name
        assert ("71 200 00 03" in labour) is (name in ("dilnoza", "admin")), name
        assert ("Maxfiy tahlilchi" in html) is (name != "citizen"), name


def test_a_deleted_contact_is_shown_on_days_it_existed(past, citizen):
    contact = ContactPoint.objects.get(value="+998712000021")
    services.remove_contact(contact, actor=SYSTEM)
    assert "71 200 00 21" not in page(citizen, "/units/LABOUR-01/")
    assert "71 200 00 21" in page(citizen, f"/units/LABOUR-01/?on={day(RENAMED)}")


def test_a_contact_added_today_was_not_there_before(past, citizen):
    add_contact(past.employment, "phone", "+998712000099")
    assert "71 200 00 99" in page(citizen, "/units/LABOUR-01/")
    assert "71 200 00 99" not in page(citizen, f"/units/LABOUR-01/?on={day(RENAMED)}")


# Bad days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, says",
    [
        ("2019-12-31", "records begin on 2020-01-01"),
        ("2999-01-01", "in the future"),
        ("yesterday", "is not a date"),
        ("2024-02-30", "is not a date"),
        ("2024-1-5", "is not a date"),
        ("0000-00-00", "is not a date"),
        ("9" * 400, "is not a date"),
        ("2024-06-01'; DROP TABLE x;--", "is not a date"),
    ],
)
def test_a_day_that_cannot_be_shown_gets_a_clear_message(past, citizen, value, says):
    for url in ("/", "/units/LABOUR/", "/posts/LABOUR-P01/", "/people/botir-rahimov/"):
        response = citizen.get(url, {"on": value})
        assert response.status_code == 400, url
        html = response.content.decode()
        assert says in html and 'type="date"' in html, url


def test_today_and_an_empty_day_are_todays_page(past, citizen):
    for value in ("", today().isoformat()):
        html = page(citizen, f"/units/LABOUR/?on={value}")
        assert "You are viewing the directory as of" not in html


def test_a_directory_without_records_refuses_past_days(db, citizen):
    response = citizen.get("/", {"on": "2024-01-01"})
    assert response.status_code == 400


# Cost -----------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_a_past_page_costs_the_same_whatever_the_depth_and_history(past, client_for, dilnoza):
    client = client_for(dilnoza)
    on = day(MOVED)
    add_contact(past.employment, "phone", "+998712110097")
    begin_records()
    url = f"/units/LABOUR-01/?on={on}"
    first = {u: _queries(client, u) for u in (url, f"/posts/LABOUR-01-P01/?on={on}")}
    person_url = f"/people/jahongir-gulomov/?on={on}"
    first[person_url] = _queries(client, person_url)
    # Deeper, with more history: units below, renamed many times, posts with holders.
    parent = past.employment
    for level in range(4):
        parent = make_unit(parent, f"DEEP-{level}", f"Chuqur {level}")
        make_unit(parent, f"DEEP-{level}-SIDE", f"Yon {level}")
    deep_post = make_post(parent, "DEEP-P", "Chuqur lavozim")
    add_contact(deep_post, "phone", "+998712110099")
    deep_person = make_person("deep-person", "Chuqurov", "Ism")
    add_contact(deep_person, "email", "deep@x.gov.example")
    services.appoint(deep_person, deep_post, DAY, actor=SYSTEM)
    add_contact(parent, "phone", "+998712110098")
    for index in range(6):
        services.rename_unit(
            past.employment, name_uz=f"Nom {index}", actor=SYSTEM, effective_on=MOVED
        )
        post = make_post(past.employment, f"MORE-{index}", f"Lavozim {index}")
        person = make_person(f"more-{index}", f"Yana{index}", "Ism")
        add_contact(person, "email", f"m{index}@x.gov.example")
        add_contact(post, "phone", f"+9987121100{index:02d}")
        services.appoint(person, post, DAY, actor=SYSTEM)
    begin_records(MOVED - datetime.timedelta(days=30))
    for u, count in first.items():
        assert _queries(client, u) == count, u
    assert _queries(client, f"/units/DEEP-3/?on={on}") == first[url]


# Timelines ----------------------------------------------------------------------------------


def test_a_unit_timeline_tells_its_story(past, citizen):
    merged = make_unit(past.cabinet, "OLD-AGENCY", "Eski agentlik", kind="agency")
    services.merge_units([merged], past.labour, actor=SYSTEM)
    html = page(citizen, "/units/LABOUR/timeline/")
    assert "Renamed" in html
    assert "Ministry of Employment → Ministry of Employment and Poverty Reduction" in html
    assert f'href="/units/LABOUR/?on={day(RENAMED)}"' in html
    assert "Took over the work of" in html and "/units/OLD-AGENCY/" in html
    assert "Head appointed" in html and "Rahimov Botir" in html
    moved = page(citizen, "/units/LABOUR-01/timeline/")
    assert "Moved" in moved and "Ministry of Employment and Poverty Reduction → " in moved
    assert "Head left" in moved and "Oldingiyev Karim" in moved
    old = page(citizen, "/units/OLD-AGENCY/timeline/")
    assert "Merged into" in old and "Abolished" in old


def test_a_timeline_shows_no_head_the_viewer_may_not_see(past, citizen, client_for, alisher):
    person = past.minister
    person.visibility = Visibility.INTERNAL
    services.save_person(person, actor=SYSTEM)
    assert "Rahimov" not in page(citizen, "/units/LABOUR/timeline/")
    assert "Rahimov" in page(client_for(alisher), "/units/LABOUR/timeline/")


# Charts --------------------------------------------------------------------------------------


def test_a_chart_shows_units_heads_and_vacancies_to_the_depth_asked(past, citizen):
    html = page(citizen, "/units/CABINET/chart/?depth=1")
    assert "Organisation chart" in html and "/units/CABINET/chart/" in html
    assert "Bandlik va kambagʻallikni" in html or "Poverty Reduction" in html
    assert "Rahimov Botir" in html  # the minister heads a box
    assert "Ishsizlik nafaqasi" not in html  # two levels down
    assert "1 unit below" in html or "units below" in html
    deeper = page(citizen, "/units/CABINET/chart/?depth=2&posts=all")
    assert "Ishsizlik nafaqasi" in deeper and "Bosh mutaxassis" in deeper
    assert "vacant" in deeper
    assert "Yopiq lavozim" not in deeper and "Maxfiy tahlilchi" not in deeper
    assert "Maxfiyeva" not in deeper and "Yashirinova" not in deeper


def test_a_chart_on_a_past_day(past, citizen):
    then = page(citizen, f"/units/LABOUR/chart/?on={day(RENAMED)}&depth=2")
    assert "Ishsizlik nafaqasi" in then  # still under Labour then
    assert "Ishsizlik nafaqasi" not in page(citizen, "/units/LABOUR/chart/?depth=2")


@pytest.mark.parametrize("depth", ["x", "-3", "0", "99", "1e9", "２"])
def test_a_chart_survives_any_depth(past, citizen, depth):
    html = page(citizen, f"/units/CABINET/chart/?depth={depth}")
    assert "The depth is a number from 1 to 6" in html


def test_a_chart_of_an_unknown_unit_is_not_found(past, citizen):
    assert citizen.get("/units/NOPE/chart/").status_code == 404
    assert citizen.get("/units/NOPE/timeline/").status_code == 404


# The API and search on a past day -------------------------------------------------------------


def test_the_api_answers_for_a_past_day(past, citizen):
    on = day(RENAMED - datetime.timedelta(days=1))
    unit = citizen.get(f"/api/units/LABOUR/?on={on}").json()
    assert unit["name"]["en"] == "Ministry of Employment" and unit["as_of"] == on
    assert "LABOUR-01" in [child["id"] for child in unit["children"]]
    assert unit["url"] == f"/units/LABOUR/?on={on}"
    moved = citizen.get(f"/api/units/LABOUR-01/?on={day(MOVED)}").json()
    assert moved["parent"] == "HEALTH" and moved["path"] == ["CABINET", "HEALTH"]
    assert citizen.get(f"/api/units/LABOUR-01/?on={on}").json()["parent"] == "LABOUR"
    listed = citizen.get(f"/api/units/?on={on}&within=LABOUR").json()
    assert [u["id"] for u in listed["results"]] == ["LABOUR", "LABOUR-01"]
    then = day(DAY - datetime.timedelta(days=10))
    post = citizen.get(f"/api/posts/LABOUR-01-P01/?on={then}").json()
    assert [h["person"] for h in post["holders"]] == ["karim-oldingi"]
    person = citizen.get(f"/api/people/karim-oldingi/?on={then}").json()
    assert [p["post"] for p in person["posts"]] == ["LABOUR-01-P01"]
    people = citizen.get(f"/api/people/?on={then}").json()
    slugs = [p["id"] for p in people["results"]]
    assert "karim-oldingi" in slugs and "jahongir-gulomov" not in slugs
    assert "oydin-maxfiy" not in slugs and "sabina-yashirin" not in slugs


def test_the_api_refuses_days_it_cannot_show(past, citizen):
    for value in ("2019-12-31", "2999-01-01", "nonsense"):
        for url in ("/api/units/", "/api/units/LABOUR/", "/api/search/?q=Rahimov"):
            response = citizen.get(url, {"on": value})
            assert response.status_code == 400, (url, value)
            assert response.json()["error"]
    make_unit(past.cabinet, "NEW-MIN", "Yangi vazirlik", kind="ministry")
    response = citizen.get(f"/api/units/NEW-MIN/?on={day(RENAMED)}")
    assert response.status_code == 404 and "no such record on" in response.json()["error"]


def test_search_on_a_past_day_finds_what_was_there_as_it_was(past, citizen, client_for, alisher):
    then = day(DAY - datetime.timedelta(days=10))
    html = page(citizen, f"/search/?q=Oldingiyev&on={then}")
    assert "Oldingiyev Karim" in html and f"/people/karim-oldingi/?on={then}" in html
    assert 'name="on" value="' + then + '"' in html
    # Appointed after the day: not found then, found today.
    assert "Gʻulomov Jahongir" not in page(citizen, f"/search/?q=Gulomov&on={then}")
    assert "Gʻulomov Jahongir" in page(citizen, "/search/?q=Gulomov")
    # A unit found by its name then, and shown with it.
    found = citizen.get(f"/api/search/?q=employment&on={day(RENAMED - datetime.timedelta(days=1))}")
    names = [h["unit"]["name"]["en"] for h in found.json()["results"] if h["kind"] == "unit"]
    assert "Ministry of Employment" in names
    # Hidden then (internal, public now): a citizen's search on that day cannot find it.
    post = past.internal_post
    post.visibility = Visibility.PUBLIC
    services.save_post(post, actor=SYSTEM)
    assert "Maxfiy tahlilchi" in page(citizen, "/search/?q=tahlilchi")
    assert "Maxfiy tahlilchi" not in page(citizen, f"/search/?q=tahlilchi&on={then}")
    assert "Maxfiy tahlilchi" in page(client_for(alisher), f"/search/?q=tahlilchi&on={then}")
    # Restricted people are found by nobody below their tier on any day.
    assert "Maxfiyeva Oydin" not in page(client_for(alisher), f"/search/?q=Maxfiyeva&on={then}")


def test_a_contact_hidden_then_and_public_now_finds_nothing_on_that_day(past, citizen, alisher):
    then = day(DAY - datetime.timedelta(days=10))
    contact = add_contact(past.health, "phone", "+998712009876", Visibility.INTERNAL)
    begin_records()  # the contact was there, internal, on every day since the records begin
    contact.visibility = Visibility.PUBLIC
    services.save_contact(contact, actor=SYSTEM)

    def units_found(client, url):
        found = client.get(url).json()["results"]
        return [h["unit"]["id"] for h in found if h["kind"] == "unit"]

    assert "HEALTH" in units_found(citizen, "/api/search/?q=712009876")
    assert "HEALTH" not in units_found(citizen, f"/api/search/?q=712009876&on={then}")
    assert "Sogʻliqni saqlash" not in page(citizen, f"/search/?q=%2B998712009876&on={then}")
    # a civil servant saw it then (internal): found on that day
    from django.test import Client

    servant = Client()
    servant.force_login(alisher)
    assert "HEALTH" in units_found(servant, f"/api/search/?q=712009876&on={then}")
    # still found on that day by its name, which was public
    assert "HEALTH" in units_found(servant, f"/api/search/?q=Sogliqni&on={then}")


def test_reorganisations_are_data_both_ways(past, citizen):
    merged = make_unit(past.cabinet, "OLD-AGENCY", "Eski agentlik", kind="agency")
    services.merge_units([merged], past.labour, actor=SYSTEM)
    labour = citizen.get("/api/units/LABOUR/").json()
    assert labour["predecessors"] == ["OLD-AGENCY"]
    kinds = [e["kind"] for e in labour["events"]]
    assert "renamed" in kinds and "merged_from" in kinds and "head_appointed" in kinds
    renamed = next(e for e in labour["events"] if e["kind"] == "renamed")
    assert renamed["date"] == day(RENAMED) and renamed["after"].endswith("Poverty Reduction")
    old = citizen.get("/api/units/OLD-AGENCY/").json()
    assert old["successors"] == ["LABOUR"]
    assert {"merged_into", "abolished"} <= {e["kind"] for e in old["events"]}
    html = page(citizen, "/units/LABOUR/")
    assert "Took over the work of:" in html and "/units/OLD-AGENCY/" in html
    assert '"org:resultedFrom"' in html and '"org:ChangeEvent"' in html
    assert '"org:originalOrganization"' in html and "http://www.w3.org/ns/org#" in html
    assert '"org:changedBy"' in page(citizen, "/units/OLD-AGENCY/")
    # On a day before the rename, the events are those up to that day.
    before = citizen.get(f"/api/units/LABOUR/?on={day(RENAMED - datetime.timedelta(days=1))}")
    assert "renamed" not in [e["kind"] for e in before.json()["events"]]


# Every output of a past day, at every tier ------------------------------------------------------

PAST_TIERS = {
    "citizen": (
        ["71 200 00 01", "jahongir@labour.gov.example", "Gʻulomov"],
        [
            "71 200 00 02",
            "71 200 00 11",
            "Yashirinova",
            "Maxfiy tahlilchi",
            "LABOUR-01-P02",
            "71 200 00 03",
            "90 100 00 12",
            "Maxfiyeva",
            "Yopiq lavozim",
            "LABOUR-01-P03",
            "998712000002",
            "998712000003",
            "998901000012",
            "998712000011",
        ],
    ),
    "alisher": (
        ["71 200 00 01", "71 200 00 02", "Yashirinova", "Maxfiy tahlilchi"],
        [
            "71 200 00 03",
            "90 100 00 12",
            "Maxfiyeva",
            "Yopiq lavozim",
            "LABOUR-01-P03",
            "998712000003",
            "998901000012",
        ],
    ),
    "dilnoza": (["71 200 00 03", "Maxfiyeva", "Yopiq lavozim"], []),
    "admin": (["71 200 00 03", "Maxfiyeva", "Yopiq lavozim", "90 100 00 12"], []),
}


@pytest.mark.parametrize("who", PAST_TIERS)
def test_every_output_of_a_past_day_gives_exactly_the_callers_tier(tree, cast, client_for, who):
    begin_records()
    client = client_for(cast[who])
    on = day(RENAMED)
    urls = [
        "/",
        "/units/LABOUR/",
        "/units/LABOUR-01/",
        "/units/CABINET/chart/?depth=3&posts=all",
        "/units/LABOUR-01/timeline/",
        "/api/units/LABOUR/",
        "/api/units/LABOUR-01/",
        "/api/units/",
        "/api/people/",
    ]
    urls += [f"/posts/LABOUR-01-P0{i}/" for i in (1, 2, 3)]
    urls += [f"/api/posts/LABOUR-01-P0{i}/" for i in (1, 2, 3)]
    for slug in ("jahongir-gulomov", "sabina-yashirin", "oydin-maxfiy"):
        urls += [f"/people/{slug}/", f"/api/people/{slug}/"]
    for q in ("Maxfiyeva", "Yashirinova", "Gulomov", "712000002", "Yopiq lavozim"):
        urls += [f"/search/?q={q}", f"/api/search/?q={q}"]
    outputs = {}
    for url in urls:
        dated = url + ("&" if "?" in url else "?") + f"on={on}"
        response = client.get(dated)
        assert response.status_code in (200, 404), (dated, response.status_code)
        body = response.content.decode()
        if "/search/" in url:  # the hits, not the echo of what was typed
            body = (
                body.split('id="results"')[-1]
                if "/api/" not in url
                else json.dumps(response.json()["results"], ensure_ascii=False)
            )
            body = body.replace(f"“{url.split('q=')[1]}”", "")
        # What the page shows (the header echoes the address in its sign-in link).
        outputs[dated] = body.split('<main id="main">', 1)[-1]
    text = "\n".join(outputs.values())
    seen, hidden = PAST_TIERS[who]
    for value in seen:
        assert value in text, f"{who} should see {value}"
    for url, output in outputs.items():
        for value in hidden:
            assert value not in output, f"{value} reached {who} in {url}"


def test_restricted_contacts_of_a_person_need_all_their_posts_on_past_days(
    past, client_for, dilnoza
):
    """An editor of one of a person's units does not see their restricted contacts on a
    past day, as today, when the person also holds a post elsewhere."""
    minister = past.minister
    add_contact(minister, "mobile", "+998901000077", Visibility.RESTRICTED)
    elsewhere = make_post(past.health, "HEALTH-P09", "Maslahatchi")
    services.appoint(minister, elsewhere, DAY, actor=SYSTEM)
    begin_records()
    client = client_for(dilnoza)
    assert "90 100 00 77" not in page(client, "/units/LABOUR/")
    assert "90 100 00 77" not in page(client, f"/units/LABOUR/?on={day(RENAMED)}")
    assert "90 100 00 77" not in page(client, f"/people/botir-rahimov/?on={day(RENAMED)}")
