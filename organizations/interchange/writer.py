"""Writing a checked dataset through the services, in the caller's transaction.

Records are matched by identifier and only the fields the file gives (``Record.given``)
and that differ are saved, so a second import of the same file changes nothing and a
file without mandates keeps the stored ones. A file that speaks for everything in its
scope (one made elsewhere, or an administrator's export) also ends the current holders
it no longer lists for the posts whose holders it states, and removes the contacts it no
longer lists for the owners whose contacts it states. A file cut at a viewer's tier
(``Cut``) only adds and updates: what it does not show may exist and is kept, counted as
"kept". Changes to stored records go through the services, so history names the
importing user and search documents follow. New records (the bulk of a large import)
are written with COPY, a batch at a time, with their "created" history rows naming the
importing user and their search documents, after the checks the services would make
(``checks`` and each model's own validation); importing is for administrators, so no
right needs checking per row.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .. import bulk, permissions, search, services
from ..bulk import among
from ..models import Appointment, ContactPoint, Person, Post, Unit, today
from ..permissions import SYSTEM
from .dataset import ALL_LANGUAGES, NAME_LANGUAGES, Dataset, PostIn, Problem, UnitIn
from .fields import (
    PERSON_FIELDS,
    POST_LANGUAGES,
    UNIT_LANGUAGES,
    given_appointment,
    given_fields,
    parents_first,
    validate_offline,
)
from .placement import NewUnits

BULK = 2000

Progress = Callable[[str, int, int], None]


class RowRefused(Exception):
    """A row the checks let through broke a rule while it was written (the services
    check again): the whole import stops, with the row's line and reason."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# The model fields each record field of a unit or post stands for.
UNIT_FIELDS: dict[str, Callable[[UnitIn], dict]] = {
    "name": lambda r: {"name_uz": r.name},
    "kind": lambda r: {"kind": r.kind},
    "short_name": lambda r: {"short_name_uz": r.short_name},
    "mandate": lambda r: {"mandate_uz": r.mandate},
    "address": lambda r: {"address": r.address[:300]},
    "website": lambda r: {"website": r.website[:500]},
    "other_names": lambda r: {"other_names": r.other_names},
    "established_on": lambda r: {"established_on": r.established_on},
    "abolished_on": lambda r: {"abolished_on": r.abolished_on},
    "abolition_reason": lambda r: {"abolition_reason": r.abolition_reason},
}
POST_FIELDS: dict[str, Callable[[PostIn], dict]] = {
    "title": lambda r: {"title_uz": r.title},
    "duties": lambda r: {"duties_uz": r.duties},
    "rank": lambda r: {"rank": r.rank[:60]},
    "is_head": lambda r: {"is_head": r.is_head},
    "visibility": lambda r: {"visibility": r.visibility},
}


