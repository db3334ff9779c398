from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TermsConfig(AppConfig):
    name = "workbench.terms"
    label = "terms"
    verbose_name = _("Glossary")
    default_auto_field = "django.db.models.BigAutoField"
    archived_models = ["Entry", "Proposal"]
