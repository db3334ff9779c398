"""Translation units: sentence pairs (and whole paragraph pairs) once approved, with where they came from."""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbench.declarations.models import AlignmentReview, Declaration, Revision


class Entry(models.TextChoices):
    """How a unit entered the memory."""

    APPROVED = "approved", _("approved passage")
    REVIEW = "review", _("accepted alignment review")
    TMX = "tmx", _("TMX import")


def unit_digest(source_language: str, target_language: str, source: str, target: str) -> str:
    """The identity of a pair: the same sentence pair from the same place is stored once."""
    return hashlib.sha256("\x1f".join((source_language, target_language, source, target)).encode()).hexdigest()


class Unit(models.Model):
    """One translation unit: a source sentence (or a whole paragraph, `whole`) and its approved translation.

    Units are never deleted when a passage is sent back or goes stale: the sentence was approved once, and its
    origin says when and where. `memory rebuild` relearns the units that came from the workbench's own history.
    """

    source_language = models.CharField(_("source language"), max_length=12)
    target_language = models.CharField(_("target language"), max_length=12)
    source = models.TextField(_("source"))
    target = models.TextField(_("target"))
    # Accents and case removed (declarations.folding), for the text index and the concordance: SQLite's trigram
    # tokenizer here cannot remove diacritics itself.
    source_folded = models.TextField(_("folded source"), editable=False)
    target_folded = models.TextField(_("folded target"), editable=False)
    whole = models.BooleanField(_("whole passage"), default=False)
    entry = models.CharField(_("entered as"), max_length=12, choices=Entry.choices)
    # Origin. A unit from a TMX file has no declaration: `reference` names the file and its unit.
    declaration = models.ForeignKey(Declaration, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("declaration"))  # fmt: skip
    passage_key = models.CharField(_("passage key"), max_length=16, blank=True)
    revision = models.ForeignKey(Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("revision"))  # fmt: skip
    review = models.ForeignKey(AlignmentReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("alignment review"))  # fmt: skip
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))  # fmt: skip
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    digest = models.CharField(_("digest"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("translation unit")
        verbose_name_plural = _("translation units")
        constraints = [
            models.UniqueConstraint(fields=["digest", "passage_key", "entry"], name="memory_unit_once_per_origin")
        ]
        indexes = [
            models.Index(fields=["source_language", "target_language", "digest"]),
            models.Index(fields=["declaration", "passage_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.source[:60]}"


class Term(models.Model):
    """How many units of a source language hold a word (folded), for choosing a lookup's rarest words (index.py).

    Counted when units are stored and recounted by `memory rebuild`; a unit stored twice is counted twice, which
    only ever makes a word look a little commoner than it is. The row with the empty term counts the units.
    """

    language = models.CharField(_("language"), max_length=12)
    term = models.CharField(_("term"), max_length=64, blank=True)
    units = models.PositiveBigIntegerField(_("units"), default=0)

    class Meta:
        verbose_name = _("memory word")
        verbose_name_plural = _("memory words")
        constraints = [models.UniqueConstraint(fields=["language", "term"], name="memory_term_once_per_language")]

    def __str__(self) -> str:
        return f"{self.language}: {self.term} ({self.units})"
