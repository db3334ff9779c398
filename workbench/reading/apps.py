from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadingConfig(AppConfig):
    name = "workbench.reading"
    label = "reading"
    verbose_name = _("Public reading")
