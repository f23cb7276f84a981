"""Understanding what was typed, and the SQL that finds it for one viewer.

Intent: a phone number in any format, an e-mail address, an organisation code or
acronym, or words (names in any script and order, "Family, Given", titles, duties,
places). A word matches a document when it starts a word of its text in the loose or the
phonetic spelling, or is within one edit (two for words of 8 letters or more) of a word
of its names (``typos``); duties and mandates in English and Russian also match through
full-text search with stemming.

Words that are nobody's name ("Toshkent", "soliq") while others are, are **places**:
they narrow, not filter: the documents whose units (any unit above them, in any
language or script) they name come first, the others follow. A word that matches
nothing at all is left out, with a note.

Ranking: an organisation code > the name exactly > the name starting with the words >
typos > other text (duties); then current before former (officials who left, units and
posts abolished), heads before others, shallower units first; ties are broken by kind
and id, so paging is stable. The viewer's tier decides which text column is read: a
hidden value is never matched, ranked or counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection

from .. import visibility as policy
from ..dates import today
from ..transliteration import query_forms
from ..visibility import Viewer, Visibility, like
from .rows import compact
from .typos import near_either, person_names

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PHONE = re.compile(r"^[+()\d\s.\-/]*\d[()\d\s.\-/]*$")
EMAIL = re.compile(r"^[^\s@]+@[^\s@]+$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class Word:
    key: str  # the loose search key (what was typed, folded)
    phonetic: str
    # Dictionary words within the edits the word may carry (phonetic keys), and those
    # of them one edit away (ranked above two).
    near: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    # Nobody's name, while another word of the query is: it narrows, not filters.
    place: bool = False


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[tuple[str, str], ...] = ()
    phone: str = ""
    email: str = ""
    code: str = ""
    # What the words match (``plan``), and the typed words that match nothing.
    planned: tuple[Word, ...] = ()
    unmatched: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phone or self.email)


def clean(text: str) -> str:
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def parse(raw: str) -> Query:
    text = clean(raw or "")
    if not text:
        return Query(text="")
    if PHONE.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 7:
            if digits.startswith("998") and len(digits) == 12:
                digits = digits[3:]
            elif digits.startswith(("8", "0")) and len(digits) == 10:
                digits = digits[1:]
            return Query(text=text, phone=f"tel{digits}")
        if 2 <= len(digits) <= 6:
            return Query(text=text, phone=f"ext{digits}")
    if EMAIL.match(text):
        return Query(text=text, email=text.lower())
    words = tuple(query_forms(text))[:MAX_WORDS]
    code = compact(text) if CODE.match(text) and " " not in text else ""
    return Query(text=text, words=words, code=code)


@dataclass
class Filters:
    within_path: str = ""
    kind: str = ""
    vacant: bool = False
    # "" both, "current" only current ones, "former" only former officials, abolished
    # units and posts.
    status: str = ""
    # On a past day (``asof.search_scope``): the ids of the units, posts and people
    # that existed then and that the viewer may see as they were then; None: any.
    among: tuple[list[int], list[int], list[int]] | None = None


STATUSES = ("", "current", "former")


def plan(viewer: Viewer, query: Query) -> Query:
    """The query with what each word matches: its near misses in the dictionary, and
    whether it is a place. Two queries, for any number of words."""
    if not query.words:
        return query
    near = near_either(list(query.words))
    # A citizen's reading of a query depends on public people's names only, so that a
    # hidden name cannot change it.
    tier = 0 if not viewer.is_authenticated else (2 if viewer.sees_everything else 1)
    names = person_names(
        {w for _key, phonetic in query.words for w in (phonetic, *near[phonetic])}, tier
    )
    planned = []
    for key, phonetic in query.words:
        candidates = near[phonetic]
        is_name = any(w in names for w in (phonetic, *candidates))
        planned.append(
            Word(
                key,
                phonetic,
                near=tuple(sorted(c for c, apart in candidates.items() if apart)),
                close=tuple(sorted(c for c, apart in candidates.items() if apart == 1)),
                place=not is_name,
            )
        )
    if all(w.place for w in planned) or len(planned) == 1:
        planned = [replace(w, place=False) for w in planned]
    return replace(query, planned=tuple(planned))


class SqlBuilder:
    """Hands out named placeholders, so fragments may be assembled in any order."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.params: dict[str, Any] = {}

    def p(self, value) -> str:
        name = f"{self.prefix}{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"


