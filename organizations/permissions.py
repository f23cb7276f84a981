"""Who may change what.

Per-object grants are django-guardian permissions on ``Unit``: ``change_unit`` (edit the
unit, its posts, appointments and contacts) and ``manage_unit`` (also reorganise and
appoint editors). A grant on a unit applies to its whole subtree, so checking a unit
looks at the grants on the unit's own path and its ancestors' paths in one query, and a
user's editable units are one ``path__startswith`` union — never a query per ancestor.
"""

from __future__ import annotations

import functools
from typing import TypeAlias

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length

from .models import Unit, UnitGroupObjectPermission, UnitUserObjectPermission
from .sql import fetch
from .visibility import CIVIL_SERVANTS_GROUP, Viewer, is_administrator_account

CHANGE = "change_unit"
MANAGE = "manage_unit"
# manage_unit implies change_unit.
IMPLIED_BY = {CHANGE: (CHANGE, MANAGE), MANAGE: (MANAGE,)}


class SystemActor:
    """The acting user of automated jobs (the demo loader, importers run by an operator
    from the command line): allowed everything, recorded as no user in history."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()

#: Who makes a change: a signed-in user (a view's ``request.user``), or ``SYSTEM``.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | SystemActor"


def is_administrator(user) -> bool:
    """Administrators: see ``visibility.is_administrator_account`` (the one definition,
    for the pages, admin and the command line alike)."""
    if user is SYSTEM:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    loaded = getattr(user, "directory_rights", None)
    names = loaded[0] if loaded is not None else set(user.groups.values_list("name", flat=True))
    return is_administrator_account(user, names)


def viewer_for(user) -> Viewer:
    """What ``user`` may see, for the visibility policy: computed once per request (one
    query for a signed-in user, none when the sign-in backend loaded the rights with the
    user), then it answers every question without another."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Viewer.anonymous()
    group_names, granted = rights_of(user)
    administrator = is_administrator_account(user, group_names)
    editable = () if administrator else tuple(_roots(granted))
    return Viewer(
        user_id=user.pk,
        # Editors are civil servants by definition; staff accounts too.
        is_civil_servant=bool(
            administrator or editable or user.is_staff or CIVIL_SERVANTS_GROUP in group_names
        ),
        is_administrator=administrator,
        editable_paths=editable,
    )


def rights_of(user) -> tuple[frozenset[str], tuple[str, ...]]:
    """The user's group names and the paths of the units on which they hold
    ``change_unit`` (directly or through a group, ``manage_unit`` included), sorted.

    Asked on every signed-in request, so in one round trip of plain SQL through the
    permission tables' indexes: the ORM's union of the same took ten times as long to
    build as to run. ``directory.auth.DirectoryBackend`` loads them with the user itself
    (``user.directory_rights``), which saves that round trip too."""
    loaded = getattr(user, "directory_rights", None)
    if loaded is not None:
        return loaded
    rows = fetch(
        rights_sql(),
        {"user": user.pk, "codenames": list(IMPLIED_BY[CHANGE])},
        using=router.db_for_read(Unit),
    )
    return rights_from(rows)


def rights_from(rows) -> tuple[frozenset[str], tuple[str, ...]]:
    """``rights_sql``'s rows as ``rights_of`` gives them."""
    groups = frozenset(value for kind, value in rows if kind == "group")
    paths = tuple(sorted({value for kind, value in rows if kind == "path"}))
    return groups, paths


@functools.cache
def rights_sql() -> str:
    """``(kind, value)`` rows: ``group`` names and granted ``path`` s of ``%(user)s``."""
    user_groups = get_user_model().groups.through._meta.db_table
    group = Group._meta.db_table
    permission = Permission._meta.db_table
    unit = Unit._meta.db_table
    by_user = UnitUserObjectPermission._meta.db_table
    by_group = UnitGroupObjectPermission._meta.db_table
    return f"""
        SELECT 'group', g.name FROM "{group}" g
          JOIN "{user_groups}" ug ON ug.group_id = g.id
         WHERE ug.user_id = %(user)s
        UNION ALL
        SELECT 'path', u.path FROM "{by_user}" grant_
          JOIN "{permission}" p ON p.id = grant_.permission_id
          JOIN "{unit}" u ON u.id = grant_.content_object_id
         WHERE grant_.user_id = %(user)s AND p.codename = ANY(%(codenames)s)
        UNION ALL
        SELECT 'path', u.path FROM "{by_group}" grant_
          JOIN "{user_groups}" ug ON ug.group_id = grant_.group_id
          JOIN "{permission}" p ON p.id = grant_.permission_id
          JOIN "{unit}" u ON u.id = grant_.content_object_id
         WHERE ug.user_id = %(user)s AND p.codename = ANY(%(codenames)s)
    """


