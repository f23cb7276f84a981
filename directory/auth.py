"""Signing in: Django's model backend, loading with the user what they may do.

Every signed-in request loads its user (``AuthenticationMiddleware``) and then what that
user may see (``permissions.viewer_for``: their groups and the units they edit). Done
the usual way that is three queries, most of their cost the ORM building them and the
server planning them; here it is one prepared statement, the user's row with the rights
beside it (``user.directory_rights``, read by ``permissions.rights_of``). Passwords,
permissions and ``is_active`` are Django's own (``ModelBackend``).
"""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import router

from organizations import permissions
from organizations.sql import fetch


class DirectoryBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(model)
        rows = fetch(
            _user_sql(),
            {"user": pk, "codenames": list(permissions.IMPLIED_BY[permissions.CHANGE])},
            using=alias,
        )
        if not rows:
            return None
        *values, rights = rows[0]
        user = model.from_db(alias, [f.attname for f in model._meta.concrete_fields], values)
        # read by permissions.rights_of instead of asking again
        user.directory_rights = permissions.rights_from(rights or ())  # type: ignore[attr-defined]
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_sql() -> str:
    meta = get_user_model()._meta
    columns = ", ".join(f'account."{field.column}"' for field in meta.concrete_fields)
    return (
        f"SELECT {columns}, (SELECT array_agg(ARRAY[kind, value])"
        f" FROM ({permissions.rights_sql()}) AS rights (kind, value))"
        f' FROM "{meta.db_table}" account WHERE account."{meta.pk.column}" = %(user)s'
    )
