"""Search finds anyone from anything typed, in any script, and never leaks."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from organizations import permissions, services
from organizations.models import SearchDocument, Unit
from organizations.permissions import SYSTEM
from organizations.search import Filters, search
from organizations.visibility import Viewer

from .conftest import DAY, add_contact, make_person, make_post, make_unit


def holder(slug, family, given, visibility="public", patronymic=""):
    """A person holding a post (people without a current post are left out of search)."""
    person = make_person(slug, family, given, visibility, patronymic=patronymic)
    post = make_post(Unit.objects.get(code="HEALTH"), f"P-{slug}", "Mutaxassis")
    services.appoint(person, post, DAY, actor=SYSTEM)
    return person


def found(viewer, text, **filters):
    results = search(viewer, text, Filters(**filters))
    return [hit.person or hit.post or hit.unit for hit in results.hits], results.total


def slugs(viewer, text, **filters):
    return [getattr(r, "slug", None) or r.code for r in found(viewer, text, **filters)[0]]


ANON = Viewer.anonymous()


@pytest.mark.parametrize(
    "typed",
    [
        "Jahongir Gʻulomov",
        "Жаҳонгир Ғуломов",
        "Jahongir Gulomov",
        "Джахонгир Гуломов",
        "jahangir gulamov",
        "Gʻulomov, Jahongir",
        "Gulomov Jahongir",
        "Ğulomov",
        "G'ulomov",
        "GULOMOV",
        "Gulomv",
        "Jahongri Gulomov",
    ],
)
def test_a_person_is_found_in_any_script_spelling_order_or_with_a_typo(tree, typed):
    assert "jahongir-gulomov" in slugs(ANON, typed)


@pytest.mark.parametrize(
    "typed",
    [
        "Oʻzbekiston",
        "O'zbekiston",
        "O`zbekiston",
        "O‘zbekiston",
        "O’zbekiston",
        "Ozbekiston",
        "Ўзбекистон",
        "Özbekiston",
        "oʻzbekiston respublikasi",
    ],
)
def test_a_unit_is_found_whatever_the_alphabet_or_apostrophe(tree, typed):
    make_unit(
        tree.cabinet, "UZSTAT", "Oʻzbekiston Respublikasi Statistika agentligi", kind="agency"
    )
    assert "UZSTAT" in slugs(ANON, typed)


def test_russian_and_korean_names_across_scripts(tree):
    holder("sergey-ivanov", "Иванов", "Сергей", patronymic="Петрович")
    holder("minsu-kim", "김", "민수")
    holder("minsu-kim-latin", "Kim", "Minsu")
    assert "sergey-ivanov" in slugs(ANON, "Ivanov Sergei")
    assert "sergey-ivanov" in slugs(ANON, "Sergey Ivanov")
    assert "botir-rahimov" in slugs(ANON, "Рахимов Ботир")
    assert {"minsu-kim", "minsu-kim-latin"} <= set(slugs(ANON, "김민수"))
    assert "minsu-kim" in slugs(ANON, "Kim Minsu")


def test_exact_matches_rank_above_prefixes_and_typos(tree):
    holder("anvar-karimova", "Karimova", "Anvara")
    holder("anvar-karimov", "Karimov", "Anvar")
    holder("anvar-kerimov", "Kerimov", "Anvar")
    assert slugs(ANON, "Karimov Anvar")[0] == "anvar-karimov"
    ranked = slugs(ANON, "Karimov")
    assert ranked.index("anvar-karimov") < ranked.index("anvar-karimova")
    assert "anvar-karimov" in slugs(ANON, "Karimvo")


@pytest.mark.parametrize(
    "typed", ["71 200-00-01", "+998712000001", "998 71 200 00 01", "200 00 01", "(71) 2000001"]
)
def test_a_phone_number_in_any_format_finds_its_owner(tree, typed):
    assert "LABOUR" in slugs(ANON, typed)


def test_an_internal_extension_finds_its_post_for_civil_servants_only(tree, alisher):
    assert found(ANON, "123")[1] == 0
    assert "LABOUR-01-P01" in slugs(permissions.viewer_for(alisher), "123")


def test_an_email_or_its_local_part_finds_its_owner(tree):
    assert slugs(ANON, "jahongir@labour.gov.example") == ["jahongir-gulomov"]
    assert "jahongir-gulomov" in slugs(ANON, "jahongir")


def test_an_organisation_code_or_acronym_finds_the_unit_first(tree):
    services.rename_unit(tree.health, short_name_uz="SSV", short_name_en="MOH", actor=SYSTEM)
    assert slugs(ANON, "LABOUR")[0] == "LABOUR"
    assert slugs(ANON, "ssv")[0] == "HEALTH"
    assert slugs(ANON, "MOH")[0] == "HEALTH"
    assert slugs(ANON, "LABOUR-01")[0] == "LABOUR-01"


@pytest.mark.parametrize(
    "typed", ["pensiya", "pensiyalarni", "pension", "пенсия", "перерасчёт пенсий", "pensions"]
)
def test_words_of_a_duty_find_who_handles_it(tree, typed):
    post = tree.head_post
    post.duties_en = "handles pension recalculation requests"
    post.duties_ru = "рассматривает обращения о перерасчёте пенсий"
    services.save_post(post, actor=SYSTEM)
    assert "LABOUR-01-P01" in slugs(ANON, typed)


def test_filters_by_subtree_kind_and_vacancy(tree):
    make_post(tree.health, "HEALTH-P1", "Bosh mutaxassis")
    assert "HEALTH-P1" in slugs(ANON, "Bosh mutaxassis")
    inside = slugs(ANON, "Bosh mutaxassis", within_path=tree.labour.path)
    assert inside[0] == "LABOUR-01-P04" and "HEALTH-P1" not in inside
    assert set(slugs(ANON, "mutaxassis", vacant=True)) == {"LABOUR-01-P04", "HEALTH-P1"}
    units_only = found(ANON, "vazirligi", kind="unit")[0]
    assert {tree.labour, tree.health} <= set(units_only)
    assert all(isinstance(r, Unit) for r in units_only)
    # The filter took something away: without it, posts in those ministries match too.
    assert any(not isinstance(r, Unit) for r in found(ANON, "vazirligi")[0])


def test_paging_has_no_cap_and_a_stable_order(tree):
    for index in range(45):
        holder(f"toshmatov-{index}", "Toshmatov", f"Ism{index:02d}")
    seen = []
    for page in (1, 2, 3):
        results = search(ANON, "Toshmatov", Filters(), page)
        assert results.total == 45 and results.pages == 3
        seen += [hit.person.slug for hit in results.hits]
    assert len(seen) == len(set(seen)) == 45
    assert seen == [
        h.person.slug for p in (1, 2, 3) for h in search(ANON, "Toshmatov", Filters(), p).hits
    ]


# Privacy: a value the viewer may not see never makes, ranks or counts a hit ----------------


def _erase_person(slug, **fields):
    def erase(tree):
        from organizations.models import Person
        from organizations.search import reindex_for

        Person.objects.filter(slug=slug).update(**fields)
        reindex_for(Person.objects.get(slug=slug))

    return erase


def _erase_post(code):
    def erase(tree):
        from organizations.models import Post
        from organizations.search import reindex_for

        Post.objects.filter(code=code).update(title="Qqqzzx", title_uz="Qqqzzx")
        reindex_for(Post.objects.get(code=code))

    return erase


def _erase_contact(value):
    def erase(tree):
        from organizations.models import ContactPoint
        from organizations.search import reindex_for

        contact = ContactPoint.objects.get(value=value)
        ContactPoint.objects.filter(pk=contact.pk).delete()
        reindex_for(contact)

    return erase


PRIVATE_SEARCHES = [
    # (typed, what it belongs to, tier of the value, how to make the value not exist)
    (
        "Yashirinova",
        "internal person's family name",
        "internal",
        _erase_person("sabina-yashirin", family_name="Qqqzzx"),
    ),
    (
        "Sabina Yashirinova",
        "internal person's full name",
        "internal",
        _erase_person("sabina-yashirin", family_name="Qqqzzx", given_name="Qqqzzy"),
    ),
    (
        "sabina@labour.gov.example",
        "public e-mail of an internal person",
        "internal",
        _erase_contact("sabina@labour.gov.example"),
    ),
    (
        "Yashirinva",
        "a typo of an internal person's family name",
        "internal",
        _erase_person("sabina-yashirin", family_name="Qqqzzx"),
    ),
    (
        "Sabina Yashrinova",
        "an internal person's name with a typo",
        "internal",
        _erase_person("sabina-yashirin", family_name="Qqqzzx", given_name="Qqqzzy"),
    ),
    ("Maxfiy tahlilchi", "internal post's title", "internal", _erase_post("LABOUR-01-P02")),
    (
        "Maxfy tahlilchi",
        "a typo of an internal post's title",
        "internal",
        _erase_post("LABOUR-01-P02"),
    ),
    ("+998712000002", "internal unit phone", "internal", _erase_contact("+998712000002")),
    ("Duty officer", "label of an internal contact", "internal", _erase_contact("+998712000002")),
    (
        "+998712000011",
        "internal phone of a public person",
        "internal",
        _erase_contact("+998712000011"),
    ),
    (
        "Maxfiyeva",
        "restricted person's family name",
        "restricted",
        _erase_person("oydin-maxfiy", family_name="Qqqzzx"),
    ),
    (
        "Maxfiyva",
        "a typo of a restricted person's family name",
        "restricted",
        _erase_person("oydin-maxfiy", family_name="Qqqzzx"),
    ),
    ("Yopiq lavozim", "restricted post's title", "restricted", _erase_post("LABOUR-01-P03")),
    (
        "+998901000012",
        "restricted mobile of a public person",
        "restricted",
        _erase_contact("+998901000012"),
    ),
    ("+998712000003", "restricted unit phone", "restricted", _erase_contact("+998712000003")),
    (
        "Minister's line",
        "label of a restricted contact",
        "restricted",
        _erase_contact("+998712000003"),
    ),
]
SEES = {
    "citizen": {"public"},
    "alisher": {"public", "internal"},
    "dilnoza": {"public", "internal", "restricted"},  # all of this is in her ministry
    "admin": {"public", "internal", "restricted"},
}


def outcome(viewer, typed):
    """Everything a search shows: the count, the hits in order, and which typed words
    it says match nothing."""
    results = search(viewer, typed, Filters())
    return (
        results.total,
        [(hit.kind, (hit.person or hit.post or hit.unit).pk) for hit in results.hits],
        results.query.unmatched,
    )


@pytest.mark.parametrize("typed, what, tier, erase", PRIVATE_SEARCHES)
@pytest.mark.parametrize("member", list(SEES))
def test_hidden_values_never_make_rank_or_count_a_hit(tree, cast, member, typed, what, tier, erase):
    """Exactly as if the value did not exist: the same hits, order and count."""
    from django.db import transaction

    viewer = permissions.viewer_for(cast[member]) if cast[member] else ANON
    with_value = outcome(viewer, typed)
    with transaction.atomic():
        erase(tree)
        without_value = outcome(viewer, typed)
        transaction.set_rollback(True)
    if tier in SEES[member]:
        assert with_value != without_value, (member, what)  # it was found through that value
    else:
        assert with_value == without_value, (member, what)


def test_a_public_persons_hidden_post_does_not_make_them_findable_by_it(tree, alisher):
    secret = make_post(tree.employment, "LABOUR-01-P09", "Razvedka boshligʻi", "internal")
    services.appoint(tree.acting_person, secret, DAY + datetime.timedelta(days=1), actor=SYSTEM)
    # For a citizen the hidden title is a word that matches nothing, like any other.
    assert outcome(ANON, "Vaqtinchayev Razvedka")[:2] == outcome(ANON, "Vaqtinchayev Qqqzzx")[:2]
    assert search(ANON, "Vaqtinchayev Razvedka", Filters()).query.unmatched == ("razvedka",)
    assert "umid-vaqtincha" in slugs(permissions.viewer_for(alisher), "Vaqtinchayev Razvedka")


def test_a_hidden_post_does_not_place_a_public_person_for_citizens(tree, alisher):
    from organizations.models import Person

    person = make_person("hidden-placement", "Joylashgan", "Ism")
    secret = make_post(tree.health, "HEALTH-SECRET", "Maxsus lavozim", "internal")
    services.appoint(person, secret, DAY, actor=SYSTEM)
    health_path = Unit.objects.get(code="HEALTH").path
    # For a citizen the person holds no post they may see: not current, not in Health.
    assert search(ANON, "Joylashgan", Filters()).current == 0
    assert found(ANON, "Joylashgan", status="current")[1] == 0
    assert found(ANON, "Joylashgan", within_path=health_path)[1] == 0
    assert found(ANON, "Joylashgan", status="former")[0] == [
        Person.objects.get(slug="hidden-placement")
    ]
    # A civil servant sees the post, but placement follows the person's own tier.
    assert found(permissions.viewer_for(alisher), "Joylashgan Maxsus")[1] == 1


def test_restricted_values_outside_the_editors_units_stay_hidden(tree, dilnoza):
    add_contact(tree.health, "phone", "+998712000099", "restricted")
    assert found(permissions.viewer_for(dilnoza), "+998712000099")[1] == 0


def test_hidden_documents_are_not_counted(tree, alisher):
    for index in range(3):
        holder(f"hidden-{index}", "Sanoqov", f"Ism{index}", "internal")
    holder("shown", "Sanoqov", "Ochiq")
    assert found(ANON, "Sanoqov")[1] == 1
    assert found(permissions.viewer_for(alisher), "Sanoqov")[1] == 4


# Keeping documents current ---------------------------------------------------------------


def test_documents_follow_every_change_in_the_same_transaction(tree, admin):
    services.rename_unit(tree.health, name_uz="Salomatlik vazirligi", actor=admin)
    assert "HEALTH" in slugs(ANON, "Salomatlik")
    document = SearchDocument.objects.get(kind="unit", ref_id=tree.health.pk)
    assert "salomatlik" in document.name_key and "sogliqni" not in document.name_key
    # The old name is a former name now, which search still finds.
    assert "HEALTH" in slugs(ANON, "Sogʻliqni saqlash")
    contact = tree.labour.contacts.get(value="+998712000002")
    contact.visibility = "public"
    services.save_contact(contact, actor=admin)
    assert "LABOUR" in slugs(ANON, "+998712000002")
    services.appoint(tree.acting_person, tree.vacant_post, DAY, actor=admin)
    assert "LABOUR-01-P04" not in slugs(ANON, "Bosh mutaxassis", vacant=True)
    person = tree.internal_person
    person.visibility = "public"
    services.save_person(person, actor=admin)
    # Her only post is internal: for a citizen she holds none now.
    assert "sabina-yashirin" not in slugs(ANON, "Yashirinova", status="current")
    post = tree.internal_post
    post.visibility = "public"
    services.save_post(post, actor=admin)
    assert "sabina-yashirin" in slugs(ANON, "Yashirinova", status="current")


def test_moving_a_unit_moves_its_documents(tree, admin):
    services.move_unit(tree.employment, tree.health, actor=admin)
    health = Unit.objects.get(pk=tree.health.pk)
    assert "LABOUR-01-P01" in slugs(ANON, "Boshqarma boshligʻi", within_path=health.path)
    assert "jahongir-gulomov" in slugs(ANON, "Gʻulomov", within_path=health.path)
    assert (
        slugs(ANON, "Boshqarma boshligʻi", within_path=Unit.objects.get(pk=tree.labour.pk).path)
        == []
    )


def test_rebuild_gives_the_same_documents(tree):
    from django.core.management import call_command

    before = sorted(
        SearchDocument.objects.values_list(
            "kind", "ref_id", "text_own", "text_public", "text_internal", "text_restricted"
        )
    )
    call_command("rebuild_search")
    after = sorted(
        SearchDocument.objects.values_list(
            "kind", "ref_id", "text_own", "text_public", "text_internal", "text_restricted"
        )
    )
    assert before == after and len(after) > 10


def test_deleted_records_leave_search(tree, admin):
    person = holder("to-delete", "Oʻchiriladigan", "Ism")
    assert found(ANON, "Oʻchiriladigan")[1] == 1
    person.appointments.all().delete()  # as an administrator would, in admin
    person.delete()
    assert found(ANON, "Oʻchiriladigan")[1] == 0


# The page ----------------------------------------------------------------------------------


def test_search_page_queries_do_not_grow_with_hits(tree, citizen, settings):
    """10 hits or 200: the same number of queries (units, posts and people in both)."""
    settings.PAGE_CACHE_SECONDS = 0  # the rendering is what is counted
    from organizations.models import Appointment, ContactPoint, Person, Post
    from organizations.search import rebuild_all

    def add(start, count):
        health = Unit.objects.get(code="HEALTH")
        for index in range(start, start + count):
            unit = (
                make_unit(health, f"SANOQ-U{index}", f"Sanoqchi boʻlimi {index}")
                if index < start + 3
                else None
            )
            post = Post.objects.create(
                unit=health, code=f"SANOQ-P{index}", title_uz=f"Sanoqchi {index}"
            )
            person = Person.objects.create(
                slug=f"sanoq-{index}", family_name="Sanoqchi", given_name=f"Ism{index}"
            )
            ContactPoint.objects.create(person=person, kind="email", value=f"s{index}@h.example")
            Appointment.objects.create(person=person, post=post, starts_on=DAY)
            assert unit or index >= start + 3
        rebuild_all()

    def count(kind):
        url = f"/search/?q=Sanoqchi&kind={kind}"
        citizen.get(url)
        with CaptureQueriesContext(connection) as context:
            response = citizen.get(url)
        assert response.status_code == 200
        return len(context.captured_queries), response.context["results"].total

    add(0, 4)
    few = {kind: count(kind) for kind in ("", "unit", "post", "person")}
    add(100, 65)
    many = {kind: count(kind) for kind in ("", "unit", "post", "person")}
    assert few[""][1] == 11 and many[""][1] == 144
    for kind in ("unit", "post", "person"):
        assert few[kind][0] == many[kind][0], kind
    # A page mixing every kind costs at most the sum of the three.
    assert many[""][0] <= 12


def test_search_page_shows_hits_with_path_holder_and_contacts(tree, citizen):
    page = citizen.get("/search/", {"q": "Boshqarma boshligʻi"}).content.decode()
    assert "/posts/LABOUR-01-P01/" in page and "Gʻulomov" in page
    assert "tel:+998712000021" in page and "tel:+998712000022" not in page
    assert "/units/LABOUR/" in page  # breadcrumb
    import re

    assert re.search(r"\d+ results?", page)


def test_filters_survive_paging_in_the_links(tree, citizen):
    for index in range(25):
        make_post(tree.employment, f"LABOUR-01-X{index}", f"Nazoratchi {index}")
    page = citizen.get(
        "/search/", {"q": "Nazoratchi", "kind": "post", "within": "LABOUR"}
    ).content.decode()
    assert "q=Nazoratchi&amp;within=LABOUR&amp;kind=post&amp;page=2" in page


def _documents():
    """The person and unit documents, every column."""
    return sorted(
        SearchDocument.objects.filter(kind__in=["person", "unit"]).values_list(
            "kind",
            "ref_id",
            "path",
            "depth",
            "visibility",
            "is_current",
            "is_vacant",
            "name_key",
            "text_own",
            "fts_own",
            "text_public",
            "text_internal",
            "text_restricted",
        )
    )


def test_a_batch_writes_the_same_documents_as_row_by_row(tree):
    """Batches go through COPY (new documents without a full-text vector) and a staging
    upsert (existing ones, or those with English or Russian text); a few rows go in one
    VALUES statement. Both give the same documents, and a batch updates existing ones."""
    from organizations.models import Person
    from organizations.search import documents

    for index in range(60):
        person = holder(f"bulk-{index}", f"Familiya{index}", "Ali")
        add_contact(person, "phone", f"+99871200{index:04d}", visibility="internal")
    for index in range(55):
        english = {"name_en": f"Office {index}"} if index % 2 else {}
        make_unit(tree.health, f"BULK{index}", f"Bo'lim {index}", **english)
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    units = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
    assert min(len(people), len(units)) >= documents.COPY_FROM
    written_by_the_services = _documents()

    # Two in three documents gone (units with and without English names) and the rest
    # out of date: one batch each puts it right.
    kept = set(people[::3]) | set(units[::3])
    SearchDocument.objects.filter(kind__in=["person", "unit"]).exclude(ref_id__in=kept).delete()
    SearchDocument.objects.filter(kind__in=["person", "unit"]).update(text_own=" stale ")
    documents.reindex_people(people)
    documents.reindex_units(units)
    assert _documents() == written_by_the_services

    # A few at a time (one VALUES statement each) gives the same.
    SearchDocument.objects.filter(kind__in=["person", "unit"]).delete()
    for ids, reindex in ((people, documents.reindex_people), (units, documents.reindex_units)):
        for start in range(0, len(ids), 7):
            reindex(ids[start : start + 7])
    assert _documents() == written_by_the_services


# Typos, former officials, places, ranking, counting -------------------------------------


def test_a_typo_in_a_name_finds_the_person_below_exact_matches(tree):
    holder("exact", "Rahimov", "Anvar")
    holder("longer", "Rahimovich", "Said")
    holder("typo", "Rahmov", "Ali")  # one letter missing from Rahimov
    holder("far", "Salimov", "Ali")  # two edits away: not Rahimov
    order = slugs(ANON, "Rahimov")
    assert order.index("exact") < order.index("longer") < order.index("typo")
    assert "far" not in order
    typed = slugs(ANON, "Raimov")  # Rahimov with a letter missing
    assert {"botir-rahimov", "exact", "typo"} <= set(typed) and "far" not in typed


def test_heads_come_first_among_equals(tree):
    """The minister (a head's post) before a specialist of the same name."""
    holder("namesake", "Rahimov", "Botir")
    assert slugs(ANON, "Botir Rahimov")[:2] == ["botir-rahimov", "namesake"]


def test_former_officials_are_found_after_current_ones_and_say_when_they_left(tree):
    holder("current-namesake", "Oldingiyev", "Sardor")
    results = search(ANON, "Oldingiyev", Filters())
    assert [h.person.slug for h in results.hits] == ["current-namesake", "karim-oldingi"]
    assert (results.current, results.former) == (1, 1)
    former = results.hits[1].former
    assert former.post == tree.head_post and former.ends_on is not None
    assert slugs(ANON, "Oldingiyev", status="current") == ["current-namesake"]
    assert slugs(ANON, "Oldingiyev", status="former") == ["karim-oldingi"]
    page = Client().get("/search/", {"q": "Oldingiyev"}).content.decode()
    assert "former" in page and "Boshqarma boshligʻi" in page and "1 current, 1 former" in page


def test_a_former_officials_hidden_post_stays_hidden(tree, alisher):
    """Past posts keep their own visibility: not shown, not placing, not matching."""
    person = make_person("left-secret", "Ketganov", "Ulugʻbek")
    secret = make_post(tree.health, "HEALTH-OLD", "Maxfiy maslahatchi", "internal")
    start = DAY - datetime.timedelta(days=400)
    services.appoint(
        person, secret, start, ends_on=start + datetime.timedelta(days=100), actor=SYSTEM
    )
    hit = search(ANON, "Ketganov", Filters()).hits[0]
    assert hit.former is None and hit.unit is None
    assert found(ANON, "Ketganov", within_path=tree.health.path)[1] == 0
    assert search(ANON, "Ketganov maslahatchi", Filters()).query.unmatched == ("maslahatci",)
    seen = search(permissions.viewer_for(alisher), "Ketganov", Filters()).hits[0]
    assert seen.former.post == secret


def test_a_place_narrows_the_names_hits_instead_of_emptying_them(tree):
    holder("rahimov-health", "Rahimov", "Sanjar")  # in the Ministry of Health
    order = slugs(ANON, "Rahimov bandlik")  # the minister's ministry: Bandlik vazirligi
    assert order[:2] == ["botir-rahimov", "rahimov-health"]
    order = slugs(ANON, "Rahimov sogʻliqni")
    assert order[:2] == ["rahimov-health", "botir-rahimov"]
    # A unit above the person's own: Gʻulomov works in a department of the ministry.
    assert slugs(ANON, "Gʻulomov Bandlik")[0] == "jahongir-gulomov"
    assert slugs(ANON, "Гуломов Бандлик")[0] == "jahongir-gulomov"  # any script
    results = search(ANON, "Rahimov xyzzyq", Filters())
    assert {h.person.slug for h in results.hits} == {"botir-rahimov", "rahimov-health"}
    assert results.query.unmatched == ("xyzzyq",)
    page = Client().get("/search/", {"q": "Rahimov xyzzyq"}).content.decode()
    assert "No match for “xyzzyq”" in page


def test_more_than_the_counted_limit_says_so_and_pages_on(tree, monkeypatch):
    from organizations.search import query

    monkeypatch.setattr(query, "MAX_COUNTED", 2)
    from organizations import search as search_module

    monkeypatch.setattr(search_module, "MAX_COUNTED", 2)
    page = Client().get("/search/", {"q": "mutaxassis"})
    results = page.context["results"]
    assert results.total > 2 and results.over_limit
    assert "More than 2 results" in page.content.decode()


def test_places_follow_renames_and_moves(tree, admin):
    """A unit's name is the place of everything below it."""
    assert slugs(ANON, "Gʻulomov Bandlik")[0] == "jahongir-gulomov"
    services.rename_unit(tree.labour, name_uz="Mehnat vazirligi", actor=admin)
    assert "jahongir-gulomov" in slugs(ANON, "Gʻulomov Mehnat")
    assert not search(ANON, "Gʻulomov Mehnat", Filters()).query.unmatched
    services.move_unit(tree.employment, tree.health, actor=admin)
    assert not search(ANON, "Gʻulomov Sogʻliqni", Filters()).query.unmatched
    assert search(ANON, "Gʻulomov Mehnat", Filters()).query.unmatched == ("mehnat",)


def test_the_api_search_says_former_and_unmatched(tree, citizen):
    data = citizen.get("/api/search/", {"q": "Oldingiyev xyzzyq"}).json()
    assert (data["count"], data["current"], data["former"]) == (1, 0, 1)
    assert data["unmatched"] == ["xyzzyq"]
    assert data["results"][0]["former"]["post"] == tree.head_post.code
    assert (
        citizen.get("/api/search/", {"q": "Oldingiyev", "status": "current"}).json()["count"] == 0
    )
    assert citizen.get("/api/search/", {"q": "x", "status": "retired"}).status_code == 400
