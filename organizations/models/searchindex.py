"""What search matches: one document per unit, post and person, and the word lists typo matching uses."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..visibility import Visibility


class SearchDocument(models.Model):
    """What search matches for one unit, post or person, kept in step by the services.

    ``text_own`` and ``fts_own`` hold the values that share the record's own tier (names,
    titles, duties, the unit), which the record's ``visibility`` already guards. Values
    with a tier of their own (contacts, a person's posts) are stored once per viewer tier:
    ``text_public`` holds only public ones, ``text_internal`` public and internal ones,
    ``text_restricted`` all. The query for a viewer reads only the columns of their tier,
    so a value they may not see can never make, rank or count a hit. Texts hold every
    spelling of each word (``transliteration.search_forms``); ``fts_own`` is the
    full-text vector (English and Russian stemming, plus the folded words).
    """

    class Kind(models.TextChoices):
        UNIT = "unit", _("Unit")
        POST = "post", _("Post")
        PERSON = "person", _("Person")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    ref_id = models.BigIntegerField(_("record id"))
    path = models.CharField(
        _("unit path"), max_length=255, help_text=_("Path of the unit it belongs to (scope).")
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices)
    is_current = models.BooleanField(_("current"), default=True)
    is_vacant = models.BooleanField(_("vacant"), default=False)
    is_head = models.BooleanField(
        _("head"),
        default=False,
        help_text=_("A head's post, or a person holding one: ranked first."),
    )
    name_key = models.TextField(_("name key"), blank=True)
    # Phonetic keys of the record's own names (a person's names, a post's title, a unit's
    # names and code), and of the units it belongs to (the path above it): for typos,
    # which are looked up in the dictionary (SearchWord), and for words naming a place.
    name_words = ArrayField(models.TextField(), default=list, blank=True)
    # How many of the name words are the record's main names (a person's family and
    # given names, before the patronymic): a match there ranks above one in the rest.
    name_primary = models.PositiveSmallIntegerField(default=0)
    context_words = ArrayField(models.TextField(), default=list, blank=True)
    # Values of the record's own tier (its names, titles, duties, its unit): seen by
    # whoever may see the record at all.
    text_own = models.TextField(blank=True)
    fts_own = SearchVectorField(null=True)
    # Values with a tier of their own (contacts; a person's posts), per viewer tier.
    text_public = models.TextField(blank=True)
    text_internal = models.TextField(blank=True)
    text_restricted = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref_id"], name="searchdocument_one_per_record")
        ]
        indexes = [
            GinIndex(fields=["text_own"], opclasses=["gin_trgm_ops"], name="sd_own_trgm"),
            GinIndex(fields=["text_public"], opclasses=["gin_trgm_ops"], name="sd_public_trgm"),
            GinIndex(fields=["text_internal"], opclasses=["gin_trgm_ops"], name="sd_internal_trgm"),
            GinIndex(
                fields=["text_restricted"], opclasses=["gin_trgm_ops"], name="sd_restricted_trgm"
            ),
            GinIndex(fields=["fts_own"], name="sd_own_fts"),
            GinIndex(fields=["name_words"], name="sd_name_words"),
            GinIndex(fields=["context_words"], name="sd_context_words"),
            models.Index(fields=["path"], opclasses=["varchar_pattern_ops"], name="sd_path_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref_id}"


class SearchWord(models.Model):
    """Every word the search documents' names and places hold (phonetic keys), once:
    the dictionary in which a typed word's near misses are found. ``person_tier`` marks
    words that are part of someone's name, with the most visible tier of such a person
    (0 public, 1 internal, 2 restricted), so that a query's other words can be read as
    places without a hidden name changing how a query is read."""

    word = models.TextField(primary_key=True)
    person_tier = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [
            models.Index(fields=["word"], opclasses=["text_pattern_ops"], name="sw_word_prefix")
        ]

    def __str__(self) -> str:
        return self.word


class SearchWordVariant(models.Model):
    """A dictionary word with letters deleted (one, and two for words of 8 letters or
    more): a typed word and a word of the dictionary within the allowed number of edits
    share one of these (the symmetric-delete method of SymSpell)."""

    variant = models.TextField()
    word = models.TextField()

    class Meta:
        verbose_name = _("search word variant")
        verbose_name_plural = _("search word variants")
        constraints = [
            models.UniqueConstraint(fields=["variant", "word"], name="searchwordvariant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.variant} → {self.word}"
