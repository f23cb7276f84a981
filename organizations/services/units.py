"""Units: create, update (not the names), rename, move, and the reorganisations (abolish, merge, split). Each reorganisation takes effect on ``effective_on`` (default today): what ends, ends the day before."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import permissions, search
from ..dates import start_of
from ..models import Appointment, Post, Unit, today
from ..permissions import CHANGE, MANAGE, Actor, require_reorganise
from .appointments import end_appointments
from .common import DAY, TREE_POSITIONS, attribute, save_change


@transaction.atomic
def create_unit(
    *, actor: Actor, parent: Unit | None, code: str, name: str, kind: str, **fields
) -> Unit:
    """Add a unit as the last child of ``parent`` (or as a new top-level unit)."""
    if parent is None:
        if not permissions.is_administrator(actor):
            raise permissions.PermissionDenied
    else:
        permissions.require(actor, parent, MANAGE)
    # ``name`` is the name in the default language (Uzbek Latin); other languages come as
    # name_ru, name_en, ... (modeltranslation would otherwise file it under the active one).
    fields.setdefault("name_uz", name)
    unit = Unit(code=code, kind=kind, **fields)
    # Validate before treebeard writes anything; path and depth are set by the tree.
    unit.full_clean(exclude=["path", "depth", "numchild"])
    attribute(unit, actor)
    if parent is None:
        unit = Unit.objects.add_root(instance=unit)
    else:
        unit = Unit.objects.add_child(parent, instance=unit)
    search.reindex_for(unit)
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, actor: Actor, version: int | None = None, **changes) -> Unit:
    """Change a unit's details (not its names or place in the tree: see ``rename_unit``
    and ``move_unit``)."""
    permissions.require(actor, unit, CHANGE)
    names = set(changes) & UNIT_RENAME_FIELDS
    if names:
        raise TypeError(f"Names change through rename_unit, not update_unit: {sorted(names)}")
    for name, value in changes.items():
        setattr(unit, name, value)
    save_change(unit, actor, version=version)
    return unit


def backdate(record, effective_on: datetime.date | None) -> None:
    """Record the change that the next save writes as made on ``effective_on`` when
    that is a past day: the directory on any day from then on shows it
    (``organizations.asof``). Today or later: recorded now, as any change."""
    if effective_on is not None and effective_on < today():
        record._history_date = start_of(effective_on)


def _past_day(unit: Unit, effective_on: datetime.date | None) -> None:
    """A rename or a move may be dated back, not forward, and not before the unit."""
    if effective_on is None:
        return
    if effective_on > today():
        raise ValidationError({"effective_on": _("A change cannot take effect in the future.")})
    if unit.established_on and effective_on < unit.established_on:
        raise ValidationError(
            {"effective_on": _("A change cannot take effect before the unit was established.")}
        )
    # History is a sequence: a change dated before one already recorded would be undone,
    # on the days between, by that later record of the state before it.
    latest = unit.history.order_by("-history_date").values_list("history_date", flat=True).first()
    if latest is not None and effective_on < today() and start_of(effective_on) < latest:
        raise ValidationError(
            {
                "effective_on": _(
                    "A change can only be dated after the last recorded change of this unit "
                    "(%(day)s)."
                )
                % {"day": date_format(timezone.localdate(latest))}
            }
        )


@transaction.atomic
def move_unit(
    unit: Unit,
    new_parent: Unit | None,
    position: str = "last-child",
    *,
    actor: Actor,
    effective_on: datetime.date | None = None,
) -> Unit:
    """Move a unit with its whole subtree under ``new_parent``, first or last among its
    new siblings. Grants on the old ancestors stop applying; those on the new apply.
    ``effective_on`` (a past day) dates the move in history."""
    if position not in TREE_POSITIONS:
        raise ValidationError(_("Unknown position “%(position)s”."), params={"position": position})
    unit.refresh_from_db()
    require_reorganise(actor, unit)
    _past_day(unit, effective_on)
    if new_parent is None:
        if not permissions.is_administrator(actor):
            raise permissions.PermissionDenied
    else:
        new_parent.refresh_from_db()
        permissions.require(actor, new_parent, MANAGE)
        if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    if new_parent is None:
        roots = Unit.objects.filter(depth=1).exclude(pk=unit.pk)
        anchor = roots.first() if position == "first-child" else roots.last()
        if anchor is not None:
            Unit.objects.move(
                unit, anchor, "first-sibling" if position == "first-child" else "last-sibling"
            )
    else:
        Unit.objects.move(unit, new_parent, position)
    unit.refresh_from_db()
    backdate(unit, effective_on)
    save_change(unit, actor)
    return unit


# Reorganisations. Each takes effect on ``effective_on`` (default today): what ends, ends
# the day before; everything is one transaction with history naming the actor.

LANGUAGE_SUFFIXES = ("uz", "uz_cyrl", "ru", "en", "ko")


UNIT_NAME_FIELDS = tuple(f"name_{suffix}" for suffix in LANGUAGE_SUFFIXES)


UNIT_RENAME_FIELDS = frozenset(
    {"name", *UNIT_NAME_FIELDS, "short_name", *(f"short_{n}" for n in UNIT_NAME_FIELDS)}
)


@transaction.atomic
def rename_unit(
    unit: Unit,
    *,
    actor: Actor,
    version: int | None = None,
    effective_on: datetime.date | None = None,
    **names,
) -> Unit:
    """Give a unit new names (``name_uz``, ``name_ru``, … and ``short_name_*``). The old
    names stay in history and in ``former_names``, where search still finds them.
    ``effective_on`` (a past day) dates the rename in history."""
    unit.refresh_from_db()
    require_reorganise(actor, unit)
    _past_day(unit, effective_on)
    unknown = set(names) - {*UNIT_NAME_FIELDS, *(f"short_{n}" for n in UNIT_NAME_FIELDS)}
    if unknown:
        raise TypeError(f"Not a name field: {', '.join(sorted(unknown))}")
    if not (names.get("name_uz", unit.name_uz) or "").strip():
        raise ValidationError({"name_uz": _("The unit needs a name in Uzbek.")})
    stored = {field: getattr(unit, field) for field in UNIT_NAME_FIELDS}
    for field, value in names.items():
        setattr(unit, field, value or "")
    keep_former_names(unit, stored)
    backdate(unit, effective_on)
    save_change(unit, actor, version=version)
    return unit


def keep_former_names(unit: Unit, stored: dict[str, str | None] | None = None) -> None:
    """The names ``unit`` had (``stored``, else as in the database) that it no longer
    has go to its ``former_names``, where search still finds them: a rename made
    anywhere (the rename page, admin, an import, a revert) keeps them."""
    if stored is None:
        if unit.pk is None:
            return
        stored = Unit.objects.filter(pk=unit.pk).values(*UNIT_NAME_FIELDS).first() or {}
    former = list(unit.former_names)
    for field in UNIT_NAME_FIELDS:
        old = stored.get(field) or ""
        if old and old != (getattr(unit, field) or "") and old not in former:
            former.append(old)
    unit.former_names = former


def _validate_successors(unit: Unit, successors) -> None:
    for successor in successors:
        if successor.pk == unit.pk:
            raise ValidationError({"successors": _("A unit cannot be its own successor.")})
        if successor.path.startswith(unit.path):
            raise ValidationError(
                {"successors": _("A successor cannot be inside the unit being abolished.")}
            )
        if successor.abolished_on:
            raise ValidationError(
                {"successors": _("“%(unit)s” is itself abolished.") % {"unit": successor.name}}
            )


def _abolish_subtree(actor: Actor, unit: Unit, last_day: datetime.date, reason: str) -> None:
    """Abolish the unit's whole current subtree and its posts on ``last_day``; the
    holders leave that day."""
    if unit.established_on and last_day < unit.established_on:
        raise ValidationError(
            {"effective_on": _("The unit cannot be abolished before it was established.")}
        )
    end_appointments(
        actor, Appointment.objects.filter(post__unit__path__startswith=unit.path), last_day
    )
    for post in Post.objects.current(last_day + DAY).filter(unit__path__startswith=unit.path):
        post.abolished_on = max(last_day, post.established_on or last_day)
        save_change(post, actor)
    for inner in Unit.objects.current(last_day + DAY).filter(path__startswith=unit.path):
        inner.abolished_on = max(last_day, inner.established_on or last_day)
        inner.abolition_reason = reason
        save_change(inner, actor)


@transaction.atomic
def abolish_unit(
    unit: Unit,
    *,
    actor: Actor,
    reason: str = Unit.AbolitionReason.ABOLISHED,
    successors=(),
    effective_on: datetime.date | None = None,
) -> Unit:
    """The unit stops existing from ``effective_on``: it, the units and posts still
    inside it are abolished the day before and their holders leave. Its page stays,
    saying since when and why, with links to the ``successors``."""
    unit.refresh_from_db()
    require_reorganise(actor, unit)
    if unit.abolished_on:
        raise ValidationError(_("The unit is already abolished."))
    if reason not in Unit.AbolitionReason.values:
        raise ValidationError({"reason": _("Unknown reason.")})
    successors = list(successors)
    _validate_successors(unit, successors)
    last_day = (effective_on or today()) - DAY
    _abolish_subtree(actor, unit, last_day, reason)
    unit.refresh_from_db()
    unit.successors.add(*successors)
    return unit


def _take_over(actor: Actor, source: Unit, target: Unit, effective_on: datetime.date) -> None:
    """Move the source's current sub-units and posts into the target."""
    for child in list(
        Unit.objects.current(effective_on).filter(
            path__startswith=source.path, depth=source.depth + 1
        )
    ):
        target.refresh_from_db()  # treebeard places the child by the target's children
        Unit.objects.move(child, target, "last-child")
        child.refresh_from_db()
        backdate(child, effective_on)
        save_change(child, actor)
    for post in Post.objects.current(effective_on).filter(unit=source):
        post.unit = target
        backdate(post, effective_on)
        save_change(post, actor)


