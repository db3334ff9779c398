from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LexiconConfig(AppConfig):
    name = "workbench.lexicon"
    label = "lexicon"
    verbose_name = _("Lexicon")
    default_auto_field = "django.db.models.BigAutoField"
    # WordPair is learnt from the translation memory, but it is archived all the same: a restore must align as the
    # workbench did before the backup, without waiting for someone to run `manage.py rebuild_lexicon`.
    archived_models = ["WordPair"]
