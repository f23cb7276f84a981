"""A unit's story, read from its recorded history and its dated fields: established,
renamed, moved, merged, split, abolished, and the heads who came and went. A fixed
number of queries for any amount of history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Appointment, Person, Post, Unit
from .visibility import Viewer

DAY = datetime.timedelta(days=1)


@dataclass
class Event:
    """Something that happened to a unit on a day. ``kind`` is one of ``KINDS``;
    ``units`` are the other units it names (from, to, successors, predecessors),
    ``person`` and ``post`` the head it is about."""

    on: datetime.date
    kind: str
    text: str
    units: list[Unit] = field(default_factory=list)
    person: Person | None = None
    post: Post | None = None
    before: str = ""
    after: str = ""
    #: Set by the page: whether the day can be shown (``?on=``) and so is a link.
    linked: bool = False


KINDS = (
    "established",
    "renamed",
    "moved",
    "merged_from",
    "split_from",
    "head_left",
    "head_appointed",
    "merged_into",
    "split_into",
    "abolished",
)


def _name_then(rows: list, moment: datetime.datetime) -> str:
    """The name of a unit (its history ``rows``, oldest first) at ``moment``."""
    chosen = rows[0]
    for row in rows:
        if row.history_date < moment:
            chosen = row
    return _label(chosen)


def _label(row) -> str:
    """A history row's name in the reader's language (with the usual fallbacks)."""
    fields = ["id"] + [f"name_{suffix}" for suffix in ("uz", "uz_cyrl", "ru", "en", "ko")]
    values = [row.id, *(getattr(row, name) for name in fields[1:])]
    return Unit.from_db("default", fields, values).name


def events(viewer: Viewer, unit: Unit) -> list[Event]:
    """Everything the directory knows happened to ``unit``, oldest first. Five queries."""
    history = Unit.history.model
    rows = list(history.objects.filter(id=unit.pk).order_by("history_date", "history_id"))
    found: list[Event] = []
    if unit.established_on:
        found.append(Event(unit.established_on, "established", _("Established")))
    # Parents named by the rows, as they were named when the unit moved.
    parent_ids = {r.parent_unit for r in rows if r.parent_unit}
    parent_rows: dict[int, list] = {}
    for row in history.objects.filter(id__in=parent_ids).order_by("history_date", "history_id"):
        parent_rows.setdefault(row.id, []).append(row)
    parents = Unit.objects.in_bulk(parent_ids)
    for before, after in zip(rows, rows[1:], strict=False):
        day = timezone.localdate(after.history_date)
        if _label(before) != _label(after):
            found.append(
                Event(day, "renamed", _("Renamed"), before=_label(before), after=_label(after))
            )
        if before.parent_unit != after.parent_unit:
            moved = Event(day, "moved", _("Moved"))
            for pk in (before.parent_unit, after.parent_unit):
                if pk in parents:
                    shown = parents[pk]
                    shown.name_then = _name_then(parent_rows.get(pk, [after]), after.history_date)
                    moved.units.append(shown)
            if len(moved.units) == 2:
                moved.before, moved.after = (u.name_then for u in moved.units)
            found.append(moved)
    # Reorganisations, both ways.
    for predecessor in unit.predecessors.all():
        if predecessor.abolished_on is None:
            continue
        kind = "split_from" if predecessor.abolition_reason == "split" else "merged_from"
        text = _("Took over the work of") if kind == "merged_from" else _("Formed from a part of")
        found.append(Event(predecessor.abolished_on + DAY, kind, text, units=[predecessor]))
    if unit.abolished_on:
        successors = list(unit.successors.all())
        if successors and unit.abolition_reason in ("merged", "split"):
            kind = "split_into" if unit.abolition_reason == "split" else "merged_into"
            text = _("Split into") if kind == "split_into" else _("Merged into")
            found.append(Event(unit.abolished_on + DAY, kind, text, units=successors))
        found.append(
            Event(
                unit.abolished_on,
                "abolished",
                _("Abolished"),
                units=successors,
                after=unit.get_abolition_reason_display() if unit.abolition_reason else "",
            )
        )
    # Heads who came and went, as far as the viewer may see them.
    heads = (
        Appointment.objects.filter(
            post__unit=unit,
            post__is_head=True,
            post__in=Post.objects.visible_to(viewer),
            person__in=Person.objects.visible_to(viewer),
        )
        .select_related("person", "post")
        .order_by("starts_on", "id")
    )
    for appointment in heads:
        found.append(
            Event(
                appointment.starts_on,
                "head_appointed",
                _("Acting head appointed") if appointment.acting else _("Head appointed"),
                person=appointment.person,
                post=appointment.post,
            )
        )
        if appointment.ends_on:
            found.append(
                Event(
                    appointment.ends_on,
                    "head_left",
                    _("Head left"),
                    person=appointment.person,
                    post=appointment.post,
                )
            )
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(found, key=lambda e: (e.on, order[e.kind]))
