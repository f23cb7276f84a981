"""Forms of the portal: validation only; writes go through organizations.services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from organizations import permissions
from organizations.models import (
    PHONE_KINDS,
    WORDED_KINDS,
    Appointment,
    ContactPoint,
    Person,
    Post,
    Unit,
    code_validator,
    normalise_phone,
    today,
)
from organizations.models.corrections import COMMENT_MAX, SUGGESTED_MAX
from organizations.search.query import MAX_QUERY_LENGTH
from organizations.validators import no_bidi_controls
from organizations.visibility import Visibility

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
    STATUSES = [
        ("", _("Current and former")),
        ("current", _("Current only")),
        ("former", _("Former only")),
    ]
    status = forms.ChoiceField(required=False, choices=STATUSES, label=_("Who"))
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    def cleaned(self) -> tuple[dict, list[StrOrPromise]]:
        """(values to use, messages about what was ignored)."""
        self.is_valid()
        data = dict(self.cleaned_data)
        notes: list[StrOrPromise] = []
        if "page" in self.errors:
            notes.append(_("The page number was not valid: showing the first page."))
        if "kind" in self.errors:
            notes.append(_("Unknown kind of result ignored: showing everything."))
        if "within" in self.errors:
            notes.append(_("The unit to search within was not valid: searching everywhere."))
        if "status" in self.errors:
            notes.append(_("Unknown choice of current or former ignored: showing both."))
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
            "status": data.get("status") or "",
            "page": data.get("page") or 1,
        }, notes


# Editing forms. They validate and keep what was typed; the views hand the values to
# organizations.services, which check permission again and write.

LANGUAGE_SUFFIXES = ("uz", "uz_cyrl", "ru", "en", "ko")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def translated(*names: str) -> list[str]:
    return [f"{name}_{suffix}" for name in names for suffix in LANGUAGE_SUFFIXES]


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was built from (optimistic locking):
    the service refuses to save over a newer version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE_INPUT

    @property
    def loaded_version(self) -> int | None:
        return self.cleaned_data.get("version") if "version" in self.fields else None


class UnitDetailsForm(VersionedForm):
    class Meta:
        model = Unit
        fields = [
            "kind",
            *translated("short_name"),
            *translated("mandate"),
            "address",
            "website",
            "established_on",
        ]


class UnitCreateForm(VersionedForm):
    class Meta:
        model = Unit
        fields = ["code", "kind", *translated("name"), *translated("short_name"), "established_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_uz"].required = True


class UnitRenameForm(VersionedForm):
    class Meta:
        model = Unit
        fields = [*translated("name"), *translated("short_name")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_uz"].required = True
        self.fields["effective_on"] = dated_change_field()


class UnitChoiceField(forms.CharField):
    """A unit chosen by its code (typed, or picked from a list the page offers)."""

    default_error_messages = {
        "unknown": _("There is no unit with the code “%(code)s”."),
        "abolished": _("“%(name)s” is abolished."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": code}
            )
        if unit.abolished_on:
            raise forms.ValidationError(
                self.error_messages["abolished"], code="abolished", params={"name": unit.name}
            )
        return unit


class UnitListField(forms.CharField):
    """Several units by code, separated by commas or spaces."""

    def clean(self, value):
        text = super().clean(value) or ""
        units, seen = [], set()
        single = UnitChoiceField(required=False)
        for code in text.replace(",", " ").split():
            unit = single.clean(code)
            if unit and unit.pk not in seen:
                seen.add(unit.pk)
                units.append(unit)
        return units


def effective_on_field(**kwargs):
    return forms.DateField(
        label=_("Takes effect on"),
        initial=today,
        widget=DATE_INPUT,
        help_text=_("The first day of the new arrangement; what ends, ends the day before."),
        **kwargs,
    )


def dated_change_field():
    """The day a rename or a move took effect: today unless it happened earlier and is
    only now recorded; the directory on the days between shows it (``?on=``)."""
    return forms.DateField(
        label=_("Took effect on"),
        initial=today,
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Today, or the earlier day it happened: the directory on the days since then shows it."
        ),
    )


class UnitMoveForm(forms.Form):
    POSITIONS = [("last-child", _("Last among its new siblings")), ("first-child", _("First"))]
    new_parent = UnitChoiceField(
        label=_("New parent unit (code)"), help_text=_("The unit it will be part of.")
    )
    position = forms.ChoiceField(label=_("Position"), choices=POSITIONS)
    effective_on = dated_change_field()


class UnitAbolishForm(forms.Form):
    effective_on = effective_on_field()
    reason = forms.ChoiceField(label=_("Reason"), choices=Unit.AbolitionReason.choices)
    successors = UnitListField(
        label=_("Successors (codes)"),
        required=False,
        help_text=_("Units that take over its work, separated by commas."),
    )


class UnitMergeForm(forms.Form):
    others = UnitListField(
        label=_("Also merge (codes)"),
        required=False,
        help_text=_("Other units merged together with this one, separated by commas."),
    )
    target = UnitChoiceField(
        label=_("Into the existing unit (code)"),
        required=False,
        help_text=_("Leave empty to merge into a new unit, entered below."),
    )
    new_code = forms.CharField(
        label=_("Code of the new unit"), required=False, max_length=64, validators=[code_validator]
    )
    new_name = forms.CharField(
        label=_("Name of the new unit (Uzbek)"), required=False, max_length=300
    )
    effective_on = effective_on_field()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("target") and (data.get("new_code") or data.get("new_name")):
            raise forms.ValidationError(_("Choose an existing unit or enter a new one, not both."))
        if not data.get("target") and "target" not in self.errors:
            if not data.get("new_code"):
                self.add_error(
                    "new_code", _("Enter the new unit's code, or choose an existing unit.")
                )
            if not data.get("new_name"):
                self.add_error("new_name", _("Enter the new unit's name."))
        return data


class UnitSplitForm(forms.Form):
    """Two or three new units, and for each current post and sub-unit which of them it
    goes to (or that it is abolished with the unit)."""

    PARTS = 3
    effective_on = effective_on_field()

    def __init__(self, *args, unit, posts, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.posts, self.children = unit, list(posts), list(children)
        for number in range(1, self.PARTS + 1):
            required = number <= 2
            self.fields[f"part{number}_code"] = forms.CharField(
                label=_("Code of new unit %(number)s") % {"number": number},
                max_length=64,
                required=required,
                validators=[code_validator],
            )
            self.fields[f"part{number}_name"] = forms.CharField(
                label=_("Name of new unit %(number)s (Uzbek)") % {"number": number},
                max_length=300,
                required=required,
            )
        choices = [
            ("", _("Abolished with the unit")),
            *((str(n), _("New unit %(number)s") % {"number": n}) for n in range(1, self.PARTS + 1)),
        ]
        for post in self.posts:
            self.fields[f"post_{post.pk}"] = forms.ChoiceField(
                label=post.title, choices=choices, required=False
            )
        for child in self.children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(
                label=child.name, choices=choices, required=False
            )

    def post_fields(self):
        return [self[f"post_{post.pk}"] for post in self.posts]

    def child_fields(self):
        return [self[f"child_{child.pk}"] for child in self.children]

    def part_fields(self):
        return [(self[f"part{n}_code"], self[f"part{n}_name"]) for n in range(1, self.PARTS + 1)]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        parts = []
        for number in range(1, self.PARTS + 1):
            code, name = data.get(f"part{number}_code"), data.get(f"part{number}_name")
            if code and not name:
                self.add_error(f"part{number}_name", _("Enter the new unit's name."))
            elif name and not code:
                self.add_error(f"part{number}_code", _("Enter the new unit's code."))
            elif code and name:
                parts.append(number)
        for prefix, records in (("post", self.posts), ("child", self.children)):
            for record in records:
                chosen = data.get(f"{prefix}_{record.pk}")
                if chosen and int(chosen) not in parts:
                    self.add_error(
                        f"{prefix}_{record.pk}",
                        _("New unit %(number)s is not entered.") % {"number": chosen},
                    )
        data["parts"] = [
            {"code": data[f"part{n}_code"], "name": data[f"part{n}_name"]} for n in parts
        ]
        index = {number: position for position, number in enumerate(parts)}

        def mapping(prefix, records):
            return {
                r.pk: index.get(int(data[f"{prefix}_{r.pk}"]))
                if data.get(f"{prefix}_{r.pk}")
                else None
                for r in records
            }

        data["post_parts"] = mapping("post", self.posts)
        data["child_parts"] = mapping("child", self.children)
        return data


class PostForm(VersionedForm):
    class Meta:
        model = Post
        fields = [
            "code",
            *translated("title"),
            *translated("duties"),
            "rank",
            "is_head",
            "visibility",
            "order",
            "established_on",
            "publish_from",
            "publish_until",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_uz"].required = True
        if self.instance.pk:
            # The code is the post's public address: it does not change.
            del self.fields["code"]


class PostAbolishForm(forms.Form):
    effective_on = effective_on_field()


class PersonForm(VersionedForm):
    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_name",
            "patronymic",
            "name_latin",
            "name_cyrillic",
            "visibility",
        ]


class ContactForm(VersionedForm):
    class Meta:
        model = ContactPoint
        fields = [
            "kind",
            "value",
            "extension",
            *translated("label"),
            *translated("text"),
            "visibility",
            "publish_from",
            "publish_until",
            "order",
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind, value = data.get("kind"), data.get("value")
        if kind and value:
            try:
                if kind in PHONE_KINDS:
                    data["value"] = normalise_phone(value)
                elif kind == "email":
                    validate_email(value)
            except forms.ValidationError as error:
                self.add_error("value", error)
        if data.get("extension") and kind not in PHONE_KINDS:
            self.add_error("extension", _("Only phone numbers have extensions."))
        if kind and kind not in WORDED_KINDS:
            for name in translated("text"):
                if data.get(name):
                    self.add_error(
                        name,
                        _("Only addresses, rooms and reception hours are worded per language."),
                    )
        return data


class AppointmentForm(VersionedForm):
    class Meta:
        model = Appointment
        fields = ["ends_on", "acting"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        ends_on = data.get("ends_on")
        if ends_on and ends_on < self.instance.starts_on:
            self.add_error("ends_on", _("An appointment cannot end before it starts."))
        return data


class AppointForm(forms.Form):
    """Who is appointed: a person found by search, or a new person entered here."""

    person_q = forms.CharField(
        label=_("Find a person"),
        required=False,
        max_length=200,
        help_text=_("Any part of the name, in any script."),
    )
    person = forms.IntegerField(required=False, widget=forms.RadioSelect)
    new_family_name = forms.CharField(label=_("Family name"), required=False, max_length=100)
    new_given_name = forms.CharField(label=_("Given name"), required=False, max_length=100)
    new_patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=100)
    new_visibility = forms.ChoiceField(
        label=_("Visibility of the new person"), choices=Visibility.choices, initial="public"
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_INPUT)
    acting = forms.BooleanField(label=_("Acting"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["starts_on"].initial = today

    def clean(self):
        super().clean()
        data = self.cleaned_data
        chosen = data.get("person")
        new = data.get("new_family_name") or data.get("new_given_name")
        if chosen and new:
            raise forms.ValidationError(_("Choose a person or enter a new one, not both."))
        if chosen:
            person = Person.objects.visible_to(self.viewer).filter(pk=chosen).first()
            if person is None:
                self.add_error("person", _("That person cannot be chosen."))
            data["person_record"] = person
        elif new:
            # Some people have one name only: the family name is the one required.
            if not data.get("new_family_name"):
                self.add_error("new_family_name", _("Enter the family name."))
            data["person_record"] = Person(
                family_name=data.get("new_family_name", ""),
                given_name=data.get("new_given_name", ""),
                patronymic=data.get("new_patronymic", ""),
                visibility=data.get("new_visibility") or "public",
            )
        else:
            raise forms.ValidationError(_("Choose a person or enter a new one."))
        return data


GRANTS = [
    (permissions.CHANGE, _("Edit the unit and everything below it")),
    (permissions.MANAGE, _("Also reorganise and appoint editors")),
]


class GrantForm(forms.Form):
    """Who gets which rights on a unit. Only administrators may give the right to
    reorganise and appoint editors (``may_grant_manage``)."""

    username = forms.CharField(label=_("User name"), max_length=150)
    permission = forms.ChoiceField(label=_("Rights"), choices=GRANTS)

    def __init__(self, *args, may_grant_manage: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_grant_manage:
            self.fields["permission"] = forms.ChoiceField(label=_("Rights"), choices=GRANTS[:1])

    def clean_username(self):
        name = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active account with this name."))
        return user


class SuggestForm(forms.Form):
    """A citizen's "Report a mistake": what is wrong (only what they can see), the right
    value, a comment, an address for the outcome; and a field people leave empty."""

    field = forms.ChoiceField(label=_("What is wrong?"))
    suggested = forms.CharField(
        label=_("What it should be"),
        max_length=SUGGESTED_MAX,
        required=False,
        validators=[no_bidi_controls],
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_bidi_controls],
        help_text=_("Where you saw the mistake, or how you know the right value."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only to tell you the outcome. It is not published."),
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by robots.
    homepage = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["field"]).choices = [
            (o.key, f"{o.label}: {o.value}" if o.value else o.label) for o in offered
        ]

    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(_("This form could not be sent."))
        return ""

    def clean(self):
        data = super().clean() or {}
        if not (data.get("suggested") or "").strip() and not (data.get("comment") or "").strip():
            raise forms.ValidationError(_("Say what the right value is, or describe the mistake."))
        return data


class CorrectionDecisionForm(forms.Form):
    DECISIONS = [
        ("apply", _("Apply the value below")),
        ("done", _("I changed it by hand")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    value = forms.CharField(
        label=_("Value to apply"),
        max_length=SUGGESTED_MAX,
        required=False,
        validators=[no_bidi_controls],
    )
    reason = forms.CharField(
        label=_("Note to the citizen"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting. Sent to the citizen if they left an address."),
    )

    def __init__(self, *args, can_apply: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_apply:
            decision = cast(forms.ChoiceField, self.fields["decision"])
            decision.choices = [c for c in self.DECISIONS if c[0] != "apply"]
            del self.fields["value"]
