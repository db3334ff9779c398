from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemoryConfig(AppConfig):
    name = "workbench.memory"
    label = "memory"
    verbose_name = _("Translation memory")
    default_auto_field = "django.db.models.BigAutoField"
    # Every unit is archived, not only those imported from TMX: a restored archive serves suggestions at once,
    # without `memory rebuild` (issue 22). The text index follows the units by itself (index.py); the word counts
    # it chooses a lookup's words by are archived with them.
    archived_models = ["Unit", "Term"]
    # Approvals and accepted alignments feed the memory inside the write's own transaction (changes.after_write).
    after_write = ["workbench.memory.learning.learn_from_writes"]
