"""Understanding what was typed, and the SQL that finds it for one viewer.

Intent: a phone number in any format, an e-mail address, an organisation code or
acronym, or words (names in any script and order, "Family, Given", titles, duties).
Words match a document when each of them starts a word of its text in the loose or the
phonetic spelling, or is similar to one (pg_trgm word similarity, for typos); duties and
mandates in English and Russian also match through full-text search with stemming.

Ranking: the name exactly > the name starting with the words > full-text rank > trigram
similarity, then shallower units first; ties are broken by kind and id, so paging is
stable. The viewer's tier decides which text column is read: a hidden value is never
matched, ranked or counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from .. import visibility as policy
from ..dates import today
from ..transliteration import query_forms
from ..visibility import Viewer, Visibility, like
from .documents import compact

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PHONE = re.compile(r"^[+()\d\s.\-/]*\d[()\d\s.\-/]*$")
EMAIL = re.compile(r"^[^\s@]+@[^\s@]+$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[tuple[str, str], ...] = ()
    phone: str = ""
    email: str = ""
    code: str = ""

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
    include_past: bool = False


class SqlBuilder:
    """Hands out named placeholders, so fragments may be assembled in any order."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.params: dict[str, object] = {}

    def p(self, value) -> str:
        name = f"{self.prefix}{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"


def _word(sql: SqlBuilder, column: str, key: str, phonetic: str, fuzzy: bool) -> list[str]:
    alternatives = [f"{column} LIKE {sql.p('% ' + like(key) + '%')}"]
    if phonetic and phonetic != key:
        alternatives.append(f"{column} LIKE {sql.p('% ' + like(phonetic) + '%')}")
    if fuzzy:
        # Typos are forgiven in names and titles (the short name key): similarity over
        # whole documents (duties, mandates) costs far more than the near misses it adds.
        alternatives.append(f"{sql.p(key)} <%% name_key")
    return alternatives


TIER_COLUMNS = {
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


def _match(sql: SqlBuilder, query: Query, tier: str, fuzzy: bool) -> str:
    """The condition that a document matches the query, reading its own values and the
    tiered values of the viewer's tier (or a lower one), nothing else."""
    columns = TIER_COLUMNS[tier]
    if query.phone:
        return _tiered(columns, lambda c: f"{c} LIKE {sql.p('% ' + like(query.phone) + ' %')}")
    if query.email:
        return _tiered(columns, lambda c: f"{c} LIKE {sql.p('% ' + like(query.email) + ' %')}")
    parts = []
    for key, phonetic in query.words:
        own = _word(sql, "text_own", key, phonetic, fuzzy)
        # Typos are forgiven in names, titles and duties; contacts and a person's posts
        # are matched as typed (their similarity scans would cost more than they find).
        tiered = _tiered(
            columns,
            lambda c, k=key, p=phonetic: "(" + " OR ".join(_word(sql, c, k, p, False)) + ")",
        )
        parts.append("(" + " OR ".join([*own, tiered]) + ")")
    condition = "(" + " AND ".join(parts) + ")"
    condition += f" OR fts_own @@ {_tsquery(sql, query)}"
    if query.code:
        condition += f" OR text_own LIKE {sql.p('% ' + like(query.code) + ' %')}"
    return f"({condition})"


def _tsquery(sql: SqlBuilder, query: Query) -> str:
    """English or Russian words with their stems ("pensions" finds "pension"); Uzbek
    suffixes are matched by the word-prefix conditions instead."""
    text = sql.p(query.text)
    return f"(websearch_to_tsquery('english', {text}) || websearch_to_tsquery('russian', {text}))"


def _rank(sql: SqlBuilder, query: Query) -> str:
    """Ranking reads only the record's own values, which anyone who sees it may see."""
    if query.phone or query.email:
        return "(0 - 0.02 * depth)"
    exact = " AND ".join(
        f"(' ' || name_key || ' ') LIKE {sql.p('% ' + like(key) + ' %')}" for key, _ in query.words
    )
    prefix = " AND ".join(
        f"(' ' || name_key) LIKE {sql.p('% ' + like(key) + '%')}" for key, _ in query.words
    )
    code = (
        f"(' ' || name_key || ' ') LIKE {sql.p('% ' + like(query.code) + ' %')}"
        if query.code
        else "FALSE"
    )
    joined = " ".join(key for key, _ in query.words)
    tsquery = _tsquery(sql, query)
    return (
        f"(CASE WHEN {code} THEN 6 ELSE 0 END"
        f" + CASE WHEN {exact} THEN 4 ELSE 0 END"
        f" + CASE WHEN {prefix} THEN 2 ELSE 0 END"
        f" + CASE WHEN fts_own @@ {tsquery} THEN 2 * ts_rank_cd(fts_own, {tsquery}) ELSE 0 END"
        f" + word_similarity({sql.p(joined)}, name_key)"
        f" - 0.02 * depth)"
    )


def run(viewer: Viewer, query: Query, filters: Filters, offset: int, limit: int):
    """(total number of hits, [(kind, ref_id)] of the requested page), in one statement.

    Words are first matched as typed (any spelling, word starts); only when that finds
    less than a page are similar words (typos) matched too, so a common name does not
    drag in thousands of near misses, and a misspelt one is still found. PostgreSQL
    skips the similarity scans altogether when they are not needed (a one-time filter).
    """
    if query.is_empty:
        return 0, []
    sql = SqlBuilder("p")
    strict = _where(sql, viewer, query, filters, fuzzy=False)
    if query.words:
        fuzzy = _where(sql, viewer, query, filters, fuzzy=True)
        columns = "id, kind, ref_id, depth, name_key, text_own, fts_own"
        matches = (
            f"WITH strict AS MATERIALIZED ("
            f"SELECT {columns} FROM organizations_searchdocument WHERE {strict}), "
            f"near AS MATERIALIZED (SELECT {columns} FROM organizations_searchdocument "
            f"WHERE (SELECT count(*) FROM strict) < {sql.p(limit)} AND {fuzzy} "
            f"AND id NOT IN (SELECT id FROM strict)) "
            f"SELECT kind, ref_id, count(*) OVER () FROM "
            f"(SELECT * FROM strict UNION ALL SELECT * FROM near) AS matches"
        )
    else:
        matches = f"SELECT kind, ref_id, count(*) OVER () FROM organizations_searchdocument WHERE {strict}"
    rank = _rank(sql, query)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{matches} ORDER BY {rank} DESC, depth, kind, ref_id "
            f"LIMIT {sql.p(limit)} OFFSET {sql.p(offset)}",
            sql.params,
        )
        rows = cursor.fetchall()
        if rows or offset == 0:
            return (rows[0][2] if rows else 0), [(kind, ref_id) for kind, ref_id, _ in rows]
        # Past the last page: count alone, so the page can say how many pages there are.
        cursor.execute(f"SELECT count(*) FROM ({matches}) AS counted", sql.params)
        return cursor.fetchone()[0], []


