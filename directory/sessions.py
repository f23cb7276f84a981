"""Sessions in the database, as Django keeps them, read in one plain statement.

Every signed-in request reads its session first. Django's ``db`` engine reads it through
the ORM, whose building of that one ``SELECT`` cost more than running it; this engine
reads the same row by the same rule (the key, not expired) as a prepared statement and
keeps everything else (saving, expiry, ``clearsessions``) as Django's. With ``REDIS_URL`` sessions are read
from Redis instead (``cached_db``)."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone

from organizations.sql import fetch


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model, key = self.model, self.session_key
        if key is None:
            return None
        rows = fetch(
            f'SELECT session_data, expire_date FROM "{model._meta.db_table}"'
            " WHERE session_key = %s AND expire_date > %s",
            [key, timezone.now()],
            using=router.db_for_read(model),
        )
        if not rows:
            self._session_key = None
            return None
        return model(session_key=key, session_data=rows[0][0], expire_date=rows[0][1])


def signed_in_session(user) -> str:
    """The key of a new stored session of ``user`` signed in through the portal's
    backend, as ``login()`` leaves it: for benchmarks and checks that act as a signed-in
    browser without the sign-in form."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "directory.auth.DirectoryBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key
