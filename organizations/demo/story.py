"""The demo government's recent past, in the pattern of the 2022–2023 reform (Decree
UP-269 of 21 December 2022): ministries renamed, one body moved, ministries merged, and
their ministers who came and went. Written as recorded history, so that the directory
on a past day (``?on=``) and each unit's timeline show it on first run.

Today's demo tree is not changed by it: the renames and the move are history rows
before today's state (the old names also become the units' former names, which search
finds); the merged ministries are added as units abolished on 31 December 2022, with
their last ministers.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection

from .. import services
from ..bulk import among, record_created
from ..dates import start_of
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..permissions import SYSTEM
from ..services import UNIT_NAME_FIELDS
from .data import CONTACT_LABELS
from .plan import translated

#: The day the demo's records begin: the directory can be shown on any day from then on.
RECORDS_BEGIN = datetime.date(2020, 1, 1)
REFORM = datetime.date(2023, 1, 1)

# (code, [(day the name was taken, kind then, names uz / ru / en / ko)], oldest first;
# the unit has today's name from the last day on).
RENAMES = [
    (
        "MEPR",
        [
            (
                RECORDS_BEGIN,
                "ministry",
                (
                    "Bandlik va mehnat munosabatlari vazirligi",
                    "Министерство занятости и трудовых отношений",
                    "Ministry of Employment and Labour Relations",
                    "고용노동관계부",
                ),
            ),
            (REFORM, "ministry", None),
        ],
    ),
    (
        "MEEPCC",
        [
            (
                RECORDS_BEGIN,
                "state_committee",
                (
                    "Ekologiya va atrof-muhitni muhofaza qilish davlat qoʻmitasi",
                    "Государственный комитет по экологии и охране окружающей среды",
                    "State Committee for Ecology and Environmental Protection",
                    "생태환경보호국가위원회",
                ),
            ),
            (
                datetime.date(2022, 1, 1),
                "ministry",
                (
                    "Tabiiy resurslar vazirligi",
                    "Министерство природных ресурсов",
                    "Ministry of Natural Resources",
                    "천연자원부",
                ),
            ),
            (datetime.date(2023, 6, 1), "ministry", None),
        ],
    ),
]

# (code, the unit it was under before, the day it moved to where it is today)
MOVES = [("AEM", "MEPR", datetime.date(2023, 2, 1))]

# Ministries merged into today's ones at the reform: (code, names, merged into, minister).
MERGED = [
    (
        "MIFT",
        (
            "Investitsiyalar va tashqi savdo vazirligi",
            "Министерство инвестиций и внешней торговли",
            "Ministry of Investments and Foreign Trade",
            "투자대외무역부",
        ),
        "MIIT",
        ("Nazarov", "Farhod", "Rustamovich"),
    ),
    (
        "MEDPR",
        (
            "Iqtisodiy taraqqiyot va kambagʻallikni qisqartirish vazirligi",
            "Министерство экономического развития и сокращения бедности",
            "Ministry of Economic Development and Poverty Reduction",
            "경제발전빈곤감소부",
        ),
        "MEF",
        ("Yoʻldoshev", "Bahodir", "Karimovich"),
    ),
]

LANGUAGES = ("uz", "ru", "en", "ko")


def _names(names) -> dict[str, str]:
    return {f"name_{lang}": name for lang, name in zip(LANGUAGES, names, strict=True)}


def _set_first_row(unit: Unit, **columns) -> None:
    """Change the unit's first history row (the state the records begin with)."""
    history = Unit.history.model
    first = history.objects.filter(id=unit.pk).order_by("history_date", "history_id").first()
    if first is not None:
        history.objects.filter(history_id=first.history_id).update(**columns)


def _row_on(unit: Unit, day: datetime.date, reason: str, **columns) -> None:
    """A history row of the unit as it is today, dated ``day``, with ``columns`` changed."""
    record_created(Unit, among([unit.pk]), reason=reason, history_date=start_of(day))
    history = Unit.history.model
    row = history.objects.filter(id=unit.pk).order_by("-history_id").first()
    history.objects.filter(history_id=row.history_id).update(history_type="~", **columns)


