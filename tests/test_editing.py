"""Editors keep their subtree current through HTML forms: each form saves through a
service, refuses bad input with a message next to the field, and writes nothing then."""

import datetime

import pytest
from django.urls import reverse

from organizations import services
from organizations.models import Appointment, ContactPoint, Person, Post, Unit, today

from .conftest import DAY, holders


def snapshot():
    """Everything an edit could write, to show that a refused one wrote nothing."""
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Post.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        list(Appointment.objects.order_by("pk").values()),
        list(ContactPoint.objects.order_by("pk").values()),
    )


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def editor(client_for, dilnoza):
    return client_for(dilnoza)


def test_editor_sees_edit_actions_and_reader_does_not(tree, editor, client_for, alisher):
    page = editor.get(tree.employment.get_absolute_url()).content.decode()
    assert reverse("unit_edit", args=[tree.employment.code]) in page
    assert reverse("unit_history", args=[tree.employment.code]) in page
    # dilnoza edits but does not manage: no reorganising offered.
    assert reverse("unit_move", args=[tree.employment.code]) not in page
    reader = client_for(alisher).get(tree.employment.get_absolute_url()).content.decode()
    assert "/edit/" not in reader and "add-post" not in reader
    other = editor.get(tree.health.get_absolute_url()).content.decode()
    assert reverse("unit_edit", args=[tree.health.code]) not in other


def test_every_editing_page_opens_for_an_editor(tree, editor):
    contact = tree.labour.contacts.first()
    appointment = tree.public_person.appointments.get()
    urls = [
        reverse("dashboard"),
        reverse("unit_edit", args=["LABOUR"]),
        reverse("unit_contact_add", args=["LABOUR"]),
        reverse("post_create", args=["LABOUR"]),
        reverse("post_edit", args=[tree.head_post.code]),
        reverse("post_appoint", args=[tree.head_post.code]),
        reverse("post_abolish", args=[tree.head_post.code]),
        reverse("post_contact_add", args=[tree.head_post.code]),
        reverse("post_history", args=[tree.head_post.code]),
        reverse("appointment_edit", args=[appointment.pk]),
        reverse("person_edit", args=[tree.public_person.slug]),
        reverse("person_contact_add", args=[tree.public_person.slug]),
        reverse("person_history", args=[tree.public_person.slug]),
        reverse("contact_edit", args=[contact.pk]),
        reverse("unit_history", args=["LABOUR"]),
        reverse("person_choices") + "?person_q=Gulomov",
    ]
    for url in urls:
        response = editor.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url


