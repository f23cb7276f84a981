"""Recall: a citizen who mistypes a name still finds the person.

People are sampled at random from the demo government; their names get one edit at a
random place (a letter missing, added, wrong, or two neighbours swapped; two edits in a
name of 8 letters or more), in the family name or the given name, searched alone or
together with the other name. The right person must be on the first page for at least
95 % of samples of each kind. Namesakes cannot be told apart by what was typed: searching
a name alone, any holder of that very name is the right answer (a common name has more
holders than a page), and so is anyone with the same family and given names.
"""

import random

import pytest

from organizations.demo import load_demo
from organizations.models import Person
from organizations.search import Filters, search
from organizations.visibility import Viewer

ANON = Viewer.anonymous()
LATIN = "abdefghijklmnopqrstuvxyz"
CYRILLIC = "абвгдежзийклмнопрстуфхчшэюяўқғҳ"
SAMPLES = 30


def edit(word: str, kind: str, rng: random.Random, times: int = 1) -> str:
    for _ in range(times):
        letters = CYRILLIC if any("а" <= c.lower() <= "я" or c in "ўқғҳ" for c in word) else LATIN
        # Not the first letter, and not the apostrophe of oʻ/gʻ.
        places = [i for i in range(1, len(word)) if word[i].isalpha()]
        i = rng.choice(places)
        if kind == "missing":
            word = word[:i] + word[i + 1 :]
        elif kind == "added":
            word = word[:i] + rng.choice(letters) + word[i:]
        elif kind == "wrong":
            word = (
                word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]
            )
        else:  # swapped with the next letter
            i = min(i, len(word) - 2)
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


@pytest.fixture
def government(db):
    load_demo(units=200, people=1500, seed=11)
    return list(
        Person.objects.filter(
            visibility="public",
            appointments__ends_on__isnull=True,
            appointments__post__visibility="public",
        )
        .distinct()
        .order_by("pk")
    )


def found(query: str, person: Person, alone: str | None) -> bool:
    """Is the person (or a namesake, who cannot be told apart by what was typed) on the
    first page?"""
    hits = [h.person for h in search(ANON, query, Filters()).hits if h.person]
    same = (alone,) if alone else ("family_name", "given_name")
    return any(all(getattr(h, n) == getattr(person, n) for n in same) for h in hits)


@pytest.mark.parametrize("kind", ["missing", "added", "wrong", "swapped"])
def test_one_edit_in_any_name_still_finds_the_person(government, kind):
    rng = random.Random(f"recall-{kind}")
    table = {}
    for shape in ("family alone", "given alone", "family, with given", "given, with family"):
        edited_field = "family_name" if shape.startswith("family") else "given_name"
        people = [p for p in government if len(getattr(p, edited_field)) >= 4]
        sample = rng.sample(people, min(SAMPLES, len(people)))
        hits = 0
        for person in sample:
            wrong = edit(getattr(person, edited_field), kind, rng)
            if shape == "family alone" or shape == "given alone":
                hits += found(wrong, person, alone=edited_field)
            elif edited_field == "family_name":
                hits += found(f"{person.given_name} {wrong}", person, None)
            else:
                hits += found(f"{wrong} {person.family_name}", person, None)
        table[shape] = hits / len(sample)
    print(f"\n{kind}: " + ", ".join(f"{shape} {share:.0%}" for shape, share in table.items()))
    assert all(share >= 0.95 for share in table.values()), table


def test_two_edits_in_a_long_name_still_find_the_person(government):
    rng = random.Random("recall-two")
    people = [p for p in government if len(p.family_name) >= 8]
    sample = rng.sample(people, min(SAMPLES, len(people)))
    hits = sum(
        found(
            f"{p.given_name} {edit(p.family_name, rng.choice(['missing', 'added', 'wrong', 'swapped']), rng, 2)}",
            p,
            None,
        )
        for p in sample
    )
    print(f"\ntwo edits in a family name of 8+ letters: {hits}/{len(sample)}")
    assert hits / len(sample) >= 0.95
