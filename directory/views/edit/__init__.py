"""Editing pages for unit editors, outside the Django admin.

Each view: find the record (404), check the permission with ``organizations.permissions``
(403; the sign-in page for anonymous visitors), validate a form, call one service, and
on success redirect to the record's page with a message. The services check permission
again and write in one transaction with history; their ``ValidationError`` is shown next
to the field it concerns, with everything the editor typed kept, and a ``Conflict``
(someone saved the record in between) shows the other editor's change.

One module per area: ``units``, ``records`` (contacts, posts, appointments, people),
``editors``, ``history`` and ``dashboard``; ``common`` holds the pages' one shape.
"""

from .dashboard import dashboard, verify, verify_unit
from .editors import unit_editors
from .history import history, history_restore
from .records import (
    appointment_edit,
    contact_add,
    contact_edit,
    person_choices,
    person_edit,
    post_abolish,
    post_appoint,
    post_create,
    post_edit,
)
from .units import (
    unit_abolish,
    unit_create,
    unit_edit,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)

__all__ = [
    "appointment_edit",
    "contact_add",
    "contact_edit",
    "dashboard",
    "history",
    "history_restore",
    "person_choices",
    "person_edit",
    "post_abolish",
    "post_appoint",
    "post_create",
    "post_edit",
    "unit_abolish",
    "unit_create",
    "unit_edit",
    "unit_editors",
    "unit_merge",
    "unit_move",
    "unit_rename",
    "unit_split",
    "verify",
    "verify_unit",
]
