"""Checking a whole dataset before anything is written: every bad row, with its line and
reason; rows that depend on a bad one are bad too; bad rows are removed from the dataset.
One function per kind of record, in the order they depend on each other; the stored
directory is read in a few queries per kind, never per row."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.utils.translation import gettext as _

from ..bulk import among
from ..models import PHONE_KINDS, ContactPoint, Person, Post, Unit, code_validator, normalise_phone
from ..validators import BIDI_CONTROLS, strip_bidi_controls
from ..visibility import Visibility
from .dataset import NAME_LANGUAGES, AppointmentIn, ContactIn, Dataset, Problem, Problems, Record

# Checked once per row: sets, not the enums' lists built on every call.
VISIBILITIES = frozenset(Visibility.values)
UNIT_KINDS = frozenset(Unit.Kind.values)
CONTACT_KINDS = frozenset(ContactPoint.Kind.values)


@dataclass
class Checked:
    """What the checks of one kind leave for the next: good and bad identifiers."""

    good: dict = field(default_factory=dict)
    bad: dict = field(default_factory=dict)  # identifier -> line


def check(dataset: Dataset) -> Problems:
    rejected = Problems(dataset.problems)
    _clean_text(dataset)
    units = _check_units(dataset, rejected)
    posts = _check_posts(dataset, rejected, units)
    people = _check_people(dataset, rejected)
    _check_appointments(dataset, rejected, posts, people)
    _check_contacts(dataset, rejected, {"unit": units, "post": posts, "person": people})
    return rejected


def _clean_text(dataset: Dataset) -> None:
    """Direction control characters (published data has them after web addresses) are
    taken out of every value, with a warning; the row is kept."""
    for records in (
        dataset.units,
        dataset.posts,
        dataset.people,
        dataset.appointments,
        dataset.contacts,
    ):
        for record in records:
            if _strip_bidi(record):
                dataset.warnings.append(
                    Problem(
                        record.line,
                        _("invisible characters that change the direction of text: removed"),
                    )
                )


def _strip_bidi(record: Record) -> bool:
    found = False
    for name, value in vars(record).items():
        if isinstance(value, str) and BIDI_CONTROLS.search(value):
            setattr(record, name, strip_bidi_controls(value))
            found = True
        elif isinstance(value, dict) and any(
            isinstance(v, str) and BIDI_CONTROLS.search(v) for v in value.values()
        ):
            setattr(
                record,
                name,
                {k: strip_bidi_controls(v) if isinstance(v, str) else v for k, v in value.items()},
            )
            found = True
    return found


def _check_units(dataset: Dataset, rejected: Problems) -> Checked:
    """Ids, duplicates, kinds, names, parents, and cycles, in the file and through the
    units already stored."""
    units = Checked()
    for unit in dataset.units:
        reason = _nul(unit) or _check_code(unit.code)
        if reason is None and unit.code in units.good:
            reason = _("duplicate unit id “%(id)s” (first on line %(line)s)") % {
                "id": unit.code,
                "line": units.good[unit.code].line,
            }
        if reason is None and unit.kind not in UNIT_KINDS:
            reason = _("unknown kind of unit “%(kind)s”") % {"kind": unit.kind}
        if reason is None and unit.gives("name") and not unit.name.strip():
            reason = _("the unit has no name")
        if reason is None and unit.parent == unit.code:
            reason = _("the unit is its own parent")
        if reason is None:
            reason = _model_errors(
                Unit(
                    code=unit.code,
                    name_uz=unit.name or "-",
                    kind=unit.kind,
                    short_name_uz=unit.short_name,
                    mandate_uz=unit.mandate,
                    address=unit.address,
                    website=unit.website,
                    established_on=unit.established_on,
                    abolished_on=unit.abolished_on,
                    **{f"name_{lang}": unit.names.get(lang, "") for lang in NAME_LANGUAGES},
                    **{
                        f"short_name_{lang}": unit.short_names.get(lang, "")
                        for lang in NAME_LANGUAGES
                    },
                ),
                exclude=["path", "depth", "numchild", "name"],
            )
        if reason:
            rejected.append(Problem(unit.line, reason))
            units.bad.setdefault(unit.code, unit.line)
        else:
            units.good[unit.code] = unit
    stored = _stored_parents(units.good)
    for unit in list(units.good.values()):
        chain = _cycle(unit, units.good, stored)
        if chain:
            rejected.append(
                Problem(unit.line, _("cycle in parent links: %(chain)s") % {"chain": chain})
            )
            units.bad[unit.code] = unit.line
    for code in units.bad:
        units.good.pop(code, None)
    changed = True
    while changed:  # missing or rejected parents, down the tree
        changed = False
        for unit in list(units.good.values()):
            if (
                not unit.parent
                or unit.parent in units.good
                or (unit.parent in stored and unit.parent not in units.bad)
            ):
                continue
            if unit.parent in units.bad:
                reason = _("its parent “%(id)s” was rejected (line %(line)s)") % {
                    "id": unit.parent,
                    "line": units.bad[unit.parent],
                }
            elif dataset.cut and dataset.cut.within == unit.code:
                # The root of an exported part of another directory.
                dataset.warnings.append(
                    Problem(
                        unit.line,
                        _("its parent “%(id)s” is not in this directory: placed at the top")
                        % {"id": unit.parent},
                    )
                )
                unit.parent = None
                continue
            else:
                reason = _("missing parent “%(id)s”") % {"id": unit.parent}
            rejected.append(Problem(unit.line, reason))
            units.bad[unit.code] = unit.line
            del units.good[unit.code]
            changed = True
    dataset.units = [u for u in dataset.units if units.good.get(u.code) is u]
    return units


def _stored_parents(good: dict) -> dict[str, str | None]:
    """For the stored units the file's units and parents name, and every unit above
    them: code → the code of its parent (None at the top). Two queries."""
    wanted = set(good) | {u.parent for u in good.values() if u.parent}
    found = list(Unit.objects.filter(code__in=among(wanted, "text")).values_list("code", "path"))
    steplen = Unit.steplen
    above = {path[:end] for _code, path in found for end in range(steplen, len(path), steplen)}
    by_path = dict(
        Unit.objects.filter(path__in=among(above, "text")).values_list("path", "code")
    ) | {path: code for code, path in found}
    return {code: by_path.get(path[:-steplen]) for path, code in by_path.items()}


def _cycle(unit, good: dict, stored: dict[str, str | None]) -> str:
    """The chain of parents that leads from ``unit`` back to itself, through the file's
    parents and, above the file's units, the stored tree's; "" if there is none."""
    seen, code = [unit.code], unit.parent
    while code is not None and code not in seen:
        seen.append(code)
        code = good[code].parent if code in good else stored.get(code)
    if code == unit.code:
        return " → ".join([*seen, unit.code])
    return ""


def _check_posts(dataset: Dataset, rejected: Problems, units: Checked) -> Checked:
    known_units = set(units.good) | set(
        Unit.objects.filter(code__in=among({p.unit for p in dataset.posts}, "text")).values_list(
            "code", flat=True
        )
    )
    posts = Checked()
    for post in dataset.posts:
        reason = _nul(post) or _check_code(post.code)
        if reason is None and post.code in posts.good:
            reason = _("duplicate post id “%(id)s” (first on line %(line)s)") % {
                "id": post.code,
                "line": posts.good[post.code].line,
            }
        if reason is None and post.unit in units.bad:
            reason = _("its unit “%(id)s” was rejected (line %(line)s)") % {
                "id": post.unit,
                "line": units.bad[post.unit],
            }
        elif reason is None and post.unit not in known_units:
            reason = _("unknown unit “%(id)s”") % {"id": post.unit}
        if reason is None and post.gives("title") and not post.title.strip():
            reason = _("the post has no title")
        if reason is None and post.visibility not in VISIBILITIES:
            reason = _("unknown visibility “%(value)s”") % {"value": post.visibility}
        if reason is None:
            reason = _model_errors(
                Post(
                    code=post.code,
                    title_uz=post.title or "-",
                    duties_uz=post.duties,
                    rank=post.rank,
                    visibility=post.visibility,
                    **{f"title_{lang}": post.titles.get(lang, "") for lang in NAME_LANGUAGES},
                    **{f"duties_{lang}": post.duties_in.get(lang, "") for lang in NAME_LANGUAGES},
                ),
                exclude=["unit", "reports_to", "title", "duties"],
            )
        if reason:
            rejected.append(Problem(post.line, reason))
            posts.bad[post.code] = post.line
        else:
            posts.good[post.code] = post
    known_posts = set(posts.good) | set(
        Post.objects.filter(
            code__in=among({p.reports_to for p in posts.good.values() if p.reports_to}, "text")
        ).values_list("code", flat=True)
    )
    for post in posts.good.values():
        if post.reports_to and post.reports_to not in known_posts:
            dataset.warnings.append(
                Problem(
                    post.line,
                    _("“reports to” post “%(id)s” is not known: left empty")
                    % {"id": post.reports_to},
                )
            )
            post.reports_to = None
    dataset.posts = [p for p in dataset.posts if posts.good.get(p.code) is p]
    return posts


def _check_people(dataset: Dataset, rejected: Problems) -> Checked:
    people = Checked()
    for person in dataset.people:
        reason = _nul(person)
        try:
            validate_slug(person.slug)
        except ValidationError:
            reason = reason or _("“%(value)s” is not a valid person id") % {
                "value": person.slug[:80]
            }
        if reason is None and len(person.slug) > 120:
            reason = _("the person id is longer than 120 characters")
        if reason is None and person.slug in people.good:
            reason = _("duplicate person id “%(id)s” (first on line %(line)s)") % {
                "id": person.slug,
                "line": people.good[person.slug].line,
            }
        if reason is None and person.gives("family_name") and not person.family_name.strip():
            reason = _("the person has no family name")
        if reason is None and person.visibility not in VISIBILITIES:
            reason = _("unknown visibility “%(value)s”") % {"value": person.visibility}
        if reason is None:
            # The model's own checks, without building a model per row: people come
            # by the hundred thousand.
            reason = _too_long(
                Person,
                family_name=person.family_name,
                given_name=person.given_name,
                patronymic=person.patronymic,
            )
        if reason:
            rejected.append(Problem(person.line, reason))
            people.bad[person.slug] = person.line
        else:
            people.good[person.slug] = person
    dataset.people = [p for p in dataset.people if people.good.get(p.slug) is p]
    return people


def _check_appointments(
    dataset: Dataset, rejected: Problems, posts: Checked, people: Checked
) -> None:
    stored_people = set(
        Person.objects.filter(
            slug__in=among({a.person for a in dataset.appointments}, "text")
        ).values_list("slug", flat=True)
    )
    stored_posts = set(
        Post.objects.filter(
            code__in=among({a.post for a in dataset.appointments}, "text")
        ).values_list("code", flat=True)
    )
    good = []
    by_post: dict[str, list[AppointmentIn]] = defaultdict(list)
    for appointment in dataset.appointments:
        reason = _nul(appointment)
        if reason:
            pass
        elif appointment.person in people.bad:
            reason = _("its person “%(id)s” was rejected") % {"id": appointment.person}
        elif appointment.person not in people.good and appointment.person not in stored_people:
            reason = _("unknown person “%(id)s”") % {"id": appointment.person}
        elif appointment.post in posts.bad:
            reason = _("its post “%(id)s” was rejected") % {"id": appointment.post}
        elif appointment.post not in posts.good and appointment.post not in stored_posts:
            reason = _("unknown post “%(id)s”") % {"id": appointment.post}
        elif appointment.ends_on and appointment.ends_on < appointment.starts_on:
            reason = _("the appointment ends before it starts")
        else:
            for other in by_post[appointment.post]:
                if _overlap(other, appointment):
                    reason = _("overlaps the appointment on line %(line)s to the same post") % {
                        "line": other.line
                    }
                    break
        if reason:
            rejected.append(Problem(appointment.line, reason))
        else:
            good.append(appointment)
            by_post[appointment.post].append(appointment)
    dataset.appointments = good


def _check_contacts(dataset: Dataset, rejected: Problems, owners: dict[str, Checked]) -> None:
    models = {"unit": (Unit, "code"), "post": (Post, "code"), "person": (Person, "slug")}
    stored_owners = {
        kind: set(
            model._default_manager.filter(
                **{
                    f"{key}__in": among(
                        {c.owner for c in dataset.contacts if c.owner_kind == kind}, "text"
                    )
                }
            ).values_list(key, flat=True)
        )
        for kind, (model, key) in models.items()
    }
    good = []
    for contact in dataset.contacts:
        reason = _nul(contact)
        if contact.owner_kind not in owners:
            reason = _("unknown kind of owner “%(kind)s”") % {"kind": contact.owner_kind}
        else:
            checked = owners[contact.owner_kind]
            if contact.owner in checked.bad:
                reason = _("its %(kind)s “%(id)s” was rejected") % {
                    "kind": contact.owner_kind,
                    "id": contact.owner,
                }
            elif (
                contact.owner not in checked.good
                and contact.owner not in stored_owners[contact.owner_kind]
            ):
                reason = _("unknown %(kind)s “%(id)s”") % {
                    "kind": contact.owner_kind,
                    "id": contact.owner,
                }
        if reason is None:
            reason = _check_contact(contact, dataset.phone_region)
        if reason:
            rejected.append(Problem(contact.line, reason))
        else:
            good.append(contact)
    dataset.contacts = good


def _check_code(value: str) -> str | None:
    try:
        code_validator(value)
    except ValidationError:
        return _("“%(value)s” is not a valid identifier") % {"value": value[:80]}
    return None


def _model_errors(record, exclude=()) -> str | None:
    """The model's own field checks (lengths, formats, dates), without the database."""
    try:
        record.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return None


