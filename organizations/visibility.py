"""The one visibility policy of the directory.

Every output — pages, search, exports, API, vCards, JSON-LD — asks this module what a
viewer may see; nothing filters by hand. Each rule is written here once per form it is
needed in: in Python (for one value in hand), as a Django ``Q`` (for querysets) and as
SQL text (for search's hand-written statement). This module imports no model: the
querysets in ``models`` hand it the managers it needs.

Tiers:

- ``public``: anyone, signed in or not;
- ``internal``: signed-in civil servants (and editors and administrators);
- ``restricted``: administrators, and the editors of the unit the value belongs to
  (a ``change_unit`` or ``manage_unit`` grant on that unit or any unit above it).

A post's, person's or contact's own tier hides it entirely from viewers below that
tier; a contact is also hidden when its owner is.

People belong to the units of their **home posts**: those they hold or are appointed to
(not ended), or, for someone who has left every post, the posts they left last. An
editor sees a restricted person who has a home post in the editor's units; the person's
own restricted data (restricted contacts, editing the person) needs every home post in
the editor's units, so that appointing someone gives no power over what they hold
elsewhere.

A person is placed (the unit search shows them in and filters them by) only by posts at
least as visible as the person (``at_least_as_visible``): a public person whose only
post is internal is not placed by it for citizens.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from .dates import not_ended_by, today

CIVIL_SERVANTS_GROUP = "Civil servants"
ADMINISTRATORS_GROUP = "Administrators"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (civil servants)")
    RESTRICTED = "restricted", _("Restricted (the unit's editors)")


# From the most to the least visible.
TIERS = (Visibility.PUBLIC, Visibility.INTERNAL, Visibility.RESTRICTED)
LEVEL: dict[str, int] = {tier: index for index, tier in enumerate(TIERS)}


def at_least_as_visible(tier: str, other: str) -> bool:
    """Is a value of ``tier`` seen by everyone who sees one of ``other``?"""
    return LEVEL[tier] <= LEVEL[other]


def tier_level_sql(column: str) -> str:
    """``LEVEL`` of a visibility column, in SQL (0 public … 2 restricted)."""
    tiers = ", ".join(f"'{tier}'" for tier in TIERS)
    return f"(array_position(ARRAY[{tiers}], {column}::text) - 1)"


# Publication windows ------------------------------------------------------------------
# Outside its window a post or contact is shown at the restricted tier: to the editors
# of its unit and administrators only. Every rule below reads it through these.


def in_window(publish_from, publish_until, on: datetime.date | None = None) -> bool:
    on = on or today()
    return (publish_from is None or publish_from <= on) and (
        publish_until is None or publish_until >= on
    )


def shown_tier(visibility: str, publish_from, publish_until, on=None) -> str:
    """The tier a value is shown at on ``on`` (today): its own inside its window."""
    return visibility if in_window(publish_from, publish_until, on) else Visibility.RESTRICTED


def window_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """Rows (reached through ``prefix``) inside their publication window on ``on``."""
    on = on or today()
    return (
        Q(**{f"{prefix}publish_from__isnull": True}) | Q(**{f"{prefix}publish_from__lte": on})
    ) & (Q(**{f"{prefix}publish_until__isnull": True}) | Q(**{f"{prefix}publish_until__gte": on}))


def is_administrator_account(user, group_names) -> bool:
    """Who an administrator is: a superuser, or a member of the Administrators group."""
    return bool(user.is_superuser or ADMINISTRATORS_GROUP in group_names)


@dataclass(frozen=True)
class Viewer:
    """Who is looking, reduced to what the visibility policy needs (made once per
    request by ``permissions.viewer_for``)."""

    user_id: int | None = None
    is_civil_servant: bool = False
    is_administrator: bool = False
    # Paths of the units the viewer edits (grants flow down), with nested ones removed.
    editable_paths: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def anonymous(cls) -> Viewer:
        return cls()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def global_tiers(self) -> tuple[str, ...]:
        """The tiers this viewer sees everywhere in the tree."""
        if self.is_administrator:
            return TIERS
        if self.is_civil_servant:
            return (Visibility.PUBLIC, Visibility.INTERNAL)
        return (Visibility.PUBLIC,)

    @property
    def sees_everything(self) -> bool:
        return self.is_administrator

    @property
    def is_editor(self) -> bool:
        return self.is_administrator or bool(self.editable_paths)

    # Python forms --------------------------------------------------------------------

    def edits_path(self, path: str) -> bool:
        return self.is_administrator or any(path.startswith(root) for root in self.editable_paths)

    def may_see(self, visibility: str, unit_path: str | None) -> bool:
        """May this viewer see a value of this tier, belonging to the unit at this path?"""
        if visibility in self.global_tiers:
            return True
        if not unit_path:
            return False
        return visibility == Visibility.RESTRICTED and self.edits_path(unit_path)

    def sees_person(self, visibility: str, home_paths) -> bool:
        """A person of this tier whose home posts are in the units at ``home_paths``."""
        return visibility in self.global_tiers or (
            visibility == Visibility.RESTRICTED and any(self.edits_path(p) for p in home_paths)
        )

    def owns_person(self, home_paths) -> bool:
        """May this viewer see a person's restricted data and edit them? Only if every
        home post is in the viewer's units (and there is one)."""
        paths = list(home_paths)
        return self.is_administrator or (bool(paths) and all(self.edits_path(p) for p in paths))

    # Q forms -------------------------------------------------------------------------

    def restricted_scope(self, path_lookup: str) -> Q:
        """A condition true for rows whose unit (reached by ``path_lookup``) the viewer edits."""
        if self.is_administrator:
            return Q()
        if not self.editable_paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_lookup}__startswith": p}) for p in self.editable_paths))

    def tier_condition(self, path_lookup: str, visibility_lookup: str = "visibility") -> Q:
        """A condition true for rows whose own tier, as shown today (``shown_tier``: the
        restricted tier outside their publication window), this viewer may see
        (``may_see``). The window's fields sit beside ``visibility_lookup``."""
        if self.is_administrator:
            return Q()
        window = window_q(visibility_lookup.removesuffix("visibility"))
        allowed = Q(**{f"{visibility_lookup}__in": self.global_tiers}) & window
        if self.editable_paths:
            allowed |= (Q(**{visibility_lookup: Visibility.RESTRICTED}) | ~window) & (
                self.restricted_scope(path_lookup)
            )
        return allowed

    # SQL forms (search) ----------------------------------------------------------------

    def scope_sql(self, column: str, param) -> str:
        """SQL: ``column`` (a unit path) is in the units the viewer edits. ``param`` turns
        a value into a placeholder."""
        if self.is_administrator:
            return "TRUE"
        if not self.editable_paths:
            return "FALSE"
        return (
            "("
            + " OR ".join(f"{column} LIKE {param(like(p) + '%')}" for p in self.editable_paths)
            + ")"
        )