@transaction.atomic
def merge_units(
    sources, target: Unit, *, actor: Actor, effective_on: datetime.date | None = None
) -> Unit:
    """Merge ``sources`` into ``target`` (an existing unit, perhaps one just created
    with ``create_unit``): their sub-units and posts, with the people in them, move to
    the target; the sources are abolished as *merged* with the target as successor."""
    effective_on = effective_on or today()
    sources = [Unit.objects.get(pk=source.pk) for source in sources]
    target.refresh_from_db()
    if not sources:
        raise ValidationError(_("Choose at least one unit to merge."))
    if not permissions.has_unit_permission(actor, target, MANAGE):
        raise permissions.PermissionDenied
    for source in sources:
        require_reorganise(actor, source)
        if source.abolished_on:
            raise ValidationError(_("“%(unit)s” is already abolished.") % {"unit": source.name})
        if target.path.startswith(source.path):
            raise ValidationError(
                {"target": _("A unit cannot be merged into itself or one of its own units.")}
            )
        if any(o.pk != source.pk and source.path.startswith(o.path) for o in sources):
            raise ValidationError(
                _("“%(unit)s” is inside another unit being merged.") % {"unit": source.name}
            )
    if target.abolished_on:
        raise ValidationError({"target": _("The target unit is abolished.")})
    for source in sources:
        _take_over(actor, source, target, effective_on)
        source.refresh_from_db()
        _abolish_subtree(actor, source, effective_on - DAY, Unit.AbolitionReason.MERGED)
        source.successors.add(target)
    target.refresh_from_db()
    return target


