"""The checks' rows in the admin: the overrides and switches people made, for looking and repairs. Findings are
computed (hooks.py, `check_translations --recompute`), so they are shown but not edited."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from workbench.checks.findings import message_of
from workbench.checks.models import Finding, Override, SwitchedOff


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("check_name", "passage", "language", "shown_message", "created_at")
    list_filter = ("check_name", "language")
    search_fields = ("passage__declaration__slug", "passage__key")
    list_select_related = ("passage__declaration",)
    readonly_fields = ("passage", "language", "check_name", "text", "params", "target_digest", "created_at")

    @admin.display(description=Finding._meta.get_field("text").verbose_name)
    def shown_message(self, finding: Finding) -> str:
        return message_of(finding)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Override)
class OverrideAdmin(admin.ModelAdmin):
    list_display = ("check_name", "passage", "language", "reason", "author", "created_at")
    list_filter = ("check_name", "language")
    search_fields = ("reason", "passage__declaration__slug", "passage__key")
    list_select_related = ("passage__declaration", "author")
    raw_id_fields = ("passage",)
    readonly_fields = ("target_digest", "author", "created_at")


@admin.register(SwitchedOff)
class SwitchedOffAdmin(admin.ModelAdmin):
    list_display = ("check_name", "declaration", "author", "created_at")
    list_filter = ("check_name",)
    search_fields = ("declaration__slug",)
    list_select_related = ("declaration", "author")
    raw_id_fields = ("declaration",)
    readonly_fields = ("author", "created_at")
