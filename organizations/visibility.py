"""The one visibility policy of the directory.

Every output — pages, search, exports, API, vCards, JSON-LD — asks this module what a
viewer may see; nothing filters by hand. There are three tiers:

- ``public``: anyone, signed in or not;
- ``internal``: signed-in civil servants (and editors and administrators);
- ``restricted``: administrators, and the editors of the unit the value belongs to
  (a ``change_unit`` or ``manage_unit`` grant on that unit or any unit above it).

A person's, post's or contact's own tier hides it entirely from viewers below that tier;
a contact is also hidden when its owner is. A viewer's reach is computed once per request
(``Viewer.for_user``) and then answers every question without another query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

CIVIL_SERVANTS_GROUP = "Civil servants"
ADMINISTRATORS_GROUP = "Administrators"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (civil servants)")
    RESTRICTED = "restricted", _("Restricted (the unit's editors)")


@dataclass(frozen=True)
class Viewer:
    """Who is looking, reduced to what the visibility policy needs."""

    user_id: int | None = None
    is_civil_servant: bool = False
    is_administrator: bool = False
    # Paths of the units the viewer edits (grants flow down), with nested ones removed.
    editable_paths: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def anonymous(cls) -> Viewer:
        return cls()

    @classmethod
    def for_user(cls, user) -> Viewer:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls.anonymous()
        from .permissions import editable_root_paths

        group_names = set(user.groups.values_list("name", flat=True))
        is_administrator = user.is_superuser or ADMINISTRATORS_GROUP in group_names
        editable = () if is_administrator else tuple(editable_root_paths(user))
        return cls(
            user_id=user.pk,
            # Editors are civil servants by definition; staff accounts too.
            is_civil_servant=bool(
                is_administrator or editable or user.is_staff or CIVIL_SERVANTS_GROUP in group_names
            ),
            is_administrator=is_administrator,
            editable_paths=editable,
        )

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def global_tiers(self) -> tuple[str, ...]:
        """The tiers this viewer sees everywhere in the tree."""
        if self.is_administrator:
            return (Visibility.PUBLIC, Visibility.INTERNAL, Visibility.RESTRICTED)
        if self.is_civil_servant:
            return (Visibility.PUBLIC, Visibility.INTERNAL)
        return (Visibility.PUBLIC,)

    @property
    def sees_everything(self) -> bool:
        return self.is_administrator

    def edits_path(self, path: str) -> bool:
        return self.is_administrator or any(path.startswith(root) for root in self.editable_paths)

    def may_see(self, visibility: str, unit_path: str | None) -> bool:
        """Field policy: may this viewer see a value of this tier, belonging to the unit
        with this path?"""
        if visibility in self.global_tiers:
            return True
        return (
            visibility == Visibility.RESTRICTED and bool(unit_path) and self.edits_path(unit_path)
        )

    def restricted_scope(self, path_lookup: str) -> Q:
        """A condition true for rows whose unit (reached by ``path_lookup``) the viewer edits."""
        if self.is_administrator:
            return Q()
        if not self.editable_paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_lookup}__startswith": p}) for p in self.editable_paths))

    def tier_condition(self, path_lookup: str, visibility_lookup: str = "visibility") -> Q:
        """A condition true for rows whose own tier this viewer may see."""
        if self.is_administrator:
            return Q()
        allowed = Q(**{f"{visibility_lookup}__in": self.global_tiers})
        if self.editable_paths:
            allowed |= Q(**{visibility_lookup: Visibility.RESTRICTED}) & self.restricted_scope(
                path_lookup
            )
        return allowed


def _person_in_scope(viewer: Viewer, person_ref) -> Exists:
    """True for people who currently hold a post in a unit the viewer edits."""
    from .models import Appointment, today

    on = today()
    return Exists(
        Appointment.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            person=person_ref,
            starts_on__lte=on,
        ).filter(viewer.restricted_scope("post__unit__path"))
    )


class PostQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        if viewer.sees_everything:
            return self
        return self.filter(viewer.tier_condition("unit__path"))

    def current(self, on=None):
        from .models import today

        on = on or today()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gte=on))


def _person_condition(viewer: Viewer, prefix: str = "") -> Q:
    """People (reached through ``prefix``) whose own tier the viewer may see."""
    allowed = Q(**{f"{prefix}visibility__in": viewer.global_tiers})
    if viewer.editable_paths:
        person_ref = OuterRef(prefix.removesuffix("__") if prefix else "pk")
        allowed |= Q(**{f"{prefix}visibility": Visibility.RESTRICTED}) & Q(
            _person_in_scope(viewer, person_ref)
        )
    return allowed


class PersonQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        if viewer.sees_everything:
            return self
        return self.filter(_person_condition(viewer))


class ContactPointQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        """Contacts whose own tier and whose owner the viewer may see. The owner's tier
        is read through joins, so the cost follows the contacts asked for, not the size
        of the directory."""
        if viewer.sees_everything:
            return self
        own_tier = Q(visibility__in=viewer.global_tiers)
        if viewer.editable_paths:
            own_tier |= Q(visibility=Visibility.RESTRICTED) & (
                viewer.restricted_scope("unit__path")
                | viewer.restricted_scope("post__unit__path")
                | Q(person__isnull=False) & Q(_person_in_scope(viewer, OuterRef("person")))
            )
        owner_visible = (
            Q(unit__isnull=False)
            | Q(post__isnull=False) & viewer.tier_condition("post__unit__path", "post__visibility")
            | Q(person__isnull=False) & _person_condition(viewer, "person__")
        )
        return self.filter(own_tier & owner_visible)
