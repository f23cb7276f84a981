"""Our own JSON export, read back (the round trip of ``/api/export.json``)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils.translation import gettext as _

from ...models import Unit
from ...visibility import Visibility
from ..dataset import NAME_LANGUAGES, AppointmentIn, Dataset, PersonIn, PostIn, Problem, UnitIn
from .base import (
    date_or_none,
    json_gives,
    language_suffix,
    load_json,
    parser,
    read_contacts,
    read_cut,
    read_text,
)


def _translated(item: dict, key: str) -> tuple[str, dict[str, str]]:
    """(the Uzbek value, {other language: value}) of a translated value of our JSON."""
    value = item.get(key) or {}
    if not isinstance(value, dict):
        return str(value), {}
    return str(value.get("uz") or ""), {
        language_suffix(k): str(v)
        for k, v in value.items()
        if k != "uz" and language_suffix(k) in NAME_LANGUAGES
    }


@parser("json")
def our_json(path: Path) -> Dataset:
    """Our JSON, as exported (``/export/?format=json``)."""
    dataset = Dataset(source=str(path))
    data = load_json(read_text(path), dataset)
    if data is None:
        return dataset
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k, []), list) for k in ("units", "posts", "people")
    ):
        dataset.problems.append(
            Problem(1, _("not a directory export: expected units, posts and people lists"))
        )
        return dataset
    dataset.cut = read_cut(data)
    dataset.holder_posts = set()
    for index, unit in enumerate(data.get("units", []), 1):
        if not isinstance(unit, dict):
            dataset.problems.append(Problem(index, _("a unit must be an object")))
            continue
        name, names = _translated(unit, "name")
        short_name, short_names = _translated(unit, "short_name")
        mandate, mandates = _translated(unit, "mandate")
        dataset.units.append(
            UnitIn(
                code=str(unit.get("id", "")),
                name=name,
                parent=unit.get("parent"),
                kind=unit.get("kind") or Unit.Kind.DEPARTMENT,
                names=names,
                short_name=short_name,
                short_names=short_names,
                mandate=mandate,
                mandates=mandates,
                address=str(unit.get("address") or ""),
                website=str(unit.get("website") or ""),
                established_on=date_or_none(unit.get("established_on")),
                abolished_on=date_or_none(unit.get("abolished_on")),
                abolition_reason=str(unit.get("abolition_reason") or ""),
                line=index,
                given=json_gives(unit),
            )
        )
        read_contacts(dataset, "unit", unit, index)
    for index, post in enumerate(data.get("posts", []), 1):
        if not isinstance(post, dict):
            dataset.problems.append(Problem(index, _("a post must be an object")))
            continue
        title, titles = _translated(post, "title")
        duties, duties_in = _translated(post, "duties")
        code = str(post.get("id", ""))
        dataset.posts.append(
            PostIn(
                code=code,
                unit=str(post.get("unit", "")),
                title=title,
                titles=titles,
                duties=duties,
                duties_in=duties_in,
                rank=str(post.get("rank") or ""),
                is_head=bool(post.get("is_head")),
                visibility=post.get("visibility") or Visibility.PUBLIC,
                line=index,
                given=json_gives(post),
            )
        )
        if "holders" in post:
            dataset.holder_posts.add(code)
        for holder in post.get("holders") or []:
            dataset.appointments.append(
                AppointmentIn(
                    person=str(holder.get("person", "")),
                    post=code,
                    starts_on=date_or_none(holder.get("since")) or datetime.date.today(),
                    acting=bool(holder.get("acting")),
                    line=index,
                    given=frozenset({"acting"}),  # a holder's last day is not in the file
                )
            )
        read_contacts(dataset, "post", post, index)
    for index, person in enumerate(data.get("people", []), 1):
        if not isinstance(person, dict):
            dataset.problems.append(Problem(index, _("a person must be an object")))
            continue
        dataset.people.append(
            PersonIn(
                slug=str(person.get("id", "")),
                family_name=str(person.get("family_name") or ""),
                given_name=str(person.get("given_name") or ""),
                patronymic=str(person.get("patronymic") or ""),
                visibility=person.get("visibility") or Visibility.PUBLIC,
                line=index,
                given=json_gives(person),
            )
        )
        read_contacts(dataset, "person", person, index)
    return dataset