@transaction.atomic
def split_unit(
    unit: Unit,
    parts: list[dict],
    *,
    actor: Actor,
    posts: dict[int, int | None] | None = None,
    children: dict[int, int | None] | None = None,
    effective_on: datetime.date | None = None,
) -> list[Unit]:
    """Split ``unit`` into new units beside it, one per entry of ``parts`` (``code``,
    ``name`` and other fields of ``create_unit``). ``posts`` and ``children`` say which
    part (an index into ``parts``) each current post and sub-unit goes to; those given
    no part (or None) are abolished with the unit. The unit is abolished as *split*
    with the new units as its successors."""
    effective_on = effective_on or today()
    unit.refresh_from_db()
    require_reorganise(actor, unit)
    if unit.abolished_on:
        raise ValidationError(_("The unit is already abolished."))
    if len(parts) < 2:
        raise ValidationError(_("A unit is split into at least two units."))
    parent = Unit.objects.get_parent(unit)
    new_units = []
    for part in parts:
        fields = dict(part)
        fields.setdefault("kind", unit.kind)
        fields.setdefault("established_on", effective_on)
        new_units.append(create_unit(parent=parent, **fields, actor=actor))
    posts, children = posts or {}, children or {}
    for mapping in (posts, children):
        for index in mapping.values():
            if index is not None and not 0 <= index < len(new_units):
                raise ValidationError(_("Unknown part of the split."))
    for child in Unit.objects.current(effective_on).filter(
        path__startswith=unit.path, depth=unit.depth + 1
    ):
        index = children.get(child.pk)
        if index is not None:
            target = Unit.objects.get(pk=new_units[index].pk)
            Unit.objects.move(child, target, "last-child")
            child.refresh_from_db()
            save_change(child, actor)
    for post in Post.objects.current(effective_on).filter(unit=unit):
        index = posts.get(post.pk)
        if index is not None:
            post.unit = new_units[index]
            save_change(post, actor)
    unit.refresh_from_db()
    _abolish_subtree(actor, unit, effective_on - DAY, Unit.AbolitionReason.SPLIT)
    unit.successors.add(*new_units)
    return [Unit.objects.get(pk=u.pk) for u in new_units]
