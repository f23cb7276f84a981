"""Loading a directory from a file: every format's parser (``formats``) yields a
``Dataset`` of plain records keyed by stable identifiers (unit and post codes, person
slugs); ``checks`` checks them all, then ``writer`` writes them through the services in
one transaction.

- **Checked first, whole**: a bad row (missing or rejected parent, a cycle in the file or
  through the units already stored, an unknown kind, a duplicate id, an invalid phone,
  reversed dates, an overlapping appointment) is reported with its line and reason.
  Without ``skip_invalid`` any bad row means nothing is written; with it, the good rows
  are imported and the bad ones listed (rows that depend on a bad one are listed too). A
  rule a row breaks only when it is written stops the import with that row's line.
  Reports keep the first problems (``dataset.MAX_REPORTED``) and count them all.
- **Atomic**: the whole file in one transaction; a dry run does all of it and rolls back,
  so what it reports is exactly what an import would do.
- **Idempotent, and never losing what the file could not show**: see ``writer``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .. import search
from .checks import check
from .dataset import (
    NAME_LANGUAGES,
    AppointmentIn,
    ContactIn,
    Cut,
    Dataset,
    PersonIn,
    PostIn,
    Problem,
    Problems,
    UnitIn,
)
from .writer import Progress, RowRefused, Writer

__all__ = [
    "NAME_LANGUAGES",
    "AppointmentIn",
    "ContactIn",
    "Cut",
    "Dataset",
    "ImportRefused",
    "PersonIn",
    "PostIn",
    "Problem",
    "Summary",
    "UnitIn",
    "check",
    "run",
]


class ImportRefused(Exception):
    """The file has bad rows and ``skip_invalid`` was not given: nothing was written."""

    def __init__(self, summary: Summary):
        super().__init__(f"{len(summary.rejected)} rows rejected")
        self.summary = summary


@dataclass
class Summary:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    rejected: Problems = field(default_factory=Problems)
    warnings: Problems = field(default_factory=Problems)
    dry_run: bool = False
    cut: Cut | None = None

    def lines(self) -> list[str]:
        kinds = {
            "units": _("units"),
            "posts": _("posts"),
            "people": _("people"),
            "appointments": _("appointments"),
            "contacts": _("contacts"),
        }
        outcomes = {
            "created": _("created"),
            "updated": _("updated"),
            "unchanged": _("unchanged"),
            "ended": _("ended"),
            "removed": _("removed"),
            "kept": _("kept (not in the file, which may not show them)"),
        }
        out = []
        if self.cut is not None and not self.cut.complete:
            out.append(
                _(
                    "The file was cut at the “%(tier)s” tier: what it does not show may exist, "
                    "so it only adds and updates; nothing is ended or removed."
                )
                % {"tier": self.cut.tier}
            )
        for kind, label in kinds.items():
            counts = self.counts.get(kind)
            if counts:
                parts = ", ".join(f"{n} {outcomes[what]}" for what, n in sorted(counts.items()))
                out.append(f"{label}: {parts}")
        out.append(_("rows rejected: %(count)s") % {"count": len(self.rejected)})
        return out


# Writing -----------------------------------------------------------------------------


def run(
    dataset: Dataset,
    actor,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress = lambda stage, done, total: None,
) -> Summary:
    """Check and import ``dataset`` as ``actor``. Raises ``ImportRefused`` (nothing
    written) when rows are bad and ``skip_invalid`` is not set, or when a row breaks a
    rule as it is written."""
    summary = Summary(dry_run=dry_run, cut=dataset.cut)
    summary.rejected = check(dataset)
    summary.warnings = dataset.warnings
    _describe(dataset, summary.rejected)
    _describe(dataset, summary.warnings)
    if summary.rejected and not skip_invalid:
        raise ImportRefused(summary)
    try:
        with transaction.atomic():
            with search.documents.deferred():
                Writer(actor, summary.counts, progress).write(dataset)
            if dry_run:
                transaction.set_rollback(True)
    except RowRefused as refused:
        summary.rejected.append(refused.problem)
        _describe(dataset, summary.rejected)
        raise ImportRefused(summary) from refused
    return summary


def _describe(dataset: Dataset, problems: Problems) -> None:
    if dataset.describe_line:
        for problem in problems:
            if problem.line and not problem.where:
                problem.where = dataset.describe_line(problem.line)
