from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "workbench.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"
    archived_models = ["Notification", "Preference", "Recipient", "Digest"]
    # A source text that changes makes its translations stale: their translators hear of it, in the write's own
    # transaction (changes.after_write), and by mail only once it commits.
    after_write = ["workbench.notifications.events.source_changed"]
