"""Script conversion and search keys for names, titles and duties, behind one interface.

Uzbek is written in Cyrillic, the 1995 Latin alphabet (oʻ, gʻ, sh, ch) and the 2026 Latin
alphabet (ö, ğ, ş, ç); ``alifbo`` converts between them and folds any of them to one
search key, so no table for Uzbek is written here. On top of it:

- Russian-style spellings of Uzbek names ("Джахонгир Гуломов", "Jahangir Gulamov") meet
  the Uzbek ones in a *phonetic key* (dzh/dj/zh → j, kh/h → x, o → a, ya → a, …);
- Russian Cyrillic gets the common Latin transliteration (iuliia's Wikipedia scheme);
- Korean Hangul gets its Revised Romanization (korean-romanizer), plus the usual spellings
  of the most common family names (김 → Kim as well as Gim).

Every function works word by word with a cache: names and titles repeat a great deal,
and folding is the expensive part of building search documents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import alifbo
import iuliia
from korean_romanizer.romanizer import Romanizer

WORD = re.compile(r"[^\W_]+(?:['ʻʼ`’‘][^\W_]+)*", re.UNICODE)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters of the Uzbek Cyrillic alphabet that Russian does not have.
UZBEK_CYRILLIC = re.compile(r"[ўқғҳЎҚҒҲ]")

# Conventional spellings of the commonest Korean family names (Revised Romanization
# gives the first syllable in its dictionary form, e.g. 김 → gim, 이 → i).
KOREAN_SURNAMES = {
    "김": "kim",
    "이": "lee yi",
    "박": "park pak",
    "최": "choi",
    "정": "jung chung",
    "강": "kang",
    "조": "cho jo",
    "윤": "yoon yun",
    "장": "jang chang",
    "임": "lim im",
    "한": "han",
    "오": "oh",
    "서": "seo suh",
    "신": "shin",
    "권": "kwon",
    "황": "hwang",
    "안": "ahn an",
    "송": "song",
    "류": "ryu yoo",
    "홍": "hong",
    "전": "jeon jun",
    "고": "ko go",
    "문": "moon mun",
    "양": "yang",
    "손": "son",
    "배": "bae",
    "백": "baek",
    "허": "heo hur",
    "남": "nam",
    "심": "shim sim",
    "노": "noh roh",
    "하": "ha",
}

PHONETIC_RULES = [
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"kh|h"), "x"),
    (re.compile(r"ts"), "s"),
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"yo|yu"), "u"),
    (re.compile(r"ya"), "a"),
    (re.compile(r"ye"), "e"),
    (re.compile(r"iy"), "i"),
    (re.compile(r"y$"), "i"),
    (re.compile(r"o"), "a"),
    # Doubled consonants (Ahmmad, Муллаев) are one; vowels are left alone, so that a
    # swapped ending (…oav) is not read as another name.
    (re.compile(r"([^aeiou])\1+"), r"\1"),
]


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """One word in the shared search spelling: lower case, any Uzbek alphabet or
    apostrophe to one form (alifbo), Russian Cyrillic to Latin."""
    return alifbo.fold_search_key(word)


def _plain(text: str) -> str:
    """Letters and digits only: no diacritics, no apostrophes (ʻ ʼ are "modifier
    letters", which ``isalnum`` would keep)."""
    return "".join(
        c
        for c in unicodedata.normalize("NFKD", text)
        if c.isalnum() and unicodedata.category(c) != "Lm"
    )


@lru_cache(maxsize=200_000)
def loose_word(word: str) -> str:
    """The search spelling without diacritics or apostrophes (ğ → g, ş → s): alifbo's
    ``fold_search_key_loose``, made from the (cached) folded word instead of folding it
    a second time, which would double the cost of indexing a new word."""
    decomposed = unicodedata.normalize("NFD", fold_word(word))
    stripped = "".join(c for c in decomposed if unicodedata.category(c)[0] != "M")
    return _plain(unicodedata.normalize("NFC", stripped))


def _phonetic(key: str) -> str:
    for pattern, replacement in PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=200_000)
def phonetic_word(word: str) -> str:
    """A coarse key on which Uzbek and Russian-style spellings of a name meet:
    Jahongir, Jahangir, Джахонгир and Dzhakhongir all give ``jaxangir``; Moʻminov and
    Муминов give ``muminav`` (Uzbek oʻ is most often у in Russian)."""
    return _phonetic(_plain(fold_word(word).replace("ö", "u")))


@lru_cache(maxsize=200_000)
def phonetic_variants(word: str) -> tuple[str, ...]:
    """The phonetic keys a record's word is found under: Uzbek oʻ is also written о in
    Russian (Хўжаев, Ходжаев), so a word with oʻ has that key too."""
    primary = phonetic_word(word)
    folded = fold_word(word)
    if "ö" not in folded:
        return (primary,)
    other = _phonetic(_plain(folded.replace("ö", "o")))
    return (primary,) if other == primary else (primary, other)


