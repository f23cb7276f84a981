"""Search: one box that finds units, posts and people from anything typed, in any
script, without ever letting a hidden value make a hit.

- ``documents``: what is searchable, per visibility tier, kept in step by the services;
- ``query``: what was typed (intent) and the SQL that finds it for one viewer;
- this module: one call for pages and the API, returning a page of hits ready to show,
  with a fixed number of queries whatever the number of hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Prefetch

from .. import queries
from ..models import Appointment, Person, Post, SearchDocument, Unit, today
from ..visibility import Viewer
from .documents import rebuild_all, reindex_for, sync_paths
from .query import MAX_COUNTED, Filters, Query, parse, plan, run, unmatched_words

PAGE_SIZE = 20

__all__ = [
    "Filters",
    "Hit",
    "Query",
    "Results",
    "parse",
    "rebuild_all",
    "reindex_for",
    "search",
    "sync_paths",
]


@dataclass
class Hit:
    kind: str
    unit: Unit | None = None
    post: Post | None = None
    person: Person | None = None
    breadcrumbs: list[Unit] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    # A person who holds no post now: the post they left last, as the viewer may see it.
    former: Appointment | None = None


@dataclass
class Results:
    query: Query
    total: int
    page: int
    pages: int
    hits: list[Hit]
    current: int = 0  # of the total: current ones (the rest are former)

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def former(self) -> int:
        return self.total - self.current

    @property
    def over_limit(self) -> bool:
        """More hits than a count is worth showing exactly ("more than 10,000")."""
        return self.total > MAX_COUNTED

    @property
    def limit(self) -> int:
        return MAX_COUNTED


def search(viewer: Viewer, text: str, filters: Filters | None = None, page: int = 1) -> Results:
    """A page of hits. Words that match nothing the viewer may find are left out (the
    query's ``unmatched``) when the others match: then the page says so."""
    query = plan(viewer, parse(text))
    filters = filters or Filters()
    offset = (page - 1) * PAGE_SIZE
    total, current, rows, unnamed = run(viewer, query, filters, offset, PAGE_SIZE)
    if not total and len(query.planned) > 1:
        missing = unmatched_words(viewer, query, filters)
        if missing and len(missing) < len(query.planned):
            query = _without(query, missing)
            total, current, rows, unnamed = run(viewer, query, filters, offset, PAGE_SIZE)
    if unnamed:
        query = replace(query, unmatched=query.unmatched + unnamed)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return Results(
        query=query,
        total=total,
        current=current,
        page=page,
        pages=pages,
        hits=_hydrate(viewer, rows),
    )


def _without(query: Query, indexes: list[int]) -> Query:
    kept = [w for i, w in enumerate(query.planned) if i not in indexes]
    if len(kept) == 1 or all(w.place for w in kept):
        kept = [replace(w, place=False) for w in kept]
    gone = tuple(query.planned[i].key for i in indexes)
    return replace(
        query,
        planned=tuple(kept),
        words=tuple((w.key, w.phonetic) for w in kept),
        unmatched=query.unmatched + gone,
    )


def _hydrate(viewer: Viewer, rows: list[tuple[str, int]]) -> list[Hit]:
    """Load what each hit shows, a fixed number of queries for any number of hits."""
    # Id -1 never exists: it keeps the number of queries the same whatever the mix of
    # kinds on the page (Django skips a query for an empty IN list).
    ids: dict[str, list[int]] = {kind: [-1] for kind in SearchDocument.Kind.values}
    for kind, ref_id in rows:
        ids[kind].append(ref_id)
    units = Unit.objects.prefetch_related(
        Prefetch("contacts", queryset=queries.visible_contacts(viewer), to_attr="visible_contacts")
    ).in_bulk(ids[SearchDocument.Kind.UNIT])
    posts = {
        post.pk: post
        for post in queries.posts_with_holders(
            viewer, Post.objects.filter(pk__in=ids[SearchDocument.Kind.POST]).select_related("unit")
        )
    }
    visible_posts = Post.objects.visible_to(viewer)
    people = {
        person.pk: person
        for person in Person.objects.visible_to(viewer)
        .filter(pk__in=ids[SearchDocument.Kind.PERSON])
        .prefetch_related(
            queries.current_posts_prefetch(viewer),
            Prefetch(
                "appointments",
                queryset=Appointment.objects.past(today())
                .filter(post__in=visible_posts)
                .select_related("post__unit")
                .order_by("-ends_on", "-pk"),
                to_attr="past_appointments",
            ),
            Prefetch(
                "contacts", queryset=queries.visible_contacts(viewer), to_attr="visible_contacts"
            ),
        )
    }
    hits: list[Hit] = []
    for kind, ref_id in rows:
        if kind == SearchDocument.Kind.UNIT and ref_id in units:
            hits.append(Hit(kind=kind, unit=units[ref_id]))
        elif kind == SearchDocument.Kind.POST and ref_id in posts:
            hits.append(Hit(kind=kind, post=posts[ref_id], unit=posts[ref_id].unit))
        elif kind == SearchDocument.Kind.PERSON and ref_id in people:
            person = people[ref_id]
            first = person.current_appointments[0] if person.current_appointments else None
            former = None if first else next(iter(person.past_appointments), None)
            place = first or former
            hits.append(
                Hit(
                    kind=kind,
                    person=person,
                    appointments=person.current_appointments,
                    unit=place.post.unit if place else None,
                    former=former,
                )
            )
    _add_breadcrumbs(hits)
    return hits


def _add_breadcrumbs(hits: list[Hit]) -> None:
    """Each hit's place in the tree, from one query for all of them."""
    wanted = {path for hit in hits if hit.unit for path in hit.unit.ancestor_paths} or {""}
    ancestors = {u.path: u for u in Unit.objects.filter(path__in=wanted)}
    for hit in hits:
        if hit.unit:
            hit.breadcrumbs = [ancestors[p] for p in hit.unit.ancestor_paths if p in ancestors]
