"""Checks on text that every way in (forms, admin, imports, services) shares."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Unicode's explicit direction controls (embeddings, overrides, isolates) and the
# invisible direction marks: in a name or a number they make one record read like
# another ("Trojan Source", CVE-2021-42574). Nothing in the directory's languages needs
# them: Uzbek, Russian, English and Korean are written left to right.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


@deconstructible
class NoBidiControls:
    """Refuses text that holds a direction control character."""

    message = _(
        "This text contains an invisible character that changes the direction of the "
        "text (U+%(code)s). Remove it: type the text again rather than pasting it."
    )
    code = "bidi_control"

    def __call__(self, value) -> None:
        match = BIDI_CONTROLS.search(str(value or ""))
        if match:
            raise ValidationError(
                self.message, code=self.code, params={"code": f"{ord(match.group()):04X}"}
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NoBidiControls)


no_bidi_controls = NoBidiControls()
