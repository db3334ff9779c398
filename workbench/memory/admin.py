"""Translation units in the admin: to look at and search, never to edit (they are what was approved)."""
from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from workbench.memory.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("source", "target", "source_language", "target_language", "entry", "whole", "created_at")
    list_filter = ("source_language", "target_language", "entry", "whole")
    search_fields = ("source", "target", "passage_key", "reference")
    readonly_fields = [field.name for field in Unit._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        return False
