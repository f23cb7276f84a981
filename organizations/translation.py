"""Translated content (django-modeltranslation): unit names, post titles and duties,
contact labels and the wording of reception hours and addresses.

Every translated field gets a column per language (``name_uz``, ``name_uz_cyrl``,
``name_ru``, ``name_en``, ``name_ko``). Reading ``unit.name`` gives the active language's
value, falling back as ``MODELTRANSLATION_FALLBACK_LANGUAGES`` says; in Uzbek Cyrillic
an empty value falls back to the automatic transliteration of the Uzbek Latin one.
"""

import simple_history
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname, get_language

from .models import ContactPoint, Post, Unit
from .models.units import UnitHistory
from .transliteration import uz_latin_to_cyrillic

UZ_CYRILLIC = "uz-cyrl"


class UzbekCyrillicFallbackDescriptor(TranslationFieldDescriptor):
    def __get__(self, instance, owner):
        if instance is not None and get_language() == UZ_CYRILLIC:
            entered = getattr(instance, build_localized_fieldname(self.field.name, UZ_CYRILLIC))
            if entered:
                return entered
            latin = getattr(instance, build_localized_fieldname(self.field.name, "uz"))
            if latin:
                return uz_latin_to_cyrillic(latin)
        return super().__get__(instance, owner)


def _transliterate_fallback(model, fields):
    for name in fields:
        current = model.__dict__[name]
        setattr(
            model,
            name,
            UzbekCyrillicFallbackDescriptor(
                current.field,
                fallback_languages=current.fallback_languages,
                fallback_value=current.fallback_value,
                fallback_undefined=current.fallback_undefined,
            ),
        )


@register(Unit)
class UnitTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "mandate")


@register(Post)
class PostTranslationOptions(TranslationOptions):
    fields = ("title", "duties")


@register(ContactPoint)
class ContactPointTranslationOptions(TranslationOptions):
    fields = ("label", "text")


_transliterate_fallback(Unit, UnitTranslationOptions.fields)
_transliterate_fallback(Post, PostTranslationOptions.fields)
_transliterate_fallback(ContactPoint, ContactPointTranslationOptions.fields)

# Only now, with the per-language columns added, can the historical models copy them.
simple_history.register(
    Unit, excluded_fields=["numchild"], app="organizations", bases=[UnitHistory]
)
simple_history.register(Post, app="organizations")
simple_history.register(ContactPoint, app="organizations")
