"""Units: one dated tree (treebeard materialised path), and the per-unit permission tables."""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from ..dates import today
from ..validators import no_bidi_controls
from .base import Dated, code_validator, dated_constraint, dated_url

#: Sent by ``Unit.objects.move`` after treebeard rewrote the paths: ``unit``, ``old_path``
#: and ``new_path`` (the moved unit's). Receivers run in the mover's transaction.
unit_moved = Signal()


class UnitQuerySet(MP_NodeQuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gte=on))

    def within(self, unit: Unit):
        """The unit and everything below it: one indexed prefix match."""
        return self.filter(path__startswith=unit.path)


# treebeard has no type information: its manager is taken as Any.
class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):  # type: ignore[misc]
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def move(self, node, target, pos=None):
        """treebeard's move, then ``unit_moved`` with the paths before and after. Every
        move (services, the admin's tree) comes through here; search follows the moved
        subtree and the renumbered siblings through that signal."""
        old_path = type(node).objects.filter(pk=node.pk).values_list("path", flat=True).get()
        super().move(node, target, pos)
        new_path = type(node).objects.filter(pk=node.pk).values_list("path", flat=True).get()
        unit_moved.send(sender=self.model, unit=node, old_path=old_path, new_path=new_path)


class Unit(MP_Node, Dated):
    """A body of government at any level: the Cabinet, a ministry, a department, a section,
    a regional office. Units form one tree; siblings keep the order editors give them."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("Ministry")
        STATE_COMMITTEE = "state_committee", _("State committee")
        AGENCY = "agency", _("Agency")
        INSPECTION = "inspection", _("Inspection")
        CENTRE = "centre", _("Centre")
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")
        SECTION = "section", _("Section")
        REGIONAL_OFFICE = "regional_office", _("Regional office")
        DISTRICT_OFFICE = "district_office", _("District office")
        SUBORDINATE = "subordinate", _("Subordinate organisation")
        OTHER = "other", _("Other")

    class AbolitionReason(models.TextChoices):
        MERGED = "merged", _("Merged")
        SPLIT = "split", _("Split")
        RENAMED = "renamed", _("Renamed")
        ABOLISHED = "abolished", _("Abolished")
        TRANSFERRED = "transferred", _("Transferred")

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        validators=[code_validator],
        help_text=_(
            "Stable public identifier used in addresses, e.g. a national organisation code."
        ),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.DEPARTMENT)
    name = models.CharField(_("name"), max_length=300, validators=[no_bidi_controls])
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("Acronym or short form, if any."),
        validators=[no_bidi_controls],
    )
    mandate = models.TextField(
        _("mandate"),
        blank=True,
        help_text=_("What this unit is for."),
        validators=[no_bidi_controls],
    )
    abolition_reason = models.CharField(
        _("abolition reason"), max_length=16, choices=AbolitionReason.choices, blank=True
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successors"),
        help_text=_("Units that took over this unit's work."),
    )
    former_names = ArrayField(
        models.CharField(max_length=300),
        verbose_name=_("former names"),
        default=list,
        blank=True,
        help_text=_("Names the unit had before it was renamed; search still finds them."),
    )
    other_names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "Names in languages the interface does not have, by language code "
            "(e.g. fr, de), as imported from other countries' directories."
        ),
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, validators=[no_bidi_controls]
    )
    website = models.URLField(_("website"), max_length=500, blank=True)

    # Sibling order is the path order treebeard keeps; editors set it (no node_order_by).
    objects = UnitManager()
    # History is registered in translation.py, after the translated columns exist, so
    # that the historical table keeps them too.

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        permissions = [("manage_unit", _("Can reorganise the unit and appoint its editors"))]
        constraints = [dated_constraint("unit")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return dated_url(reverse("unit", args=[self.code]), self)

    @property
    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(self.steplen, len(self.path), self.steplen)]

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]


class UnitHistory(models.Model):
    """What a unit's history row keeps beyond the unit's own columns: the unit it was
    under then. A move changes the moved unit's parent only, so one row per move keeps
    the whole tree of any past day (``organizations.asof``), whatever treebeard did to
    the paths below it."""

    parent_unit = models.BigIntegerField(_("parent unit"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


def parent_unit_sql(table: str) -> str:
    """SQL: the id of the unit above the unit row ``table`` (by its path), for history
    rows written by SQL (``bulk.record_created``)."""
    return (
        f"(SELECT up.id FROM organizations_unit up "
        f"WHERE up.path = left({table}.path, -{Unit.steplen}))"
    )


def set_parent_unit(sender, instance, history_instance, **kwargs) -> None:
    """``pre_create_historical_record`` for units: name the parent in the row."""
    if isinstance(instance, Unit) and instance.path:
        parent = instance.path[: -Unit.steplen]
        history_instance.parent_unit = (
            Unit.objects.filter(path=parent).values_list("pk", flat=True).first()
            if parent
            else None
        )


class UnitUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)
    # Who gave or took an editor's rights, and when.
    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("user permission on a unit")
        verbose_name_plural = _("user permissions on units")


class UnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("group permission on a unit")
        verbose_name_plural = _("group permissions on units")


class DirectoryImport(Unit):
    """Not data: the admin's "Import" page hangs here (see admin.DirectoryImportAdmin)."""

    class Meta:
        proxy = True
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        default_permissions = ()
