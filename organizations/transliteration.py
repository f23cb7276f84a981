"""Script conversion of names and titles, behind one small interface.

Uzbek is written in Cyrillic, the 1995 Latin alphabet (oʻ, gʻ, sh, ch) and the 2026 Latin
alphabet (ö, ğ, ş, ç); ``alifbo`` converts between them, so no table is written here.
"""

from __future__ import annotations

from functools import lru_cache

import alifbo


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
