"""Public-bodies lists (the publicbodies.org CSV shape used by several governments)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext as _

from ...models import Unit
from ..dataset import ContactIn, Dataset, Problem, UnitIn

# Published data sets (../shared/data) ------------------------------------------------------
from .base import (
    clean,
    csv_records,
    date_or_none,
    email_or_warning,
    make_code,
    parser,
    phone_or_warning,
    read_text,
    url_or_warning,
)


@parser("publicbodies")
def publicbodies(path: Path) -> Dataset:
    """publicbodies.org CSV (one country per file: ch, br, gr ...)."""
    dataset = Dataset(source=str(path))
    text = read_text(path)
    rows: list = []
    seen: dict[str, int] = {}
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
            established_on=date_or_none(row.get("founding_date")),
            abolished_on=date_or_none(row.get("dissolution_date")),
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
