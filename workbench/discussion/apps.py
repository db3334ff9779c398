from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "workbench.discussion"
    label = "discussion"
    verbose_name = _("Discussion")
    default_auto_field = "django.db.models.BigAutoField"
    # In load order: a comment points at its thread, a mention at its comment.
    archived_models = ["Thread", "Comment", "Mention"]