def _where(
    sql: SqlBuilder, viewer: Viewer, query: Query, filters: Filters, fuzzy: bool = True
) -> str:
    """The documents the viewer may find, matched on the texts of their tier (the
    visibility policy's SQL forms)."""
    if viewer.sees_everything:
        condition = _match(sql, query, Visibility.RESTRICTED, fuzzy)
    else:
        tier = viewer.global_tiers[-1]
        visible = "visibility IN (" + ", ".join(sql.p(t) for t in viewer.global_tiers) + ")"
        matched = _match(sql, query, tier, fuzzy)
        condition = f"({visible} AND {matched})"
        if viewer.editable_paths:
            # Inside the units they edit, editors see (and so match) restricted values;
            # a person by their home posts: seen with one in the editor's units, their
            # restricted values only with all of them there.
            inside = viewer.scope_sql("path", sql.p)
            restricted = _match(sql, query, Visibility.RESTRICTED, fuzzy)
            on = sql.p(today())
            sees = policy.person_in_scope_sql(viewer, "ref_id", on, sql.p)
            owns = policy.person_owned_sql(viewer, "ref_id", on, sql.p)
            condition = (
                f"((kind <> 'person' AND ((NOT {inside} AND {condition}) "
                f"OR ({inside} AND {restricted}))) "
                f"OR (kind = 'person' AND (({owns} AND {restricted}) OR (NOT {owns} AND "
                f"({visible} OR (visibility = {sql.p(Visibility.RESTRICTED)} AND {sees})) "
                f"AND {matched}))))"
            )
    parts = [condition]
    if not filters.include_past:
        parts.append("is_current")
    if filters.within_path:
        parts.append(f"path LIKE {sql.p(like(filters.within_path) + '%')}")
    if filters.vacant:
        parts.append("kind = 'post' AND is_vacant")
    elif filters.kind:
        parts.append(f"kind = {sql.p(filters.kind)}")
    return " AND ".join(parts)
