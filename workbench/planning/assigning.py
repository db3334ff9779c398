"""Assigning the work (issue 25): one declaration at a time from the desk, or every declaration of a filtered list
at once from the progress page. Only coordinators assign (Right.ASSIGN); the translator must be able to work in
the language and the reviewer to review it, so nobody is handed work they cannot open."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench.access import Right, has_right
from workbench.declarations.languages import is_language, language_label
from workbench.declarations.models import Declaration, Role
from workbench.planning.models import Priority, Task


class PlanningError(ValueError):
    """An assignment that cannot be made; the message says why."""


@dataclass(frozen=True)
class Plan:
    """What to assign: who (None leaves the role unassigned), by when, how urgent."""

    translator: Any = None
    reviewer: Any = None
    due_on: datetime.date | None = None
    priority: int = Priority.NORMAL


def people_for(language: str, role: Role) -> QuerySet[Any]:
    """Who may be given the role in `language`: its translators (and reviewers, who translate too) for the
    translation, its reviewers for the review, and coordinators for either."""
    roles = [Role.REVIEWER] if role == Role.REVIEWER else [Role.TRANSLATOR, Role.REVIEWER]
    held = Q(assignments__role__in=roles, assignments__language=language) | Q(assignments__role=Role.COORDINATOR)
    return get_user_model().objects.filter(held, is_active=True).distinct().order_by("username")


def check(language: str, plan: Plan, by: Any) -> None:
    if not has_right(by, Right.ASSIGN):
        raise PlanningError(_("Only coordinators assign work."))
    if not is_language(language):
        raise PlanningError(_("“%(language)s” is not a language of the workbench.") % {"language": language})
    name = language_label(language)
    if plan.translator is not None and not has_right(plan.translator, Right.WORK, language):
        raise PlanningError(_("%(person)s does not translate into %(language)s.")
                            % {"person": plan.translator.get_username(), "language": name})  # fmt: skip
    if plan.reviewer is not None and not has_right(plan.reviewer, Right.REVIEW, language):
        raise PlanningError(_("%(person)s does not review %(language)s.")
                            % {"person": plan.reviewer.get_username(), "language": name})  # fmt: skip
    if plan.priority not in Priority.values:
        raise PlanningError(_("Unknown priority."))


def assign(declaration: Declaration, language: str, plan: Plan, by: Any) -> Task:
    check(language, plan, by)
    if language == declaration.source_language:
        raise PlanningError(_("%(language)s is the source language of this declaration: there is nothing to "
                              "translate.") % {"language": language_label(language)})  # fmt: skip
    task, _created = Task.objects.update_or_create(declaration=declaration, language=language,
                                                   defaults=_fields(plan, by))  # fmt: skip
    return task


@transaction.atomic
def assign_many(declarations: Iterable[Declaration], language: str, plan: Plan, by: Any) -> list[Task]:
    """Assign every declaration given (those written in `language` are skipped) in one statement; return the
    tasks. An existing task of a declaration in that language is replaced."""
    check(language, plan, by)
    fields = _fields(plan, by)
    tasks = [Task(declaration=declaration, language=language, **fields) for declaration in declarations
             if declaration.source_language != language]  # fmt: skip
    Task.objects.bulk_create(tasks, batch_size=500, update_conflicts=True, unique_fields=["declaration", "language"],
                             update_fields=list(fields))  # fmt: skip
    return tasks


def _fields(plan: Plan, by: Any) -> dict[str, Any]:
    return {"translator": plan.translator, "reviewer": plan.reviewer, "due_on": plan.due_on,
            "priority": plan.priority, "assigned_by": by, "assigned_at": timezone.now()}  # fmt: skip