@lru_cache(maxsize=50_000)
def russian_word(word: str) -> str:
    """A Russian word in the usual Latin transliteration (Джахонгир → Dzhakhongir)."""
    return iuliia.WIKIPEDIA.translate(word).lower()


def _romanize(hangul: str) -> str:
    """Revised Romanization; korean-romanizer has no table entry for some rare final
    consonants (e.g. ᆶ in 끓): those syllables are romanized one by one and a syllable it
    cannot romanize at all is left out rather than failing the search."""
    try:
        return Romanizer(hangul).romanize().lower()
    except (KeyError, IndexError, ValueError):
        if len(hangul) == 1:
            return ""
        return "".join(_romanize(syllable) for syllable in hangul)


@lru_cache(maxsize=50_000)
def korean_word(word: str) -> str:
    """A Hangul word in Revised Romanization, with the family-name spellings people use."""
    romanized = _romanize(word)
    extra = (
        KOREAN_SURNAMES.get(word[0], "") if 2 <= len(word) <= 4 else KOREAN_SURNAMES.get(word, "")
    )
    if len(word) == 1:
        return f"{romanized} {extra}".strip()
    if extra:
        rest = _romanize(word[1:])
        variants = " ".join(f"{surname}{rest} {surname} {rest}" for surname in extra.split())
        return f"{romanized} {variants}"
    return romanized


def search_forms(text: str) -> str:
    """Every spelling under which ``text`` should be found, as one space-separated string
    of words: the loose search key (any Uzbek alphabet, no diacritics or apostrophes),
    the phonetic key, and the Russian or Korean transliteration where the text is in
    those scripts."""
    forms: list[str] = []
    for word in words(text):
        loose = loose_word(word)
        forms.append(loose)
        forms += [key for key in phonetic_variants(word) if key != loose]
        if CYRILLIC.search(word) and not UZBEK_CYRILLIC.search(word):
            russian = russian_word(word)
            if russian != loose:
                forms.append(russian)
        if HANGUL.search(word):
            forms.append(korean_word(word))
    return " ".join(forms)


def query_forms(text: str) -> list[tuple[str, str]]:
    """The words of a query, each as (search key, phonetic key). A Korean name in
    Hangul becomes its family name, as people spell it, and its given name."""
    result = []
    for word in words(text):
        if HANGUL.search(word):
            if 2 <= len(word) <= 4 and word[0] in KOREAN_SURNAMES:
                surname = KOREAN_SURNAMES[word[0]].split()[0]
                given = _romanize(word[1:])
                result += [(surname, phonetic_word(surname)), (given, phonetic_word(given))]
            else:
                romanized = _romanize(word)
                result.append((romanized, phonetic_word(romanized)))
        else:
            result.append((loose_word(word), phonetic_word(word)))
    return [(key, phonetic) for key, phonetic in result if key]


@lru_cache(maxsize=20_000)
def uz_latin_to_cyrillic(text: str) -> str:
    """Uzbek Latin (either alphabet, any apostrophe) as Uzbek Cyrillic."""
    if not text:
        return text
    return alifbo.to_cyrillic(text).text


@lru_cache(maxsize=20_000)
def uz_cyrillic_to_latin(text: str) -> str:
    """Uzbek Cyrillic as the 1995 Latin alphabet (the one in official use today)."""
    if not text:
        return text
    return alifbo.to_old_latin(alifbo.from_cyrillic(text).text).text


#: The languages whose pages read names in Cyrillic; every other page reads them in Latin.
CYRILLIC_LANGUAGES = frozenset({"uz-cyrl", "ru"})
LATIN_LETTER = re.compile(r"[A-Za-z]")


def in_script(text: str, language: str | None, *, latin: str = "", cyrillic: str = "") -> str:
    """``text`` (a name as entered) as a reader of ``language`` reads it: a name entered
    in Cyrillic in Latin on Uzbek Latin, English and Korean pages, one entered in Latin
    in Cyrillic on Uzbek Cyrillic and Russian pages; other scripts (Hangul) as they
    are. An official spelling given for the script (``latin``, ``cyrillic``) wins over
    the derived one."""
    if not text:
        return text
    if language in CYRILLIC_LANGUAGES:
        if cyrillic:
            return cyrillic
        if LATIN_LETTER.search(text) and not CYRILLIC.search(text):
            return uz_latin_to_cyrillic(text)
        return text
    if latin:
        return latin
    if CYRILLIC.search(text):
        return uz_cyrillic_to_latin(text)
    return text
