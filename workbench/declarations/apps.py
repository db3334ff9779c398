from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "workbench.declarations"
    verbose_name = _("Declarations")
    default_auto_field = "django.db.models.BigAutoField"
