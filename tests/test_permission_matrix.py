"""Who may do what, through the real URLs.

Each cast member × each action × each target: allowed (the action happens) or refused
(403, or the sign-in page for anonymous visitors, and nothing changes). Grants on a unit
flow down its subtree, and stop applying to a unit moved out of it.

The government: GOV ▸ CABINET ▸ ministries A and B. A has departments A1 and A2; A1 has
sections A1a and A1b. MOVED was a section of A1 and has been moved to B. Every unit has
a sibling ``<code>-S`` (where merges and moves go), a post ``P-<code>`` and an internal
phone. ``P-<code>`` is held by ``person-<code>``, who has a restricted mobile; post
``Q-<code>`` is held by ``shared-<code>``, who also holds ``R-<code>`` in ``B-S`` (outside
every editor's units) and has a restricted mobile too: appointing someone must give no
power over what they hold elsewhere.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse

from organizations import permissions, services
from organizations.models import ContactPoint, Person, Post, Unit, UnitUserObjectPermission, today
from organizations.permissions import SYSTEM
from organizations.visibility import ADMINISTRATORS_GROUP, CIVIL_SERVANTS_GROUP, Visibility

from .conftest import DAY, add_contact, make_person, make_post, make_unit

ACTORS = ["anonymous", "civil_servant", "editor_of_A", "manager_of_A1", "administrator"]
ACTIONS = [
    "view_internal",
    "edit_unit",
    "edit_post",
    "appoint",
    "move",
    "merge",
    "abolish",
    "grant",
    "edit_person",
    "see_restricted_contact",
    "edit_shared_person",
    "see_shared_restricted_contact",
]
TARGETS = ["inside", "root_parent", "sibling_ministry", "moved_out"]

# The units each target means for each actor (whose own subtree it is measured from).
TARGET_UNITS = {
    "manager_of_A1": {
        "inside": "A1a",
        "root_parent": "A",
        "sibling_ministry": "B",
        "moved_out": "MOVED",
    },
    None: {  # everyone else: measured from ministry A
        "inside": "A1",
        "root_parent": "CABINET",
        "sibling_ministry": "B",
        "moved_out": "MOVED",
    },
}
CHANGE_ACTIONS = {"edit_unit", "edit_post", "appoint", "edit_person", "see_restricted_contact"}
MANAGE_ACTIONS = {"move", "merge", "abolish", "grant"}
SHARED_ACTIONS = {"edit_shared_person", "see_shared_restricted_contact"}


def expected(actor: str, action: str, target: str) -> bool:
    if actor == "administrator":
        return True
    if actor == "anonymous" or action in SHARED_ACTIONS:
        return False
    if action == "view_internal":
        return True
    if actor == "civil_servant":
        return False
    if action in CHANGE_ACTIONS:
        return target == "inside"
    return actor == "manager_of_A1" and target == "inside"


def _mobile(code: str, offset: int) -> str:
    return f"+9989{offset}{sum(map(ord, code)) % 1000:03d}{len(code):04d}"


def _unit_with_extras(parent, code, kind="department"):
    unit = make_unit(parent, code, f"Unit {code}", kind=kind)
    make_unit(parent, f"{code}-S", f"Unit {code} S", kind=kind)
    make_post(unit, f"P-{code}", f"Post of {code}")
    make_post(unit, f"Q-{code}", f"Second post of {code}")
    services.save_contact(
        ContactPoint(
            unit=unit,
            kind="phone",
            value=f"+99871200{len(code):02d}{sum(map(ord, code)) % 100:02d}",
            visibility="internal",
            label="internal line",
        ),
        actor=SYSTEM,
    )
    return unit


@pytest.fixture
def government(db, django_user_model):
    gov = make_unit(None, "GOV", "Government", kind="government")
    cabinet = _unit_with_extras(gov, "CABINET", kind="government")
    a = _unit_with_extras(cabinet, "A", kind="ministry")
    b = _unit_with_extras(cabinet, "B", kind="ministry")
    a1 = _unit_with_extras(a, "A1")
    _unit_with_extras(a, "A2")
    _unit_with_extras(a1, "A1a", kind="section")
    _unit_with_extras(a1, "A1b", kind="section")
    moved = _unit_with_extras(a1, "MOVED", kind="section")
    services.move_unit(moved, b, actor=SYSTEM)
    # MOVED-S stays in A1; where MOVED's merges and moves go now is a unit in B.
    make_unit(Unit.objects.get(code="B"), "MOVED-S2", "Unit MOVED S2", kind="section")

    def user(name, group=None, **fields):
        account = django_user_model.objects.create_user(
            username=name, password="x-pass-123", **fields
        )
        if group:
            account.groups.add(Group.objects.get_or_create(name=group)[0])
        return account

    users = {
        "anonymous": None,
        "civil_servant": user("civil", CIVIL_SERVANTS_GROUP),
        "editor_of_A": user("editor_a", CIVIL_SERVANTS_GROUP),
        "manager_of_A1": user("manager_a1", CIVIL_SERVANTS_GROUP),
        "administrator": user("root", ADMINISTRATORS_GROUP),
    }
    elsewhere = Unit.objects.get(code="B-S")
    for unit in Unit.objects.filter(posts__code__startswith="P-").distinct():
        own = make_person(f"person-{unit.code.lower()}", f"Own{unit.code}", "Person")
        services.appoint(own, Post.objects.get(code=f"P-{unit.code}"), DAY, actor=SYSTEM)
        add_contact(own, "mobile", _mobile(unit.code, 0), Visibility.RESTRICTED)
        shared = make_person(f"shared-{unit.code.lower()}", f"Shared{unit.code}", "Person")
        services.appoint(shared, Post.objects.get(code=f"Q-{unit.code}"), DAY, actor=SYSTEM)
        services.appoint(
            shared, make_post(elsewhere, f"R-{unit.code}", "Elsewhere"), DAY, actor=SYSTEM
        )
        add_contact(shared, "mobile", _mobile(unit.code, 1), Visibility.RESTRICTED)
    services.grant_editor(users["editor_of_A"], a, permissions.CHANGE, actor=SYSTEM)
    services.grant_editor(users["manager_of_A1"], a1, permissions.MANAGE, actor=SYSTEM)
    user("newcomer")
    return users


def sibling_of(unit: Unit) -> Unit:
    """Where merges and moves of ``unit`` go: its sibling ``<code>-S``."""
    code = "MOVED-S2" if unit.code == "MOVED" else f"{unit.code}-S"
    return Unit.objects.get(code=code)


def act(client: Client, action: str, unit: Unit):
    """Perform the action through its URL; return (response, did it take effect?)."""
    post = Post.objects.get(code=f"P-{unit.code}")
    if action == "view_internal":
        response = client.get(unit.get_absolute_url())
        return response, "internal line" in response.content.decode()
    if action == "edit_unit":
        response = client.post(
            reverse("unit_edit", args=[unit.code]),
            {"kind": unit.kind, "mandate_uz": "changed", "version": unit.version},
        )
        return response, Unit.objects.get(pk=unit.pk).mandate_uz == "changed"
    if action == "edit_post":
        response = client.post(
            reverse("post_edit", args=[post.code]),
            {"title_uz": "changed", "visibility": "public", "order": 0, "version": post.version},
        )
        return response, Post.objects.get(pk=post.pk).title_uz == "changed"
    if action == "appoint":
        response = client.post(
            reverse("post_appoint", args=[post.code]),
            {
                "new_family_name": "Yangi",
                "new_given_name": "Odam",
                "new_visibility": "public",
                "starts_on": today().isoformat(),
            },
        )
        return response, post.appointments.filter(person__family_name="Yangi").exists()
    if action == "move":
        target = sibling_of(unit)
        response = client.post(
            reverse("unit_move", args=[unit.code]),
            {"new_parent": target.code, "position": "last-child"},
        )
        return response, Unit.objects.get(pk=unit.pk).path.startswith(
            Unit.objects.get(pk=target.pk).path
        )
    if action == "merge":
        target = sibling_of(unit)
        response = client.post(
            reverse("unit_merge", args=[unit.code]),
            {"target": target.code, "effective_on": today().isoformat()},
        )
        merged = Unit.objects.get(pk=unit.pk)
        return response, merged.abolished_on is not None and target in merged.successors.all()
    if action == "abolish":
        response = client.post(
            reverse("unit_abolish", args=[unit.code]),
            {"effective_on": today().isoformat(), "reason": "abolished"},
        )
        return response, Unit.objects.get(pk=unit.pk).abolished_on is not None
    if action in ("edit_person", "edit_shared_person"):
        slug = ("person-" if action == "edit_person" else "shared-") + unit.code.lower()
        person = Person.objects.get(slug=slug)
        response = client.post(
            reverse("person_edit", args=[slug]),
            {
                "family_name": "Changed",
                "given_name": "Person",
                "visibility": "public",
                "version": person.version,
            },
        )
        return response, Person.objects.get(pk=person.pk).family_name == "Changed"
    if action in ("see_restricted_contact", "see_shared_restricted_contact"):
        own = action == "see_restricted_contact"
        slug = ("person-" if own else "shared-") + unit.code.lower()
        number = _mobile(unit.code, 0 if own else 1)
        response = client.get(reverse("person", args=[slug]))
        return response, number in response.content.decode()
    if action == "grant":
        response = client.post(
            reverse("unit_editors", args=[unit.code]),
            {"username": "newcomer", "permission": "change_unit"},
        )
        return response, UnitUserObjectPermission.objects.filter(
            user__username="newcomer", content_object=unit
        ).exists()
    raise AssertionError(action)


def outcome(user, response, happened: bool, action: str) -> str:
    """ "allowed" (it happened), "refused" (403, or sign-in for anonymous visitors, and
    nothing happened) or a description of anything else."""
    if happened and response.status_code in (200, 302):
        return "allowed"
    if not happened:
        if action.startswith(("view_", "see_")) and response.status_code == 200:
            return "refused"
        if (
            user is None
            and response.status_code == 302
            and reverse("login") in response["Location"]
        ):
            return "refused"
        if user is not None and response.status_code == 403:
            return "refused"
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(government, actor):
    """Every action × target for one cast member, each cell in a savepoint rolled back
    afterwards, so each starts from the same government."""
    user = government[actor]
    client = Client()
    if user is not None:
        client.force_login(user)
    codes = TARGET_UNITS.get(actor, TARGET_UNITS[None])
    wrong = []
    checked = set()
    for action in ACTIONS:
        for target in TARGETS:
            with transaction.atomic():
                unit = Unit.objects.get(code=codes[target])
                response, happened = act(client, action, unit)
                result = outcome(user, response, happened, action)
                transaction.set_rollback(True)
            checked.add((action, target))
            want = "allowed" if expected(actor, action, target) else "refused"
            if result != want:
                wrong.append(f"{actor} {action} {target}: {result}, expected {want}")
    assert wrong == []
    # Every action on every target was tried (none skipped by an early return).
    assert checked == {(a, t) for a in ACTIONS for t in TARGETS}