def _starts(sql: SqlBuilder, column: str, word: Word) -> list[str]:
    """``column`` has a word starting with the typed one (loose or phonetic key)."""
    alternatives = [f"{column} LIKE {sql.p('% ' + like(word.key) + '%')}"]
    if word.phonetic and word.phonetic != word.key:
        alternatives.append(f"{column} LIKE {sql.p('% ' + like(word.phonetic) + '%')}")
    return alternatives


TIER_COLUMNS: dict[str, tuple[str, ...]] = {
    Visibility.PUBLIC: ("text_public",),
    Visibility.INTERNAL: ("text_internal", "text_public"),
    Visibility.RESTRICTED: ("text_restricted", "text_internal", "text_public"),
}


def _tiered(columns: tuple[str, ...], condition) -> str:
    """``condition`` on the viewer's tier column; an empty column means "same as the tier
    below", so the condition moves down to it (never up)."""
    first, *rest = columns
    if not rest:
        return condition(first)
    return f"({condition(first)} OR ({first} = '' AND {_tiered(tuple(rest), condition)}))"


def _own(sql: SqlBuilder, word: Word, tier: str) -> str:
    """The word in the document's own text or its tier's texts, or a near miss of one of
    its names."""
    alternatives = _starts(sql, "text_own", word)
    alternatives.append(
        _tiered(
            TIER_COLUMNS[tier],
            lambda c: "(" + " OR ".join(_starts(sql, c, word)) + ")",
        )
    )
    if word.near:
        alternatives.append(f"name_words && {sql.p(list(word.near))}::text[]")
    return "(" + " OR ".join(alternatives) + ")"


def _place(sql: SqlBuilder, word: Word) -> str:
    """The word names (or nearly names) a unit the document belongs to."""
    return f"context_words && {sql.p([word.phonetic, *word.near])}::text[]"


def _match(sql: SqlBuilder, query: Query, tier: str, places: str) -> str:
    """The condition that a document matches the query, reading its own values and the
    tiered values of the viewer's tier (or a lower one), nothing else. ``places`` is
    the condition under which its places may be read (see ``_where``)."""
    columns = TIER_COLUMNS[tier]
    if query.phone:
        return _tiered(columns, lambda c: f"{c} LIKE {sql.p('% ' + like(query.phone) + ' %')}")
    if query.email:
        return _tiered(columns, lambda c: f"{c} LIKE {sql.p('% ' + like(query.email) + ' %')}")
    required = [w for w in query.planned if not w.place]
    own = {w: _own(sql, w, tier) for w in required}
    each = [f"({own[w]} OR ({places} AND {_place(sql, w)}))" for w in required]
    # At least one word in the document's own names or texts: a place alone is not a hit.
    condition = "(" + " AND ".join([*each, "(" + " OR ".join(own.values()) + ")"]) + ")"
    condition += f" OR fts_own @@ {_tsquery(sql, query)}"
    if query.code:
        condition += f" OR text_own LIKE {sql.p('% ' + like(query.code) + ' %')}"
    return f"({condition})"


def _tsquery(sql: SqlBuilder, query: Query) -> str:
    """English or Russian words with their stems ("pensions" finds "pension"); Uzbek
    suffixes are matched by the word-prefix conditions instead."""
    text = sql.p(" ".join(w.key for w in query.planned if not w.place) or query.text)
    return f"(websearch_to_tsquery('english', {text}) || websearch_to_tsquery('russian', {text}))"


