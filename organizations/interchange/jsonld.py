"""schema.org JSON-LD for unit and person pages, for search engines: the public tier
only, whoever is looking (a signed-in civil servant's page must not teach a crawler or
a shared cache anything internal)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from .. import queries
from ..models import PHONE_KINDS, Person
from ..visibility import Viewer

# Whoever is looking, the data is what the visibility policy shows a citizen.
PUBLIC = Viewer.anonymous()


def _contact_points(contacts) -> list[dict]:
    points = []
    for contact in contacts:
        point = {"@type": "ContactPoint"}
        if contact.label:
            point["contactType"] = contact.label
        if contact.kind in PHONE_KINDS and contact.kind != "fax":
            point["telephone"] = contact.value
        elif contact.kind == "fax":
            point["faxNumber"] = contact.value
        elif contact.kind == "email":
            point["email"] = contact.value
        else:
            continue
        points.append(point)
    return points


def _organisation(unit, base_url: str) -> dict:
    return {
        "@type": "GovernmentOrganization",
        "name": unit.name,
        "url": base_url + unit.get_absolute_url(),
    }


def unit_data(
    unit,
    base_url: str,
    *,
    breadcrumbs=None,
    children=None,
    contacts=None,
    predecessors=None,
    successors=None,
) -> dict:
    """The unit page's data. A page that has already loaded the breadcrumbs, the current
    sub-units or the unit's contacts (as its viewer sees them) passes them in to save the
    queries; only what a citizen may see of them is used."""
    breadcrumbs = queries.breadcrumbs(unit) if breadcrumbs is None else breadcrumbs
    children = queries.children(unit) if children is None else children
    if contacts is None:
        contacts = queries.visible_contacts(PUBLIC).filter(unit=unit)
    contacts = [c for c in contacts if PUBLIC.may_see(c.shown_visibility, unit.path)]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        **_organisation(unit, base_url),
        "identifier": unit.code,
    }
    if unit.short_name:
        data["alternateName"] = unit.short_name
    if unit.address:
        data["address"] = unit.address
    if breadcrumbs:
        data["parentOrganization"] = _organisation(breadcrumbs[-1], base_url)
    if children:
        data["subOrganization"] = [_organisation(child, base_url) for child in children]
    points = _contact_points(contacts)
    if points:
        data["contactPoint"] = points
    if unit.abolished_on:
        data["dissolutionDate"] = unit.abolished_on.isoformat()
    if unit.established_on:
        data["foundingDate"] = unit.established_on.isoformat()
    # Reorganisations as W3C ORG change events: what this unit resulted from, and the
    # event that changed (ended) it.
    if predecessors is None:
        predecessors = unit.predecessors.all()
    origins = [p for p in predecessors if p.abolished_on]
    if origins:
        data["@context"] = CONTEXT
        data["org:resultedFrom"] = [_change(p.abolished_on, [p], [unit], base_url) for p in origins]
    if unit.abolished_on:
        successors = list(unit.successors.all() if successors is None else successors)
        if successors:
            data["@context"] = CONTEXT
            data["org:changedBy"] = _change(unit.abolished_on, [unit], successors, base_url)
    return data


CONTEXT = [
    "https://schema.org",
    {"org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#"},
]


def _change(last_day, original, resulting, base_url: str) -> dict:
    """An ``org:ChangeEvent``: ``original`` units ended on ``last_day``, ``resulting``
    ones took over their work from the next day."""
    return {
        "@type": "org:ChangeEvent",
        "org:originalOrganization": [{"@id": base_url + u.get_absolute_url()} for u in original],
        "org:resultingOrganization": [{"@id": base_url + u.get_absolute_url()} for u in resulting],
        "prov:startedAtTime": (last_day + datetime.timedelta(days=1)).isoformat(),
    }


def person_data(person: Person, base_url: str, record) -> dict | None:
    """``record`` is ``queries.person_record`` for whoever is looking, who sees at least
    the public tier: its public part is what a citizen sees. None when the person is
    not public: then nothing is published about them."""
    if not PUBLIC.sees_person(person.visibility, ()):
        return None
    current = [
        a for a in record.current if PUBLIC.may_see(a.post.shown_visibility, a.post.unit.path)
    ]
    contacts = [c for c in record.contacts if PUBLIC.may_see(c.shown_visibility, None)]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.full_name,
        "familyName": person.family_name,
        "givenName": person.given_name,
        "url": base_url + person.get_absolute_url(),
    }
    if person.patronymic:
        data["additionalName"] = person.patronymic
    if current:
        data["jobTitle"] = [a.post.title for a in current]
        data["worksFor"] = [_organisation(a.post.unit, base_url) for a in current]
    for contact in contacts:
        if contact.kind in ("phone", "mobile") and "telephone" not in data:
            data["telephone"] = contact.value
        elif contact.kind == "email" and "email" not in data:
            data["email"] = contact.value
    return data


def script(data: dict | None) -> str:
    """The ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&`` are
    escaped inside the JSON, as Django's ``json_script`` does, so no value can end it."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )
    return f'<script type="application/ld+json">{text}</script>'
