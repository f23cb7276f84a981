"""What a search document holds for one unit, post or person: every spelling of every
value, sorted into the tier that may see it (``Row``), built in batches from records
loaded with what they need (``unit_rows``, ``post_rows``, ``person_rows``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..bulk import among
from ..models import Appointment, ContactPoint, Person, Post, SearchDocument, Unit, today
from ..transliteration import loose_word, phonetic_variants, search_forms, words
from ..visibility import TIERS, Visibility, at_least_as_visible

LANGUAGES = ("uz", "uz_cyrl", "ru", "en", "ko")
# The tiered texts of a record with no values of their own tier (see ``Values.texts``).
NO_TIERED: dict[str, str] = {
    Visibility.PUBLIC: " ",
    Visibility.INTERNAL: "",
    Visibility.RESTRICTED: "",
}


@dataclass
class Values:
    """Values of one record: its own (guarded by the record's visibility) and those with
    a tier of their own (filed under that tier)."""

    own: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    russian: list[str] = field(default_factory=list)
    tiered: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add_own(self, text: str | None, language: str | None = None) -> None:
        if not text:
            return
        self.own.append(search_forms(text))
        if language == "en":
            self.english.append(text)
        elif language == "ru":
            self.russian.append(text)

    def add_translated(self, record, name: str, long_text: bool = False) -> None:
        """A translated field. Long texts (duties, mandates) in English and Russian are
        found through full-text search with stemming, so only their Uzbek and Korean
        forms go into the trigram text, which keeps documents small."""
        for language in LANGUAGES:
            value = getattr(record, f"{name}_{language}", "")
            if long_text and language in ("en", "ru"):
                if value:
                    (self.english if language == "en" else self.russian).append(value)
                continue
            self.add_own(value, language)

    def add_tiered(self, tier: str, text: str | None) -> None:
        if text:
            self.tiered[tier].append(search_forms(text))

    def add_contact(self, contact: ContactPoint) -> None:
        tier = contact.shown_visibility  # restricted outside its publication window
        if contact.is_phone:
            self.tiered[tier] += phone_tokens(contact.value)
            if contact.extension:
                self.tiered[tier].append(f"ext{contact.extension}")
        elif contact.kind == ContactPoint.Kind.EMAIL:
            email = contact.value.lower()
            self.tiered[tier].append(email)
            self.add_tiered(tier, email.split("@")[0])
        else:
            self.add_tiered(tier, contact.value)
        # Every language's label and wording: a reader finds "Reception" and "Qabulxona".
        for language in LANGUAGES:
            self.add_tiered(tier, getattr(contact, f"label_{language}", "") or "")
            self.add_tiered(tier, getattr(contact, f"text_{language}", "") or "")

    def texts(self) -> tuple[str, str, str, dict[str, str]]:
        """(own text, own English, own Russian, {tier: tiered text of it and below}).
        Words appear once; texts are padded with spaces, so that "% word%" matches the
        start of any word."""
        own = " ".join(dict.fromkeys(w for part in self.own for w in part.split()))
        english, russian = " ".join(self.english), " ".join(self.russian)
        if not self.tiered:  # most people: no contact or post of their own tier
            return f" {own} ", english, russian, dict(NO_TIERED)
        tiered: dict[str, str] = {}
        below = ""
        for tier in TIERS:
            seen = [t for t in TIERS if at_least_as_visible(t, tier)]
            words_ = dict.fromkeys(w for t in seen for part in self.tiered[t] for w in part.split())
            text = f" {' '.join(words_)} " if words_ else " "
            # A tier with nothing more than the one below stores "" ("same as below"),
            # which the query understands; it spares most documents two index entries.
            tiered[tier] = "" if tier != Visibility.PUBLIC and text == below else text
            below = text
        return f" {own} ", english, russian, tiered


def phone_tokens(e164: str) -> list[str]:
    """``+998712391234`` as tel998712391234, tel712391234 and tel2391234, so a number
    typed with or without the country or area code is found."""
    digits = e164.lstrip("+")
    tokens = [f"tel{digits}"]
    if digits.startswith("998") and len(digits) == 12:
        national = digits[3:]
        tokens += [f"tel{national}", f"tel{national[2:]}"]
    return tokens


def name_key(*parts: str) -> str:
    return " ".join(loose_word(word) for part in parts for word in words(part))


def phonetic_words(*parts: str) -> list[str]:
    """The keys the words of ``parts`` are found under by typo: their phonetic keys (so
    that spelling variants are no edit) and their loose keys (so that an edit is counted
    in the letters as typed, not in a key that folding may have shortened), each once."""
    return list(
        dict.fromkeys(
            key
            for part in parts
            for w in words(part)
            if w
            for key in (*phonetic_variants(w), loose_word(w))
        )
    )


PLACE_LANGUAGES = ("uz", "ru", "en")


@dataclass
class Row:
    kind: str
    ref_id: int
    path: str
    depth: int
    visibility: str
    is_current: bool
    is_vacant: bool
    name_key: str
    values: Values
    is_head: bool = False
    # Phonetic keys of the record's own names (the first ``name_primary`` its main
    # ones), and of the units it belongs to.
    name_words: list[str] = field(default_factory=list)
    context_words: list[str] = field(default_factory=list)
    name_primary: int | None = None

    def __post_init__(self):
        if self.name_primary is None:
            self.name_primary = len(self.name_words)


# Builders: each turns a queryset into rows with a fixed number of queries.


def _contacts_by(owner: str, ids: Iterable[int]) -> dict[int, list[ContactPoint]]:
    grouped: dict[int, list[ContactPoint]] = defaultdict(list)
    for contact in ContactPoint.objects.filter(**{f"{owner}_id__in": among(ids)}):
        grouped[getattr(contact, f"{owner}_id")].append(contact)
    return grouped


class Places:
    """The words of the units above (and including) a path, in Uzbek, Russian and
    English: where a record is, as a citizen would name it ("Toshkent", "soliq"). The
    units a batch needs are read once."""

    def __init__(self, paths: Iterable[str]):
        wanted = {
            p[:end] for p in paths if p for end in range(Unit.steplen, len(p) + 1, Unit.steplen)
        }
        self.units = {u.path: u for u in Unit.objects.filter(path__in=among(wanted, "text"))}

    def words(self, path: str, *, include_self: bool = True) -> list[str]:
        ends = range(Unit.steplen, len(path) + (1 if include_self else 0), Unit.steplen)
        names = []
        for end in ends:
            unit = self.units.get(path[:end])
            if unit is not None:
                names += [getattr(unit, f"name_{lang}") or "" for lang in PLACE_LANGUAGES]
                names.append(unit.short_name_uz or "")
        return phonetic_words(*names)


def unit_rows(units: list[Unit]) -> Iterator[Row]:
    on = today()
    contacts = _contacts_by("unit", [u.pk for u in units])
    places = Places(u.path for u in units)

    def build(unit: Unit) -> Row:
        values = Values()
        values.add_translated(unit, "name")
        values.add_translated(unit, "short_name")
        values.add_translated(unit, "mandate", long_text=True)
        for former in unit.former_names:
            values.add_own(former)
        for other in (unit.other_names or {}).values():
            values.add_own(other if isinstance(other, str) else "")
        values.own.append(compact(unit.code))
        values.add_own(unit.address)
        for contact in contacts[unit.pk]:
            values.add_contact(contact)
        names = [
            getattr(unit, f"{field}_{lang}") or ""
            for field in ("name", "short_name")
            for lang in LANGUAGES
        ]
        return Row(
            kind=SearchDocument.Kind.UNIT,
            ref_id=unit.pk,
            path=unit.path,
            depth=unit.depth,
            visibility=Visibility.PUBLIC,
            is_current=unit.abolished_on is None or unit.abolished_on >= on,
            is_vacant=False,
            name_key=" ".join(
                filter(
                    None,
                    [
                        name_key(unit.name_uz or unit.name, unit.name_ru or "", unit.name_en or ""),
                        compact(unit.code),
                        name_key(unit.short_name_uz or "", unit.short_name_en or ""),
                    ],
                )
            ),
            values=values,
            name_words=phonetic_words(*names, *unit.former_names),
            context_words=places.words(unit.path, include_self=False),
        )

    return map(build, units)


def compact(code: str) -> str:
    """An organisation code as one word: ``MEPR-01`` → ``mepr01``."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def post_rows(posts: list[Post]) -> Iterator[Row]:
    on = today()
    contacts = _contacts_by("post", [p.pk for p in posts])
    held = set(
        Appointment.objects.current(on)
        .filter(post_id__in=among(p.pk for p in posts))
        .values_list("post_id", flat=True)
    )
    places = Places(p.unit.path for p in posts)

    def build(post: Post) -> Row:
        values = Values()
        values.add_translated(post, "title")
        values.add_translated(post, "duties", long_text=True)
        values.add_own(post.rank)
        for language in ("uz", "ru", "en"):
            values.add_own(getattr(post.unit, f"name_{language}", ""), language)
        for contact in contacts[post.pk]:
            values.add_contact(contact)
        return Row(
            kind=SearchDocument.Kind.POST,
            ref_id=post.pk,
            path=post.unit.path,
            depth=post.unit.depth + 1,
            visibility=post.shown_visibility,
            is_current=(post.abolished_on is None or post.abolished_on >= on)
            and (post.unit.abolished_on is None or post.unit.abolished_on >= on),
            is_vacant=post.pk not in held,
            name_key=name_key(
                post.title_uz or post.title, post.title_ru or "", post.title_en or ""
            ),
            values=values,
            is_head=post.is_head,
            name_words=phonetic_words(
                *(getattr(post, f"title_{lang}") or "" for lang in LANGUAGES)
            ),
            context_words=places.words(post.unit.path),
        )

    return map(build, posts)


def person_rows(people: list[Person]) -> Iterator[Row]:
    """A person is placed by their current posts at least as visible as they are (see
    ``visibility``); someone who holds none now is a former official, placed by the posts
    they left last, and found after current ones."""
    on = today()
    contacts = _contacts_by("person", [p.pk for p in people])
    current: dict[int, list[Appointment]] = defaultdict(list)
    former: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in (
        Appointment.objects.filter(person_id__in=among(p.pk for p in people), starts_on__lte=on)
        .select_related("post__unit")
        .order_by("starts_on", "pk")
    ):
        if appointment.ends_on is None or appointment.ends_on >= on:
            current[appointment.person_id].append(appointment)
        else:
            former[appointment.person_id].append(appointment)
    places = Places(
        a.post.unit.path for group in (current, former) for held in group.values() for a in held
    )

    def build(person: Person) -> Row:
        values = Values()
        values.add_own(f"{person.family_name} {person.given_name} {person.patronymic}")
        for spelling in (person.name_latin, person.name_cyrillic):
            if spelling:
                values.add_own(spelling)
        held = current[person.pk]
        for appointment in held:
            post = appointment.post
            # The post's title and unit are only as visible as the post itself.
            for language in LANGUAGES:
                values.add_tiered(post.shown_visibility, getattr(post, f"title_{language}", ""))
            for language in ("uz", "ru", "en"):
                values.add_tiered(post.shown_visibility, getattr(post.unit, f"name_{language}", ""))
        for contact in contacts[person.pk]:
            values.add_contact(contact)

        def as_visible(appointments):
            return [
                a
                for a in appointments
                if at_least_as_visible(a.post.shown_visibility, person.visibility)
            ]

        names = phonetic_words(person.family_name, person.given_name)
        placed = as_visible(held)
        if not placed and former[person.pk]:
            left = as_visible(former[person.pk])
            last = max((a.ends_on for a in left), default=None)
            placed = [a for a in left if a.ends_on == last]
        unit = placed[0].post.unit if placed else None
        context = []
        for appointment in placed:
            post = appointment.post
            context += phonetic_words(
                *(getattr(post, f"title_{lang}") or "" for lang in PLACE_LANGUAGES)
            )
            context += places.words(post.unit.path)
        return Row(
            kind=SearchDocument.Kind.PERSON,
            ref_id=person.pk,
            path=unit.path if unit else "",
            depth=(unit.depth + 1) if unit else 99,
            visibility=person.visibility,
            is_current=bool(held) and bool(as_visible(held)),
            is_vacant=False,
            name_key=name_key(person.family_name, person.given_name, person.patronymic),
            values=values,
            is_head=any(a.post.is_head for a in placed),
            name_words=names + [w for w in phonetic_words(person.patronymic) if w not in names],
            name_primary=len(names),
            context_words=list(dict.fromkeys(context)),
        )

    return map(build, people)
