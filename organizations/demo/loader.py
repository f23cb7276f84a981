"""Writing the planned demo government: units, posts, people, appointments and contacts, by COPY, with their history."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers
from django.utils.text import slugify

from ..bulk import copy_insert, record_created, reserve_ids
from ..dates import start_of
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..search import rebuild_all
from ..transliteration import uz_cyrillic_to_latin, uz_latin_to_cyrillic
from ..visibility import Visibility
from . import story
from .data import (
    CONTACT_LABELS,
    DUTY_SENTENCES,
    FAMILY_NAMES,
    FATHERS,
    FEMALE_GIVEN,
    KOREAN_PEOPLE,
    MALE_GIVEN,
    RECEPTION_HOURS,
    RUSSIAN_PEOPLE,
    TITLES,
    T,
)
from .plan import EMAIL_DOMAIN, TODAY, UnitSpec, ascii_only, plan_tree, select, translated, walk


@dataclass
class Summary:
    units: int = 0
    posts: int = 0
    people: int = 0
    appointments: int = 0
    contacts: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"{self.units:,} units, {self.posts:,} posts, {self.people:,} people, "
            f"{self.appointments:,} appointments, {self.contacts:,} contacts in {self.seconds:.1f} s"
        )


class DemoLoader:
    def __init__(self, units: int, people: int, seed: int, progress: Callable[[str], None]):
        self.units_wanted = units
        self.people_wanted = people
        self.rng = random.Random(seed)
        self.progress = progress
        self.summary = Summary()
        self.contacts: list[ContactPoint] = []
        self.phone_serial = 0

    # Phones and e-mails ------------------------------------------------------------------

    def phone(self, area: str) -> str:
        """A distinct, valid landline number in the area (checked with phonenumbers)."""
        while True:
            self.phone_serial += 1
            number = f"+998{area}{2_000_000 + (self.phone_serial * 7919) % 7_999_999:07d}"
            if phonenumbers.is_valid_number(phonenumbers.parse(number)):
                return number

    def mobile(self) -> str:
        operator = self.rng.choice(["90", "91", "93", "94", "97", "99", "33", "88"])
        return f"+998{operator}{self.rng.randint(1_000_000, 9_999_999):07d}"

    # Units ------------------------------------------------------------------------------

    def load_units(self) -> list[tuple[Unit, UnitSpec]]:
        root = plan_tree(self.rng)
        for spec in walk(root):
            spec.roll = self.rng.random()
        # Room for the ministries the story adds (merged at the reform).
        keep = select(root, max(1, self.units_wanted - len(story.MERGED)))
        rows: list[tuple[Unit, UnitSpec]] = []

        def add(spec: UnitSpec, path: str, depth: int, after: datetime.date) -> None:
            kept_children = [child for child in spec.children if keep(child)]
            # No unit is older than the unit it is in.
            # Ministries and the bodies beside them are mostly older than the units in them.
            days = self.rng.randint(2500, 12000) if depth <= 2 else self.rng.randint(400, 9000)
            established = max(after, TODAY - datetime.timedelta(days=days))
            unit = Unit(
                path=path,
                depth=depth,
                numchild=len(kept_children),
                code=spec.code,
                kind=spec.kind,
                established_on=established,
                address=spec.address,
                website=f"https://{spec.body_code}.{EMAIL_DOMAIN}/" if depth <= 2 else "",
                last_verified_on=TODAY - datetime.timedelta(days=self.rng.randint(0, 700)),
                **translated("name", spec.name),
                **translated("short_name", spec.short_name),
                **translated("mandate", spec.mandate),
            )
            rows.append((unit, spec))
            for index, child in enumerate(kept_children, start=1):
                add(child, Unit._get_path(path, depth + 1, index), depth + 1, established)

        add(root, Unit._get_path(None, 1, 1), 1, datetime.date(1991, 9, 1))
        copy_insert(Unit, [unit for unit, _ in rows])
        self.summary.units = len(rows)
        for unit, spec in rows:
            self.unit_contacts(unit, spec)
        return rows

    def unit_contacts(self, unit: Unit, spec: UnitSpec) -> None:
        email = f"{spec.code.lower()}@{spec.body_code}.{EMAIL_DOMAIN}"
        if unit.depth <= 2 or spec.kind in ("regional_office", "district_office"):
            self.contacts += [
                ContactPoint(
                    unit=unit,
                    kind="phone",
                    value=self.phone(spec.area_code),
                    **translated("label", CONTACT_LABELS["reception"]),
                    visibility=Visibility.PUBLIC,
                    order=0,
                ),
                ContactPoint(
                    unit=unit, kind="email", value=email, visibility=Visibility.PUBLIC, order=1
                ),
            ]
            if unit.depth <= 2:
                self.contacts += [
                    ContactPoint(
                        unit=unit,
                        kind="phone",
                        value=self.phone("71"),
                        **translated("label", CONTACT_LABELS["hotline"]),
                        visibility=Visibility.PUBLIC,
                        order=2,
                    ),
                    ContactPoint(
                        unit=unit,
                        kind="hours",
                        value=RECEPTION_HOURS[0],
                        **translated("text", RECEPTION_HOURS),
                        visibility=Visibility.PUBLIC,
                        order=3,
                    ),
                    ContactPoint(
                        unit=unit,
                        kind="fax",
                        value=self.phone("71"),
                        visibility=Visibility.INTERNAL,
                        order=4,
                    ),
                ]
        elif self.rng.random() < 0.5:
            self.contacts.append(
                ContactPoint(
                    unit=unit,
                    kind="email",
                    value=email,
                    visibility=self.rng.choice([Visibility.PUBLIC, Visibility.INTERNAL]),
                )
            )

    # Posts ------------------------------------------------------------------------------

    def base_titles(self, unit: Unit, spec: UnitSpec) -> list[str]:
        if unit.depth == 1:
            return ["prime_minister", "deputy_prime_minister", "deputy_prime_minister", "adviser"]
        if unit.depth == 2:
            head, deputy = {
                "ministry": ("minister", "deputy_minister"),
                "state_committee": ("chair", "deputy_chair"),
            }.get(spec.kind, ("director", "deputy_director"))
            first = "first_deputy_minister" if spec.kind == "ministry" else deputy
            return [head, first, deputy, deputy, "adviser", "reception"]
        return {
            "department": ["head_department", "deputy_head_department"],
            "regional_office": ["head_regional", "deputy_head_regional"],
            "district_office": ["head_district"],
            "division": ["head_division"],
            "section": ["head_section"],
        }.get(spec.kind, ["chief_specialist"])

    def load_posts(self, rows: list[tuple[Unit, UnitSpec]]) -> list[Post]:
        posts_wanted = max(round(self.people_wanted * 0.955), 1)
        plans = [(unit, spec, self.base_titles(unit, spec)) for unit, spec in rows]
        base = sum(len(titles) for _, _, titles in plans)
        extra = max(posts_wanted - base, 0)
        weights = [
            {
                "department": 4,
                "regional_office": 4,
                "division": 3,
                "district_office": 2.5,
                "section": 2,
                "other": 1.5,
            }.get(spec.kind, 0)
            for _, spec, _ in plans
        ]
        total_weight = sum(weights) or 1
        ids = reserve_ids(Post, base + extra + len(plans))
        posts: list[Post] = []
        head_of: dict[str, int] = {}
        carry = 0.0
        for (unit, spec, titles), weight in zip(plans, weights, strict=True):
            share = extra * weight / total_weight + carry
            specialists = int(share)
            carry = share - specialists
            titles = titles + [
                self.rng.choices(
                    ["chief_specialist", "leading_specialist", "specialist"], [2, 3, 5]
                )[0]
                for _ in range(specialists)
            ]
            parent_head = head_of.get(unit.path[: -Unit.steplen])
            for order, key in enumerate(titles):
                is_head = order == 0
                post = Post(
                    id=ids.pop(),
                    unit=unit,
                    code=f"{spec.code}-P{order + 1:02d}",
                    is_head=is_head,
                    order=order,
                    rank=self.rank(key),
                    reports_to_id=parent_head if is_head else head_of.get(unit.path),
                    visibility=self.rng.choices(
                        [Visibility.PUBLIC, Visibility.INTERNAL, Visibility.RESTRICTED], [95, 4, 1]
                    )[0]
                    if not is_head
                    else Visibility.PUBLIC,
                    established_on=unit.established_on,
                    last_verified_on=unit.last_verified_on,
                    **translated("title", TITLES[key]),
                    **translated("duties", self.duties(key, is_head, spec)),
                )
                if is_head:
                    head_of[unit.path] = post.id
                posts.append(post)
                self.post_contacts(post, unit, spec, is_head)
        copy_insert(Post, posts)
        self.summary.posts = len(posts)
        return posts

    @staticmethod
    def rank(key: str) -> str:
        grade = {
            "prime_minister": 1,
            "deputy_prime_minister": 1,
            "minister": 1,
            "chair": 1,
            "director": 1,
            "first_deputy_minister": 2,
            "deputy_minister": 2,
            "deputy_chair": 2,
            "deputy_director": 2,
            "adviser": 3,
            "head_department": 3,
            "head_regional": 3,
            "deputy_head_department": 4,
            "deputy_head_regional": 4,
            "head_division": 4,
            "head_district": 4,
            "head_section": 5,
            "chief_specialist": 5,
            "reception": 6,
            "leading_specialist": 6,
            "specialist": 7,
        }[key]
        return f"{grade}-toifa"

    @staticmethod
    def duties(key: str, is_head: bool, spec: UnitSpec) -> T:
        """What the post does, as a sentence in each language: its unit's area of work
        in the words of the kind of post (the head leads, a specialist handles)."""
        if is_head:
            kind = "head"
        elif key.startswith(("deputy", "first_deputy")):
            kind = "deputy"
        elif key in DUTY_SENTENCES:
            kind = key
        else:
            kind = "specialist"
        sentences = []
        for index, template in enumerate(DUTY_SENTENCES[kind]):
            role = template.format(unit=spec.name[index])
            duty = spec.duty[index].strip()
            if kind != "reception" and duty:
                duty = duty[0].upper() + duty[1:]
                role = f"{role} {duty if duty.endswith('.') else duty + '.'}"
            sentences.append(role[0].upper() + role[1:])
        return tuple(sentences)  # type: ignore[return-value]

    def post_contacts(self, post: Post, unit: Unit, spec: UnitSpec, is_head: bool) -> None:
        if is_head:
            self.contacts.append(
                ContactPoint(
                    post=post,
                    kind="phone",
                    value=self.phone(spec.area_code),
                    visibility=Visibility.PUBLIC,
                    **translated("label", CONTACT_LABELS["reception"]),
                )
            )
        if self.rng.random() < 0.7:
            self.contacts.append(
                ContactPoint(
                    post=post,
                    kind="phone",
                    value=self.phone(spec.area_code),
                    extension=str(self.rng.randint(100, 4999)),
                    visibility=Visibility.INTERNAL,
                )
            )
        if self.rng.random() < 0.4:
            self.contacts.append(
                ContactPoint(
                    post=post,
                    kind="room",
                    value=f"{self.rng.randint(1, 9)}{self.rng.randint(1, 40):02d}",
                    visibility=Visibility.INTERNAL,
                )
            )

    # People and appointments -------------------------------------------------------------

    def new_person(self, index: int) -> Person:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            family, given, patronymic, _sex = rng.choice(RUSSIAN_PEOPLE)
        elif roll < 0.06:
            family, given, patronymic, _sex = rng.choice(KOREAN_PEOPLE)
        else:
            female = rng.random() < 0.45
            given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
            family = rng.choice(FAMILY_NAMES) + ("a" if female else "")
            father = rng.choice(FATHERS)
            if rng.random() < 0.6:
                patronymic = f"{father}ov{'na' if female else 'ich'}"
            else:
                patronymic = f"{father} {'qizi' if female else 'oʻgʻli'}"
            if rng.random() < 0.25:  # entered in Cyrillic
                family, given, patronymic = (
                    uz_latin_to_cyrillic(p) for p in (family, given, patronymic)
                )
        latin = " ".join(uz_cyrillic_to_latin(p) for p in (given, family))
        visibility = rng.choices(
            [Visibility.PUBLIC, Visibility.INTERNAL, Visibility.RESTRICTED], [88, 9, 3]
        )[0]
        return Person(
            slug=f"{slugify(ascii_only(latin))}-{index:x}",
            family_name=family,
            given_name=given,
            patronymic=patronymic,
            visibility=visibility,
            last_verified_on=TODAY - datetime.timedelta(days=rng.randint(0, 700)),
        )

    def load_people(self, posts: list[Post]) -> None:
        rng = self.rng
        people = [self.new_person(index) for index in range(1, self.people_wanted + 1)]
        copy_insert(Person, people)
        self.summary.people = len(people)

        appointments: list[Appointment] = []
        filled = [post for post in posts if post.is_head or rng.random() >= 0.08]
        holders = iter(people)
        current_start: dict[int, datetime.date] = {}
        for post in filled:
            person = next(holders, None)
            if person is None:
                break
            starts = TODAY - datetime.timedelta(days=rng.randint(10, 3000))
            current_start[post.id] = starts
            appointments.append(
                Appointment(person=person, post=post, starts_on=starts, acting=rng.random() < 0.06)
            )
        # Everyone left held a post before: the predecessor of a current holder, or the
        # last holder of a now vacant post.
        for person in holders:
            post = rng.choice(posts)
            ends = current_start.get(post.id, TODAY - datetime.timedelta(days=rng.randint(30, 400)))
            ends -= datetime.timedelta(days=1)
            starts = ends - datetime.timedelta(days=rng.randint(200, 2500))
            appointments.append(
                Appointment(
                    person=person,
                    post=post,
                    starts_on=starts,
                    ends_on=ends,
                    acting=rng.random() < 0.05,
                )
            )
        appointments = self.without_overlaps(appointments)
        copy_insert(Appointment, appointments)
        self.summary.appointments = len(appointments)

        for person in people:
            self.person_contacts(person)

    @staticmethod
    def without_overlaps(appointments: list[Appointment]) -> list[Appointment]:
        """Several past holders may have drawn the same post: keep them one after another."""
        by_post: dict[int, list[Appointment]] = {}
        for appointment in appointments:
            by_post.setdefault(appointment.post_id, []).append(appointment)
        for items in by_post.values():
            if len(items) == 1:
                continue
            items.sort(key=lambda a: (a.ends_on is None, a.ends_on or a.starts_on), reverse=True)
            boundary = None
            for appointment in items:  # newest first
                if boundary is not None:
                    appointment.ends_on = min(appointment.ends_on or boundary, boundary)
                    length = datetime.timedelta(days=365)
                    appointment.starts_on = min(appointment.starts_on, appointment.ends_on - length)
                boundary = appointment.starts_on - datetime.timedelta(days=1)
        return appointments

    def person_contacts(self, person: Person) -> None:
        rng = self.rng
        if rng.random() < 0.6:
            local = person.slug.rsplit("-", 1)[0].replace("-", ".")
            self.contacts.append(
                ContactPoint(
                    person=person,
                    kind="email",
                    value=f"{local}.{person.slug.rsplit('-', 1)[1]}@{EMAIL_DOMAIN}",
                    visibility=rng.choices([Visibility.PUBLIC, Visibility.INTERNAL], [4, 6])[0],
                )
            )
        if rng.random() < 0.3:
            self.contacts.append(
                ContactPoint(
                    person=person,
                    kind="mobile",
                    value=self.mobile(),
                    visibility=Visibility.RESTRICTED,
                )
            )

    # Everything -------------------------------------------------------------------------

    def load(self) -> Summary:
        started = time.monotonic()
        rows = self.load_units()
        self.progress(f"units: {len(rows):,}")
        posts = self.load_posts(rows)
        self.progress(f"posts: {len(posts):,}")
        self.load_people(posts)
        self.progress(
            f"people: {self.summary.people:,}, appointments: {self.summary.appointments:,}"
        )
        copy_insert(ContactPoint, self.contacts)
        self.summary.contacts = len(self.contacts)
        self.progress(f"contacts: {self.summary.contacts:,}")
        # Every record starts its history, as if saved one by one: the first edit of one
        # shows what changed, not "created". The records begin on a day in the past, and
        # the demo's recent past (renames, a move, merged ministries) follows.
        begin = start_of(story.RECORDS_BEGIN)
        for model in (Unit, Post, Person, Appointment, ContactPoint):
            record_created(model, reason="demo data", history_date=begin)
        story.write()
        self.summary.units = Unit.objects.count()

        report = rebuild_all()
        self.progress(f"search documents: {report['total'][0]:,} in {report['total'][1]:.1f} s")
        self.summary.seconds = time.monotonic() - started
        return self.summary
