"""A unit's organisation chart: its structure to a chosen depth, each box with its head
(or vacant) and, if asked, every post with its holder. Today's from the tables, a past
day's from ``asof``; one query per level of depth plus four, cut by the one visibility
policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models.functions import Left, Length

from . import asof, queries
from .models import Post, Unit
from .visibility import Viewer

MAX_DEPTH = 6


@dataclass
class Box:
    unit: Unit
    heads: list[Post] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    children: list[Box] = field(default_factory=list)
    #: Units below this one that the chart does not reach (deeper than asked).
    more: int = 0
    #: The heading level of the box (h2 at the top, down to h6).
    level: int = 2


def chart(
    viewer: Viewer, top: Unit, depth: int, *, with_posts: bool, on: datetime.date | None
) -> Box:
    """The chart of ``top`` and ``depth`` levels below it (on ``on``, or today)."""
    levels: list[list[Unit]] = [[top]]
    for _ in range(depth):
        parents = levels[-1]
        if not parents:
            break
        if on:
            below = asof.children_of([u.pk for u in parents], on)
        else:
            below = list(_below([u.path for u in parents]))
        levels.append(below)
    units = [u for level in levels for u in level]
    boxes = {
        u.pk: Box(u, level=min(2 + index, 6)) for index, level in enumerate(levels) for u in level
    }
    by_path = {u.path: u.pk for u in units}
    for level in levels[1:]:
        for u in level:
            parent = u.parent_unit if on else by_path.get(u.path[: -Unit.steplen])
            if parent in boxes:
                boxes[parent].children.append(boxes[u.pk])
    # Posts: the heads always, all of them if asked; with holders as on unit pages.
    if on:
        posts = asof.unit_posts(viewer, [u.pk for u in units], on, heads_only=not with_posts)
    else:
        chosen = Post.objects.current().filter(unit__in=[u.pk for u in units])
        if not with_posts:
            chosen = chosen.filter(is_head=True)
        posts = list(queries.posts_with_holders(viewer, chosen))
    for post in posts:
        box = boxes.get(post.unit_id)
        if box is None:
            continue
        (box.heads if post.is_head else box.posts).append(post)
    # Which boxes at the last level have more below them.
    last = levels[-1]
    if last and len(levels) == depth + 1:
        counts = asof.child_counts([u.pk for u in last], on) if on else _child_counts(last)
        for u in last:
            boxes[u.pk].more = counts.get(u.pk, 0)
    return boxes[top.pk]


def _below(paths: list[str]):
    """Today's units right under the units at ``paths``, in tree order."""
    return (
        Unit.objects.current()
        .annotate(parent_at=Left("path", Length("path") - Unit.steplen))
        .filter(parent_at__in=paths)
    )


def _child_counts(units: list[Unit]) -> dict[int, int]:
    by_path = {u.path: u.pk for u in units}
    counts: dict[int, int] = {}
    for path in _below(list(by_path)).values_list("parent_at", flat=True):
        counts[by_path[path]] = counts.get(by_path[path], 0) + 1
    return counts