def like(value: str) -> str:
    """``value`` escaped for a LIKE pattern."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# People's home posts -------------------------------------------------------------------


def home_appointments(appointments, on: datetime.date):
    """The appointments that place their person (``appointments`` is the Appointment
    manager): not ended on ``on``, or, for someone with none such, those that ended
    last."""
    not_ended = Exists(appointments.filter(not_ended_by(on), person=OuterRef("person")))
    last_end = (
        appointments.filter(person=OuterRef("person"))
        .order_by(F("ends_on").desc(nulls_last=True))
        .values("ends_on")[:1]
    )
    return appointments.filter(not_ended_by(on) | (~Q(not_ended) & Q(ends_on=Subquery(last_end))))


def home_paths(appointments_of_person, on: datetime.date) -> list[str]:
    """The Python form of ``home_appointments`` for one person's appointments (each
    with ``post.unit`` loaded): the paths of their home posts' units."""
    appointments = list(appointments_of_person)
    home = [a for a in appointments if a.ends_on is None or a.ends_on >= on]
    if not home and appointments:
        last = max(a.ends_on for a in appointments)
        home = [a for a in appointments if a.ends_on == last]
    return [a.post.unit.path for a in home]


def person_in_scope(viewer: Viewer, appointments, person_ref, on: datetime.date) -> Q:
    """A person (``person_ref``) with a home post in the viewer's units."""
    return Q(
        Exists(
            home_appointments(appointments, on)
            .filter(person=person_ref)
            .filter(viewer.restricted_scope("post__unit__path"))
        )
    )


