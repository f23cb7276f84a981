"""Every change to the directory, as one function per verb.

Each service takes the acting user first, checks permission itself, validates, writes in
one transaction and leaves history (django-simple-history) naming the actor. Views,
forms, the admin and importers all write through here. ``permissions.SYSTEM`` is the
actor of automated jobs run by an operator.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import permissions, search
from .models import (
    ApiToken,
    Appointment,
    ContactPoint,
    Person,
    Post,
    Unit,
    UnitUserObjectPermission,
    today,
)
from .permissions import CHANGE, MANAGE, SYSTEM, require_reorganise
from .transliteration import loose_word, uz_cyrillic_to_latin, words

TREE_POSITIONS = ("first-child", "last-child")
DAY = datetime.timedelta(days=1)


class Conflict(ValidationError):
    """The record changed since the editor loaded it (optimistic locking on
    ``version``). ``current`` is the record as it is now."""

    def __init__(self, current):
        super().__init__(
            _("Someone else changed this record while you were editing it."), code="conflict"
        )
        self.current = current


def _attribute(record, actor) -> None:
    """Name the actor in the history row the next save writes."""
    record._history_user = None if actor is SYSTEM or actor is None else actor


def _claim(record, expected_version: int) -> None:
    """Check the version the editor started from and take the next one in a single
    UPDATE: the row stays locked until the transaction ends, so of two editors who
    loaded the same version exactly one gets through; the other gets ``Conflict``."""
    manager = type(record)._base_manager
    claimed = manager.filter(pk=record.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        raise Conflict(manager.get(pk=record.pk))
    record.version = expected_version + 1


def _save(record, actor, *, create: bool = False, version: int | None = None) -> None:
    """Validate and save ``record`` as a change by ``actor``. ``version`` is the version
    the editor's form was built from; when given, a newer version in the database is a
    ``Conflict`` instead of being overwritten."""
    record.full_clean()
    _attribute(record, actor)
    if not create and record.pk and hasattr(record, "version"):
        if version is not None:
            _claim(record, version)
        else:
            record.version = (record.version or 0) + 1
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(
            _("The change breaks a rule of the directory: %(error)s"), params={"error": error}
        ) from error
    # Search sees the change in the same transaction.
    search.reindex_for(record)


def _unit_of(record) -> Unit:
    if isinstance(record, Unit):
        return record
    if isinstance(record, Post):
        return record.unit
    if isinstance(record, Appointment):
        return record.post.unit
    raise TypeError(f"No unit for {record!r}")


@transaction.atomic
def create_unit(actor, *, parent: Unit | None, code: str, name: str, kind: str, **fields) -> Unit:
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
    _attribute(unit, actor)
    if parent is None:
        unit = Unit.objects.add_root(instance=unit)
    else:
        unit = Unit.objects.add_child(parent, instance=unit)
    search.reindex_for(unit)
    return unit


@transaction.atomic
def update_unit(actor, unit: Unit, *, version: int | None = None, **changes) -> Unit:
    """Change a unit's details (not its names or place in the tree: see ``rename_unit``
    and ``move_unit``)."""
    permissions.require(actor, unit, CHANGE)
    names = set(changes) & UNIT_RENAME_FIELDS
    if names:
        raise TypeError(f"Names change through rename_unit, not update_unit: {sorted(names)}")
    for name, value in changes.items():
        setattr(unit, name, value)
    _save(unit, actor, version=version)
    return unit


@transaction.atomic
def move_unit(actor, unit: Unit, new_parent: Unit | None, position: str = "last-child") -> Unit:
    """Move a unit with its whole subtree under ``new_parent``, first or last among its
    new siblings. Grants on the old ancestors stop applying; those on the new apply."""
    if position not in TREE_POSITIONS:
        raise ValidationError(_("Unknown position “%(position)s”."), params={"position": position})
    unit.refresh_from_db()
    require_reorganise(actor, unit)
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
    _save(unit, actor)
    return unit


@transaction.atomic
def save_post(actor, post: Post, *, version: int | None = None) -> Post:
    if post.pk:
        # The unit it was in, not the one a form may have put on it: moving a post
        # needs the right to edit both.
        stored = Post.objects.select_related("unit").get(pk=post.pk)
        permissions.require(actor, stored.unit, CHANGE)
    permissions.require(actor, post.unit, CHANGE)
    _save(post, actor, create=post.pk is None, version=version)
    return post


@transaction.atomic
def abolish_post(actor, post: Post, effective_on: datetime.date | None = None) -> Post:
    """The post stops existing from ``effective_on`` (default today): its holder leaves
    the day before. The post and its history stay."""
    permissions.require(actor, post.unit, CHANGE)
    effective_on = effective_on or today()
    last_day = effective_on - DAY
    if post.established_on and last_day < post.established_on:
        raise ValidationError(
            {"effective_on": _("The post cannot be abolished before it was established.")}
        )
    _end_appointments(actor, Appointment.objects.filter(post=post), last_day)
    post.abolished_on = last_day
    _save(post, actor)
    return post


@transaction.atomic
def save_person(actor, person: Person, *, version: int | None = None) -> Person:
    """People are edited by administrators, or by the editors of all their home units
    (``permissions.can_edit_person``)."""
    if not permissions.can_edit_person(actor, person):
        raise permissions.PermissionDenied
    _save(person, actor, create=person.pk is None, version=version)
    return person


def unique_person_slug(person: Person) -> str:
    """An address for a new person from their names in Latin letters, made unique."""
    name = f"{person.given_name} {person.family_name}"
    latin = uz_cyrillic_to_latin(name)
    for apostrophe in "ʻʼ'`‘’":
        latin = latin.replace(apostrophe, "")
    base = slugify(latin) or slugify(" ".join(loose_word(w) for w in words(name))) or "person"
    base = base[:100]
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@transaction.atomic
def save_contact(actor, contact: ContactPoint, *, version: int | None = None) -> ContactPoint:
    if not permissions.can_edit_contact(actor, contact):
        raise permissions.PermissionDenied
    _save(contact, actor, create=contact.pk is None, version=version)
    return contact


@transaction.atomic
def remove_contact(actor, contact: ContactPoint) -> None:
    """Contacts (unlike people and posts) may be removed; history keeps the old value."""
    if not permissions.can_edit_contact(actor, contact):
        raise permissions.PermissionDenied
    _attribute(contact, actor)
    owner = permissions.contact_owner(contact)
    contact.delete()
    search.reindex_for(owner)


@transaction.atomic
def appoint(
    actor,
    person: Person,
    post: Post,
    starts_on: datetime.date,
    acting: bool = False,
    ends_on: datetime.date | None = None,
) -> Appointment:
    """Appoint ``person`` to ``post`` from ``starts_on``. The holder at that date, if
    any, leaves the day before. Appointments starting on or after ``starts_on`` are not
    touched: the new one must not overlap them."""
    permissions.require(actor, post.unit, CHANGE)
    if person.pk is None:
        # A new person entered on the appointment form: theirs to create, since the
        # appointment puts them in the editor's unit.
        if not person.slug:
            person.slug = unique_person_slug(person)
        _save(person, actor, create=True)
    if post.abolished_on and starts_on > post.abolished_on:
        raise ValidationError(
            _("The post was abolished on %(date)s."), params={"date": post.abolished_on}
        )
    # Serialise appointments to this post so two editors cannot both end the same holder.
    Post.objects.select_for_update().filter(pk=post.pk).first()
    previous = (
        post.appointments.filter(starts_on__lt=starts_on)
        .exclude(ends_on__lt=starts_on)
        .select_for_update()
    )
    for appointment in previous:
        appointment.ends_on = starts_on - datetime.timedelta(days=1)
        _save(appointment, actor)
    appointment = Appointment(
        person=person, post=post, starts_on=starts_on, ends_on=ends_on, acting=acting
    )
    _save(appointment, actor, create=True)
    return appointment


@transaction.atomic
def end_appointment(
    actor,
    appointment: Appointment,
    ends_on: datetime.date | None = None,
    *,
    version: int | None = None,
) -> Appointment:
    """The holder leaves the post; ``ends_on`` is their last day (default today)."""
    return update_appointment(
        actor, appointment, ends_on=ends_on or today(), acting=appointment.acting, version=version
    )


@transaction.atomic
def update_appointment(
    actor,
    appointment: Appointment,
    *,
    ends_on: datetime.date | None,
    acting: bool,
    version: int | None = None,
) -> Appointment:
    """Set an appointment's last day (None: still holds the post) and acting mark."""
    permissions.require(actor, appointment.post.unit, CHANGE)
    if ends_on is not None and ends_on < appointment.starts_on:
        raise ValidationError({"ends_on": _("An appointment cannot end before it starts.")})
    appointment.ends_on = ends_on
    appointment.acting = acting
    _save(appointment, actor, version=version)
    return appointment


