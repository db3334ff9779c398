from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LexiconConfig(AppConfig):
    name = "workbench.lexicon"
    label = "lexicon"
    verbose_name = _("Lexicon")
    default_auto_field = "django.db.models.BigAutoField"
    # Derived data: `manage.py rebuild_lexicon` learns it again from the translation memory, which is archived.
    transient_models = {"WordPair": "learnt from the translation memory again by `manage.py rebuild_lexicon`"}
