"""Popolo JSON (EveryPolitician and other Popolo publishers)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext as _

from ...models import Unit
from ..dataset import AppointmentIn, ContactIn, Dataset, PersonIn, PostIn, Problem, UnitIn
from .base import (
    date,
    date_or_none,
    language_suffix,
    load_json,
    make_code,
    make_slug,
    parser,
    read_cut,
    read_text,
    required_date,
    valid_code,
)

# Popolo's contact detail types and ours.
POPOLO_CONTACT_KINDS = {"voice": "phone", "cell": "mobile"}


@parser("popolo")
def popolo(path: Path) -> Dataset:
    """Popolo JSON: organizations, posts, persons, memberships."""
    dataset = Dataset(source=str(path))
    data = load_json(read_text(path), dataset)
    if data is None:
        return dataset
    if not isinstance(data, dict):
        dataset.problems.append(Problem(1, _("not Popolo: expected an object")))
        return dataset
    dataset.cut = read_cut(data)
    organizations = {str(o.get("id", "")): o for o in data.get("organizations", [])}
    codes = {key: (key if valid_code(key) else make_code("popolo", key)) for key in organizations}
    for index, org in enumerate(data.get("organizations", []), 1):
        key = str(org.get("id", ""))
        other = {
            n.get("note", ""): n.get("name", "")
            for n in org.get("other_names", [])
            if isinstance(n, dict)
        }
        parent = org.get("parent_id")
        given = {"name", "kind", "parent"}
        if "other_names" in org:
            given |= {"names", "other_names"}
        given |= {
            field
            for key_, field in (
                ("founding_date", "established_on"),
                ("dissolution_date", "abolished_on"),
            )
            if key_ in org
        }
        dataset.units.append(
            UnitIn(
                code=codes.get(key, key),
                name=org.get("name", ""),
                parent=codes.get(parent, parent) if parent else None,
                kind=org.get("classification")
                if org.get("classification") in Unit.Kind.values
                else Unit.Kind.OTHER,
                names={
                    language_suffix(k): v
                    for k, v in other.items()
                    if language_suffix(k) in ("uz_cyrl", "ru", "en", "ko")
                },
                other_names={
                    k: v
                    for k, v in other.items()
                    if language_suffix(k) not in ("uz_cyrl", "ru", "en", "ko", "")
                },
                established_on=date_or_none(org.get("founding_date")),
                abolished_on=date_or_none(org.get("dissolution_date")),
                line=index,
                given=frozenset(given),
            )
        )
    for index, post in enumerate(data.get("posts", []), 1):
        key = str(post.get("id", ""))
        organization = str(post.get("organization_id", ""))
        dataset.posts.append(
            PostIn(
                code=key if valid_code(key) else make_code("popolo-post", key),
                unit=codes.get(organization, organization),
                title=post.get("label", ""),
                line=index,
                given=frozenset({"title"}),
            )
        )
    for index, person in enumerate(data.get("persons", []), 1):
        key = str(person.get("id", ""))
        family, given = person.get("family_name", ""), person.get("given_name", "")
        if not family and person.get("name"):
            given, _space, family = person["name"].rpartition(" ")
        slug = key if re.fullmatch(r"[-a-zA-Z0-9_]{1,120}", key) else make_slug(key)
        dataset.people.append(
            PersonIn(
                slug=slug,
                family_name=family,
                given_name=given,
                patronymic=person.get("additional_name", ""),
                line=index,
                given=frozenset({"family_name", "given_name", "patronymic"}),
            )
        )
        if "contact_details" in person:
            dataset.contact_owners.add(("person", slug))
        for detail in person.get("contact_details", []):
            kind = POPOLO_CONTACT_KINDS.get(detail.get("type"), detail.get("type"))
            dataset.contacts.append(
                ContactIn(
                    owner_kind="person",
                    owner=slug,
                    kind=kind or "",
                    value=detail.get("value", ""),
                    extension=str(detail.get("extension", "")),
                    label=str(detail.get("label", "")),
                    line=index,
                    given=frozenset({"label"} if "label" in detail else ()),
                )
            )
    people = {
        str(p.get("id", "")): d.slug
        for p, d in zip(data.get("persons", []), dataset.people, strict=False)
    }
    posts = {
        str(p.get("id", "")): d.code
        for p, d in zip(data.get("posts", []), dataset.posts, strict=False)
    }
    if "memberships" not in data:
        dataset.holder_posts = set()
    for index, membership in enumerate(data.get("memberships", []), 1):
        post = posts.get(str(membership.get("post_id", "")))
        if post is None:
            continue  # memberships of organisations without a post are not appointments
        try:
            starts = date(membership.get("start_date", "")) or required_date()
            ends = date(membership.get("end_date", ""))
        except ValueError as error:
            dataset.problems.append(Problem(index, _("bad date: %(error)s") % {"error": error}))
            continue
        dataset.appointments.append(
            AppointmentIn(
                person=people.get(
                    str(membership.get("person_id", "")), str(membership.get("person_id", ""))
                ),
                post=post,
                starts_on=starts,
                ends_on=ends,
                acting=membership.get("role") == "acting",
                line=index,
            )
        )
    return dataset