def person_owned(viewer: Viewer, appointments, person_ref, on: datetime.date) -> Q:
    """A person (``person_ref``) whose every home post is in the viewer's units."""
    if viewer.is_administrator:
        return Q()
    home = home_appointments(appointments, on).filter(person=person_ref)
    return Q(Exists(home.filter(viewer.restricted_scope("post__unit__path")))) & ~Q(
        Exists(home.exclude(viewer.restricted_scope("post__unit__path")))
    )


def person_condition(viewer: Viewer, appointments, on: datetime.date, prefix: str = "") -> Q:
    """People (reached through ``prefix``) whose own tier the viewer may see."""
    allowed = Q(**{f"{prefix}visibility__in": viewer.global_tiers})
    if viewer.editable_paths:
        person_ref = OuterRef(prefix.removesuffix("__") if prefix else "pk")
        allowed |= Q(**{f"{prefix}visibility": Visibility.RESTRICTED}) & person_in_scope(
            viewer, appointments, person_ref, on
        )
    return allowed


def contact_condition(viewer: Viewer, appointments, on: datetime.date) -> Q:
    """Contacts whose own tier and whose owner the viewer may see. A person's restricted
    contacts need the person owned (``person_owned``). The owner's tier is read through
    joins, so the cost follows the contacts asked for, not the size of the directory."""
    window = window_q()
    own_tier = Q(visibility__in=viewer.global_tiers) & window
    if viewer.editable_paths:
        own_tier |= (Q(visibility=Visibility.RESTRICTED) | ~window) & (
            viewer.restricted_scope("unit__path")
            | viewer.restricted_scope("post__unit__path")
            | Q(person__isnull=False) & person_owned(viewer, appointments, OuterRef("person"), on)
        )
    owner_visible = (
        Q(unit__isnull=False)
        | Q(post__isnull=False) & viewer.tier_condition("post__unit__path", "post__visibility")
        | Q(person__isnull=False) & person_condition(viewer, appointments, on, "person__")
    )
    return own_tier & owner_visible


# The SQL forms of the person rules, for search documents (``ref_id`` is the person).

HOME_SQL = """(a.ends_on IS NULL OR a.ends_on >= {on}
    OR (NOT EXISTS (SELECT 1 FROM organizations_appointment b
                    WHERE b.person_id = a.person_id AND (b.ends_on IS NULL OR b.ends_on >= {on}))
        AND a.ends_on = (SELECT max(c.ends_on) FROM organizations_appointment c
                         WHERE c.person_id = a.person_id)))"""
HOME_POSTS_SQL = """SELECT 1 FROM organizations_appointment a
    JOIN organizations_post p ON p.id = a.post_id
    JOIN organizations_unit u ON u.id = p.unit_id
    WHERE a.person_id = {person} AND {home} AND {inside}"""


def person_in_scope_sql(viewer: Viewer, person: str, on: str, param) -> str:
    """SQL form of ``person_in_scope``; ``on`` is a placeholder for the day."""
    inside = viewer.scope_sql("u.path", param)
    home = HOME_SQL.format(on=on)
    return f"EXISTS ({HOME_POSTS_SQL.format(person=person, home=home, inside=inside)})"


def person_owned_sql(viewer: Viewer, person: str, on: str, param) -> str:
    """SQL form of ``person_owned``."""
    if viewer.is_administrator:
        return "TRUE"
    inside = viewer.scope_sql("u.path", param)
    home = HOME_SQL.format(on=on)
    return (
        f"(EXISTS ({HOME_POSTS_SQL.format(person=person, home=home, inside=inside)}) AND NOT "
        f"EXISTS ({HOME_POSTS_SQL.format(person=person, home=home, inside=f'NOT {inside}')}))"
    )