def _established_by(unit: Unit, day: datetime.date) -> None:
    """The story needs ``unit`` to exist on ``day``."""
    if unit.established_on is None or unit.established_on > day:
        unit.established_on = day
        Unit.objects.filter(pk=unit.pk).update(established_on=day)
        Unit.history.model.objects.filter(id=unit.pk).update(established_on=day)


def _renames(units: dict[str, Unit]) -> None:
    for code, steps in RENAMES:
        unit = units.get(code)
        if unit is None:
            continue
        _established_by(unit, datetime.date(2017, 1, 1))
        blank = dict.fromkeys(UNIT_NAME_FIELDS, "")
        first_day, first_kind, first_names = steps[0]
        assert first_names is not None  # the records begin with a name
        _set_first_row(
            unit, kind=first_kind, name=first_names[0], **{**blank, **_names(first_names)}
        )
        for day, kind, names in steps[1:]:
            columns = {"kind": kind}
            if names:
                columns.update(name=names[0], **{**blank, **_names(names)})
            _row_on(unit, day, "renamed", **columns)
        former = [n for _, _, names in steps if names for n in names]
        Unit.objects.filter(pk=unit.pk).update(
            former_names=[*unit.former_names, *(n for n in former if n not in unit.former_names)]
        )


def _moves(units: dict[str, Unit]) -> None:
    for code, before, day in MOVES:
        unit, old_parent = units.get(code), units.get(before)
        if unit is None or old_parent is None:
            continue
        _established_by(unit, RECORDS_BEGIN)
        _set_first_row(unit, parent_unit=old_parent.pk)
        _row_on(unit, day, "moved")


def _merged(units: dict[str, Unit], cabinet: Unit) -> None:
    last_day = REFORM - datetime.timedelta(days=1)
    for code, names, into, (family, given, patronymic) in MERGED:
        target = units.get(into)
        if target is None:
            continue
        # It took over a ministry at the reform, so it existed by then.
        _established_by(target, datetime.date(2018, 7, 1))
        unit = services.create_unit(
            actor=SYSTEM,
            parent=cabinet,
            code=code,
            name=names[0],
            kind="ministry",
            established_on=datetime.date(2019, 1, 15),
            **{k: v for k, v in _names(names).items() if k != "name_uz"},
        )
        post = Post(
            unit=unit,
            code=f"{code}-MINISTER",
            title_uz="Vazir",
            title_ru="Министр",
            title_en="Minister",
            title_ko="장관",
            is_head=True,
        )
        services.save_post(post, actor=SYSTEM)
        # Its minister stayed on in the ministry that took it over, where they work today
        # (or, in a demo too small to have anyone there, someone new).
        person = (
            Person.objects.filter(
                appointments__post__unit=target,
                appointments__post__is_head=False,
                appointments__starts_on__gte=REFORM,
            )
            .order_by("pk")
            .first()
        ) or Person(family_name=family, given_name=given, patronymic=patronymic)
        person_existed = person.pk is not None
        appointment = services.appoint(
            person, post, datetime.date(2019, 2, 1), ends_on=last_day, actor=SYSTEM
        )
        services.save_contact(
            ContactPoint(
                unit=unit,
                kind="phone",
                value="+998712390000",
                **translated("label", CONTACT_LABELS["chancellery"]),
            ),
            actor=SYSTEM,
        )
        # What was written so far is the state the records begin with.
        begin = start_of(RECORDS_BEGIN)
        written: tuple[tuple[Any, list[int]], ...] = (
            (Unit, [unit.pk]),
            (Post, [post.pk]),
            (Person, [] if person_existed else [person.pk]),
            (Appointment, [appointment.pk]),
            (ContactPoint, list(unit.contacts.values_list("pk", flat=True))),
        )
        for model, ids in written:
            model.history.model.objects.filter(id__in=ids).update(history_date=begin)
        # The minister's office ended with the ministry; its work went to the target.
        services.abolish_post(post, REFORM, actor=SYSTEM)
        services.merge_units([unit], target, actor=SYSTEM, effective_on=REFORM)


def write() -> None:
    """Write the demo's past (after its records were created, dated ``RECORDS_BEGIN``)."""
    units = {u.code: u for u in Unit.objects.filter(depth__lte=2)}
    cabinet = Unit.objects.filter(depth=1).first()
    if cabinet is None:
        return
    _renames(units)
    _moves(units)
    _merged(units, cabinet)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_historicalunit")