class Writer:
    def __init__(self, actor, counts, progress: Progress):
        self.actor, self.counts, self.progress = actor, counts, progress
        self.today = today()
        self.complete = True
        # Importing is for administrators (the command and admin say so first): they may
        # write anything, so new records need no check of rights per row.
        if not permissions.is_administrator(actor):
            raise permissions.PermissionDenied
        self.user = None if actor is SYSTEM or actor is None else actor

    def count(self, kind: str, what: str, number: int = 1) -> None:
        if number:
            self.counts[kind][what] += number

    @contextlib.contextmanager
    def row(self, line: int):
        try:
            yield
        except ValidationError as error:
            raise RowRefused(Problem(line, " ".join(error.messages))) from error

    def write(self, dataset: Dataset) -> None:
        self.complete = dataset.complete
        units = self.units(dataset.units)
        posts = self.posts(dataset.posts, units)
        people = self.people(dataset.people)
        self.appointments(dataset, posts, people)
        self.contacts(dataset, units, posts, people)

    def _changes(self, record, values: dict) -> dict:
        """The values that differ from the record's; an empty text and none are the same
        (translated columns are empty as None)."""
        changes = {}
        for name, value in values.items():
            current = getattr(record, name)
            if isinstance(value, str) and current is None:
                current = ""
            if current != value:
                changes[name] = value
        return changes

    def _update(self, kind: str, record, values: dict, save: Callable) -> None:
        """Give ``record`` the ``values`` that differ and ``save`` it if any did."""
        changes = self._changes(record, values)
        for name, value in changes.items():
            setattr(record, name, value)
        if changes:
            save(record)
        self.count(kind, "updated" if changes else "unchanged")

    def _copy(self, model, pending: list, kind: str = "") -> None:
        """Write the new records of ``pending`` [(row, record)] with COPY, with their
        "created" history rows naming the importing user, and note their search
        documents (``kind``). A rule the checks do not know and the database keeps
        (another session took a code meanwhile) refuses the import, naming the first
        row of the batch and the rule."""
        for start in range(0, len(pending), BULK):
            batch = pending[start : start + BULK]
            try:
                with transaction.atomic():
                    bulk.copy_insert_with_history(model, [r for _, r in batch], user=self.user)
            except IntegrityError as error:
                raise RowRefused(
                    Problem(
                        batch[0][0].line,
                        _("The change breaks a rule of the directory: %(error)s")
                        % {"error": error},
                    )
                ) from error
            for _row, record in batch:
                record._state.adding, record._state.db = False, "default"
            if kind:
                search.documents.note_changed(kind, [r.pk for _, r in batch])

    def units(self, rows: list[UnitIn]) -> dict[str, Unit]:
        by_code = {
            u.code: u for u in Unit.objects.filter(code__in=among([r.code for r in rows], "text"))
        }
        parents_needed = {r.parent for r in rows if r.parent} - {r.code for r in rows}
        by_code.update(
            {u.code: u for u in Unit.objects.filter(code__in=among(parents_needed, "text"))}
        )
        self.tree = NewUnits()
        moves = 0
        for done, row in enumerate(parents_first(rows), 1):
            values = given_fields(row, UNIT_FIELDS, UNIT_LANGUAGES)
            parent = by_code.get(row.parent) if row.parent else None
            unit = by_code.get(row.code)
            with self.row(row.line):
                if unit is None:
                    fields = {k: v for k, v in values.items() if k not in ("name_uz", "kind")}
                    unit = self.tree.add(row, parent, name_uz=row.name, kind=row.kind, **fields)
                    self.count("units", "created")
                else:
                    # The new units so far first: this one may move under one of them.
                    self._write_new_units()
                    if moves:  # an earlier move may have changed its path
                        unit.refresh_from_db()
                    moved = False
                    if row.gives("parent") and (parent.path if parent else "") != unit.parent_path:
                        unit = services.move_unit(unit, parent, actor=self.actor)
                        self.tree.moved()
                        moved = True
                        moves += 1
                    changes = self._changes(unit, values)
                    names = {k: v for k, v in changes.items() if k in services.UNIT_RENAME_FIELDS}
                    if names:
                        unit = services.rename_unit(unit, **names, actor=self.actor)
                    details = {k: v for k, v in changes.items() if k not in names}
                    if details:
                        unit = services.update_unit(unit, **details, actor=self.actor)
                    self.count("units", "updated" if changes or moved else "unchanged")
            by_code[row.code] = unit
            if done % 100 == 0 or done == len(rows):
                self.progress("units", done, len(rows))
        self._write_new_units()
        return by_code

    def _write_new_units(self) -> None:
        """The new units placed in the tree so far, in one COPY, and the number of
        children of the stored units they went under."""
        pending, grown = self.tree.take()
        for row, unit in pending:
            with self.row(row.line):
                validate_offline(unit, ["path", "depth", "numchild"])
        bulk.as_saved(unit for _row, unit in pending)
        self._copy(Unit, pending, "unit")
        for parent, added in grown.items():
            Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + added)
            parent.numchild += added

    def posts(self, rows: list[PostIn], units: dict[str, Unit]) -> dict[str, Post]:
        by_code = {
            p.code: p for p in Post.objects.filter(code__in=among([r.code for r in rows], "text"))
        }
        missing_units = {r.unit for r in rows} - set(units)
        units = {
            **units,
            **{u.code: u for u in Unit.objects.filter(code__in=among(missing_units, "text"))},
        }
        new: list[tuple[PostIn, Post]] = []
        for done, row in enumerate(rows, 1):
            values = {
                "unit_id": units[row.unit].pk,
                **given_fields(row, POST_FIELDS, POST_LANGUAGES),
            }
            post = by_code.get(row.code)
            with self.row(row.line):
                if post is None:
                    post = Post(code=row.code, **values)
                    validate_offline(post, ["unit", "reports_to"])
                    new.append((row, post))
                    self.count("posts", "created")
                else:
                    # A changed ``unit_id`` drops the cached unit (Django): none goes stale.
                    self._update(
                        "posts", post, values, partial(services.save_post, actor=self.actor)
                    )
            by_code[row.code] = post
            if done % 200 == 0 or done == len(rows):
                self.progress("posts", done, len(rows))
        # New posts get their keys now, so that their reporting lines are written with
        # them; the others' lines are changed through the services.
        for (_row, post), pk in zip(new, reversed(bulk.reserve_ids(Post, len(new))), strict=True):
            post.pk = pk
        stated = [r for r in rows if r.gives("reports_to")]
        wanted = {r.reports_to for r in stated if r.reports_to} - set(by_code)
        every = {
            **by_code,
            **{p.code: p for p in Post.objects.filter(code__in=among(wanted, "text"))},
        }
        for row in stated:
            post = by_code[row.code]
            target = every[row.reports_to].pk if row.reports_to else None
            if post.reports_to_id != target:
                post.reports_to_id = target
                if post._state.adding:
                    continue  # written below, with it
                with self.row(row.line):
                    services.save_post(post, actor=self.actor)
        bulk.as_saved(post for _row, post in new)
        self._copy(Post, new, "post")
        return by_code

    def people(self, rows) -> dict[str, Person]:
        """Changed people go one by one through ``services``; new ones (the bulk of a
        large import) are written with COPY, with their history rows."""
        by_slug = {
            p.slug: p for p in Person.objects.filter(slug__in=among([r.slug for r in rows], "text"))
        }
        new = []
        for row in rows:
            person = by_slug.get(row.slug)
            if person is None:
                new.append(row)
                continue
            values = {name: getattr(row, name) for name in PERSON_FIELDS if row.gives(name)}
            with self.row(row.line):
                self._update(
                    "people", person, values, partial(services.save_person, actor=self.actor)
                )
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
            self.count("people", "created", len(created))
            self.progress("people", start + len(batch), len(new))
        return by_slug

    def appointments(self, dataset: Dataset, posts: dict[str, Post], people: dict[str, Person]):
        rows = dataset.appointments
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
        # A post with no appointments stored needs none ended for a new one (the checks
        # let no two of the file overlap): its new ones are written in bulk.
        holding = {post_id for post_id, _person, _starts in stored}
        new: list[tuple] = []
        for done, row in enumerate(sorted(rows, key=lambda r: (r.post, r.starts_on)), 1):
            post, person = posts[row.post], people[row.person]
            existing = stored.get((post.pk, person.pk, row.starts_on))
            with self.row(row.line):
                if (
                    existing is None
                    and post.pk not in holding
                    and not (post.abolished_on and row.starts_on > post.abolished_on)
                ):
                    existing = Appointment(
                        person=person,
                        post=post,
                        starts_on=row.starts_on,
                        ends_on=row.ends_on,
                        acting=row.acting,
                    )
                    validate_offline(existing, ["person", "post"])
                    new.append((row, existing))
                    self.count("appointments", "created")
                elif existing is None:
                    existing = services.appoint(
                        person,
                        post,
                        row.starts_on,
                        acting=row.acting,
                        ends_on=row.ends_on,
                        actor=self.actor,
                    )
                    self.count("appointments", "created")
                elif self._changes(existing, given_appointment(row)):
                    existing.refresh_from_db()  # an earlier row may have ended it meanwhile
                    values: dict[str, Any] = {
                        "ends_on": existing.ends_on,
                        "acting": existing.acting,
                    }
                    values.update(given_appointment(row))
                    services.update_appointment(existing, **values, actor=self.actor)
                    self.count("appointments", "updated")
                else:
                    self.count("appointments", "unchanged")
            if existing.pk is not None:  # not one of the new ones, written below
                listed.add(existing.pk)
            if done % 200 == 0 or done == len(rows):
                self.progress("appointments", done, len(rows))
        self._copy(Appointment, new)
        listed.update(appointment.pk for _row, appointment in new)
        search.documents.note_changed("post", {a.post_id for _row, a in new})
        search.documents.note_changed("person", {a.person_id for _row, a in new})
        # The file speaks for the holders of the posts it states them for: the current
        # holders it no longer lists leave the day before the import (or the day they
        # started) — unless the file was cut at a tier, and may not show them.
        stating = (
            dataset.holder_posts
            if dataset.holder_posts is not None
            else {r.code for r in dataset.posts}
        )
        file_posts = [posts[code].pk for code in stating if code in posts]
        stale = (
            Appointment.objects.current(self.today)
            .filter(post_id__in=among(file_posts))
            .exclude(pk__in=among(listed))
        )
        if not self.complete:
            self.count("appointments", "kept", stale.count())
            return
        for appointment in stale.select_related("post__unit"):
            last_day = max(self.today - datetime.timedelta(days=1), appointment.starts_on)
            services.end_appointment(appointment, last_day, actor=self.actor)
            self.count("appointments", "ended")

    def contacts(self, dataset: Dataset, units, posts, people) -> None:
        owners = {"unit": units, "post": posts, "person": people}
        models = {"unit": (Unit, "code"), "post": (Post, "code"), "person": (Person, "slug")}
        grouped: dict[tuple[str, str], list] = defaultdict(list)
        for owner in dataset.contact_owners:
            grouped[owner] = []
        for row in dataset.contacts:
            grouped[(row.owner_kind, row.owner)].append(row)
        # Owners not written by this file, and every owner's stored contacts: a query per
        # kind, not per owner.
        stored: dict[tuple[str, int], list[ContactPoint]] = defaultdict(list)
        for kind, (model, field_name) in models.items():
            keys = {key for owner_kind, key in grouped if owner_kind == kind}
            missing = keys - set(owners[kind])
            if missing:
                found = model._default_manager.filter(
                    **{f"{field_name}__in": among(missing, "text")}
                )
                owners[kind] = {**owners[kind], **{getattr(o, field_name): o for o in found}}
            ids = [owners[kind][key].pk for key in keys if key in owners[kind]]
            for contact in ContactPoint.objects.filter(**{f"{kind}_id__in": among(ids)}):
                stored[(kind, getattr(contact, f"{kind}_id"))].append(contact)
        new: list[tuple] = []
        noted: dict[str, set[int]] = defaultdict(set)  # owners of new contacts, by kind
        for (kind, key), contact_rows in grouped.items():
            owner = owners[kind].get(key)
            if owner is None:  # an owner whose record was rejected
                continue
            existing = {(c.kind, c.value, c.extension): c for c in stored[(kind, owner.pk)]}
            kept = set()
            for order, row in enumerate(contact_rows):
                match = existing.get((row.kind, row.value, row.extension))
                # The file's order is that of what it shows: a stored contact keeps its
                # place among those it may not show; a new one comes where the file has it.
                values = {}
                if row.gives("label"):
                    # A file's label is the Uzbek one; other languages' labels are kept.
                    values["label_uz"] = row.label[:100]
                values.update(contact_languages(row))
                if row.gives("visibility"):
                    values["visibility"] = row.visibility
                with self.row(row.line):
                    if match is None:
                        contact = ContactPoint(
                            kind=row.kind,
                            value=row.value,
                            extension=row.extension,
                            **{kind: owner},
                            order=order,
                            **{"label_uz": row.label[:100], "visibility": row.visibility, **values},
                        )
                        validate_offline(contact, ["unit", "post", "person"])
                        new.append((row, contact))
                        noted[kind].add(owner.pk)
                        self.count("contacts", "created")
                    else:
                        kept.add(match.pk)
                        self._update(
                            "contacts",
                            match,
                            values,
                            partial(services.save_contact, actor=self.actor),
                        )
            unlisted = [c for c in existing.values() if c.pk not in kept]
            if not self.complete:
                self.count("contacts", "kept", len(unlisted))
                continue
            for contact in unlisted:
                services.remove_contact(contact, actor=self.actor)
                self.count("contacts", "removed")
        self._copy(ContactPoint, new)
        for kind, owner_ids in noted.items():
            search.documents.note_changed(kind, owner_ids)


def contact_languages(row) -> dict:
    """The other languages' labels and the wording a file states for a contact: only
    when it states them (our JSON's ``labels`` and ``text``), so that files which know
    only the Uzbek label keep the rest."""
    stated = row.given or frozenset()
    values: dict[str, str] = {}
    if "labels" in stated:
        values |= {f"label_{lang}": row.labels.get(lang, "")[:100] for lang in NAME_LANGUAGES}
    if "texts" in stated:
        values |= {f"text_{lang}": row.texts.get(lang, "")[:300] for lang in ALL_LANGUAGES}
    return values