def _roots(paths) -> list[str]:
    """Sorted paths with those inside another one's subtree removed."""
    roots: list[str] = []
    for path in paths:  # sorted: ancestors come first
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def _grants_q(user, codenames, prefix: str = "") -> Q:
    """Grants of the given permissions held by the user directly or through a group."""
    return Q(
        **{
            f"{prefix}unituserobjectpermission__user": user,
            f"{prefix}unituserobjectpermission__permission__codename__in": codenames,
        }
    ) | Q(
        **{
            f"{prefix}unitgroupobjectpermission__group__user": user,
            f"{prefix}unitgroupobjectpermission__permission__codename__in": codenames,
        }
    )


def granted_paths(user, permission: str = CHANGE) -> list[str]:
    """Paths of the units on which the user holds the permission (one query, asked on
    every signed-in request: the grants are found by user and group in the permission
    tables' indexes, and only their units read, however many units there are)."""

    if user is None or not user.is_authenticated or user is SYSTEM:
        return []
    codenames = IMPLIED_BY[permission]
    direct = UnitUserObjectPermission.objects.filter(
        user=user, permission__codename__in=codenames
    ).values_list("content_object__path", flat=True)
    through_groups = UnitGroupObjectPermission.objects.filter(
        group__user=user, permission__codename__in=codenames
    ).values_list("content_object__path", flat=True)
    return sorted(set(direct.union(through_groups)))


def editable_root_paths(user, permission: str = CHANGE) -> list[str]:
    """The granted paths with those inside another granted subtree removed."""
    return _roots(granted_paths(user, permission))


def has_unit_permission(user, unit, permission: str = CHANGE) -> bool:
    """Does the user hold the permission on the unit or any unit above it? One query
    whatever the depth (plus one for the administrator check)."""
    return has_path_permission(user, unit.path, permission)


def has_path_permission(user, path: str, permission: str = CHANGE) -> bool:
    """``has_unit_permission`` for the unit at ``path``."""
    return has_permission_on_any(user, [path], permission)


def has_permission_on_any(user, paths, permission: str = CHANGE) -> bool:
    """Does the user hold the permission on any of the units at ``paths`` (or above
    them)? One query for any number of paths."""

    if is_administrator(user):
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    steplen = Unit.steplen
    candidates = {p[:end] for p in paths if p for end in range(steplen, len(p) + 1, steplen)}
    if not candidates:
        return False
    return Unit.objects.filter(
        _grants_q(user, IMPLIED_BY[permission]), path__in=candidates
    ).exists()


def can_edit(user, unit) -> bool:
    return has_unit_permission(user, unit, CHANGE)


def can_manage(user, unit) -> bool:
    return has_unit_permission(user, unit, MANAGE)


def require(user, unit, permission: str = CHANGE) -> None:
    if not has_unit_permission(user, unit, permission):
        raise PermissionDenied


def can_reorganise(user, unit) -> bool:
    """May the user move, rename, merge, split or abolish this unit? That takes
    ``manage_unit`` on a unit above it: a manager reorganises the units inside their
    subtree, not the subtree's own root. Top-level units: administrators only."""
    if is_administrator(user):
        return True
    return bool(unit.parent_path) and has_path_permission(user, unit.parent_path, MANAGE)


def require_reorganise(user, unit) -> None:
    if not can_reorganise(user, unit):
        raise PermissionDenied


def editable_units(user, permission: str = CHANGE):
    """The units the user may edit, as one queryset (one query when evaluated): every
    unit with a granted unit on its own path or above it."""

    if is_administrator(user):
        return Unit.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    granted_above = Unit.objects.filter(
        _grants_q(user, IMPLIED_BY[permission]),
        path=Left(OuterRef("path"), Length("path")),
    )
    return Unit.objects.filter(Exists(granted_above))


def unit_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="organizations", codename=codename)


# People and contacts: whose are they?


def can_edit_person(user, person, viewer: Viewer | None = None) -> bool:
    """Administrators, or editors of every unit where the person has a home post (see
    ``visibility``): appointing someone gives no power over what they hold elsewhere."""
    if is_administrator(user):
        return True
    if person.pk is None or user is None or not user.is_authenticated:
        return False
    viewer = viewer or viewer_for(user)
    return viewer.is_editor and viewer.owns_person(u.path for u in person.home_units())


def contact_owner(contact):
    return contact.unit or contact.post or contact.person


def can_edit_contact(user, contact) -> bool:
    owner = contact_owner(contact)
    if owner is None:
        return False
    if owner is contact.person:
        return can_edit_person(user, owner)
    unit = owner if owner is contact.unit else owner.unit
    return can_edit(user, unit)


def can_grant(user, unit, permission: str) -> bool:
    """Managers give and take ``change_unit`` inside their subtree; only administrators
    hand out ``manage_unit``."""
    if is_administrator(user):
        return True
    return permission == CHANGE and can_manage(user, unit)
