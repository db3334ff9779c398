"""Who does what by when (issue 25): per declaration and target language, the translator and the reviewer
assigned, a due date and a priority. The content model knows nothing of it; the desk reads it."""
from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbench.declarations.models import Declaration


class Priority(models.IntegerChoices):
    LOW = 1, _("low")
    NORMAL = 2, _("normal")
    HIGH = 3, _("high")
    URGENT = 4, _("urgent")


class Task(models.Model):
    """The work on one declaration in one language. One row per declaration × language: assigning again replaces
    who and when (the history of who was assigned is not kept; the revisions say who did the work)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("declaration"))  # fmt: skip
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    translator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="translation_tasks", verbose_name=_("translator"))  # fmt: skip
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="review_tasks", verbose_name=_("reviewer"))  # fmt: skip
    due_on = models.DateField(_("due"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("assigned by"))  # fmt: skip
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.UniqueConstraint(fields=["declaration", "language"], name="one_task_per_language")]
        indexes = [models.Index(fields=["due_on"]), models.Index(fields=["translator", "due_on"]),
                   models.Index(fields=["reviewer", "due_on"])]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.declaration.slug} [{self.language}]"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.due_on is not None and self.due_on < (today or timezone.localdate())
