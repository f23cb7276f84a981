"""What every parser produces and the importer consumes: plain records keyed by stable
identifiers (unit and post codes, person slugs), the problems found on the way, and what
the file says about itself (``Cut``).

**Absent is not empty.** Each record knows which of its fields its file supplied
(``given``): a file that has no mandates (our CSV, Popolo) leaves the stored mandates as
they are instead of clearing them. ``None`` means the parser supplies every field.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..models import Unit
from ..visibility import Visibility

NAME_LANGUAGES = ("uz_cyrl", "ru", "en", "ko")
ALL_LANGUAGES = ("uz", *NAME_LANGUAGES)
# Problems kept for the report: a file of garbage must not make millions of lines.
MAX_REPORTED = 100


@dataclass
class Record:
    line: int = field(default=0, kw_only=True)
    # Which optional fields the file supplied (None: all of them).
    given: frozenset[str] | None = field(default=None, kw_only=True)

    def gives(self, name: str) -> bool:
        return self.given is None or name in self.given


@dataclass
class UnitIn(Record):
    code: str
    name: str  # the name as published: stored as the default (Uzbek) name
    parent: str | None = None
    kind: str = Unit.Kind.OTHER
    names: dict[str, str] = field(default_factory=dict)  # uz_cyrl / ru / en / ko
    short_name: str = ""
    short_names: dict[str, str] = field(default_factory=dict)
    other_names: dict[str, str] = field(default_factory=dict)  # fr, de, pt, el ...
    mandate: str = ""
    mandates: dict[str, str] = field(default_factory=dict)
    address: str = ""
    website: str = ""
    established_on: datetime.date | None = None
    abolished_on: datetime.date | None = None
    abolition_reason: str = ""


@dataclass
class PostIn(Record):
    code: str
    unit: str
    title: str
    titles: dict[str, str] = field(default_factory=dict)
    duties: str = ""
    duties_in: dict[str, str] = field(default_factory=dict)  # other languages
    rank: str = ""
    reports_to: str | None = None
    is_head: bool = False
    visibility: str = Visibility.PUBLIC


@dataclass
class PersonIn(Record):
    slug: str
    family_name: str
    given_name: str
    patronymic: str = ""
    visibility: str = Visibility.PUBLIC


@dataclass
class AppointmentIn(Record):
    person: str
    post: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    acting: bool = False


@dataclass
class ContactIn(Record):
    owner_kind: str  # unit / post / person
    owner: str
    kind: str
    value: str
    extension: str = ""
    label: str = ""  # the Uzbek label
    labels: dict[str, str] = field(default_factory=dict)  # uz_cyrl / ru / en / ko
    texts: dict[str, str] = field(default_factory=dict)  # the wording, in any of the five
    visibility: str = Visibility.PUBLIC


@dataclass
class Problem:
    line: int
    reason: str
    where: str = ""  # "file.csv line 12", for data sets read from several files

    def __str__(self) -> str:
        if self.where:
            return f"{self.where}: {self.reason}"
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class Problems:
    """Problems, counted all and kept only the ``limit`` with the lowest line numbers:
    what a report can show, whatever the size of the file. Iterates in line order."""

    def __init__(self, problems: Iterable[Problem] = (), limit: int = MAX_REPORTED):
        self.limit = limit
        self.total = 0
        self._kept: list[tuple[int, int, Problem]] = []  # a max-heap on the line
        self._order = itertools.count()
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        self.total += 1
        entry = (-problem.line, -next(self._order), problem)
        if len(self._kept) < self.limit:
            heapq.heappush(self._kept, entry)
        elif entry > self._kept[0]:
            heapq.heapreplace(self._kept, entry)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)
        if isinstance(problems, Problems):  # count those it no longer keeps, too
            self.total += problems.omitted

    @property
    def shown(self) -> list[Problem]:
        return [problem for *_key, problem in sorted(self._kept, reverse=True)]

    @property
    def omitted(self) -> int:
        return self.total - len(self._kept)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.shown)

    def __getitem__(self, index):
        return self.shown[index]

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    def __repr__(self) -> str:
        return f"Problems({self.shown!r}, total={self.total})"


@dataclass(frozen=True)
class Cut:
    """Which part of a directory an export holds, as the file says of itself.

    ``complete``: everything in its scope, hidden values included (an administrator's
    export). Otherwise the file was cut at a viewer's tier: what it does not show may
    exist, so an import of it only adds and updates, never ends or removes."""

    complete: bool
    tier: str = ""
    made_for: str = ""
    within: str | None = None

    @classmethod
    def from_export(cls, header) -> Cut:
        """From the ``export`` header of our JSON or Popolo files: anything that is not
        a well-formed statement of completeness is read as a partial file."""
        if not isinstance(header, dict):
            return cls(complete=False, tier="unknown")
        return cls(
            complete=header.get("complete") is True,
            tier=str(header.get("tier") or "unknown"),
            made_for=str(header.get("for") or ""),
            within=header.get("within") if isinstance(header.get("within"), str) else None,
        )


@dataclass
class Dataset:
    source: str = ""
    units: list[UnitIn] = field(default_factory=list)
    posts: list[PostIn] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)
    appointments: list[AppointmentIn] = field(default_factory=list)
    contacts: list[ContactIn] = field(default_factory=list)
    # Rows the parser could not read at all (bad encoding, missing columns ...).
    problems: Problems = field(default_factory=Problems)
    # Values a parser of published data left out, keeping the row (e.g. a phone number
    # that is not one): reported, never an error.
    warnings: Problems = field(default_factory=Problems)
    phone_region: str | None = None
    # For data sets read from several files: the file and line of a record's line number.
    describe_line: Callable[[int], str] | None = None
    # None: a file made elsewhere, or by hand, which speaks for everything it lists.
    cut: Cut | None = None
    # Posts whose holders the file states (their current holders it does not list leave),
    # and owners ((kind, key)) whose contacts it states, even as none. None: every post,
    # and every owner with a contact in the file.
    holder_posts: set[str] | None = None
    contact_owners: set[tuple[str, str]] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return self.cut is None or self.cut.complete
