"""What every source parser shares: the registry (``parser``), reading text and CSV as published, and turning published values (dates, phones, addresses, codes) into ours or into warnings."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ...visibility import Visibility
from ..dataset import ALL_LANGUAGES, ContactIn, Cut, Dataset, Problem

FORMATS: dict[str, Callable[[Path], Dataset]] = {}


def parser(name: str):
    def register(function):
        FORMATS[name] = function
        return function

    return register


# Reading ------------------------------------------------------------------------------


class Unreadable(Exception):
    pass


def read_text(path: Path) -> str:
    """The file as text: UTF-8 with or without BOM(s), any line ends."""
    try:
        data = path.read_bytes()
    except IsADirectoryError as error:
        raise Unreadable(_("%(path)s is a folder, not a file") % {"path": path.name}) from error
    except OSError as error:
        raise Unreadable(
            _("%(path)s cannot be read: %(error)s") % {"path": path.name, "error": error.strerror}
        ) from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Unreadable(
            _("line %(line)s: the file is not UTF-8 (byte %(byte)s); save it as UTF-8")
            % {"line": line, "byte": f"0x{data[error.start]:02x}"}
        ) from error
    return text.lstrip("\ufeff")


def csv_records(text: str):
    """(line number, row as dict) for each record, multi-line fields included."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        return
    previous = reader.line_num
    for row in reader:
        line = previous + 1
        previous = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield (
                line,
                None,
                _("%(count)s columns where the header has %(header)s")
                % {
                    "count": len(row),
                    "header": len(header),
                },
            )
            continue
        yield line, dict(zip(header, row, strict=True)), None


def make_code(prefix: str, external: str) -> str:
    """A unit or post code from an identifier published elsewhere: readable when it can
    be, always the same for the same identifier, never longer than 64 characters."""
    external = external.strip()
    slug = slugify(external.replace("/", "-"))
    code = f"{prefix}-{slug}" if slug else prefix
    if slug and len(code) <= 64 and slug == external.lower().replace("/", "-"):
        return code
    digest = hashlib.sha1(external.encode()).hexdigest()[:10]
    return f"{code[:52]}-{digest}"


def make_slug(*parts: str) -> str:
    base = slugify(" ".join(parts)) or "person"
    if len(base) > 100:
        base = base[:90] + "-" + hashlib.sha1(base.encode()).hexdigest()[:8]
    return base


def boolean(value: str) -> bool:
    return (value or "").strip().lower() in ("1", "yes", "true", "y", "x", "ha", "да")


def date(value: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value or value.startswith("9999"):
        return None
    return datetime.date.fromisoformat(value[:10])


def clean(value: str | None) -> str:
    return " ".join((value or "").replace("\u00a0", " ").split())


def phone_or_warning(dataset: Dataset, value: str, region: str | None, line: int) -> str | None:
    """A published phone number in E.164, or None with a warning."""
    value = clean(value)
    if not value or value.strip("'\"").upper() in NOT_A_NAME:
        return None
    try:
        number = phonenumbers.parse(value, region)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    dataset.warnings.append(
        Problem(line, _("“%(value)s” is not a valid phone number: left out") % {"value": value})
    )
    return None


def url_or_warning(dataset: Dataset, value: str, line: int) -> str:
    value = clean(value)
    if not value:
        return ""
    try:
        URLValidator()(value)
    except ValidationError:
        dataset.warnings.append(
            Problem(line, _("“%(value)s” is not a web address: left out") % {"value": value[:80]})
        )
        return ""
    if len(value) > 500:
        dataset.warnings.append(
            Problem(line, _("web address longer than 500 characters: left out"))
        )
        return ""
    return value


def email_or_warning(dataset: Dataset, value: str, line: int) -> str | None:
    value = clean(value).strip(",;")
    if not value or value.strip("'\"").upper() in NOT_A_NAME:
        return None
    try:
        validate_email(value)
    except ValidationError:
        dataset.warnings.append(
            Problem(line, _("“%(value)s” is not an e-mail address: left out") % {"value": value})
        )
        return None
    return value


def language_suffix(language: str) -> str:
    return {"uz-Cyrl": "uz_cyrl"}.get(language, language)


def date_or_none(value):
    try:
        return date(value) if value else None
    except (TypeError, ValueError):
        return None


def read_contacts(dataset: Dataset, owner_kind: str, item: dict, line: int) -> None:
    """The contacts of a record of our JSON: a ``contacts`` list, even an empty one,
    states them all."""
    if "contacts" not in item:
        return
    owner = str(item.get("id", ""))
    dataset.contact_owners.add((owner_kind, owner))
    for contact in item.get("contacts") or []:
        if isinstance(contact, dict):
            dataset.contacts.append(read_contact(owner_kind, owner, contact, line))


def read_contact(owner_kind, owner, contact: dict, line: int) -> ContactIn:
    return ContactIn(
        owner_kind=owner_kind,
        owner=str(owner),
        kind=str(contact.get("kind", "")),
        value=str(contact.get("value", "")),
        extension=str(contact.get("extension", "")),
        label=str(contact.get("label", "")),
        labels={k: v for k, v in by_language(contact.get("labels")).items() if k != "uz"},
        texts=by_language(contact.get("text")),
        visibility=str(contact.get("visibility", Visibility.PUBLIC)),
        line=line,
        given=json_gives(contact),
    )


def by_language(value) -> dict[str, str]:
    """{column suffix: text} of a value of our JSON given per language (BCP 47 keys);
    anything else, and languages we do not keep, are left out."""
    if not isinstance(value, dict):
        return {}
    return {
        language_suffix(k): str(v)[:300]
        for k, v in value.items()
        if isinstance(k, str) and isinstance(v, str) and v and language_suffix(k) in ALL_LANGUAGES
    }


def load_json(text: str, dataset: Dataset):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        dataset.problems.append(
            Problem(error.lineno, _("not valid JSON: %(error)s") % {"error": error.msg})
        )
        return None


def valid_code(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value or ""))


# What the "Name" column holds when no person is named.
NOT_A_NAME = {"N/D", "VACANT", "N/A", "NOT DISCLOSED", "ELIMINATED", "VACANCY", "TBC", "NONE", "-"}


def required_date():
    raise ValueError("starts_on is required")


# Keys of our JSON and the record fields they give.
JSON_GIVES = {
    "name": ("name", "names"),
    "title": ("title", "titles"),
    "short_name": ("short_name", "short_names"),
    "mandate": ("mandate", "mandates"),
    "duties": ("duties", "duties_in"),
    "text": ("texts",),
}


def json_gives(item: dict) -> frozenset:
    return frozenset(
        field for key in item if isinstance(key, str) for field in JSON_GIVES.get(key, (key,))
    )


def read_cut(data: dict) -> Cut | None:
    """What our JSON or Popolo file says of its tier. A file of our first format, which
    did not say, may be cut at any tier; a file made elsewhere speaks for itself."""
    if "export" in data:
        return Cut.from_export(data["export"])
    if data.get("format") == "government-directory/1":
        return Cut(complete=False, tier="unknown")
    return None
