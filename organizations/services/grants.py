"""Who may edit: editor rights on units (flowing down the subtree), and API keys."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions, queries
from ..models import (
    ApiToken,
    Unit,
    UnitGroupObjectPermission,
    UnitUserObjectPermission,
    today,
)
from ..permissions import CHANGE, MANAGE, Actor
from .common import attribute


def api_user(key: str) -> AbstractBaseUser | None:
    """The active user an API key belongs to, or None (unknown, expired, inactive). The
    key's last use is recorded, once a day (one write a day, not one per call)."""
    token = ApiToken.valid(key)
    if token is None:
        return None
    if token.last_used_on != today():
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today())
    return token.user


# Editors of a unit: guardian grants, recorded in history like any other change.


@transaction.atomic
def grant_editor(
    grantee: AbstractBaseUser | Group, unit: Unit, permission: str = CHANGE, *, actor: Actor
) -> UnitUserObjectPermission | UnitGroupObjectPermission:
    """Give ``grantee`` (an active account, or a group) ``permission`` on ``unit`` and
    everything below it: the one way rights are given (the editors' page, admin's
    object permissions, the demo). Giving a right already held changes nothing."""
    if permission not in (CHANGE, MANAGE):
        raise ValidationError({"permission": _("Unknown permission.")})
    if not permissions.can_grant(actor, unit, permission):
        raise permissions.PermissionDenied
    grant: UnitUserObjectPermission | UnitGroupObjectPermission
    if isinstance(grantee, Group):
        grant = UnitGroupObjectPermission(group=grantee, content_object=unit)
    else:
        if not isinstance(grantee, get_user_model()) or not grantee.is_active:
            raise ValidationError({"user": _("There is no active account with this name.")})
        grant = UnitUserObjectPermission(user=grantee, content_object=unit)
    existing = queries.grants_of(grantee, unit, permission)
    if existing:
        return existing[0]
    grant.permission = permissions.unit_permission(permission)
    attribute(grant, actor)
    grant.save()
    return grant


@transaction.atomic
def revoke_editor(
    grant: UnitUserObjectPermission | UnitGroupObjectPermission, *, actor: Actor
) -> None:
    """Take back a right given by ``grant_editor``."""
    if not permissions.can_grant(actor, grant.content_object, grant.permission.codename):
        raise permissions.PermissionDenied
    attribute(grant, actor)
    grant.delete()