def _end_appointments(actor, appointments, last_day: datetime.date) -> None:
    """End on ``last_day`` every appointment still running after it. One that only
    starts after ``last_day`` cannot be ended before it starts: it is refused."""
    for appointment in appointments.exclude(ends_on__lte=last_day).select_for_update():
        if appointment.starts_on > last_day:
            raise ValidationError(
                _(
                    "%(person)s is appointed from %(date)s, after this change takes effect: "
                    "end or change that appointment first."
                ),
                params={"person": appointment.person, "date": appointment.starts_on},
            )
        appointment.ends_on = last_day
        _save(appointment, actor)


@transaction.atomic
@transaction.atomic
def remove_appointment(actor, appointment: Appointment) -> None:
    """An appointment entered by mistake is removed (one that happened ends instead:
    ``end_appointment``); history keeps it, with who removed it."""
    permissions.require(actor, appointment.post.unit, CHANGE)
    _attribute(appointment, actor)
    appointment.delete()
    search.reindex_for(appointment)


def remove_record(actor, record) -> None:
    """Remove a contact or a mistaken appointment (the admin's single way to delete).
    Units, posts and people are never deleted: they end (abolished, or their
    appointments end), and their history stays."""
    if isinstance(record, ContactPoint):
        return remove_contact(actor, record)
    if isinstance(record, Appointment):
        return remove_appointment(actor, record)
    raise permissions.PermissionDenied


