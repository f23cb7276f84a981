"""What the directory publishes about units, posts and people, for one viewer.

These are the shapes of the JSON API and of our JSON export. Identifiers are the stable
public ones (unit and post codes, person slugs), never database ids. Every value comes
from querysets already filtered by the visibility policy, with a fixed number of queries
per record or per page of records.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch

from .. import asof, queries, timeline
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..transliteration import in_script
from ..visibility import Viewer

# Language codes as published (BCP 47) and the columns they come from.
LANGUAGES = {"uz": "uz", "uz-Cyrl": "uz_cyrl", "ru": "ru", "en": "en", "ko": "ko"}


def translations(record, field: str) -> dict[str, str]:
    return {
        code: value
        for code, suffix in LANGUAGES.items()
        if (value := getattr(record, f"{field}_{suffix}", "") or "")
    }


def contact(contact: ContactPoint) -> dict:
    data: dict[str, Any] = {
        "kind": contact.kind,
        "value": contact.value,
        "visibility": contact.visibility,
    }
    if contact.extension:
        data["extension"] = contact.extension
    if contact.label_uz:
        data["label"] = contact.label_uz  # the label as imported and exported
    if labels := translations(contact, "label"):
        data["labels"] = labels  # every language's label, for the reader to choose
    if wording := translations(contact, "text"):
        data["text"] = wording
    return data


def unit_summary(unit: Unit) -> dict:
    return {
        "id": unit.code,
        "name": translations(unit, "name"),
        "kind": unit.kind,
        "url": unit.get_absolute_url(),
    }


def unit(viewer: Viewer, unit: Unit, on: datetime.date | None = None) -> dict:
    """A unit with its place in the tree, contacts, sub-units and posts (with the holders
    the viewer may see); on a past day ``on``, as it stood then (``unit`` as
    ``asof.unit`` gave it)."""
    if on is not None:
        page = asof.unit_page(viewer, unit, on)
        for post in page.posts:
            post.unit = unit
        return _unit(viewer, unit, page.breadcrumbs, page.contacts, page.children, page.posts, on)
    breadcrumbs = queries.breadcrumbs(unit)
    posts = queries.posts_with_holders(
        viewer, Post.objects.current().filter(unit=unit).select_related("unit")
    )
    contacts = queries.visible_contacts(viewer).filter(unit=unit)
    return _unit(viewer, unit, breadcrumbs, contacts, queries.children(unit), posts, None)


def _unit(viewer: Viewer, unit: Unit, breadcrumbs, contacts, children, posts, on) -> dict:
    data = {
        **unit_summary(unit),
        "short_name": translations(unit, "short_name"),
        "mandate": translations(unit, "mandate"),
        "parent": breadcrumbs[-1].code if breadcrumbs else None,
        "path": [ancestor.code for ancestor in breadcrumbs],
        "established_on": unit.established_on,
        "abolished_on": unit.abolished_on,
        "address": unit.address,
        "website": unit.website,
        "former_names": list(unit.former_names),
        "contacts": [contact(c) for c in contacts],
        "children": [unit_summary(child) for child in children],
        "posts": [post_summary(post) for post in posts],
    }
    if on is not None:
        data["as_of"] = on
    else:  # today's posts, filled and vacant, in the viewer's tier
        data["headcount"] = queries.headcount(viewer, unit).as_dict()
    data["predecessors"] = [u.code for u in unit.predecessors.all()]
    data["events"] = [_event(e) for e in timeline.events(viewer, unit) if on is None or e.on <= on]
    if unit.abolished_on:
        data["abolition_reason"] = unit.abolition_reason
        data["successors"] = [u.code for u in unit.successors.all()]
    return data


def _event(event: timeline.Event) -> dict:
    """A timeline event as data (the kinds of ``timeline.KINDS``)."""
    data: dict = {"date": event.on, "kind": event.kind}
    if event.units:
        data["units"] = [u.code for u in event.units]
    if event.before:
        data["before"] = event.before
    if event.after:
        data["after"] = event.after
    if event.person is not None and event.post is not None:
        data["person"] = event.person.slug
        data["post"] = event.post.code
    return data


def post_summary(post: Post) -> dict:
    """A post loaded by ``queries.posts_with_holders``."""
    return {
        "id": post.code,
        "title": translations(post, "title"),
        "duties": translations(post, "duties"),
        "unit": post.unit.code,
        "is_head": post.is_head,
        "visibility": post.visibility,
        "vacant": not post.is_held,
        # Held, by someone this caller may not see: not vacant, and no name given.
        "holders_hidden": post.is_held and not post.current_appointments,
        "holders": [
            {
                "person": a.person.slug,
                "name": a.person.full_name,
                "acting": a.acting,
                "since": a.starts_on,
                "contacts": [contact(c) for c in a.person.visible_contacts],
            }
            for a in post.current_appointments
        ],
        "contacts": [contact(c) for c in post.visible_contacts],
        "url": post.get_absolute_url(),
    }


def post(viewer: Viewer, post: Post, on: datetime.date | None = None) -> dict:
    """A post (loaded by ``queries.posts_with_holders`` with its unit, or on a past day
    ``on`` by ``asof.post``) and everyone who held it (up to that day), as far as the
    viewer may see them."""
    if on is not None:
        return {
            **post_summary(post),
            "as_of": on,
            "rank": post.rank,
            "established_on": post.established_on,
            "history": [_held(a) for a in asof.past_holders(viewer, post, on)],
        }
    return {
        **post_summary(post),
        "rank": post.rank,
        "reports_to": reports_to(viewer, post),
        "established_on": post.established_on,
        "abolished_on": post.abolished_on,
        "history": [_held(a) for a in queries.post_holders(viewer, post)],
    }


def _held(a: Appointment) -> dict:
    return {
        "person": a.person.slug,
        "name": a.person.full_name,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "acting": a.acting,
    }


def reports_to(viewer: Viewer, post: Post) -> str | None:
    """The code of the post this one reports to, if the viewer may see that post."""
    boss = post.reports_to if post.reports_to_id else None
    if boss is None or not viewer.may_see(boss.shown_visibility, boss.unit.path):
        return None
    return boss.code


def person_summary(person: Person) -> dict:
    return {
        "id": person.slug,
        "family_name": person.family_name,
        "given_name": person.given_name,
        "patronymic": person.patronymic,
        "name": person.full_name,
        # The name as Latin and Cyrillic pages show it (official spellings, or derived).
        "name_latin": in_script(person.full_name, "en", latin=person.name_latin),
        "name_cyrillic": in_script(person.full_name, "ru", cyrillic=person.name_cyrillic),
        "url": person.get_absolute_url(),
    }


def person(viewer: Viewer, person: Person, record: queries.PersonRecord | None = None) -> dict:
    """A person with their posts and contacts (``record``: those of a past day, from
    ``asof.person_page``)."""
    record = record or queries.person_record(viewer, person)

    def appointment(a: Appointment) -> dict:
        return {
            "post": a.post.code,
            "title": translations(a.post, "title"),
            "unit": unit_summary(a.post.unit),
            "starts_on": a.starts_on,
            "ends_on": a.ends_on,
            "acting": a.acting,
        }

    return {
        **person_summary(person),
        "visibility": person.visibility,
        "posts": [appointment(a) for a in record.current],
        "past_posts": [appointment(a) for a in record.past],
        "contacts": [contact(c) for c in record.contacts],
    }


def with_listing_details(viewer: Viewer, people):
    """``people`` (a queryset) with what ``person_listing`` shows prefetched: their
    current visible posts and their visible contacts (two more queries per page)."""
    return people.prefetch_related(
        queries.current_posts_prefetch(viewer),
        Prefetch("contacts", queryset=queries.visible_contacts(viewer), to_attr="visible_contacts"),
    )


def person_listing(person: Person) -> dict:
    """A person loaded through ``with_listing_details``."""
    return {
        **person_summary(person),
        "visibility": person.visibility,
        "posts": [
            {
                "post": a.post.code,
                "title": translations(a.post, "title"),
                "unit": a.post.unit.code,
            }
            for a in person.current_appointments
        ],
        "contacts": [contact(c) for c in person.visible_contacts],
    }


def people_page(viewer: Viewer, people) -> list[dict]:
    """A page of people (a queryset already limited): three queries for any page size."""
    return [person_listing(p) for p in with_listing_details(viewer, people)]
