"""Typos: finding the words of the dictionary within one or two edits of a typed word.

A word of 4 to 7 letters may carry one edit, a word of 8 letters or more two: a letter
missing, added or wrong, or two neighbours swapped (optimal string alignment distance).
Words are compared in their phonetic key (``transliteration.phonetic_word``), so spelling
variants between Uzbek, Russian and English (x/h/kh, o/a, q/k, j/dj/zh …) are not edits
at all, and a typo on top of one still is one edit.

The dictionary (``SearchWord``) holds every word of the documents' names and places;
``SearchWordVariant`` holds each with letters deleted. A typed word and a dictionary word
within the allowed edits share a deletion (the symmetric-delete method of SymSpell), so
one indexed lookup of the typed word's deletions finds every candidate, whatever the size
of the directory; candidates are then checked exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from django.db import connection

from ..bulk import among
from ..visibility import like

# Dictionary words from this length keep their two-letter deletions: a typed word of 8
# letters or more may be two edits away from one of 6.
TWO_DELETIONS_FROM = 6


def allowed_edits(length: int) -> int:
    """How many edits a word of this many letters may carry: none below 4."""
    if length < 4:
        return 0
    return 1 if length < 8 else 2


def search_depth(typed_length: int) -> int:
    """How many letters to delete from a typed word to meet every word it may be a typo
    of: the intended word may be longer (a letter missing: "Umd" for "Umid")."""
    if typed_length >= 6:
        return 2
    return 1 if typed_length >= 3 else 0


@lru_cache(maxsize=100_000)
def deletions(word: str, depth: int) -> frozenset[str]:
    """``word`` with up to ``depth`` letters deleted, ``word`` itself included."""
    found = {word}
    for count in range(1, min(depth, len(word) - 1) + 1):
        for positions in combinations(range(len(word)), count):
            found.add("".join(c for i, c in enumerate(word) if i not in positions))
    return frozenset(found)


def dictionary_variants(word: str) -> frozenset[str]:
    """The deletions a dictionary word is stored under."""
    return deletions(word, 2 if len(word) >= TWO_DELETIONS_FROM else 1)


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau–Levenshtein without repeated edits of
    one substring), or ``limit + 1`` as soon as it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def near_either(words: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """For each (loose key, phonetic key) of a query, keyed by the phonetic key: the
    dictionary words near either, each with its smaller distance. The loose key counts
    an edit in the letters as typed; the phonetic key forgives spelling variants first."""
    lengths: dict[str, int] = {}
    for loose, phonetic in words:
        for key in (loose, phonetic):
            lengths[key] = max(lengths.get(key, 0), len(loose))
    found = near(lengths)
    result: dict[str, dict[str, int]] = {}
    for loose, phonetic in words:
        merged = dict(found.get(loose, {}))
        for word, apart in found.get(phonetic, {}).items():
            merged[word] = min(apart, merged.get(word, apart))
        result[phonetic] = merged
    return result


def near(words: dict[str, int]) -> dict[str, dict[str, int]]:
    """For each key (with the length of the word as typed), the dictionary words it may
    be a typo of, with their distance: within the edits the longer of the typed and the
    dictionary word allows (one for 4 to 7 letters, two from 8), itself included (at 0)
    when the dictionary has it. One query."""
    wanted = {word: deletions(word, search_depth(length)) for word, length in words.items()}
    every = set().union(*wanted.values()) if wanted else set()
    if not every:
        return {word: {} for word in words}
    found: dict[str, set[str]] = {}
    array = among(every, "text")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT variant, word FROM organizations_searchwordvariant "
            f"WHERE variant IN ({array.sql})",
            array.params,
        )
        for variant, word in cursor.fetchall():
            found.setdefault(variant, set()).add(word)
    result: dict[str, dict[str, int]] = {}
    for word, typed in words.items():
        candidates = set().union(*(found.get(v, ()) for v in wanted[word]))
        result[word] = {}
        for candidate in candidates:
            # The word meant may be as long as the typed one, or as long as the
            # dictionary word (whose key folding may have shortened).
            limit = max(allowed_edits(len(candidate)), allowed_edits(typed))
            apart = 0 if candidate == word else distance(word, candidate, limit)
            if apart <= limit:
                result[word][candidate] = apart
    return result


def remember(words: Iterable[str], person_names: Iterable[tuple[str, int]] = ()) -> None:
    """Add the words the dictionary does not have yet, with their deletions, and mark
    those that are part of someone's name with that person's tier (0 public, 1 internal,
    2 restricted; the most visible one wins). In the caller's transaction."""
    words = {w for w in words if w}
    tiers: dict[str, int] = {}
    for word, tier in person_names:
        if word:
            tiers[word] = min(tier, tiers.get(word, tier))
    if not words:
        return
    array = among(words, "text")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO organizations_searchword (word) "
            f"SELECT word FROM ({array.sql}) AS w(word) "
            f"ON CONFLICT (word) DO NOTHING RETURNING word",
            array.params,
        )
        new = [row[0] for row in cursor.fetchall()]
        if new:
            with cursor.cursor.copy(
                "COPY organizations_searchwordvariant (variant, word) FROM STDIN"
            ) as copy:
                for word in new:
                    for variant in dictionary_variants(word):
                        copy.write_row((variant, word))
        if tiers:
            cursor.execute(
                "UPDATE organizations_searchword AS w SET person_tier = t.tier "
                "FROM unnest(%s::text[], %s::int[]) AS t(word, tier) "
                "WHERE w.word = t.word AND (w.person_tier IS NULL OR w.person_tier > t.tier)",
                [list(tiers), list(tiers.values())],
            )


def person_names(words: Iterable[str], tier: int) -> set[str]:
    """Which of ``words`` begin the name of someone of ``tier`` or a more visible one."""
    words = sorted({w for w in words if w})
    if not words:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.word FROM unnest(%s::text[], %s::text[]) AS t(word, pattern) "
            "WHERE EXISTS (SELECT 1 FROM organizations_searchword w "
            "WHERE w.word LIKE t.pattern AND w.person_tier <= %s)",
            [words, [like(w) + "%" for w in words], tier],
        )
        return {row[0] for row in cursor.fetchall()}


def forget_all() -> None:
    """Empty the dictionary (``rebuild_all`` fills it again)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE organizations_searchword, organizations_searchwordvariant")
