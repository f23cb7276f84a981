"""Loading a directory from a file: every format's parser yields a ``Dataset`` of plain
records keyed by stable identifiers (unit and post codes, person slugs); this module
checks them all, then writes them through the services in one transaction.

- **Checked first, whole**: a bad row (missing or rejected parent, a cycle, an unknown
  kind, a duplicate id, an invalid phone, reversed dates, an overlapping appointment) is
  reported with its line and reason. Without ``skip_invalid`` any bad row means nothing
  is written; with it, the good rows are imported and the bad ones listed (rows that
  depend on a bad one are listed too).
- **Atomic**: the whole file in one transaction; a dry run does all of it and rolls back,
  so what it reports is exactly what an import would do.
- **Idempotent**: records are matched by identifier and only changed fields are saved;
  a second import of the same file changes nothing. A newer file updates records, ends
  the appointments of its posts that it no longer lists, and replaces the contacts of
  the records it lists contacts for. Every change goes through the services, so history
  names the importing user and search documents follow (rebuilt in batches at the end).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from .. import bulk, search, services
from ..bulk import among
from ..models import (
    PHONE_KINDS,
    Appointment,
    ContactPoint,
    Person,
    Post,
    Unit,
    code_validator,
    normalise_phone,
    today,
)
from ..permissions import SYSTEM
from ..visibility import Visibility

NAME_LANGUAGES = ("uz_cyrl", "ru", "en", "ko")
BULK = 2000
# Checked once per row: sets, not the enums' lists built on every call.
VISIBILITIES = frozenset(Visibility.values)
UNIT_KINDS = frozenset(Unit.Kind.values)
CONTACT_KINDS = frozenset(ContactPoint.Kind.values)


@dataclass
class UnitIn:
    code: str
    name: str  # the name as published: stored as the default (Uzbek) name
    parent: str | None = None
    kind: str = Unit.Kind.OTHER
    names: dict[str, str] = field(default_factory=dict)  # uz_cyrl / ru / en / ko
    short_name: str = ""
    short_names: dict[str, str] = field(default_factory=dict)
    other_names: dict[str, str] = field(default_factory=dict)  # fr, de, pt, el ...
    mandate: str = ""
    address: str = ""
    website: str = ""
    established_on: datetime.date | None = None
    abolished_on: datetime.date | None = None
    line: int = 0


@dataclass
class PostIn:
    code: str
    unit: str
    title: str
    titles: dict[str, str] = field(default_factory=dict)
    duties: str = ""
    rank: str = ""
    reports_to: str | None = None
    is_head: bool = False
    visibility: str = Visibility.PUBLIC
    line: int = 0


@dataclass
class PersonIn:
    slug: str
    family_name: str
    given_name: str
    patronymic: str = ""
    visibility: str = Visibility.PUBLIC
    line: int = 0


@dataclass
class AppointmentIn:
    person: str
    post: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    acting: bool = False
    line: int = 0


@dataclass
class ContactIn:
    owner_kind: str  # unit / post / person
    owner: str
    kind: str
    value: str
    extension: str = ""
    label: str = ""
    visibility: str = Visibility.PUBLIC
    line: int = 0


@dataclass
class Problem:
    line: int
    reason: str
    where: str = ""  # "file.csv line 12", for data sets read from several files

    def __str__(self) -> str:
        if self.where:
            return f"{self.where}: {self.reason}"
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass
class Dataset:
    source: str = ""
    units: list[UnitIn] = field(default_factory=list)
    posts: list[PostIn] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)
    appointments: list[AppointmentIn] = field(default_factory=list)
    contacts: list[ContactIn] = field(default_factory=list)
    # Rows the parser could not read at all (bad encoding, missing columns ...).
    problems: list[Problem] = field(default_factory=list)
    # Values a parser of published data left out, keeping the row (e.g. a phone number
    # that is not one): reported, never an error.
    warnings: list[Problem] = field(default_factory=list)
    phone_region: str | None = None
    # For data sets read from several files: the file and line of a record's line number.
    describe_line: Callable[[int], str] | None = None


class ImportRefused(Exception):
    """The file has bad rows and ``skip_invalid`` was not given: nothing was written."""

    def __init__(self, summary: Summary):
        super().__init__(f"{len(summary.rejected)} rows rejected")
        self.summary = summary


@dataclass
class Summary:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        kinds = {
            "units": _("units"),
            "posts": _("posts"),
            "people": _("people"),
            "appointments": _("appointments"),
            "contacts": _("contacts"),
        }
        outcomes = {
            "created": _("created"),
            "updated": _("updated"),
            "unchanged": _("unchanged"),
            "ended": _("ended"),
            "removed": _("removed"),
        }
        out = []
        for kind, label in kinds.items():
            counts = self.counts.get(kind)
            if counts:
                parts = ", ".join(f"{n} {outcomes[what]}" for what, n in sorted(counts.items()))
                out.append(f"{label}: {parts}")
        out.append(_("rows rejected: %(count)s") % {"count": len(self.rejected)})
        return out


# Checking ----------------------------------------------------------------------------


def _check_code(value: str) -> str | None:
    try:
        code_validator(value)
    except ValidationError:
        return _("“%(value)s” is not a valid identifier") % {"value": value[:80]}
    return None


def check(dataset: Dataset) -> list[Problem]:
    """Every bad row, with its line and reason; rows depending on a bad one are bad too.
    Bad rows are removed from the dataset."""
    rejected: list[Problem] = list(dataset.problems)

    # Units: ids, duplicates, kinds, names, parents, cycles.
    good_units: dict[str, UnitIn] = {}
    bad_units: dict[str, int] = {}
    for unit in dataset.units:
        reason = _nul(unit) or _check_code(unit.code)
        if reason is None and unit.code in good_units:
            reason = _("duplicate unit id “%(id)s” (first on line %(line)s)") % {
                "id": unit.code,
                "line": good_units[unit.code].line,
            }
        if reason is None and unit.kind not in UNIT_KINDS:
            reason = _("unknown kind of unit “%(kind)s”") % {"kind": unit.kind}
        if reason is None and not unit.name.strip():
            reason = _("the unit has no name")
        if reason is None and unit.parent == unit.code:
            reason = _("the unit is its own parent")
        if reason is None:
            reason = _model_errors(
                Unit(
                    code=unit.code,
                    name_uz=unit.name,
                    kind=unit.kind,
                    short_name_uz=unit.short_name,
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
            bad_units.setdefault(unit.code, unit.line)
        else:
            good_units[unit.code] = unit
    stored = set(
        Unit.objects.filter(
            code__in=among({u.parent for u in good_units.values() if u.parent}, "text")
        ).values_list("code", flat=True)
    )
    # Cycles: follow parents inside the file.
    for unit in list(good_units.values()):
        seen, current = [], unit
        while current is not None and current.code not in seen:
            seen.append(current.code)
            current = good_units.get(current.parent) if current.parent else None
        if current is not None and current.code == unit.code:
            rejected.append(
                Problem(
                    unit.line,
                    _("cycle in parent links: %(chain)s")
                    % {"chain": " → ".join([*seen, unit.code])},
                )
            )
            bad_units[unit.code] = unit.line
    for code in bad_units:
        good_units.pop(code, None)
    changed = True
    while changed:  # missing or rejected parents, down the tree
        changed = False
        for unit in list(good_units.values()):
            if (
                not unit.parent
                or unit.parent in good_units
                or (unit.parent in stored and unit.parent not in bad_units)
            ):
                continue
            if unit.parent in bad_units:
                reason = _("its parent “%(id)s” was rejected (line %(line)s)") % {
                    "id": unit.parent,
                    "line": bad_units[unit.parent],
                }
            else:
                reason = _("missing parent “%(id)s”") % {"id": unit.parent}
            rejected.append(Problem(unit.line, reason))
            bad_units[unit.code] = unit.line
            del good_units[unit.code]
            changed = True
    dataset.units = [u for u in dataset.units if good_units.get(u.code) is u]

    # Posts.
    known_units = set(good_units) | set(
        Unit.objects.filter(code__in=among({p.unit for p in dataset.posts}, "text")).values_list(
            "code", flat=True
        )
    )
    good_posts: dict[str, PostIn] = {}
    bad_posts: set[str] = set()
    for post in dataset.posts:
        reason = _nul(post) or _check_code(post.code)
        if reason is None and post.code in good_posts:
            reason = _("duplicate post id “%(id)s” (first on line %(line)s)") % {
                "id": post.code,
                "line": good_posts[post.code].line,
            }
        if reason is None and post.unit in bad_units:
            reason = _("its unit “%(id)s” was rejected (line %(line)s)") % {
                "id": post.unit,
                "line": bad_units[post.unit],
            }
        elif reason is None and post.unit not in known_units:
            reason = _("unknown unit “%(id)s”") % {"id": post.unit}
        if reason is None and not post.title.strip():
            reason = _("the post has no title")
        if reason is None and post.visibility not in VISIBILITIES:
            reason = _("unknown visibility “%(value)s”") % {"value": post.visibility}
        if reason is None:
            reason = _model_errors(
                Post(
                    code=post.code,
                    title_uz=post.title,
                    duties_uz=post.duties,
                    rank=post.rank,
                    visibility=post.visibility,
                    **{f"title_{lang}": post.titles.get(lang, "") for lang in NAME_LANGUAGES},
                ),
                exclude=["unit", "reports_to", "title"],
            )
        if reason:
            rejected.append(Problem(post.line, reason))
            bad_posts.add(post.code)
        else:
            good_posts[post.code] = post
    known_posts = set(good_posts) | set(
        Post.objects.filter(
            code__in=among({p.reports_to for p in good_posts.values() if p.reports_to}, "text")
        ).values_list("code", flat=True)
    )
    for post in good_posts.values():
        if post.reports_to and post.reports_to not in known_posts:
            dataset.warnings.append(
                Problem(
                    post.line,
                    _("“reports to” post “%(id)s” is not known: left empty")
                    % {"id": post.reports_to},
                )
            )
            post.reports_to = None
    dataset.posts = [p for p in dataset.posts if good_posts.get(p.code) is p]

    # People.
    good_people: dict[str, PersonIn] = {}
    bad_people: set[str] = set()
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
        if reason is None and person.slug in good_people:
            reason = _("duplicate person id “%(id)s” (first on line %(line)s)") % {
                "id": person.slug,
                "line": good_people[person.slug].line,
            }
        if reason is None and not person.family_name.strip():
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
            bad_people.add(person.slug)
        else:
            good_people[person.slug] = person
    dataset.people = [p for p in dataset.people if good_people.get(p.slug) is p]

    # Appointments.
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
    good_appointments = []
    by_post: dict[str, list[AppointmentIn]] = defaultdict(list)
    for appointment in dataset.appointments:
        reason = _nul(appointment)
        if reason:
            pass
        elif appointment.person in bad_people:
            reason = _("its person “%(id)s” was rejected") % {"id": appointment.person}
        elif appointment.person not in good_people and appointment.person not in stored_people:
            reason = _("unknown person “%(id)s”") % {"id": appointment.person}
        elif appointment.post in bad_posts:
            reason = _("its post “%(id)s” was rejected") % {"id": appointment.post}
        elif appointment.post not in good_posts and appointment.post not in stored_posts:
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
            good_appointments.append(appointment)
            by_post[appointment.post].append(appointment)
    dataset.appointments = good_appointments

    # Contacts.
    owners = {
        "unit": (set(good_units), bad_units, Unit, "code"),
        "post": (set(good_posts), bad_posts, Post, "code"),
        "person": (set(good_people), bad_people, Person, "slug"),
    }
    stored_owners = {
        kind: set(
            model.objects.filter(
                **{
                    f"{key}__in": among(
                        {c.owner for c in dataset.contacts if c.owner_kind == kind}, "text"
                    )
                }
            ).values_list(key, flat=True)
        )
        for kind, (_good, _bad, model, key) in owners.items()
    }
    good_contacts = []
    for contact in dataset.contacts:
        reason = _nul(contact)
        if contact.owner_kind not in owners:
            reason = _("unknown kind of owner “%(kind)s”") % {"kind": contact.owner_kind}
        else:
            good, bad, _model, _key = owners[contact.owner_kind]
            if contact.owner in bad:
                reason = _("its %(kind)s “%(id)s” was rejected") % {
                    "kind": contact.owner_kind,
                    "id": contact.owner,
                }
            elif (
                contact.owner not in good and contact.owner not in stored_owners[contact.owner_kind]
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
            good_contacts.append(contact)
    dataset.contacts = good_contacts
    return sorted(rejected, key=lambda p: p.line)


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


# Writing -----------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]


def run(
    dataset: Dataset,
    actor,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress = lambda stage, done, total: None,
) -> Summary:
    """Check and import ``dataset`` as ``actor``. Raises ``ImportRefused`` (nothing
    written) when rows are bad and ``skip_invalid`` is not set."""
    summary = Summary(dry_run=dry_run)
    summary.rejected = check(dataset)
    summary.warnings = list(dataset.warnings)
    if dataset.describe_line:
        for problem in (*summary.rejected, *summary.warnings):
            if problem.line and not problem.where:
                problem.where = dataset.describe_line(problem.line)
    if summary.rejected and not skip_invalid:
        raise ImportRefused(summary)
    with transaction.atomic():
        with search.documents.deferred():
            Writer(actor, summary, progress).write(dataset)
        if dry_run:
            transaction.set_rollback(True)
    return summary


class Writer:
    def __init__(self, actor, summary: Summary, progress: Progress):
        self.actor, self.summary, self.progress = actor, summary, progress
        self.today = today()

    def count(self, kind: str, what: str) -> None:
        self.summary.counts[kind][what] += 1

    def write(self, dataset: Dataset) -> None:
        units = self.units(dataset.units)
        posts = self.posts(dataset.posts, units)
        people = self.people(dataset.people)
        self.appointments(dataset.appointments, dataset.posts, posts, people)
        self.contacts(dataset.contacts, units, posts, people)

    def _changes(self, record, values: dict) -> dict:
        return {name: value for name, value in values.items() if getattr(record, name) != value}

    def _update(self, kind: str, record, values: dict, save: Callable) -> None:
        """Give ``record`` the ``values`` that differ and ``save`` it if any did."""
        changes = self._changes(record, values)
        for name, value in changes.items():
            setattr(record, name, value)
        if changes:
            save(record)
        self.count(kind, "updated" if changes else "unchanged")

    def units(self, rows: list[UnitIn]) -> dict[str, Unit]:
        by_code = {
            u.code: u for u in Unit.objects.filter(code__in=among([r.code for r in rows], "text"))
        }
        parents_needed = {r.parent for r in rows if r.parent} - {r.code for r in rows}
        by_code.update(
            {u.code: u for u in Unit.objects.filter(code__in=among(parents_needed, "text"))}
        )
        for done, row in enumerate(_parents_first(rows), 1):
            values = {
                "name_uz": row.name,
                "kind": row.kind,
                "short_name_uz": row.short_name,
                "mandate_uz": row.mandate,
                "address": row.address[:300],
                "website": row.website[:500],
                "other_names": row.other_names,
                "established_on": row.established_on,
                "abolished_on": row.abolished_on,
                **{f"name_{lang}": row.names.get(lang, "") for lang in NAME_LANGUAGES},
                **{f"short_name_{lang}": row.short_names.get(lang, "") for lang in NAME_LANGUAGES},
            }
            parent = by_code.get(row.parent) if row.parent else None
            unit = by_code.get(row.code)
            if unit is None:
                fields = {k: v for k, v in values.items() if k not in ("name_uz", "kind")}
                unit = services.create_unit(
                    self.actor, parent=parent, code=row.code, name=row.name, kind=row.kind, **fields
                )
                self.count("units", "created")
            else:
                unit.refresh_from_db()
                moved = False
                current_parent = unit.parent_path
                if (parent.path if parent else "") != current_parent:
                    unit = services.move_unit(self.actor, unit, parent)
                    moved = True
                changes = self._changes(unit, values)
                if changes:
                    unit = services.update_unit(self.actor, unit, **changes)
                self.count("units", "updated" if changes or moved else "unchanged")
            by_code[row.code] = unit
            if done % 100 == 0 or done == len(rows):
                self.progress("units", done, len(rows))
        return by_code

    def posts(self, rows: list[PostIn], units: dict[str, Unit]) -> dict[str, Post]:
        by_code = {
            p.code: p for p in Post.objects.filter(code__in=among([r.code for r in rows], "text"))
        }
        missing_units = {r.unit for r in rows} - set(units)
        units = {
            **units,
            **{u.code: u for u in Unit.objects.filter(code__in=among(missing_units, "text"))},
        }
        for done, row in enumerate(rows, 1):
            values = {
                "unit_id": units[row.unit].pk,
                "title_uz": row.title,
                "duties_uz": row.duties,
                "rank": row.rank[:60],
                "is_head": row.is_head,
                "visibility": row.visibility,
                **{f"title_{lang}": row.titles.get(lang, "") for lang in NAME_LANGUAGES},
            }
            post = by_code.get(row.code)
            if post is None:
                post = Post(code=row.code, **values)
                services.save_post(self.actor, post)
                self.count("posts", "created")
            else:
                # A changed ``unit_id`` drops the cached unit (Django), so none goes stale.
                self._update("posts", post, values, partial(services.save_post, self.actor))
            by_code[row.code] = post
            if done % 200 == 0 or done == len(rows):
                self.progress("posts", done, len(rows))
        # Reporting lines, once every post exists.
        wanted = {r.reports_to for r in rows if r.reports_to} - set(by_code)
        every = {
            **by_code,
            **{p.code: p for p in Post.objects.filter(code__in=among(wanted, "text"))},
        }
        for row in rows:
            post = by_code[row.code]
            target = every[row.reports_to].pk if row.reports_to else None
            if post.reports_to_id != target:
                post.reports_to_id = target
                services.save_post(self.actor, post)
        return by_code

    def people(self, rows: list[PersonIn]) -> dict[str, Person]:
        """Changed people go one by one through ``services``; new ones (the bulk of a
        large import) are written with COPY, with their history rows."""
        by_slug = {
            p.slug: p for p in Person.objects.filter(slug__in=among([r.slug for r in rows], "text"))
        }
        new: list[PersonIn] = []
        for row in rows:
            person = by_slug.get(row.slug)
            if person is None:
                new.append(row)
                continue
            values = {
                "family_name": row.family_name,
                "given_name": row.given_name,
                "patronymic": row.patronymic,
                "visibility": row.visibility,
            }
            self._update("people", person, values, partial(services.save_person, self.actor))
        user = None if self.actor is SYSTEM or self.actor is None else self.actor
        for start in range(0, len(new), BULK):
            batch = new[start : start + BULK]
            ids = reversed(bulk.reserve_ids(Person, len(batch)))
            # Made while PostgreSQL stores the ones before.
            people = (
                Person(
                    pk=pk,
                    slug=row.slug,
                    family_name=row.family_name,
                    given_name=row.given_name,
                    patronymic=row.patronymic,
                    visibility=row.visibility,
                )
                for row, pk in zip(batch, ids, strict=True)
            )
            created = bulk.copy_insert_with_history(Person, people, user=user)
            by_slug.update((person.slug, person) for person in created)
            search.documents.note_changed("person", created)
            self.summary.counts["people"]["created"] += len(created)
            self.progress("people", start + len(batch), len(new))
        return by_slug

    def appointments(self, rows, post_rows, posts: dict[str, Post], people: dict[str, Person]):
        posts = {
            **posts,
            **{
                p.code: p
                for p in Post.objects.filter(
                    code__in=among({r.post for r in rows} - set(posts), "text")
                )
            },
        }
        people = {
            **people,
            **{
                p.slug: p
                for p in Person.objects.filter(
                    slug__in=among({r.person for r in rows} - set(people), "text")
                )
            },
        }
        stored = {
            (a.post_id, a.person_id, a.starts_on): a
            for a in Appointment.objects.filter(post_id__in=among(posts[r.post].pk for r in rows))
        }
        listed = set()
        for done, row in enumerate(sorted(rows, key=lambda r: (r.post, r.starts_on)), 1):
            post, person = posts[row.post], people[row.person]
            existing = stored.get((post.pk, person.pk, row.starts_on))
            if existing is None:
                existing = services.appoint(
                    self.actor, person, post, row.starts_on, acting=row.acting, ends_on=row.ends_on
                )
                self.count("appointments", "created")
            elif existing.ends_on != row.ends_on or existing.acting != row.acting:
                existing.refresh_from_db()  # an earlier row may have ended it meanwhile
                services.update_appointment(
                    self.actor, existing, ends_on=row.ends_on, acting=row.acting
                )
                self.count("appointments", "updated")
            else:
                self.count("appointments", "unchanged")
            listed.add(existing.pk)
            if done % 200 == 0 or done == len(rows):
                self.progress("appointments", done, len(rows))
        # The file speaks for the posts it lists: their current holders it no longer
        # lists leave the day before the import (or the day they started).
        file_posts = [posts[r.code].pk for r in post_rows if r.code in posts]
        stale = (
            Appointment.objects.current(self.today)
            .filter(post_id__in=among(file_posts))
            .exclude(pk__in=among(listed))
        )
        for appointment in stale.select_related("post__unit"):
            last_day = max(self.today - datetime.timedelta(days=1), appointment.starts_on)
            services.end_appointment(self.actor, appointment, last_day)
            self.count("appointments", "ended")

    def contacts(self, rows, units, posts, people) -> None:
        owners = {"unit": units, "post": posts, "person": people}
        models = {"unit": (Unit, "code"), "post": (Post, "code"), "person": (Person, "slug")}
        grouped: dict[tuple[str, str], list[ContactIn]] = defaultdict(list)
        for row in rows:
            grouped[(row.owner_kind, row.owner)].append(row)
        # Owners not written by this file, and every owner's stored contacts: a query per
        # kind, not per owner.
        stored: dict[tuple[str, int], list[ContactPoint]] = defaultdict(list)
        for kind, (model, field_name) in models.items():
            keys = {key for owner_kind, key in grouped if owner_kind == kind}
            missing = keys - set(owners[kind])
            if missing:
                found = model.objects.filter(**{f"{field_name}__in": among(missing, "text")})
                owners[kind] = {**owners[kind], **{getattr(o, field_name): o for o in found}}
            ids = [owners[kind][key].pk for key in keys]
            for contact in ContactPoint.objects.filter(**{f"{kind}_id__in": among(ids)}):
                stored[(kind, getattr(contact, f"{kind}_id"))].append(contact)
        for (kind, key), contact_rows in grouped.items():
            owner = owners[kind][key]
            existing = {(c.kind, c.value, c.extension): c for c in stored[(kind, owner.pk)]}
            kept = set()
            for order, row in enumerate(contact_rows):
                match = existing.get((row.kind, row.value, row.extension))
                values = {"label": row.label[:100], "visibility": row.visibility, "order": order}
                if match is None:
                    contact = ContactPoint(
                        kind=row.kind,
                        value=row.value,
                        extension=row.extension,
                        **{kind: owner},
                        **values,
                    )
                    services.save_contact(self.actor, contact)
                    self.count("contacts", "created")
                else:
                    kept.add(match.pk)
                    self._update(
                        "contacts", match, values, partial(services.save_contact, self.actor)
                    )
            for contact in existing.values():
                if contact.pk not in kept:
                    services.remove_contact(self.actor, contact)
                    self.count("contacts", "removed")


def _parents_first(rows: list[UnitIn]) -> list[UnitIn]:
    by_code = {r.code: r for r in rows}
    ordered, placed = [], set()

    def place(row: UnitIn, depth: int = 0) -> None:
        if row.code in placed:
            return
        if row.parent in by_code and depth < 1000:
            place(by_code[row.parent], depth + 1)
        placed.add(row.code)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered
