"""What the checks found in each passage × language, the reviewers' overrides, and checks switched off."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbench.declarations.models import Declaration, Passage


class Finding(models.Model):
    """One failure of one check on a passage's translation, kept current on every write (apps.after_write) so the
    progress page can filter on it. `text` and `params` are the message before translation: it is shown in the
    reader's language (`Finding.message`), not the writer's."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="+", verbose_name=_("passage"))
    language = models.CharField(_("language"), max_length=12)
    check_name = models.CharField(_("check"), max_length=40)
    text = models.TextField(_("message"))
    params = models.JSONField(_("message details"), default=dict, blank=True)
    # The translation it was found in: an override made for another text does not cover it.
    target_digest = models.CharField(_("digest of the translation"), max_length=64)
    created_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        verbose_name = _("check failure")
        verbose_name_plural = _("check failures")
        indexes = [models.Index(fields=["passage", "language"]), models.Index(fields=["language", "passage"])]

    def __str__(self) -> str:
        return f"{self.check_name}: {self.passage_id} {self.language}"


class Override(models.Model):
    """A reviewer's decision that a check's failure is not an error here, with the reason. It covers the text it
    was made for (`target_digest`): an edit re-opens the failure."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="+", verbose_name=_("passage"))
    language = models.CharField(_("language"), max_length=12)
    check_name = models.CharField(_("check"), max_length=40)
    reason = models.TextField(_("reason"))
    target_digest = models.CharField(_("digest of the translation"), max_length=64)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))  # fmt: skip
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("check override")
        verbose_name_plural = _("check overrides")
        indexes = [models.Index(fields=["passage", "language"])]

    def __str__(self) -> str:
        return f"{self.check_name} overridden: {self.passage_id} {self.language}"


class SwitchedOff(models.Model):
    """A check a coordinator switched off for one declaration (every language of it)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("declaration"))  # fmt: skip
    check_name = models.CharField(_("check"), max_length=40)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("switched off by"))  # fmt: skip
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("check switched off")
        verbose_name_plural = _("checks switched off")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "check_name"], name="checks_switched_off_once")
        ]

    def __str__(self) -> str:
        return f"{self.check_name} off for {self.declaration_id}"