def api_user(key: str):
    """The active user an API key belongs to, or None (unknown, expired, inactive). The
    key's last use is recorded, once a day (one write a day, not one per call)."""
    token = ApiToken.valid(key)
    if token is None:
        return None
    if token.last_used_on != today():
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today())
    return token.user


def save_record(actor, record, *, version: int | None = None):
    """Save an edited unit, post, person, appointment or contact with the permission
    check its kind needs (the admin's and the history view's single way in)."""
    if isinstance(record, Post):
        return save_post(actor, record, version=version)
    if isinstance(record, Person):
        return save_person(actor, record, version=version)
    if isinstance(record, ContactPoint):
        return save_contact(actor, record, version=version)
    if isinstance(record, Unit | Appointment):
        permissions.require(actor, _unit_of(record), CHANGE)
        if isinstance(record, Unit):
            keep_former_names(record)
        _save(record, actor, create=record.pk is None, version=version)
        return record
    raise TypeError(f"Cannot save {record!r}")


# Reorganisations. Each takes effect on ``effective_on`` (default today): what ends, ends
# the day before; everything is one transaction with history naming the actor.

LANGUAGE_SUFFIXES = ("uz", "uz_cyrl", "ru", "en", "ko")
UNIT_NAME_FIELDS = tuple(f"name_{suffix}" for suffix in LANGUAGE_SUFFIXES)
UNIT_RENAME_FIELDS = frozenset(
    {"name", *UNIT_NAME_FIELDS, "short_name", *(f"short_{n}" for n in UNIT_NAME_FIELDS)}
)


@transaction.atomic
def rename_unit(actor, unit: Unit, *, version: int | None = None, **names) -> Unit:
    """Give a unit new names (``name_uz``, ``name_ru``, … and ``short_name_*``). The old
    names stay in history and in ``former_names``, where search still finds them."""
    unit.refresh_from_db()
    require_reorganise(actor, unit)
    unknown = set(names) - {*UNIT_NAME_FIELDS, *(f"short_{n}" for n in UNIT_NAME_FIELDS)}
    if unknown:
        raise TypeError(f"Not a name field: {', '.join(sorted(unknown))}")
    if not (names.get("name_uz", unit.name_uz) or "").strip():
        raise ValidationError({"name_uz": _("The unit needs a name in Uzbek.")})
    stored = {field: getattr(unit, field) for field in UNIT_NAME_FIELDS}
    for field, value in names.items():
        setattr(unit, field, value or "")
    keep_former_names(unit, stored)
    _save(unit, actor, version=version)
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


def _abolish_subtree(actor, unit: Unit, last_day: datetime.date, reason: str) -> None:
    """Abolish the unit's whole current subtree and its posts on ``last_day``; the
    holders leave that day."""
    if unit.established_on and last_day < unit.established_on:
        raise ValidationError(
            {"effective_on": _("The unit cannot be abolished before it was established.")}
        )
    _end_appointments(
        actor, Appointment.objects.filter(post__unit__path__startswith=unit.path), last_day
    )
    for post in Post.objects.current(last_day + DAY).filter(unit__path__startswith=unit.path):
        post.abolished_on = max(last_day, post.established_on or last_day)
        _save(post, actor)
    for inner in Unit.objects.current(last_day + DAY).filter(path__startswith=unit.path):
        inner.abolished_on = max(last_day, inner.established_on or last_day)
        inner.abolition_reason = reason
        _save(inner, actor)


