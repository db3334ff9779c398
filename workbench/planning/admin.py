"""Assignments in the admin, for coordinators who need to correct one by hand; the desk's screens are the usual
way in (desk/planning_views.py), and the same rules hold there (planning/assigning.py)."""
from __future__ import annotations

from django.contrib import admin

from workbench.planning.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("declaration", "language", "translator", "reviewer", "due_on", "priority", "assigned_by")
    list_filter = ("language", "priority", "due_on")
    search_fields = ("declaration__slug", "translator__username", "reviewer__username")
    list_select_related = ("declaration", "translator", "reviewer", "assigned_by")
    raw_id_fields = ("declaration", "translator", "reviewer", "assigned_by")
    readonly_fields = ("assigned_at",)
