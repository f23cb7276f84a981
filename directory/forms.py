"""Forms of the portal: validation only; writes go through organizations.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import code_validator
from organizations.search.query import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The search box and its filters. Bad values never fail the page: ``cleaned``
    falls back to the defaults and says what was ignored."""

    KINDS = [
        ("", _("Everything")),
        ("unit", _("Units")),
        ("post", _("Posts")),
        ("person", _("People")),
    ]

    q = forms.CharField(required=False, label=_("Search"))
    within = forms.CharField(required=False, max_length=64, validators=[code_validator])
    kind = forms.ChoiceField(required=False, choices=KINDS, label=_("Show"))
    vacant = forms.BooleanField(required=False, label=_("Only vacant posts"))
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    def cleaned(self) -> tuple[dict, list[str]]:
        """(values to use, messages about what was ignored)."""
        self.is_valid()
        data = dict(self.cleaned_data)
        notes = []
        if "page" in self.errors:
            notes.append(_("The page number was not valid: showing the first page."))
        if "kind" in self.errors:
            notes.append(_("Unknown kind of result ignored: showing everything."))
        if "within" in self.errors:
            notes.append(_("The unit to search within was not valid: searching everywhere."))
        raw_q = self.data.get("q", "")
        if len(raw_q) > MAX_QUERY_LENGTH:
            notes.append(
                _("The search text was shortened to %(count)s characters.")
                % {"count": MAX_QUERY_LENGTH}
            )
        return {
            "q": " ".join(raw_q.replace("\x00", "").split())[:MAX_QUERY_LENGTH],
            "within": data.get("within") or "",
            "kind": data.get("kind") or "",
            "vacant": bool(data.get("vacant")),
            "page": data.get("page") or 1,
        }, notes
