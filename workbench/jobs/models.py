"""A long piece of work run in the background, as its owner follows it on the desk (`/desk/jobs/`).

The model lived in `declarations` until the background jobs became a part of their own (issue 20); its table was
moved without touching its rows (migrations `jobs.0001` and `declarations.0008`).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbench.declarations.models import Declaration


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job", "waiting")
    RUNNING = "running", pgettext_lazy("job", "running")
    DONE = "done", pgettext_lazy("job", "done")
    FAILED = "failed", pgettext_lazy("job", "failed")


class Job(models.Model):
    """A long piece of work run in the background (a whole-language export, a large import), as its owner sees it.

    The tasks framework runs it; this row carries what the desk shows: progress, outcome, and the result to download.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs",
                             verbose_name=_("person"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20)
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, null=True, blank=True,
                                    verbose_name=_("declaration"))  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.TextField(_("message"), blank=True)
    input = models.BinaryField(_("input"), blank=True, default=b"")
    result = models.BinaryField(_("result"), blank=True, default=b"")
    result_name = models.CharField(_("file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.kind} [{self.language}] {self.status}"
