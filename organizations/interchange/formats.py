"""Parsers: each reads one kind of file (or folder) as published and returns a
``Dataset`` of records with stable identifiers. The files are read as they are (BOMs,
CRLF, quoted newlines); what a parser cannot read becomes a problem with its line
number; quirks of published data (self-parents, missing parents, phone numbers that are
not phone numbers) become warnings and are left out, as each ``SOURCE.txt`` suggests.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from pathlib import Path

import phonenumbers
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Unit
from ..visibility import Visibility
from .dataset import (
    NAME_LANGUAGES,
    AppointmentIn,
    ContactIn,
    Cut,
    Dataset,
    PersonIn,
    PostIn,
    Problem,
    UnitIn,
)

FORMATS = {}


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


def phone_or_warning(dataset: Dataset, value: str, region: str, line: int) -> str | None:
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
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

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
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

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


# Our own formats ------------------------------------------------------------------------

CSV_COLUMNS = [
    "record",
    "id",
    "parent",
    "kind",
    "name",
    "name_uz_cyrl",
    "name_ru",
    "name_en",
    "name_ko",
    "short_name",
    "family_name",
    "given_name",
    "patronymic",
    "duties",
    "rank",
    "reports_to",
    "is_head",
    "visibility",
    "value",
    "extension",
    "label",
    "starts_on",
    "ends_on",
    "acting",
    "mandate",
    "address",
    "website",
]
# The columns of the directory table download (``/export/?format=csv``): made for
# reading in a spreadsheet, one row per post; it does not carry what an import needs.
TABLE_COLUMNS = {"post_id", "title_uz", "person_id", "unit_path_uz"}
# What a column of our CSV gives, per kind of record (``Record.given``).
CSV_GIVES = {
    "unit": {
        "name": "name",
        "kind": "kind",
        "parent": "parent",
        "short_name": "short_name",
        "mandate": "mandate",
        "address": "address",
        "website": "website",
        "starts_on": "established_on",
        "ends_on": "abolished_on",
        **{f"name_{lang}": f"names.{lang}" for lang in NAME_LANGUAGES},
    },
    "post": {
        "name": "title",
        "duties": "duties",
        "rank": "rank",
        "reports_to": "reports_to",
        "is_head": "is_head",
        "visibility": "visibility",
        **{f"name_{lang}": f"titles.{lang}" for lang in NAME_LANGUAGES},
    },
    "person": {c: c for c in ("family_name", "given_name", "patronymic", "visibility")},
    "contact": {"label": "label", "visibility": "visibility"},
}


def unneutralise(value: str) -> str:
    """Spreadsheets evaluate cells that start with = + - @ or a tab or carriage return:
    our CSV downloads put an apostrophe before them (``exports.neutralise``), which an
    import takes off again."""
    if value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


@parser("csv")
def our_csv(path: Path) -> Dataset:
    """Our CSV: one row per unit, post, person, appointment or contact (docs/import.md);
    a first ``export`` row says which tier a download of it was cut at."""
    dataset = Dataset(source=str(path))
    text = read_text(path)
    gives: dict[str, frozenset] = {}
    for line, row, error in csv_records(text):
        if error:
            dataset.problems.append(Problem(line, error))
            continue
        if not gives:
            if set(row) >= TABLE_COLUMNS:
                raise Unreadable(
                    _(
                        "This is the directory table (one row per post), made for reading in a "
                        "spreadsheet: it cannot be imported. To move data between directories, "
                        "download the records (format=records) or the JSON."
                    )
                )
            gives = {
                kind: frozenset(field for column, field in columns.items() if column in row)
                for kind, columns in CSV_GIVES.items()
            }
        missing = [c for c in ("record", "id") if c not in row]
        if missing:
            dataset.problems.append(
                Problem(line, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
            )
            return dataset

        def get(name, row=row):
            return unneutralise((row.get(name) or "").strip())

        record = get("record").lower()
        names = {}
        if record in ("unit", "post"):
            names = {lang: get(f"name_{lang}") for lang in NAME_LANGUAGES if f"name_{lang}" in row}
        try:
            if record == "export":
                dataset.cut = Cut.from_export(
                    {
                        "complete": get("kind") == "complete",
                        "tier": get("visibility"),
                        "for": get("label"),
                        "within": get("id") or None,
                    }
                )
            elif record == "unit":
                dataset.units.append(
                    UnitIn(
                        code=get("id"),
                        name=get("name"),
                        parent=get("parent") or None,
                        kind=get("kind") or Unit.Kind.DEPARTMENT,
                        names=names,
                        short_name=get("short_name"),
                        mandate=get("mandate"),
                        address=get("address"),
                        website=get("website"),
                        established_on=date(get("starts_on")),
                        abolished_on=date(get("ends_on")),
                        line=line,
                        given=gives["unit"],
                    )
                )
            elif record == "post":
                given = gives["post"]
                if not get("reports_to") and not dataset.complete:
                    # In a file cut at a tier, an empty "reports to" may be a hidden one.
                    given = given - {"reports_to"}
                dataset.posts.append(
                    PostIn(
                        code=get("id"),
                        unit=get("parent"),
                        title=get("name"),
                        titles=names,
                        duties=get("duties"),
                        rank=get("rank"),
                        reports_to=get("reports_to") or None,
                        is_head=boolean(get("is_head")),
                        visibility=get("visibility") or Visibility.PUBLIC,
                        line=line,
                        given=given,
                    )
                )
            elif record == "person":
                dataset.people.append(
                    PersonIn(
                        slug=get("id"),
                        family_name=get("family_name"),
                        given_name=get("given_name"),
                        patronymic=get("patronymic"),
                        visibility=get("visibility") or Visibility.PUBLIC,
                        line=line,
                        given=gives["person"],
                    )
                )
            elif record == "appointment":
                dataset.appointments.append(
                    AppointmentIn(
                        person=get("id"),
                        post=get("parent"),
                        starts_on=date(get("starts_on")) or _required_date(),
                        ends_on=date(get("ends_on")),
                        acting=boolean(get("acting")),
                        line=line,
                    )
                )
            elif record == "contact":
                owner_kind, _colon, owner = get("id").partition(":")
                dataset.contacts.append(
                    ContactIn(
                        owner_kind=owner_kind,
                        owner=owner,
                        kind=get("kind"),
                        value=get("value"),
                        extension=get("extension"),
                        label=get("label"),
                        visibility=get("visibility") or Visibility.PUBLIC,
                        line=line,
                        given=gives["contact"],
                    )
                )
            else:
                dataset.problems.append(
                    Problem(
                        line, _("unknown kind of record “%(kind)s”") % {"kind": get("record")[:40]}
                    )
                )
        except ValueError as error:
            dataset.problems.append(Problem(line, _("bad date: %(error)s") % {"error": error}))
    # A CSV with appointments states the holders of every post it lists (one without
    # any, e.g. new titles only, says nothing about who holds them).
    dataset.holder_posts = None if dataset.appointments else set()
    return dataset


def _required_date():
    raise ValueError("starts_on is required")


# Keys of our JSON and the record fields they give.
JSON_GIVES = {
    "name": ("name", "names"),
    "title": ("title", "titles"),
    "short_name": ("short_name", "short_names"),
    "mandate": ("mandate", "mandates"),
    "duties": ("duties", "duties_in"),
}


def _json_gives(item: dict) -> frozenset:
    return frozenset(
        field for key in item if isinstance(key, str) for field in JSON_GIVES.get(key, (key,))
    )


def _translated(item: dict, key: str) -> tuple[str, dict[str, str]]:
    """(the Uzbek value, {other language: value}) of a translated value of our JSON."""
    value = item.get(key) or {}
    if not isinstance(value, dict):
        return str(value), {}
    return str(value.get("uz") or ""), {
        _suffix(k): str(v) for k, v in value.items() if k != "uz" and _suffix(k) in NAME_LANGUAGES
    }


@parser("json")
def our_json(path: Path) -> Dataset:
    """Our JSON, as exported (``/export/?format=json``)."""
    dataset = Dataset(source=str(path))
    data = _load_json(read_text(path), dataset)
    if data is None:
        return dataset
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k, []), list) for k in ("units", "posts", "people")
    ):
        dataset.problems.append(
            Problem(1, _("not a directory export: expected units, posts and people lists"))
        )
        return dataset
    dataset.cut = _cut(data)
    dataset.holder_posts = set()
    for index, unit in enumerate(data.get("units", []), 1):
        if not isinstance(unit, dict):
            dataset.problems.append(Problem(index, _("a unit must be an object")))
            continue
        name, names = _translated(unit, "name")
        short_name, short_names = _translated(unit, "short_name")
        mandate, mandates = _translated(unit, "mandate")
        dataset.units.append(
            UnitIn(
                code=str(unit.get("id", "")),
                name=name,
                parent=unit.get("parent"),
                kind=unit.get("kind") or Unit.Kind.DEPARTMENT,
                names=names,
                short_name=short_name,
                short_names=short_names,
                mandate=mandate,
                mandates=mandates,
                address=str(unit.get("address") or ""),
                website=str(unit.get("website") or ""),
                established_on=_date_or_none(unit.get("established_on")),
                abolished_on=_date_or_none(unit.get("abolished_on")),
                abolition_reason=str(unit.get("abolition_reason") or ""),
                line=index,
                given=_json_gives(unit),
            )
        )
        _contacts(dataset, "unit", unit, index)
    for index, post in enumerate(data.get("posts", []), 1):
        if not isinstance(post, dict):
            dataset.problems.append(Problem(index, _("a post must be an object")))
            continue
        title, titles = _translated(post, "title")
        duties, duties_in = _translated(post, "duties")
        code = str(post.get("id", ""))
        dataset.posts.append(
            PostIn(
                code=code,
                unit=str(post.get("unit", "")),
                title=title,
                titles=titles,
                duties=duties,
                duties_in=duties_in,
                rank=str(post.get("rank") or ""),
                is_head=bool(post.get("is_head")),
                visibility=post.get("visibility") or Visibility.PUBLIC,
                line=index,
                given=_json_gives(post),
            )
        )
        if "holders" in post:
            dataset.holder_posts.add(code)
        for holder in post.get("holders") or []:
            dataset.appointments.append(
                AppointmentIn(
                    person=str(holder.get("person", "")),
                    post=code,
                    starts_on=_date_or_none(holder.get("since")) or datetime.date.today(),
                    acting=bool(holder.get("acting")),
                    line=index,
                    given=frozenset({"acting"}),  # a holder's last day is not in the file
                )
            )
        _contacts(dataset, "post", post, index)
    for index, person in enumerate(data.get("people", []), 1):
        if not isinstance(person, dict):
            dataset.problems.append(Problem(index, _("a person must be an object")))
            continue
        dataset.people.append(
            PersonIn(
                slug=str(person.get("id", "")),
                family_name=str(person.get("family_name") or ""),
                given_name=str(person.get("given_name") or ""),
                patronymic=str(person.get("patronymic") or ""),
                visibility=person.get("visibility") or Visibility.PUBLIC,
                line=index,
                given=_json_gives(person),
            )
        )
        _contacts(dataset, "person", person, index)
    return dataset


def _cut(data: dict) -> Cut | None:
    """What our JSON or Popolo file says of its tier. A file of our first format, which
    did not say, may be cut at any tier; a file made elsewhere speaks for itself."""
    if "export" in data:
        return Cut.from_export(data["export"])
    if data.get("format") == "government-directory/1":
        return Cut(complete=False, tier="unknown")
    return None


def _suffix(language: str) -> str:
    return {"uz-Cyrl": "uz_cyrl"}.get(language, language)


def _date_or_none(value):
    try:
        return date(value) if value else None
    except (TypeError, ValueError):
        return None


def _contacts(dataset: Dataset, owner_kind: str, item: dict, line: int) -> None:
    """The contacts of a record of our JSON: a ``contacts`` list, even an empty one,
    states them all."""
    if "contacts" not in item:
        return
    owner = str(item.get("id", ""))
    dataset.contact_owners.add((owner_kind, owner))
    for contact in item.get("contacts") or []:
        if isinstance(contact, dict):
            dataset.contacts.append(_contact(owner_kind, owner, contact, line))


def _contact(owner_kind, owner, contact: dict, line: int) -> ContactIn:
    return ContactIn(
        owner_kind=owner_kind,
        owner=str(owner),
        kind=str(contact.get("kind", "")),
        value=str(contact.get("value", "")),
        extension=str(contact.get("extension", "")),
        label=str(contact.get("label", "")),
        visibility=str(contact.get("visibility", Visibility.PUBLIC)),
        line=line,
        given=_json_gives(contact),
    )


def _load_json(text: str, dataset: Dataset):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        dataset.problems.append(
            Problem(error.lineno, _("not valid JSON: %(error)s") % {"error": error.msg})
        )
        return None


# Popolo's contact detail types and ours.
POPOLO_CONTACT_KINDS = {"voice": "phone", "cell": "mobile"}


@parser("popolo")
def popolo(path: Path) -> Dataset:
    """Popolo JSON: organizations, posts, persons, memberships."""
    dataset = Dataset(source=str(path))
    data = _load_json(read_text(path), dataset)
    if data is None:
        return dataset
    if not isinstance(data, dict):
        dataset.problems.append(Problem(1, _("not Popolo: expected an object")))
        return dataset
    dataset.cut = _cut(data)
    organizations = {str(o.get("id", "")): o for o in data.get("organizations", [])}
    codes = {key: (key if _valid_code(key) else make_code("popolo", key)) for key in organizations}
    for index, org in enumerate(data.get("organizations", []), 1):
        key = str(org.get("id", ""))
        other = {
            n.get("note", ""): n.get("name", "")
            for n in org.get("other_names", [])
            if isinstance(n, dict)
        }
        parent = org.get("parent_id")
        given = {"name", "kind", "parent"}
        if "other_names" in org:
            given |= {"names", "other_names"}
        given |= {
            field
            for key_, field in (
                ("founding_date", "established_on"),
                ("dissolution_date", "abolished_on"),
            )
            if key_ in org
        }
        dataset.units.append(
            UnitIn(
                code=codes.get(key, key),
                name=org.get("name", ""),
                parent=codes.get(parent, parent) if parent else None,
                kind=org.get("classification")
                if org.get("classification") in Unit.Kind.values
                else Unit.Kind.OTHER,
                names={
                    _suffix(k): v
                    for k, v in other.items()
                    if _suffix(k) in ("uz_cyrl", "ru", "en", "ko")
                },
                other_names={
                    k: v
                    for k, v in other.items()
                    if _suffix(k) not in ("uz_cyrl", "ru", "en", "ko", "")
                },
                established_on=_date_or_none(org.get("founding_date")),
                abolished_on=_date_or_none(org.get("dissolution_date")),
                line=index,
                given=frozenset(given),
            )
        )
    for index, post in enumerate(data.get("posts", []), 1):
        key = str(post.get("id", ""))
        organization = str(post.get("organization_id", ""))
        dataset.posts.append(
            PostIn(
                code=key if _valid_code(key) else make_code("popolo-post", key),
                unit=codes.get(organization, organization),
                title=post.get("label", ""),
                line=index,
                given=frozenset({"title"}),
            )
        )
    for index, person in enumerate(data.get("persons", []), 1):
        key = str(person.get("id", ""))
        family, given = person.get("family_name", ""), person.get("given_name", "")
        if not family and person.get("name"):
            given, _space, family = person["name"].rpartition(" ")
        slug = key if re.fullmatch(r"[-a-zA-Z0-9_]{1,120}", key) else make_slug(key)
        dataset.people.append(
            PersonIn(
                slug=slug,
                family_name=family,
                given_name=given,
                patronymic=person.get("additional_name", ""),
                line=index,
                given=frozenset({"family_name", "given_name", "patronymic"}),
            )
        )
        if "contact_details" in person:
            dataset.contact_owners.add(("person", slug))
        for detail in person.get("contact_details", []):
            kind = POPOLO_CONTACT_KINDS.get(detail.get("type"), detail.get("type"))
            dataset.contacts.append(
                ContactIn(
                    owner_kind="person",
                    owner=slug,
                    kind=kind or "",
                    value=detail.get("value", ""),
                    extension=str(detail.get("extension", "")),
                    label=str(detail.get("label", "")),
                    line=index,
                    given=frozenset({"label"} if "label" in detail else ()),
                )
            )
    people = {
        str(p.get("id", "")): d.slug
        for p, d in zip(data.get("persons", []), dataset.people, strict=False)
    }
    posts = {
        str(p.get("id", "")): d.code
        for p, d in zip(data.get("posts", []), dataset.posts, strict=False)
    }
    if "memberships" not in data:
        dataset.holder_posts = set()
    for index, membership in enumerate(data.get("memberships", []), 1):
        post = posts.get(str(membership.get("post_id", "")))
        if post is None:
            continue  # memberships of organisations without a post are not appointments
        try:
            starts = date(membership.get("start_date", "")) or _required_date()
            ends = date(membership.get("end_date", ""))
        except ValueError as error:
            dataset.problems.append(Problem(index, _("bad date: %(error)s") % {"error": error}))
            continue
        dataset.appointments.append(
            AppointmentIn(
                person=people.get(
                    str(membership.get("person_id", "")), str(membership.get("person_id", ""))
                ),
                post=post,
                starts_on=starts,
                ends_on=ends,
                acting=membership.get("role") == "acting",
                line=index,
            )
        )
    return dataset


def _valid_code(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value or ""))


# Published data sets (../shared/data) ------------------------------------------------------


@parser("publicbodies")
def publicbodies(path: Path) -> Dataset:
    """publicbodies.org CSV (one country per file: ch, br, gr ...)."""
    dataset = Dataset(source=str(path))
    text = read_text(path)
    rows, seen = [], {}
    for line, row, error in csv_records(text):
        if error:
            dataset.problems.append(Problem(line, error))
            continue
        key = clean(row.get("id"))
        if not key:
            dataset.warnings.append(Problem(line, _("row without an id: left out")))
            continue
        if key in seen:
            dataset.warnings.append(
                Problem(
                    line,
                    _("id “%(id)s” already on line %(line)s: left out")
                    % {"id": key, "line": seen[key]},
                )
            )
            continue
        seen[key] = line
        rows.append((line, key, row))
    country = (
        (rows[0][2].get("jurisdiction_code") or path.stem).strip().upper()
        if rows
        else path.stem.upper()
    )
    region = country if len(country) == 2 else None
    language = {"CH": "de", "BR": "pt", "GR": "el", "DE": "de", "IT": "it", "SE": "sv"}.get(
        country, ""
    )
    names = {key: clean(row.get("name")) for _, key, row in rows}
    for line, key, row in rows:
        parent = clean(row.get("parent_id")) or None
        if parent == key:
            dataset.warnings.append(
                Problem(line, _("the body is its own parent: placed at the top"))
            )
            parent = None
        elif parent and parent not in names:
            dataset.warnings.append(
                Problem(
                    line,
                    _("parent “%(id)s” is not in the file: placed at the top") % {"id": parent},
                )
            )
            parent = None
        name = names[key]
        if parent and name.startswith(names[parent] + " - "):
            name = name[len(names[parent]) + 3 :]  # Swiss names repeat their parents' names
        address = clean(re.sub(r"\s+(www\.\S+|https?://\S+)\s*$", "", row.get("address") or ""))
        unit = UnitIn(
            code=make_code(country, key.split("/", 1)[-1]),
            name=name[:300],
            parent=make_code(country, parent.split("/", 1)[-1]) if parent else None,
            kind=Unit.Kind.OTHER,
            other_names={language: name[:300]} if language else {},
            short_name=clean(row.get("abbreviation"))[:60],
            mandate=(row.get("description") or "").replace("\u00a0", " ").strip(),
            address=address,
            website=url_or_warning(dataset, row.get("url"), line),
            established_on=_date_or_none(row.get("founding_date")),
            abolished_on=_date_or_none(row.get("dissolution_date")),
            line=line,
        )
        dataset.units.append(unit)
        phones = []
        for raw in re.split(r"[,;/]", row.get("phone") or ""):
            phone = phone_or_warning(dataset, raw, region, line)
            if phone and phone not in phones:
                phones.append(phone)
                dataset.contacts.append(ContactIn("unit", unit.code, "phone", phone, line=line))
        email = email_or_warning(dataset, row.get("email"), line)
        if email:
            dataset.contacts.append(ContactIn("unit", unit.code, "email", email, line=line))
    if country == "CH":
        for unit in dataset.units:
            if unit.mandate == "Federal-level entities of the Swiss government":
                unit.mandate = ""
    return dataset


@parser("korea-gov-org")
def korea(path: Path) -> Dataset:
    """data.go.kr 정부조직도 기구정보 (``data-sources/gov-org-info.csv``): one row per law
    version and organisation; the rows still in force (종료일자 9999-12-31), latest
    registration first, give each organisation its current name and parent."""
    if path.is_dir():
        path = path / "data-sources" / "gov-org-info.csv"
    dataset = Dataset(source=str(path))
    current: dict[str, tuple[int, dict]] = {}
    for line, row, error in csv_records(read_text(path)):
        if error:
            dataset.problems.append(Problem(line, error))
            continue
        if not (row.get("종료일자") or "").startswith("9999"):
            continue
        code = clean(row.get("기관코드"))
        if code in current and current[code][1]["등록일자"] >= row["등록일자"]:
            continue
        current[code] = (line, row)
    codes = set(current)
    for code, (line, row) in sorted(current.items(), key=lambda item: item[1][0]):
        parent = clean(row.get("상위기관코드"))
        if parent == code:
            parent = ""
        elif parent and parent not in codes:
            dataset.warnings.append(
                Problem(
                    line,
                    _("parent “%(id)s” is not in the file: placed at the top") % {"id": parent},
                )
            )
            parent = ""
        english, korean = (
            clean(row.get("기관영문")),
            clean(row.get("기관전체명") or row.get("기관명")),
        )
        kind = {
            "부": Unit.Kind.MINISTRY,
            "처": Unit.Kind.AGENCY,
            "청": Unit.Kind.AGENCY,
            "위원회": Unit.Kind.STATE_COMMITTEE,
            "대통령": Unit.Kind.GOVERNMENT,
            "국무총리": Unit.Kind.GOVERNMENT,
        }.get(clean(row.get("소분류")), Unit.Kind.OTHER)
        dataset.units.append(
            UnitIn(
                code=f"KR-{code}",
                name=english or korean,
                parent=f"KR-{parent}" if parent else None,
                kind=kind,
                names={"ko": korean, **({"en": english} if english else {})},
                short_name=clean(row.get("기관영문약어"))[:60],
                short_names={"ko": clean(row.get("기관약어"))[:60]}
                if clean(row.get("기관약어"))
                else {},
                established_on=_date_or_none(row.get("등록일자")),
                line=line,
            )
        )
    return dataset


@parser("canada-geds")
def canada(path: Path) -> Dataset:
    """Government of Canada organisations in English and French (``gcorgname``), with
    the GEDS-derived unit tree of ESDC (``new_org_struc.json``) under its department."""
    folder = path if path.is_dir() else path.parent
    dataset = Dataset(source=str(folder))
    info = folder / "gcorgname" / "gc_org_info.csv"
    by_name: dict[str, str] = {}
    rows = []
    for line, row, error in csv_records(read_text(info)):
        if error:
            dataset.problems.append(Problem(line, error))
            continue
        rows.append((line, row))
        by_name[clean(row.get("harmonized_name"))] = f"CA-{clean(row.get('gc_orgID'))}"
    dataset.units.append(
        UnitIn(
            code="CA-GC",
            name="Government of Canada",
            kind=Unit.Kind.GOVERNMENT,
            names={"en": "Government of Canada"},
            other_names={"fr": "Gouvernement du Canada"},
            line=1,
        )
    )
    for line, row in rows:
        code = f"CA-{clean(row.get('gc_orgID'))}"
        lead = clean(row.get("lead_department"))
        parent = by_name.get(lead) if lead else None
        if lead and parent is None:
            dataset.warnings.append(
                Problem(
                    line,
                    _("parent “%(id)s” is not in the file: placed at the top") % {"id": lead},
                )
            )
        if parent == code:
            parent = None
        english = clean(row.get("harmonized_name"))
        status = clean(row.get("status_statut"))
        dataset.units.append(
            UnitIn(
                code=code,
                name=english,
                parent=parent or "CA-GC",
                kind=Unit.Kind.OTHER,
                names={"en": english},
                other_names={"fr": clean(row.get("nom_harmonisé"))},
                short_name=clean(row.get("abbreviation"))[:60],
                abolished_on=(_date_or_none(row.get("end_date_fin")) or datetime.date(1900, 1, 1))
                if status in ("d", "t")
                else None,
                line=line,
            )
        )
    tree_file = folder / "new_org_struc.json"
    text = read_text(tree_file).strip()
    text = re.sub(r"^\s*treeData\s*=\s*", "", text).rstrip(";")
    try:
        tree = json.loads(text)
    except json.JSONDecodeError as error:
        dataset.problems.append(
            Problem(error.lineno, _("not valid JSON: %(error)s") % {"error": error.msg})
        )
        return dataset
    root_code = by_name.get("Employment and Social Development Canada")
    counter = [0]

    emitted: set[str] = set()

    def walk(node, parent_code, path):
        counter[0] += 1
        name = clean(node.get("name"))
        node_path = [*path, name]
        code = root_code if not path and root_code else make_code("CA-ESDC", " > ".join(node_path))
        # The path is the identity: siblings listed twice under one name are one unit.
        if (path or not root_code) and code not in emitted:
            emitted.add(code)
            dataset.units.append(
                UnitIn(
                    code=code,
                    name=name,
                    parent=parent_code,
                    kind=Unit.Kind.OTHER,
                    names={"en": name},
                    line=counter[0],
                )
            )
        for child in node.get("_children", []) or node.get("children", []):
            walk(child, code, node_path)

    for root in tree if isinstance(tree, list) else [tree]:
        walk(root, "CA-GC", [])
    return dataset


# Records of several files are numbered file index × FILE_STEP + line.
FILE_STEP = 1_000_000

# What the "Name" column holds when no person is named.
NOT_A_NAME = {"N/D", "VACANT", "N/A", "NOT DISCLOSED", "ELIMINATED", "VACANCY", "TBC", "NONE", "-"}

UK_DEPARTMENTS = {
    "attorney_generals_office": "AGO",
    "cabinet_office": "CO",
    "department_for_business_innovation_and_skills": "BIS",
    "department_for_communities_and_local_government": "DCLG",
    "department_for_culture_media_and_sport": "DCMS",
    "department_for_environment_food_and_rural_affairs": "DEFRA",
    "department_for_international_development": "DFID",
    "department_for_transport": "DFT",
    "department_for_work_and_pensions": "DWP",
    "department_of_education": "DFE",
    "department_of_energy_and_climate_change": "DECC",
    "department_of_health": "DH",
    "foreign_and_commonwealth_office": "FCO",
    "hm_treasury": "HMT",
    "home_office": "HO",
    "ministry_of_justice": "MOJ",
    "scotland_office": "SO",
    "treasury_solicitors_department": "TSOL",
}


@parser("uk-organograms")
def uk_organograms(path: Path) -> Dataset:
    """UK organograms: each department's senior-staff CSV gives its units (the "Unit"
    text), posts with "reports to" lines, grades, holders and contacts. Junior files
    count groups of staff, not people or posts, and are not imported."""
    files = sorted(path.glob("**/*-senior.csv")) if path.is_dir() else [path]
    dataset = Dataset(source=str(path), phone_region="GB")
    dataset.units.append(
        UnitIn(
            code="UK-HMG",
            name="HM Government",
            kind=Unit.Kind.GOVERNMENT,
            names={"en": "HM Government"},
        )
    )
    line_base = 0
    people: set[str] = set()
    for file in files:
        stem = file.name.split("-20")[0]
        snapshot = re.search(r"(\d{4}-\d{2}-\d{2})", file.name)
        starts_on = (
            datetime.date.fromisoformat(snapshot.group(1)) if snapshot else datetime.date.today()
        )
        dept = UK_DEPARTMENTS.get(stem, slugify(stem)[:20].upper())
        records = list(csv_records(read_text(file)))
        dept_name = next(
            (clean(r.get("Parent Department")) for _, r, e in records if r and not e), stem
        )
        dept_code = f"UK-{dept}"
        dataset.units.append(
            UnitIn(
                code=dept_code,
                name=dept_name,
                parent="UK-HMG",
                kind=Unit.Kind.MINISTRY,
                names={"en": dept_name},
                line=line_base + 1,
            )
        )
        units: dict[str, str] = {}
        posts: dict[str, str] = {}
        used: set[str] = set()
        rows = []
        for line, row, error in records:
            if error:
                dataset.problems.append(Problem(line_base + line, error))
                continue
            rows.append((line, row))
            reference = clean(row.get("Post Unique Reference"))
            code = make_code(dept_code, reference)
            if reference in posts or code in used:  # job shares repeat a reference
                code = make_code(dept_code, f"{reference}-row{line}")
            posts.setdefault(reference, code)
            used.add(code)
            row["_code"] = code
        for line, row in rows:
            where = line_base + line
            unit_name = clean(row.get("Unit")) or dept_name
            if unit_name == dept_name:
                unit_code = dept_code
            else:
                unit_code = units.get(unit_name)
                if unit_code is None:
                    unit_code = make_code(dept_code, unit_name)
                    units[unit_name] = unit_code
                    dataset.units.append(
                        UnitIn(
                            code=unit_code,
                            name=unit_name[:300],
                            parent=dept_code,
                            kind=Unit.Kind.DEPARTMENT,
                            names={"en": unit_name[:300]},
                            line=where,
                        )
                    )
            reports = clean(row.get("Reports to Senior Post"))
            reports_to = None
            if reports and reports.upper() != "XX":
                reports_to = posts.get(reports)
                if reports_to is None:
                    dataset.warnings.append(
                        Problem(
                            where,
                            _("“reports to” post “%(id)s” is not known: left empty")
                            % {"id": reports},
                        )
                    )
            title = (
                clean(row.get("Job Title"))
                or clean(row.get("Grade (or equivalent)"))
                or "Senior post"
            )
            dataset.posts.append(
                PostIn(
                    code=row["_code"],
                    unit=unit_code,
                    title=title[:300],
                    titles={"en": title[:300]},
                    duties=clean(row.get("Job/Team Function")),
                    rank=clean(row.get("Grade (or equivalent)"))[:60],
                    reports_to=reports_to,
                    is_head=reports.upper() == "XX",
                    line=where,
                )
            )
            phone = phone_or_warning(dataset, row.get("Contact Phone"), "GB", where)
            if phone:
                dataset.contacts.append(ContactIn("post", row["_code"], "phone", phone, line=where))
            email = email_or_warning(dataset, row.get("Contact E-mail"), where)
            if email:
                dataset.contacts.append(ContactIn("post", row["_code"], "email", email, line=where))
            name = clean(row.get("Name")).strip("'\"")
            if name and name.upper() not in NOT_A_NAME:
                if name.isupper():
                    name = name.title()
                given, _space, family = name.rpartition(" ")
                slug = make_slug(name, dept)
                if slug not in people:  # one person, however many posts they hold
                    people.add(slug)
                    dataset.people.append(
                        PersonIn(
                            slug=slug, family_name=family or name, given_name=given, line=where
                        )
                    )
                dataset.appointments.append(
                    AppointmentIn(person=slug, post=row["_code"], starts_on=starts_on, line=where)
                )
        line_base += FILE_STEP
    dataset.describe_line = lambda line: (
        f"{files[line // FILE_STEP].name} line {line % FILE_STEP}"
        if line // FILE_STEP < len(files)
        else f"line {line}"
    )
    return dataset


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