def test_editing_a_post_saves_through_the_service_with_history(tree, editor, dilnoza):
    post = tree.vacant_post
    response = editor.post(
        reverse("post_edit", args=[post.code]),
        {
            "title_uz": "Bosh mutaxassis (pensiyalar)",
            "title_en": "Chief specialist (pensions)",
            "duties_uz": "pensiya hisob-kitobi",
            "visibility": "public",
            "order": "3",
            "version": post.version,
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title_en == "Chief specialist (pensions)"
    assert post.version == 2
    assert post.history.latest().history_user == dilnoza
    # Search sees the new duty at once.
    found = editor.get(reverse("search"), {"q": "pensiya hisob"}).content.decode()
    assert "Chief specialist (pensions)" in found


def test_a_refused_form_keeps_the_input_and_writes_nothing(tree, editor):
    before = snapshot()
    response = editor.post(
        reverse("post_create", args=["LABOUR"]),
        {"code": "bad code!", "title_uz": "", "title_en": "Kept title", "visibility": "x"},
    )
    assert response.status_code == 200
    assert field_errors(response, "code") and field_errors(response, "title_uz")
    assert field_errors(response, "visibility")
    assert 'value="Kept title"' in response.content.decode()
    assert snapshot() == before


def test_a_duplicate_post_code_is_reported_next_to_the_code(tree, editor):
    before = snapshot()
    response = editor.post(
        reverse("post_create", args=["LABOUR"]),
        {"code": tree.head_post.code, "title_uz": "Yangi", "visibility": "public", "order": 0},
    )
    assert response.status_code == 200
    assert field_errors(response, "code")
    assert snapshot() == before


@pytest.mark.parametrize(
    "value, message",
    [("12", "not a valid phone"), ("call me", "not a phone"), ("", "required")],
)
def test_an_invalid_phone_is_refused_with_a_message(tree, editor, value, message):
    before = snapshot()
    response = editor.post(
        reverse("unit_contact_add", args=["LABOUR"]),
        {"kind": "phone", "value": value, "visibility": "public", "order": 0},
    )
    assert response.status_code == 200
    assert message in " ".join(field_errors(response, "value")).lower()
    assert snapshot() == before


def test_a_contact_is_added_normalised_and_searchable(tree, editor):
    response = editor.post(
        reverse("unit_contact_add", args=["LABOUR"]),
        {"kind": "phone", "value": "71 239-12-34", "visibility": "public", "order": 0},
    )
    assert response.status_code == 302
    assert tree.labour.contacts.filter(value="+998712391234").exists()
    found = editor.get(reverse("search"), {"q": "239 12 34"}).content.decode()
    assert "Ministry of Employment" in found


def test_removing_a_contact_keeps_it_in_history(tree, editor):
    contact = tree.labour.contacts.get(value="+998712000001")
    response = editor.post(reverse("contact_edit", args=[contact.pk]), {"remove": "1"})
    assert response.status_code == 302
    assert not ContactPoint.objects.filter(pk=contact.pk).exists()
    assert ContactPoint.history.filter(id=contact.pk, history_type="-").exists()


def test_appointing_an_existing_person_found_by_search(tree, editor):
    url = reverse("post_appoint", args=[tree.vacant_post.code])
    # Without JavaScript: "Find" shows the people to choose from.
    found = editor.post(url, {"person_q": "Вақтинчаев", "find": "1"})
    assert found.status_code == 200
    assert f'value="{tree.acting_person.pk}"' in found.content.decode()
    assert "form-errors" not in found.content.decode()  # finding is not submitting
    starts = today()
    response = editor.post(
        url,
        {
            "person": tree.acting_person.pk,
            "starts_on": starts.isoformat(),
            "new_visibility": "public",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    appointment = holders(tree.vacant_post)[-1]
    assert appointment.person == tree.acting_person and appointment.starts_on == starts


def test_appointing_a_new_person_creates_them_with_the_appointment(tree, editor):
    response = editor.post(
        reverse("post_appoint", args=[tree.vacant_post.code]),
        {
            "new_family_name": "Qodirova",
            "new_given_name": "Shahnoza",
            "new_visibility": "public",
            "starts_on": today().isoformat(),
            "acting": "on",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(family_name="Qodirova")
    assert person.slug == "shahnoza-qodirova"
    assert holders(tree.vacant_post)[-1].acting is True
    public = editor.get(tree.vacant_post.get_absolute_url()).content.decode()
    assert "Qodirova Shahnoza" in public


def test_a_new_person_may_have_one_name_only(tree, editor):
    response = editor.post(
        reverse("post_appoint", args=[tree.vacant_post.code]),
        {"new_family_name": "Ozoda", "new_visibility": "public", "starts_on": "2024-02-01"},
    )
    assert response.status_code == 302
    person = holders(tree.vacant_post)[-1].person
    assert (person.family_name, person.given_name, person.slug) == ("Ozoda", "", "ozoda")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"starts_on": "2024-02-01"}, None),  # nobody chosen or entered
        ({"person": "999999", "starts_on": "2024-02-01"}, "person"),
        ({"new_given_name": "Shahnoza", "starts_on": "2024-02-01"}, "new_family_name"),
        ({"new_family_name": "A", "new_given_name": "B", "starts_on": "not a date"}, "starts_on"),
    ],
)
def test_bad_appointments_are_refused(tree, editor, data, field):
    before = snapshot()
    data = {"new_visibility": "public", **data}
    response = editor.post(reverse("post_appoint", args=[tree.vacant_post.code]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.get(field or "__all__")
    assert snapshot() == before


def test_an_overlapping_appointment_is_refused_with_a_message(tree, editor):
    """Starting before the current holder started would overlap them."""
    before = snapshot()
    response = editor.post(
        reverse("post_appoint", args=[tree.head_post.code]),
        {
            "person": tree.acting_person.pk,
            "starts_on": (DAY - datetime.timedelta(days=10)).isoformat(),
            "new_visibility": "public",
        },
    )
    assert response.status_code == 200
    assert "already has a holder" in str(response.context["form"].errors)
    assert snapshot() == before


def test_ending_an_appointment_and_dates_reversed(tree, editor):
    appointment = tree.public_person.appointments.get()
    url = reverse("appointment_edit", args=[appointment.pk])
    before = snapshot()
    reversed_dates = editor.post(
        url, {"ends_on": (DAY - datetime.timedelta(days=1)).isoformat(), "version": 1}
    )
    assert field_errors(reversed_dates, "ends_on")
    assert snapshot() == before
    ends = DAY + datetime.timedelta(days=40)
    assert (
        editor.post(url, {"ends_on": ends.isoformat(), "version": appointment.version}).status_code
        == 302
    )
    appointment.refresh_from_db()
    assert appointment.ends_on == ends


def test_abolishing_a_post_ends_its_holder_and_keeps_the_post(tree, editor):
    post = tree.head_post
    effective = DAY + datetime.timedelta(days=100)
    response = editor.post(
        reverse("post_abolish", args=[post.code]), {"effective_on": effective.isoformat()}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.abolished_on == effective - datetime.timedelta(days=1)
    assert holders(post)[-1].ends_on == effective - datetime.timedelta(days=1)
    assert editor.get(post.get_absolute_url()).status_code == 200


def test_editing_a_person_and_their_contacts(tree, editor):
    person = tree.public_person
    response = editor.post(
        reverse("person_edit", args=[person.slug]),
        {
            "family_name": "Gʻulomov",
            "given_name": "Jahongir",
            "patronymic": "Baxtiyorovich",
            "visibility": "public",
            "version": person.version,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.patronymic == "Baxtiyorovich"
    missing = editor.post(
        reverse("person_edit", args=[person.slug]),
        {"family_name": "", "given_name": "J", "visibility": "public", "version": person.version},
    )
    assert field_errors(missing, "family_name")


def test_history_shows_field_differences_and_restores_as_a_new_change(tree, editor, dilnoza):
    post = tree.vacant_post
    services.save_post(Post.objects.get(pk=post.pk), actor=dilnoza)  # no change
    changed = Post.objects.get(pk=post.pk)
    changed.title_uz = "Yangi nom"
    services.save_post(changed, actor=dilnoza)
    page = editor.get(reverse("post_history", args=[post.code]))
    text = page.content.decode()
    assert "Yangi nom" in text and "Bosh mutaxassis" in text
    original = post.history.earliest()
    response = editor.post(
        reverse("post_history_restore", args=[post.code, original.history_id]),
        {"version": changed.version},
    )
    assert response.status_code == 302
    restored = Post.objects.get(pk=post.pk)
    assert restored.title_uz == "Bosh mutaxassis"
    assert restored.version == changed.version + 1
    assert post.history.count() == 4  # nothing lost: the restore is one more version


def test_restoring_with_a_stale_version_is_refused(tree, editor, dilnoza):
    post = tree.vacant_post
    original = post.history.earliest()
    changed = Post.objects.get(pk=post.pk)
    changed.title_uz = "Yangi nom"
    services.save_post(changed, actor=dilnoza)
    response = editor.post(
        reverse("post_history_restore", args=[post.code, original.history_id]), {"version": 1}
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).title_uz == "Yangi nom"


def test_two_editors_on_one_form_the_second_gets_a_conflict(tree, client_for, dilnoza, admin):
    unit = tree.employment
    url = reverse("unit_edit", args=[unit.code])
    first, second = client_for(dilnoza), client_for(admin)
    loaded = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == loaded
    base = {"kind": "department", "version": loaded}
    assert first.post(url, {**base, "mandate_uz": "Birinchi tahrir"}).status_code == 302
    response = second.post(url, {**base, "mandate_uz": "Ikkinchi tahrir"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved this record" in text
    assert "Birinchi tahrir" in text  # the other's change is shown
    assert "Ikkinchi tahrir" in text  # and the second editor's input is kept
    assert Unit.objects.get(pk=unit.pk).mandate_uz == "Birinchi tahrir"
    # Saving again, having seen the other change, is a deliberate overwrite.
    again = second.post(url, response.context["form"].data)
    assert again.status_code == 302
    assert Unit.objects.get(pk=unit.pk).mandate_uz == "Ikkinchi tahrir"


def test_the_version_check_and_the_update_are_one_statement(tree, dilnoza):
    """Two saves from the same loaded version: exactly one gets through."""
    first = Unit.objects.get(pk=tree.employment.pk)
    second = Unit.objects.get(pk=tree.employment.pk)
    services.update_unit(first, version=first.version, mandate_uz="A", actor=dilnoza)
    with pytest.raises(services.Conflict) as conflict:
        services.update_unit(second, version=second.version, mandate_uz="B", actor=dilnoza)
    assert conflict.value.current.mandate_uz == "A"
    assert Unit.objects.get(pk=tree.employment.pk).mandate_uz == "A"


def test_dashboard_lists_vacant_and_unverified_records_and_confirms(tree, editor):
    page = editor.get(reverse("dashboard"))
    text = page.content.decode()
    assert f"?unit={tree.employment.code}" in text  # the unit with something to do
    assert tree.health.name not in text  # not dilnoza's
    text = editor.get(reverse("dashboard"), {"unit": tree.employment.code}).content.decode()
    assert tree.vacant_post.title in text
    response = editor.post(
        reverse("verify"),
        {"kind": "post", "id": tree.vacant_post.pk, "next": reverse("dashboard")},
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=tree.vacant_post.pk).last_verified_on == today()


@pytest.mark.parametrize(
    "data, status",
    [
        ({"kind": "post", "id": "abc"}, 404),
        ({"kind": "planet", "id": "1"}, 404),
        ({"kind": "unit", "id": "99999999"}, 404),
    ],
)
def test_bad_confirmations(tree, editor, data, status):
    assert editor.post(reverse("verify"), data).status_code == status


def test_confirming_outside_ones_subtree_is_forbidden(tree, editor):
    response = editor.post(reverse("verify"), {"kind": "unit", "id": tree.health.pk})
    assert response.status_code == 403
    assert Unit.objects.get(pk=tree.health.pk).last_verified_on is None


def test_a_reader_without_grants_sees_an_empty_dashboard(tree, client_for, alisher):
    page = client_for(alisher).get(reverse("dashboard"))
    assert page.status_code == 200
    assert "You do not edit any unit yet" in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(tree, citizen):
    response = citizen.get(reverse("unit_edit", args=["LABOUR"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = citizen.post(reverse("post_appoint", args=[tree.vacant_post.code]), {})
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_restoring_does_not_undo_a_reorganisation(tree, editor, admin):
    unit = Unit.objects.get(pk=tree.employment.pk)
    original = unit.history.earliest()
    services.rename_unit(unit, name_uz="Yangi nom", actor=admin)
    services.abolish_unit(Unit.objects.get(pk=unit.pk), effective_on=today(), actor=admin)
    current = Unit.objects.get(pk=unit.pk)
    response = editor.post(
        reverse("unit_history_restore", args=[unit.code, original.history_id]),
        {"version": current.version},
    )
    assert response.status_code == 302
    restored = Unit.objects.get(pk=unit.pk)
    assert restored.abolished_on == current.abolished_on  # still abolished
    assert restored.name_uz == "Yangi nom"  # names change by renaming only
    assert restored.version == current.version + 1


def test_history_tells_the_whole_story_of_a_unit_a_post_and_a_person(tree, editor, dilnoza):
    """Before: contact edits and appointment changes never appeared ("No history is
    recorded." right after both)."""
    contact = ContactPoint.objects.get(post=tree.head_post, visibility="public")
    contact.label = "Qabulxona"
    services.save_contact(contact, actor=dilnoza)
    appointment = Appointment.objects.get(post=tree.head_post, person=tree.public_person)
    services.update_appointment(appointment, ends_on=today(), acting=False, actor=dilnoza)
    unit_contact = ContactPoint.objects.filter(unit=tree.labour).first()
    services.remove_contact(unit_contact, actor=dilnoza)
    post_page = editor.get(reverse("post_history", args=[tree.head_post.code])).content.decode()
    assert "Qabulxona" in post_page and "appointment of Gʻulomov Jahongir" in post_page
    assert today().strftime("%Y") in post_page and "Ends on" in post_page
    person_page = editor.get(
        reverse("person_history", args=[tree.public_person.slug])
    ).content.decode()
    assert "appointment to Boshqarma boshligʻi" in person_page
    unit_page = editor.get(reverse("unit_history", args=["LABOUR"])).content.decode()
    assert "removed" in unit_page and unit_contact.display_value in unit_page


def test_a_translated_field_is_one_line_with_its_language(tree, editor, dilnoza):
    unit = Unit.objects.get(pk=tree.labour.pk)
    services.update_unit(unit, mandate_en="Employment and labour relations.", actor=dilnoza)
    page = editor.get(reverse("unit_history", args=["LABOUR"])).content.decode()
    assert "Mandate (English)" in page
    assert "mandate [en]" not in page and ">Mandate<" not in page


def test_the_first_edit_of_a_demo_record_shows_what_changed(db, client_for, admin):
    from organizations.demo import load_demo

    load_demo(units=40, people=60, seed=3)
    post = Post.objects.filter(is_head=False).first()
    before = post.title_uz
    post.title_uz = "Yangi lavozim nomi"
    services.save_post(post, actor=admin)
    page = client_for(admin).get(reverse("post_history", args=[post.code]))
    first, second = [e for e in page.context["page"].entries if e.source == "own"]
    assert not first.created and [(c.label, c.old, c.new) for c in first.changes] == [
        ("Title (Uzbek (Latin))", before, "Yangi lavozim nomi")
    ]
    assert second.created and second.row.history_change_reason == "demo data"
