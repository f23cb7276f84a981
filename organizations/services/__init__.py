"""Every change to the directory, as one function per verb.

Each service takes the acting user as the keyword-only ``actor=`` (e.g.
``appoint(person, post, starts_on, actor=request.user)``), checks permission itself,
validates, writes in one transaction and leaves history (django-simple-history) naming the actor. Views,
forms, the admin and importers all write through here. ``permissions.SYSTEM`` is the
actor of automated jobs run by an operator.

One module per area, all imported from ``organizations.services``: ``units`` (and the
reorganisations), ``appointments`` (posts and who holds them), ``people``, ``contacts``,
``grants`` (editor rights, API keys), ``records`` (a record of any kind, for the admin
and the history view), ``history`` (restore, confirm) and ``common`` (the save every
service shares).
"""

from .appointments import (
    abolish_post,
    appoint,
    end_appointment,
    remove_appointment,
    save_post,
    update_appointment,
)
from .common import DAY, TREE_POSITIONS, Conflict
from .contacts import remove_contact, save_contact
from .grants import api_user, grant_editor, revoke_editor
from .history import (
    NOT_RESTORED,
    confirm_unit_records,
    confirm_verified,
    restorable_fields,
    restore_version,
)
from .people import save_person, unique_person_slug
from .records import remove_record, save_record
from .units import (
    LANGUAGE_SUFFIXES,
    UNIT_NAME_FIELDS,
    UNIT_RENAME_FIELDS,
    abolish_unit,
    create_unit,
    keep_former_names,
    merge_units,
    move_unit,
    rename_unit,
    split_unit,
    update_unit,
)

__all__ = [
    "DAY",
    "LANGUAGE_SUFFIXES",
    "NOT_RESTORED",
    "TREE_POSITIONS",
    "UNIT_NAME_FIELDS",
    "UNIT_RENAME_FIELDS",
    "Conflict",
    "abolish_post",
    "abolish_unit",
    "api_user",
    "appoint",
    "confirm_unit_records",
    "confirm_verified",
    "create_unit",
    "end_appointment",
    "grant_editor",
    "keep_former_names",
    "merge_units",
    "move_unit",
    "remove_appointment",
    "remove_contact",
    "remove_record",
    "rename_unit",
    "restorable_fields",
    "restore_version",
    "revoke_editor",
    "save_contact",
    "save_person",
    "save_post",
    "save_record",
    "split_unit",
    "unique_person_slug",
    "update_appointment",
    "update_unit",
]
