"""Files uploaded for import (admin's *Imports* page): a file as it is, or a ZIP of a
folder, unpacked within limits so that a small archive cannot fill the disk (a 1 MB ZIP
can hold 1 GiB of zeros) or the folder (a million empty files).

Limits (settings): ``IMPORT_MAX_UNPACKED_BYTES`` (default 200 MB) and
``IMPORT_MAX_FILES`` (default 2,000). The sizes an archive declares are checked before
anything is written, and the bytes actually unpacked are counted too, in case the
archive lies.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from .formats import Unreadable

CHUNK = 1 << 20


def limits() -> tuple[int, int]:
    return (
        getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024),
        getattr(settings, "IMPORT_MAX_FILES", 2000),
    )


def unpack(path: Path, folder: Path) -> Path:
    """``path`` itself, or for a ZIP the folder it unpacks to (inside ``folder``)."""
    if not zipfile.is_zipfile(path):
        return path
    max_bytes, max_files = limits()
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > max_files:
                raise Unreadable(
                    _("The ZIP file holds %(count)s files; at most %(limit)s are accepted.")
                    % {"count": f"{len(members):,}", "limit": f"{max_files:,}"}
                )
            declared = sum(m.file_size for m in members)
            if declared > max_bytes:
                raise Unreadable(_too_big(declared, max_bytes))
            target = folder / "extracted"
            written = 0
            for member in members:
                name = PurePosixPath(member.filename)
                if name.is_absolute() or ".." in name.parts:
                    raise Unreadable(_("The ZIP file has unsafe paths."))
                destination = target.joinpath(*name.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(destination, "wb") as out:
                    while chunk := source.read(CHUNK):
                        written += len(chunk)
                        if written > max_bytes:
                            raise Unreadable(_too_big(written, max_bytes))
                        out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        shutil.rmtree(folder / "extracted", ignore_errors=True)
        raise Unreadable(_("The ZIP file cannot be read: %(error)s") % {"error": error}) from error
    except Unreadable:
        shutil.rmtree(folder / "extracted", ignore_errors=True)
        raise
    entries = list(target.iterdir()) if target.exists() else []
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else target


def _too_big(size: int, limit: int) -> str:
    return _(
        "The ZIP file unpacks to more than %(limit)s MB; at most %(limit)s MB is accepted."
    ) % {"limit": f"{limit // (1024 * 1024):,}"}
