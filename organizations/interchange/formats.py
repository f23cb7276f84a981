"""Parsers: each reads one kind of file (or folder) as published and returns a
``Dataset`` of records with stable identifiers. The files are read as they are (BOMs,
CRLF, quoted newlines); what a parser cannot read becomes a problem with its line
number; quirks of published data (self-parents, missing parents, phone numbers that are
not phone numbers) become warnings and are left out, as each ``SOURCE.txt`` suggests.

The parsers live under ``sources/``, one module per format; each registers itself with
``sources.base.parser``. This module loads a file with the parser a format names.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from .dataset import Dataset
from .sources import canada, korea, ours_csv, ours_json, popolo, publicbodies, uk
from .sources.base import FORMATS, Unreadable
from .sources.ours_csv import CSV_COLUMNS, unneutralise

# The parsers register themselves on import.
PARSERS = (canada, korea, ours_csv, ours_json, popolo, publicbodies, uk)
__all__ = ["CSV_COLUMNS", "FORMATS", "PARSERS", "Unreadable", "load", "unneutralise"]


# Formats that read a folder of files (or one of its files); the others read one file.
FOLDER_FORMATS = {"uk-organograms", "canada-geds", "korea-gov-org"}


def load(fmt: str, path: Path) -> Dataset:
    if fmt not in FORMATS:
        raise Unreadable(
            _("unknown format “%(format)s”: use one of %(formats)s")
            % {"format": fmt, "formats": ", ".join(sorted(FORMATS))}
        )
    if not path.exists():
        raise Unreadable(_("%(path)s: no such file or folder") % {"path": path})
    if path.is_dir() and fmt not in FOLDER_FORMATS:
        path = _the_one_file(fmt, path)
    return FORMATS[fmt](path)


def _the_one_file(fmt: str, folder: Path) -> Path:
    """A folder given for a format that reads one file: its only file (a ZIP of one CSV),
    or a clear refusal."""
    files = [
        f
        for f in sorted(folder.rglob("*"))
        if f.is_file() and not any(part.startswith((".", "__MACOSX")) for part in f.parts)
    ]
    if len(files) == 1:
        return files[0]
    raise Unreadable(
        _(
            "The format “%(format)s” reads one file, and this folder holds %(count)s. Upload "
            "the file itself, or choose a format that reads a folder (%(folders)s)."
        )
        % {"format": fmt, "count": len(files), "folders": ", ".join(sorted(FOLDER_FORMATS))}
    )
