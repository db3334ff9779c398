"""The documents' rows in the admin, for looking: which file a declaration came from, and which block each passage
is. Both are written by the intake (intake.py) with the passages they describe, so they are not added here; the
original file itself is not shown (it is binary; export_document writes it back out)."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from workbench.documents.models import PassageBlock, SourceDocument


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SourceDocument)
class SourceDocumentAdmin(_ReadOnly):
    list_display = ("filename", "declaration", "format", "language", "added_by", "added_at")
    list_filter = ("format", "language")
    search_fields = ("filename", "declaration__slug")
    list_select_related = ("declaration", "added_by")
    exclude = ("content",)


@admin.register(PassageBlock)
class PassageBlockAdmin(_ReadOnly):
    list_display = ("passage", "kind", "level", "note", "order")
    list_filter = ("kind",)
    search_fields = ("passage__declaration__slug", "passage__key")
    list_select_related = ("passage__declaration",)
