"""The demo government of Uzbekistan: real bodies, fictional people.

``load_demo(units=1500, people=8000)`` fills an empty database with the Cabinet of
Ministers, the real ministries, state committees and agencies, their departments,
divisions and sections, regional and district offices, posts with duties, fictional
people with their appointments (some acting, some posts vacant, some past holders) and
contacts on reserved example domains (RFC 2606) with a mix of visibility tiers.

It writes with PostgreSQL COPY and then builds the search documents, so 10,000 units and
100,000 people load in under three minutes. The same seed gives the same data.

``plan`` lays out the tree, ``loader`` writes it, ``accounts`` makes the sign-in
accounts; the names, titles and duties are the data tables in ``data``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from ..models import Unit
from .accounts import DEMO_ACCOUNTS, EDITOR_UNIT_CODE, ensure_accounts, seed_corrections
from .loader import DemoLoader, Summary

__all__ = [
    "DEMO_ACCOUNTS",
    "EDITOR_UNIT_CODE",
    "Summary",
    "ensure_accounts",
    "load_demo",
    "seed_corrections",
]


@transaction.atomic
def load_demo(
    units: int = 1500,
    people: int = 8000,
    seed: int = 2026,
    progress: Callable[[str], None] = lambda message: None,
) -> Summary | None:
    """Load the demo government into an empty directory. Returns None (and writes
    nothing) if the directory already has units."""
    if Unit.objects.exists():
        return None
    return DemoLoader(units, people, seed, progress).load()