@transaction.atomic
def abolish_unit(
    actor,
    unit: Unit,
    *,
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


def _take_over(actor, source: Unit, target: Unit, effective_on: datetime.date) -> None:
    """Move the source's current sub-units and posts into the target."""
    for child in list(
        Unit.objects.current(effective_on).filter(
            path__startswith=source.path, depth=source.depth + 1
        )
    ):
        target.refresh_from_db()  # treebeard places the child by the target's children
        Unit.objects.move(child, target, "last-child")
        child.refresh_from_db()
        _save(child, actor)
    for post in Post.objects.current(effective_on).filter(unit=source):
        post.unit = target
        _save(post, actor)


@transaction.atomic
def merge_units(actor, sources, target: Unit, *, effective_on: datetime.date | None = None) -> Unit:
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
    actor,
    unit: Unit,
    parts: list[dict],
    *,
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
        new_units.append(create_unit(actor, parent=parent, **fields))
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
            _save(child, actor)
    for post in Post.objects.current(effective_on).filter(unit=unit):
        index = posts.get(post.pk)
        if index is not None:
            post.unit = new_units[index]
            _save(post, actor)
    unit.refresh_from_db()
    _abolish_subtree(actor, unit, effective_on - DAY, Unit.AbolitionReason.SPLIT)
    unit.successors.add(*new_units)
    return [Unit.objects.get(pk=u.pk) for u in new_units]


# Editors of a unit: guardian grants, recorded in history like any other change.


@transaction.atomic
def grant_editor(actor, grantee, unit: Unit, permission: str = CHANGE):
    from django.contrib.auth import get_user_model

    if permission not in (CHANGE, MANAGE):
        raise ValidationError({"permission": _("Unknown permission.")})
    if not permissions.can_grant(actor, unit, permission):
        raise permissions.PermissionDenied
    if not isinstance(grantee, get_user_model()) or not grantee.is_active:
        raise ValidationError({"user": _("There is no active account with this name.")})
    existing = UnitUserObjectPermission.objects.filter(
        user=grantee, content_object=unit, permission__codename=permission
    ).first()
    if existing:
        return existing
    grant = UnitUserObjectPermission(
        user=grantee, content_object=unit, permission=permissions.unit_permission(permission)
    )
    _attribute(grant, actor)
    grant.save()
    return grant


@transaction.atomic
def revoke_editor(actor, grant) -> None:
    if not permissions.can_grant(actor, grant.content_object, grant.permission.codename):
        raise permissions.PermissionDenied
    _attribute(grant, actor)
    grant.delete()


# History: restoring an old version is a new change, made through the same checks.

# Not brought back by a restore: identity, place in the tree and the record's end are
# changed by moves, renames and abolitions, which have their own pages and rules.
NOT_RESTORED = {
    "id",
    "version",
    "path",
    "depth",
    "numchild",
    "unit",
    "slug",
    "code",
    "abolished_on",
    "abolition_reason",
    "former_names",
}


def restorable_fields(model) -> list[str]:
    skipped = set(NOT_RESTORED)
    if model is Unit:
        skipped |= {"name", "short_name"} | {
            f"{n}_{s}" for n in ("name", "short_name") for s in LANGUAGE_SUFFIXES
        }
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in skipped and f.editable and not f.primary_key
    ]


@transaction.atomic
def restore_version(actor, record, historical, *, version: int | None = None):
    """Make ``record`` look as it did in ``historical`` (one of its history rows), as a
    new change: the later versions stay in history. Its place in the tree, its unit, its
    address, a unit's names and whether it is abolished are not restored (those are
    reorganisations)."""
    if historical.instance_type is not type(record) or historical.pk is None:
        raise ValidationError(_("That version belongs to another record."))
    if getattr(historical, "id", None) != record.pk:
        raise ValidationError(_("That version belongs to another record."))
    for name in restorable_fields(type(record)):
        if hasattr(historical, name):
            setattr(record, name, getattr(historical, name))
    return save_record(actor, record, version=version)


@transaction.atomic
def confirm_verified(actor, record, on: datetime.date | None = None):
    """An editor confirms the record is still correct (``last_verified_on``)."""
    record.last_verified_on = on or today()
    return save_record(actor, record)