def _nul(record) -> str | None:
    """PostgreSQL text cannot hold the NUL character: a row with one is bad input."""
    for value in vars(record).values():
        if isinstance(value, dict):
            value = "".join(str(v) for v in value.values())
        if isinstance(value, str) and "\x00" in value:
            return _("the row contains a NUL character (is this a binary file?)")
    return None


def _too_long(model, **values: str) -> str | None:
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        if len(value) > limit:
            return _("%(field)s: at most %(limit)s characters (it has %(count)s)") % {
                "field": model._meta.get_field(name).verbose_name,
                "limit": limit,
                "count": len(value),
            }
    return None


def _overlap(a: AppointmentIn, b: AppointmentIn) -> bool:
    far = datetime.date.max
    return a.starts_on <= (b.ends_on or far) and b.starts_on <= (a.ends_on or far)


def _check_contact(contact: ContactIn, region: str | None) -> str | None:
    """Normalises the value in place; returns the reason it is bad, if it is."""
    if contact.kind not in CONTACT_KINDS:
        return _("unknown kind of contact “%(kind)s”") % {"kind": contact.kind}
    if contact.visibility not in VISIBILITIES:
        return _("unknown visibility “%(value)s”") % {"value": contact.visibility}
    if not contact.value.strip():
        return _("the contact has no value")
    if contact.kind in PHONE_KINDS:
        try:
            contact.value = normalise_phone(contact.value, region)
        except ValidationError:
            return _("“%(value)s” is not a valid phone number") % {"value": contact.value}
        if contact.extension and not contact.extension.isdigit():
            return _("the extension “%(value)s” is not digits") % {"value": contact.extension}
    elif contact.kind == ContactPoint.Kind.EMAIL:
        try:
            validate_email(contact.value)
        except ValidationError:
            return _("“%(value)s” is not an e-mail address") % {"value": contact.value}
    return None
