"""New units placed in the tree before they are written by COPY, as treebeard would."""

from __future__ import annotations

from collections import defaultdict

from ..models import Unit
from .dataset import UnitIn


class NewUnits:
    """New units placed in the tree (treebeard's materialised path) before they are
    written: each goes last among its parent's children, as ``add_child`` puts it."""

    def __init__(self):
        self.pending: list[tuple[UnitIn, Unit]] = []
        self.grown: dict[Unit, int] = defaultdict(int)  # stored parents: children added
        self.last: dict[str, str | None] = {}  # a parent's path (or ""): its last child's
        self.new_paths: set[str] = set()  # of the pending units

    def add(self, row: UnitIn, parent: Unit | None, **fields) -> Unit:
        key = parent.path if parent else ""
        if key not in self.last:
            node = (
                Unit.objects.get_last_child(parent) if parent else Unit.objects.get_last_root_node()
            )
            self.last[key] = node.path if node else None
        depth = parent.depth + 1 if parent else 1
        last = self.last[key]
        path = Unit(path=last)._inc_path() if last else Unit._get_path(key, depth, 1)
        unit = Unit(code=row.code, path=path, depth=depth, numchild=0, **fields)
        self.last[key] = path
        self.last[path] = None
        if parent is not None:
            if parent.path in self.new_paths:
                parent.numchild += 1
            else:
                self.grown[parent] += 1
        self.pending.append((row, unit))
        self.new_paths.add(path)
        return unit

    def take(self) -> tuple[list, dict]:
        """The pending units and the children added to stored units, to be written:
        from then on they are stored units too."""
        pending, grown = self.pending, dict(self.grown)
        self.pending, self.grown, self.new_paths = [], defaultdict(int), set()
        return pending, grown

    def moved(self) -> None:
        """A stored unit moved: the last children of its old and new parents are read
        again."""
        self.last = {}
