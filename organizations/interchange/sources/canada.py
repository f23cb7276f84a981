"""Canada's GEDS (Government Electronic Directory Services) open-data export."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from django.utils.translation import gettext as _

from ...models import Unit
from ..dataset import Dataset, Problem, UnitIn
from .base import clean, csv_records, date_or_none, make_code, parser, read_text


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
                abolished_on=(date_or_none(row.get("end_date_fin")) or datetime.date(1900, 1, 1))
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