def _word_rank(sql: SqlBuilder, word: Word) -> str:
    """How well one word matches the document's names: exactly (8), as the start of a
    name (5), one edit away (3.5), two (2.5); a point more in its main names (a person's
    family and given names) than in the rest (the patronymic). 0 when the word matched
    other text (duties, contacts, places)."""
    main = "name_words[1:name_primary]"

    def names(words: str) -> str:
        return f"(' ' || array_to_string({words}, ' '))"

    tests: list[tuple[str, float]] = []
    for array, bonus in ((main, 1), ("name_words", 0)):
        tests.append((f"{array} @> ARRAY[{sql.p(word.phonetic)}]::text[]", 7 + bonus))
    for array, bonus in ((main, 1), ("name_words", 0)):
        starts = sql.p("% " + like(word.key) + "%")
        starts_phonetic = sql.p("% " + like(word.phonetic) + "%")
        tests.append(
            (f"({names(array)} LIKE {starts} OR {names(array)} LIKE {starts_phonetic})", 4 + bonus)
        )
    for candidates, score in ((word.close, 3), (word.near, 2)):
        if candidates:
            array_param = sql.p(list(candidates))
            tests.append((f"{main} && {array_param}::text[]", score + 0.5))
            tests.append((f"name_words && {array_param}::text[]", score))
    cases = " ".join(f"WHEN {test} THEN {score}" for test, score in tests)
    return f"(CASE {cases} ELSE 0 END)"


def _rank(sql: SqlBuilder, query: Query, places: str = "TRUE") -> str:
    """Ranking reads only the record's own values, which anyone who sees it may see: the
    weakest word decides how well the names match."""
    if query.phone or query.email:
        return "0"
    required = [w for w in query.planned if not w.place]
    names = "LEAST(" + ", ".join(_word_rank(sql, w) for w in required) + ")" if required else "0"
    code = (
        f"(' ' || name_key || ' ') LIKE {sql.p('% ' + like(query.code) + ' %')}"
        if query.code
        else "FALSE"
    )
    boost = " + ".join(
        f"CASE WHEN ({places} AND {_place(sql, w)}) OR {_own(sql, w, Visibility.PUBLIC)} "
        f"THEN 32 ELSE 0 END"
        for w in query.planned
        if w.place
    )
    joined = " ".join(w.key for w in required)
    tsquery = _tsquery(sql, query)
    return (
        f"({boost or '0'}"
        f" + CASE WHEN {code} THEN 16 ELSE 0 END"
        f" + {names}"
        f" + CASE WHEN fts_own @@ {tsquery} THEN 2 * ts_rank_cd(fts_own, {tsquery}) ELSE 0 END"
        f" + 0.4 * word_similarity({sql.p(joined)}, name_key))"
    )


MAX_COUNTED = 10_000
ORDER = "rank DESC, is_current DESC, is_head DESC, depth, kind, ref_id"


def run(viewer: Viewer, query: Query, filters: Filters, offset: int, limit: int):
    """(number of hits, of current ones, [(kind, ref_id)] of the requested page, the
    place words that name none of the hits), in one statement: every match is ranked,
    so that the page is the right one."""
    if query.is_empty:
        return 0, 0, [], ()
    sql = SqlBuilder("p")
    where, places = _where(sql, viewer, query, filters)
    rank = _rank(sql, query, places)
    # For each place word: how many hits it names (none: the page says so).
    place_words = [w for w in query.planned if w.place]
    named = [
        f"({places} AND {_place(sql, w)}) OR {_own(sql, w, Visibility.PUBLIC)}" for w in place_words
    ]
    flags = "".join(f", ({condition}) AS place{i}" for i, condition in enumerate(named))
    counts = "".join(f", count(*) FILTER (WHERE place{i}) OVER ()" for i in range(len(named)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, ref_id, count(*) OVER (), count(*) FILTER (WHERE is_current) OVER () "
            f"{counts} FROM (SELECT kind, ref_id, is_current, is_head, depth, {rank} AS rank "
            f"{flags} FROM organizations_searchdocument WHERE {where}) AS matches "
            f"ORDER BY {ORDER} LIMIT {sql.p(limit)} OFFSET {sql.p(offset)}",
            sql.params,
        )
        rows = cursor.fetchall()
        if rows:
            unnamed = tuple(w.key for w, n in zip(place_words, rows[0][4:], strict=True) if not n)
            return rows[0][2], rows[0][3], [row[:2] for row in rows], unnamed
        if offset == 0:
            return 0, 0, [], ()
        # Past the last page: the counts alone, so the page can say how many there are.
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE is_current) "
            f"FROM organizations_searchdocument WHERE {where}",
            sql.params,
        )
        total, current = cursor.fetchone()
        return total, current, [], ()


