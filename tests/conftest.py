"""The cast and a small government for the stories the tests tell.

- ``citizen``: an anonymous visitor;
- ``alisher``: a civil servant (sees the internal tier);
- ``dilnoza``: editor of the Ministry of Labour (``change_unit`` on it);
- ``admin``: an administrator.

``tree`` is a Cabinet with two ministries; the Ministry of Labour has a department with a
public, an internal and a restricted person, and contacts of each tier.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from organizations import permissions, services
from organizations.models import Appointment, ContactPoint, Person, Post, Unit
from organizations.permissions import SYSTEM
from organizations.visibility import ADMINISTRATORS_GROUP, CIVIL_SERVANTS_GROUP, Visibility

DAY = datetime.date(2024, 1, 15)


def make_unit(parent, code, name, kind="department", **fields):
    return services.create_unit(
        parent=parent, code=code, name=name, kind=kind, **fields, actor=SYSTEM
    )


def make_post(unit, code, title, visibility=Visibility.PUBLIC, **fields):
    fields.setdefault("title_uz", title)
    return services.save_post(
        Post(unit=unit, code=code, visibility=visibility, **fields), actor=SYSTEM
    )


def make_person(slug, family, given, visibility=Visibility.PUBLIC, patronymic=""):
    return services.save_person(
        Person(
            slug=slug,
            family_name=family,
            given_name=given,
            patronymic=patronymic,
            visibility=visibility,
        ),
        actor=SYSTEM,
    )


def add_contact(owner, kind, value, visibility=Visibility.PUBLIC, **fields):
    key = {Unit: "unit", Post: "post", Person: "person"}[type(owner)]
    contact = ContactPoint(kind=kind, value=value, visibility=visibility, **{key: owner}, **fields)
    services.save_contact(contact, actor=SYSTEM)
    return contact


@dataclass
class Tree:
    cabinet: Unit
    labour: Unit
    employment: Unit
    health: Unit
    minister_post: Post
    head_post: Post
    internal_post: Post
    restricted_post: Post
    vacant_post: Post
    minister: Person
    public_person: Person
    internal_person: Person
    restricted_person: Person
    acting_person: Person
    former_head: Person


@pytest.fixture
def tree(db) -> Tree:
    cabinet = make_unit(None, "CABINET", "Vazirlar Mahkamasi", kind="government")
    labour = make_unit(
        cabinet,
        "LABOUR",
        "Bandlik vazirligi",
        kind="ministry",
        name_en="Ministry of Employment",
        name_ru="Министерство занятости",
        mandate="Bandlik va mehnat munosabatlari.",
    )
    employment = make_unit(labour, "LABOUR-01", "Ishsizlik nafaqasi boshqarmasi")
    health = make_unit(cabinet, "HEALTH", "Sogʻliqni saqlash vazirligi", kind="ministry")

    minister_post = make_post(labour, "LABOUR-P01", "Vazir", is_head=True)
    head_post = make_post(
        employment,
        "LABOUR-01-P01",
        "Boshqarma boshligʻi",
        is_head=True,
        duties_uz="pensiyalarni qayta hisoblash",
    )
    internal_post = make_post(employment, "LABOUR-01-P02", "Maxfiy tahlilchi", Visibility.INTERNAL)
    restricted_post = make_post(employment, "LABOUR-01-P03", "Yopiq lavozim", Visibility.RESTRICTED)
    vacant_post = make_post(employment, "LABOUR-01-P04", "Bosh mutaxassis")
    acting_post = make_post(employment, "LABOUR-01-P05", "Yetakchi mutaxassis")

    minister = make_person("botir-rahimov", "Rahimov", "Botir", patronymic="Akmalovich")
    public_person = make_person("jahongir-gulomov", "Gʻulomov", "Jahongir")
    internal_person = make_person("sabina-yashirin", "Yashirinova", "Sabina", Visibility.INTERNAL)
    restricted_person = make_person("oydin-maxfiy", "Maxfiyeva", "Oydin", Visibility.RESTRICTED)
    acting_person = make_person("umid-vaqtincha", "Vaqtinchayev", "Umid")
    former_head = make_person("karim-oldingi", "Oldingiyev", "Karim")

    services.appoint(minister, minister_post, DAY, actor=SYSTEM)
    services.appoint(former_head, head_post, DAY - datetime.timedelta(days=900), actor=SYSTEM)
    services.appoint(public_person, head_post, DAY, actor=SYSTEM)
    services.appoint(internal_person, internal_post, DAY, actor=SYSTEM)
    services.appoint(restricted_person, restricted_post, DAY, actor=SYSTEM)
    services.appoint(acting_person, acting_post, DAY, acting=True, actor=SYSTEM)

    add_contact(labour, "phone", "+998712000001", Visibility.PUBLIC, label="Reception")
    add_contact(labour, "phone", "+998712000002", Visibility.INTERNAL, label="Duty officer")
    add_contact(labour, "phone", "+998712000003", Visibility.RESTRICTED, label="Minister's line")
    add_contact(public_person, "email", "jahongir@labour.gov.example", Visibility.PUBLIC)
    add_contact(public_person, "phone", "+998712000011", Visibility.INTERNAL)
    add_contact(public_person, "mobile", "+998901000012", Visibility.RESTRICTED)
    add_contact(internal_person, "email", "sabina@labour.gov.example", Visibility.PUBLIC)
    add_contact(head_post, "phone", "+998712000021", Visibility.PUBLIC)
    add_contact(head_post, "phone", "+998712000022", Visibility.INTERNAL, extension="123")

    return Tree(
        cabinet=cabinet,
        labour=Unit.objects.get(pk=labour.pk),
        employment=employment,
        health=health,
        minister_post=minister_post,
        head_post=head_post,
        internal_post=internal_post,
        restricted_post=restricted_post,
        vacant_post=vacant_post,
        minister=minister,
        public_person=public_person,
        internal_person=internal_person,
        restricted_person=restricted_person,
        acting_person=acting_person,
        former_head=former_head,
    )


@pytest.fixture
def citizen() -> Client:
    return Client()


def _user(django_user_model, username, **fields):
    return django_user_model.objects.create_user(
        username=username, password="secret-pass-123", **fields
    )


@pytest.fixture
def alisher(db, django_user_model):
    user = _user(django_user_model, "alisher")
    user.groups.add(Group.objects.get_or_create(name=CIVIL_SERVANTS_GROUP)[0])
    return user


@pytest.fixture
def dilnoza(db, django_user_model, tree):
    user = _user(django_user_model, "dilnoza")
    user.groups.add(Group.objects.get_or_create(name=CIVIL_SERVANTS_GROUP)[0])
    services.grant_editor(user, tree.labour, permissions.CHANGE, actor=SYSTEM)
    return user


@pytest.fixture
def admin(db, django_user_model):
    user = _user(django_user_model, "admin", is_staff=True, is_superuser=True)
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0])
    return user


@pytest.fixture
def client_for(citizen):
    def make(user):
        if user is None:
            return citizen
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def cast(citizen, alisher, dilnoza, admin):
    return {"citizen": None, "alisher": alisher, "dilnoza": dilnoza, "admin": admin}


def holders(post):
    return list(Appointment.objects.filter(post=post).order_by("starts_on"))


@pytest.fixture(autouse=True)
def english(settings):
    """Stories are told in English; the translations have tests of their own."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a test's rolled-back writes do not move the
    change counter back, so a page kept by one test could otherwise meet the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Stories are not throttled; tests/test_open_data.py sets limits where it tests them."""
    settings.RATE_LIMITS = None


@pytest.fixture(autouse=True)
def static_files_from_the_apps(settings):
    """Templates find static files whether or not ``collectstatic`` has run in this
    checkout (the demo runs it)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
