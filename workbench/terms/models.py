"""The glossary: a language pair's agreed terms, and the term pairs proposed from the approved bitext."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """One term of a language pair's glossary, with its approved and its forbidden translations.

    Both lists hold the translations as written ("l'OMC", "Organisation mondiale du commerce"); matching finds
    inflected forms of them (matching.py), so a list holds one form of each, not every form.
    """

    source_language = models.CharField(_("source language"), max_length=12)
    target_language = models.CharField(_("target language"), max_length=12)
    term = models.CharField(_("term"), max_length=200)
    approved = models.JSONField(_("approved translations"), default=list, blank=True)
    forbidden = models.JSONField(_("forbidden translations"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    # "WTO" must not match "wto"; most terms ("cultural diversity") match whatever their case.
    case_sensitive = models.BooleanField(_("case sensitive"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("added by"))  # fmt: skip
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")
        ordering = ["source_language", "target_language", "term"]
        constraints = [
            models.UniqueConstraint(fields=["source_language", "target_language", "term"],
                                    name="terms_entry_once_per_pair")  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.term}"


class ProposalState(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    DISMISSED = "dismissed", _("dismissed")


class Proposal(models.Model):
    """A candidate term pair found in the approved bitext, for a reviewer to accept (it becomes an Entry) or
    dismiss (it is never proposed again: the row stays, dismissed)."""

    source_language = models.CharField(_("source language"), max_length=12)
    target_language = models.CharField(_("target language"), max_length=12)
    source_phrase = models.CharField(_("source phrase"), max_length=200)
    target_phrase = models.CharField(_("target phrase"), max_length=200)
    source_count = models.PositiveIntegerField(_("sentence pairs with the source phrase"), default=0)
    pair_count = models.PositiveIntegerField(_("sentence pairs with both"), default=0)
    score = models.FloatField(_("association"), default=0.0)
    state = models.CharField(_("state"), max_length=12, choices=ProposalState.choices, default=ProposalState.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)

    class Meta:
        verbose_name = _("term proposal")
        verbose_name_plural = _("term proposals")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["source_language", "target_language", "source_phrase", "target_phrase"],
                                    name="terms_proposal_once")  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.source_phrase} → {self.target_phrase}"
