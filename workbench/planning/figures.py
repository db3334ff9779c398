"""The assigned work per person (issue 25), for the progress page: words assigned, words done, tasks overdue.

Words are the source words of the declarations' current passages; done means approved in the task's language
(for a translator: approved, or translated and waiting for review); overdue, past the due date with a passage not
approved. Two queries whatever the number of people: one per role, each summing over every language with a
condition per language."""
from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, Sum

from workbench.declarations.models import Progress, current_condition, translation_conditions
from workbench.planning.models import Task

PASSAGES = "declaration__passages__"


def workload(languages: list[str], today: datetime.date) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    for role in ("translator", "reviewer"):
        assigned: Any = 0
        done: Any = 0
        overdue: Any = 0
        for language in languages:
            conditions = translation_conditions(language, PASSAGES)
            finished = conditions[Progress.APPROVED] | (conditions[Progress.TRANSLATED] if role == "translator"
                                                        else Q(pk__in=[]))  # fmt: skip
            mine = Q(language=language)
            assigned += Sum(f"{PASSAGES}source_words", filter=mine & current_condition(PASSAGES), default=0)
            done += Sum(f"{PASSAGES}source_words", filter=mine & finished, default=0)
            # Past its date with a passage still not approved (as on the progress rows).
            late = mine & Q(due_on__lt=today) & current_condition(PASSAGES) & ~conditions[Progress.APPROVED]
            overdue += Count("pk", filter=late, distinct=True)
        rows = (Task.objects.filter(**{f"{role}__isnull": False}).order_by().values(f"{role}__username")
                .annotate(assigned=assigned, done=done, tasks=Count("pk", distinct=True), overdue=overdue))  # fmt: skip
        for row in rows:
            person = people.setdefault(row[f"{role}__username"], {"name": row[f"{role}__username"], "roles": []})
            person["roles"].append({"role": role, "assigned": row["assigned"], "done": row["done"],
                                    "tasks": row["tasks"], "overdue": row["overdue"]})  # fmt: skip
    return sorted(people.values(), key=lambda person: person["name"])
