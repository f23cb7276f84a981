"""The demo's sign-in accounts, one per tier and an editor."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .. import permissions, services
from ..models import Correction, Post, Unit
from ..permissions import SYSTEM
from ..services import corrections
from ..visibility import ADMINISTRATORS_GROUP, CIVIL_SERVANTS_GROUP, Viewer

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
        user.email = f"{username}@demo.example"  # the demo prints mail to the console
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


def seed_corrections() -> int:
    """A few citizens' reports for the demo's editor and administrator to work on
    (once): a wrong phone and a post's duties in the editor's ministry, and one about a
    body without editors, which goes to the administrators."""
    if Correction.objects.exists():
        return 0
    public = Viewer.anonymous()
    made = 0
    ministry = Unit.objects.filter(code=EDITOR_UNIT_CODE).first()
    if ministry is not None:
        offered = corrections.offered_fields(public, ministry)
        phone = next((o for o in offered if o.key.startswith("contact:")), None)
        if phone is not None:
            corrections.suggest(
                ministry,
                viewer=public,
                field=phone.key,
                suggested="+998 71 239 00 00",
                comment="I called this number and nobody answered; the one on the door is different.",
                email="citizen@demo.example",
                language="uz",
            )
            made += 1
        post = (
            Post.objects.current()
            .filter(unit__path__startswith=ministry.path)
            .exclude(duties_uz="")
            .order_by("unit__path", "order")
            .first()
        )
        if post is not None:
            corrections.suggest(
                post,
                viewer=public,
                field="duties",
                suggested="",
                comment="Эта должность больше не занимается пособиями.",
                email="grazhdanin@demo.example",
                language="ru",
            )
            made += 1
    cabinet = Unit.objects.filter(depth=1).first()
    if cabinet is not None:
        corrections.suggest(
            cabinet,
            viewer=public,
            field="other",
            suggested="",
            comment="The page does not say when the reception is open.",
            language="en",
        )
        made += 1
    return made
