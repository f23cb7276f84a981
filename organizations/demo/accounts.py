"""The demo's sign-in accounts, one per tier and an editor."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .. import permissions, services
from ..models import Unit
from ..permissions import SYSTEM
from ..visibility import ADMINISTRATORS_GROUP, CIVIL_SERVANTS_GROUP

DEMO_ACCOUNTS = [
    # username, password, role, description
    ("admin", "admin-demo-2026", "administrator", "administrator: everything, Django admin"),
    ("alisher", "alisher-demo-2026", "civil_servant", "civil servant: sees the internal tier"),
    (
        "dilnoza",
        "dilnoza-demo-2026",
        "editor",
        "editor of the Ministry of Employment and Poverty Reduction",
    ),
]


EDITOR_UNIT_CODE = "MEPR"


def ensure_accounts() -> list[tuple[str, str, str]]:
    """The demo's sign-in accounts (created once; passwords are for the demo only)."""

    civil_servants, _ = Group.objects.get_or_create(name=CIVIL_SERVANTS_GROUP)
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    User = get_user_model()
    editor_unit = Unit.objects.filter(code=EDITOR_UNIT_CODE).first()
    for username, password, role, _description in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        if not created:
            continue
        user.set_password(password)
        if role == "administrator":
            user.is_staff = user.is_superuser = True
        user.save()
        if role == "administrator":
            user.groups.add(administrators)
        else:
            user.groups.add(civil_servants)
        if role == "editor" and editor_unit is not None:
            services.grant_editor(user, editor_unit, permissions.CHANGE, actor=SYSTEM)
            services.grant_editor(user, editor_unit, permissions.MANAGE, actor=SYSTEM)
    return [(u, p, d) for u, p, _r, d in DEMO_ACCOUNTS]
