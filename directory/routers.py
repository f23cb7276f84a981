"""Reads from the read replica (``DATABASE_REPLICA_URL``), writes to the primary, with
django-multidb-router's pinning: a request that may write (any method but GET, HEAD,
OPTIONS, TRACE) reads from the primary, and so does every request of that browser for
``REPLICA_PIN_SECONDS`` after it (a cookie), longer than the replica's lag: an editor
reads their own writes, on any app server. Reads inside a transaction on the primary go
there too (a transaction reads what it wrote), and so do management commands
(``manage.py`` pins its thread)."""

from django.db import connections
from multidb import DEFAULT_DB_ALIAS, PinningReplicaRouter


class ReplicaRouter(PinningReplicaRouter):
    def db_for_read(self, model, **hints):
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return super().db_for_read(model, **hints)
