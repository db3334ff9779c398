from __future__ import annotations

from django.contrib import admin

from workbench.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at", "read_at", "emailed_at", "delivery"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["user"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "mode"]
    raw_id_fields = ["user"]
