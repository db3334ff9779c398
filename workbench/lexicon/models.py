"""Word pairs per language pair, learnt from the translation memory (learning.py), for the aligner's evidence."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WordPair(models.Model):
    """A source word and a target word that the approved translations pair far more often than chance: each is
    the most frequent form of its stem (the aligner's five folded letters), so "door" stands for "doors" too."""

    source_language = models.CharField(_("source language"), max_length=12)
    target_language = models.CharField(_("target language"), max_length=12)
    source = models.CharField(_("source word"), max_length=64)
    target = models.CharField(_("target word"), max_length=64)
    count = models.PositiveIntegerField(_("sentence pairs"), default=0)
    score = models.FloatField(_("association (Dice)"), default=0.0)

    class Meta:
        verbose_name = _("lexicon word pair")
        verbose_name_plural = _("lexicon word pairs")
        constraints = [
            models.UniqueConstraint(fields=["source_language", "target_language", "source", "target"],
                                    name="lexicon_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.source} = {self.target}"
