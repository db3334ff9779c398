from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecksConfig(AppConfig):
    name = "workbench.checks"
    label = "checks"
    verbose_name = _("Quality checks")
    default_auto_field = "django.db.models.BigAutoField"
    archived_models = ["Finding", "Override", "SwitchedOff"]
    # Every write re-checks the passage × language it touched, inside the write's transaction (changes.after_write),
    # so the findings the progress page filters on are never behind the texts.
    after_write = ["workbench.checks.hooks.check_writes"]
