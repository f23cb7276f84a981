"""The demo government's shape, planned before anything is written: the tree of units (ministries, their departments, regional offices and sections), each with its names in every language and the work it does."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ..transliteration import uz_latin_to_cyrillic
from .data import (
    BODIES,
    CABINET,
    CABINET_MANDATE,
    CABINET_SHORT,
    COMMON_DEPARTMENTS,
    DIVISIONS,
    REGIONS,
    SECTIONS,
    T,
)

LANGS = ("uz", "ru", "en", "ko")


EMAIL_DOMAIN = "gov.example"  # .example is reserved by RFC 2606


TODAY = datetime.date(2026, 11, 1)  # fixed, so the same seed gives the same data


@dataclass
class UnitSpec:
    code: str
    kind: str
    name: T
    duty: T
    children: list[UnitSpec] = field(default_factory=list)
    short_name: T | None = None
    mandate: T | None = None
    mandatory: bool = False
    area_code: str = "71"
    body_code: str = ""
    roll: float = 0.0
    address: str = ""


def translated(prefix: str, text: T | None) -> dict[str, str]:
    if text is None:
        return {}
    uz, ru, en, ko = text
    return {
        prefix: uz,
        f"{prefix}_uz": uz,
        f"{prefix}_uz_cyrl": uz_latin_to_cyrillic(uz),
        f"{prefix}_ru": ru,
        f"{prefix}_en": en,
        f"{prefix}_ko": ko,
    }


def ascii_only(text: str) -> str:
    return text.replace("ʻ", "").replace("ʼ", "").replace("'", "")


def district_name(district: str) -> T:
    cyrillic = uz_latin_to_cyrillic(district)
    return (
        f"{district} tuman boʻlimi",
        f"{cyrillic} районный отдел",
        f"{ascii_only(district)} District Office",
        f"{ascii_only(district)} 지구사무소",
    )


def plan_tree(rng: random.Random) -> UnitSpec:
    """Every unit the demo could have; the loader keeps as many as asked for."""
    root = UnitSpec(
        code="CABINET",
        kind="government",
        name=CABINET,
        duty=CABINET_MANDATE,
        short_name=CABINET_SHORT,
        mandate=CABINET_MANDATE,
        mandatory=True,
        address="Toshkent sh., Mustaqillik maydoni, 5",
        body_code="cabinet",
    )
    for body_code, kind, name, short, mandate, domains, regional in BODIES:
        body = UnitSpec(
            code=body_code,
            kind=kind,
            name=name,
            duty=mandate,
            short_name=short,
            mandate=mandate,
            mandatory=True,
            body_code=body_code.lower(),
            address=f"Toshkent sh., {rng.choice(['Amir Temur', 'Navoiy', 'Islom Karimov', 'Bunyodkor', 'Mustaqillik'])} koʻchasi, {rng.randint(1, 120)}",
        )
        root.children.append(body)
        departments = [*domains, *COMMON_DEPARTMENTS]
        for index, (dept_name, duty) in enumerate(departments, start=1):
            kind_of = "division" if dept_name[0].endswith("boʻlimi") else "department"
            dept = UnitSpec(
                code=f"{body_code}-{index:02d}",
                kind=kind_of,
                name=dept_name,
                duty=duty,
                mandate=duty,
                mandatory=index <= len(domains) + 4,
                body_code=body.body_code,
            )
            body.children.append(dept)
            for d_index, division_name in enumerate(rng.sample(DIVISIONS, 3), start=1):
                division = UnitSpec(
                    code=f"{dept.code}-{d_index:02d}",
                    kind="division",
                    name=division_name,
                    duty=duty,
                    body_code=body.body_code,
                )
                dept.children.append(division)
                add_sections(division, duty, rng)
        if regional:
            for r_index, (region, region_ru, region_en, region_ko, area, districts) in enumerate(
                REGIONS, start=1
            ):
                office = UnitSpec(
                    code=f"{body_code}-R{r_index:02d}",
                    kind="regional_office",
                    name=(
                        f"{region} boshqarmasi",
                        f"Управление по региону: {region_ru}",
                        f"{region_en} Office",
                        f"{region_ko} 사무소",
                    ),
                    duty=domains[0][1] if domains else mandate,
                    area_code=area,
                    body_code=body.body_code,
                    address=f"{region}, {rng.choice(['Mustaqillik', 'Navoiy', 'Alisher Navoiy', 'Amir Temur'])} koʻchasi, {rng.randint(1, 90)}",
                )
                body.children.append(office)
                for d_index, division_name in enumerate(rng.sample(DIVISIONS, 2), start=1):
                    division = UnitSpec(
                        code=f"{office.code}-{d_index:02d}",
                        kind="division",
                        name=division_name,
                        duty=office.duty,
                        area_code=area,
                        body_code=body.body_code,
                    )
                    office.children.append(division)
                    add_sections(division, office.duty, rng, area)
                for t_index, district in enumerate(districts, start=1):
                    district_office = UnitSpec(
                        code=f"{office.code}-D{t_index:02d}",
                        kind="district_office",
                        name=district_name(district),
                        duty=office.duty,
                        area_code=area,
                        body_code=body.body_code,
                    )
                    office.children.append(district_office)
                    add_sections(district_office, office.duty, rng, area, count=2)
    return root


def add_sections(parent: UnitSpec, duty: T, rng: random.Random, area: str = "71", count: int = 2):
    for s_index, section_name in enumerate(rng.sample(SECTIONS, count), start=1):
        section = UnitSpec(
            code=f"{parent.code}-{s_index:02d}",
            kind="section",
            name=section_name,
            duty=duty,
            area_code=area,
            body_code=parent.body_code,
        )
        parent.children.append(section)
        # Working groups make the deepest level (6) for large demos.
        for g_index in range(1, 3):
            section.children.append(
                UnitSpec(
                    code=f"{section.code}-{g_index:02d}",
                    kind="other",
                    name=(
                        f"{g_index}-ishchi guruh",
                        f"Рабочая группа № {g_index}",
                        f"Working Group {g_index}",
                        f"제{g_index}실무반",
                    ),
                    duty=duty,
                    area_code=area,
                    body_code=parent.body_code,
                )
            )


def walk(spec: UnitSpec):
    yield spec
    for child in spec.children:
        yield from walk(child)


def select(root: UnitSpec, wanted: int) -> Callable[[UnitSpec], bool]:
    """Choose a threshold so that about ``wanted`` units are kept: a unit is kept if it
    is mandatory or its roll is under the threshold, and its parent is kept."""

    def count(threshold: float) -> int:
        total, stack = 0, [root]
        while stack:
            spec = stack.pop()
            if spec.mandatory or spec.roll < threshold:
                total += 1
                stack.extend(spec.children)
        return total

    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        if count(middle) < wanted:
            low = middle
        else:
            high = middle
    threshold = high
    return lambda spec: spec.mandatory or spec.roll < threshold
