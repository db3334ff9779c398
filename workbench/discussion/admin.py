"""Discussions in the admin, for looking and, when a comment must go, deleting it; comments are written on the desk
(desk/discussion_views.py), never here."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from workbench.discussion.models import Comment, Thread


class _NoWriting(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Thread)
class ThreadAdmin(_NoWriting):
    list_display = ("passage", "language", "created_at", "resolved_at", "resolved_by")
    list_filter = ("language",)
    search_fields = ("passage__key", "passage__declaration__slug")
    list_select_related = ("passage__declaration", "resolved_by")


@admin.register(Comment)
class CommentAdmin(_NoWriting):
    list_display = ("thread", "author", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("text", "author__username")
    list_select_related = ("thread__passage__declaration", "author")