def unmatched_words(viewer: Viewer, query: Query, filters: Filters) -> list[int]:
    """The indexes of the query's words that match no document this viewer may find, on
    their own. One query."""
    if len(query.planned) < 2:
        return []
    checks = []
    sql = SqlBuilder("u")
    for word in query.planned:
        alone = replace(query, planned=(replace(word, place=False),), code="")
        where, _places = _where(sql, viewer, alone, filters)
        checks.append(f"EXISTS (SELECT 1 FROM organizations_searchdocument WHERE {where})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(checks), sql.params)
        found = cursor.fetchone()
    return [index for index, exists in enumerate(found) if not exists]


def _where(sql: SqlBuilder, viewer: Viewer, query: Query, filters: Filters) -> tuple[str, str]:
    """(the documents the viewer may find, matched on the texts of their tier; the
    condition under which a document's places may be read), with the visibility policy's
    SQL forms."""
    if viewer.sees_everything:
        places = "TRUE"
        condition = _match(sql, query, Visibility.RESTRICTED, places)
    else:
        tier = viewer.global_tiers[-1]
        visible = "visibility IN (" + ", ".join(sql.p(t) for t in viewer.global_tiers) + ")"
        places = "TRUE"
        if viewer.editable_paths:
            # Inside the units they edit, editors see (and so match) restricted values;
            # a person by their home posts: seen with one in the editor's units, their
            # restricted values (and places) only with all of them there.
            inside = viewer.scope_sql("path", sql.p)
            on = sql.p(today())
            sees = policy.person_in_scope_sql(viewer, "ref_id", on, sql.p)
            owns = policy.person_owned_sql(viewer, "ref_id", on, sql.p)
            places = f"(kind <> 'person' OR {visible} OR {owns})"
            matched = _match(sql, query, tier, places)
            restricted = _match(sql, query, Visibility.RESTRICTED, places)
            condition = (
                f"((kind <> 'person' AND ((NOT {inside} AND {visible} AND {matched}) "
                f"OR ({inside} AND {restricted}))) "
                f"OR (kind = 'person' AND (({owns} AND {restricted}) OR (NOT {owns} AND "
                f"({visible} OR (visibility = {sql.p(Visibility.RESTRICTED)} AND {sees})) "
                f"AND {matched}))))"
            )
        else:
            condition = f"({visible} AND {_match(sql, query, tier, places)})"
    parts = [condition]
    if filters.status == "current":
        parts.append("is_current")
    elif filters.status == "former":
        parts.append("NOT is_current")
    if filters.within_path:
        parts.append(f"path LIKE {sql.p(like(filters.within_path) + '%')}")
    if filters.among is not None:
        units, posts, people = (sql.p(ids) for ids in filters.among)
        parts.append(
            f"((kind = 'unit' AND ref_id = ANY({units})) OR (kind = 'post' AND "
            f"ref_id = ANY({posts})) OR (kind = 'person' AND ref_id = ANY({people})))"
        )
    if filters.vacant:
        parts.append("kind = 'post' AND is_vacant")
    elif filters.kind:
        parts.append(f"kind = {sql.p(filters.kind)}")
    return " AND ".join(parts), places
