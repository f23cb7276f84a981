"""Fill the Uzbek Cyrillic translation catalogue from the Uzbek Latin one.

Translators keep ``locale/uz``; ``locale/uz_Cyrl`` is derived with alifbo, so the two
scripts never drift. Run after ``makemessages``, then ``compilemessages``.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import BaseCommand

from organizations.transliteration import uz_latin_to_cyrillic

PLACEHOLDER = "\x00{}\x00"


def transliterate_keeping_placeholders(text: str) -> str:
    """Transliterate ``text`` but leave ``%(name)s`` placeholders and HTML as they are."""
    import re

    kept: list[str] = []

    def keep(match):
        kept.append(match.group(0))
        return PLACEHOLDER.format(len(kept) - 1)

    masked = re.sub(r"%\([a-z_]+\)[sd]|%[sd]|<[^>]+>|\{[a-z_]*\}", keep, text)
    converted = uz_latin_to_cyrillic(masked)
    for index, original in enumerate(kept):
        converted = converted.replace(PLACEHOLDER.format(index), original)
    return converted


class Command(BaseCommand):
    help = "Fill locale/uz_Cyrl/LC_MESSAGES/django.po from locale/uz by transliteration."

    def handle(self, *args, **options):
        base = Path(settings.LOCALE_PATHS[0])
        latin = polib.pofile(str(base / "uz" / "LC_MESSAGES" / "django.po"))
        target_path = base / "uz_Cyrl" / "LC_MESSAGES" / "django.po"
        cyrillic = polib.pofile(str(target_path))
        by_id = {entry.msgid: entry for entry in latin}
        filled = 0
        for entry in cyrillic:
            source = by_id.get(entry.msgid)
            if source is None or not (source.msgstr or source.msgstr_plural):
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {
                    index: transliterate_keeping_placeholders(text)
                    for index, text in source.msgstr_plural.items()
                }
            else:
                entry.msgstr = transliterate_keeping_placeholders(source.msgstr)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            filled += 1
        cyrillic.metadata["Language"] = "uz_Cyrl"
        cyrillic.save(str(target_path))
        self.stdout.write(
            f"Transliterated {filled} of {len(cyrillic)} messages into {target_path}."
        )
