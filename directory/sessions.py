"""Sessions in the database, as Django keeps them, read in one plain statement.

Every signed-in request reads its session first. Django's ``db`` engine reads it through
the ORM, whose building of that one ``SELECT`` cost more than running it; this engine
reads the same row with the same rule, as a prepared statement (the key, not expired) and keeps everything else
(saving, expiry, ``clearsessions``) as Django's. With ``REDIS_URL`` sessions are read
from Redis instead (``cached_db``)."""

from __future__ import annotations

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
