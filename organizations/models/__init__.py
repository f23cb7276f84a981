"""The directory's domain: units in one dated tree, posts in them, the people who hold
those posts, and how to reach each of them.

Shapes follow Popolo / Open Civic Data (Organization, Post, Person, Membership) and the
W3C ORG vocabulary. People and posts are never deleted: they end (dated). Rules that
must always hold are database constraints, not only form validation.

One module per area; everything is imported from ``organizations.models``:
``base`` (codes, dates), ``units`` (the tree and its permission tables), ``people``
(posts, people, appointments), ``contacts``, ``searchindex`` (what search matches),
``tokens`` (API keys) and ``corrections`` (citizens' reports, accounts' mail settings). The QuerySets live beside their models; the visibility rules they
apply are in ``organizations.visibility``, which imports no model.
"""

from ..dates import today
from ..visibility import Viewer, Visibility
from .base import CODE_PATTERN, Dated, code_validator, dated_constraint
from .contacts import (
    PHONE_KINDS,
    WORDED_KINDS,
    ContactPoint,
    ContactPointQuerySet,
    format_phone,
    normalise_phone,
)
from .corrections import AccountSettings, Correction, CorrectionQuerySet
from .people import (
    Appointment,
    AppointmentQuerySet,
    DateRange,
    Person,
    PersonQuerySet,
    Post,
    PostQuerySet,
)
from .searchindex import SearchDocument, SearchWord, SearchWordVariant
from .tokens import ApiToken
from .units import (
    DirectoryImport,
    Unit,
    UnitGroupObjectPermission,
    UnitManager,
    UnitQuerySet,
    UnitUserObjectPermission,
    parent_unit_sql,
    unit_moved,
)

__all__ = [
    "CODE_PATTERN",
    "PHONE_KINDS",
    "WORDED_KINDS",
    "AccountSettings",
    "ApiToken",
    "Appointment",
    "AppointmentQuerySet",
    "ContactPoint",
    "ContactPointQuerySet",
    "Correction",
    "CorrectionQuerySet",
    "DateRange",
    "Dated",
    "DirectoryImport",
    "Person",
    "PersonQuerySet",
    "Post",
    "PostQuerySet",
    "SearchDocument",
    "SearchWord",
    "SearchWordVariant",
    "Unit",
    "UnitGroupObjectPermission",
    "UnitManager",
    "UnitQuerySet",
    "UnitUserObjectPermission",
    "Viewer",
    "Visibility",
    "code_validator",
    "dated_constraint",
    "format_phone",
    "normalise_phone",
    "parent_unit_sql",
    "today",
    "unit_moved",
]
