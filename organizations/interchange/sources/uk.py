"""The UK's organograms: a folder of senior and junior staff CSVs per department."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

from ...models import Unit
from ..dataset import AppointmentIn, ContactIn, Dataset, PersonIn, PostIn, Problem, UnitIn
from .base import (
    NOT_A_NAME,
    clean,
    csv_records,
    email_or_warning,
    make_code,
    make_slug,
    parser,
    phone_or_warning,
    read_text,
)

# Records of several files are numbered file index × FILE_STEP + line.
FILE_STEP = 1_000_000

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
            unit_code: str | None
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
