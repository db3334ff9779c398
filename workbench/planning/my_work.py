"""What a translator or reviewer has to do (issue 25), for "My work" on the desk: the tasks assigned to them,
soonest due first (overdue marked), each with how many passages need them and the first one, so one click opens the
editor there. A translator is needed where a passage is missing, a draft or stale; a reviewer where it is
translated and waits for approval."""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.utils import timezone

from workbench.declarations.models import Action, Declaration, Passage, Progress, Revision, translation_conditions
from workbench.planning.models import Task

LIMIT = 100  # a person's page, not a report: the progress page lists everything
TRANSLATE, REVIEW = "translate", "review"


@dataclass(frozen=True)
class WorkItem:
    task: Task
    role: str  # TRANSLATE or REVIEW
    to_do: int  # passages that need this person
    first_key: str  # the first of them ("" when none)
    overdue: bool


def needs(language: str, role: str) -> Q:
    conditions = translation_conditions(language)
    if role == REVIEW:
        return conditions[Progress.TRANSLATED]
    return conditions[Progress.MISSING] | conditions[Progress.DRAFT] | conditions[Progress.STALE]


def my_work(user: Any, today: datetime.date | None = None) -> list[WorkItem]:
    """The person's tasks with what each needs of them, in the order to do them: due date (none last), then
    priority. A few queries whatever the number of tasks (one per language and role)."""
    today = today or timezone.localdate()
    tasks = list(
        Task.objects.filter(Q(translator=user) | Q(reviewer=user))
        .select_related("declaration", "translator", "reviewer")
        .order_by(F("due_on").asc(nulls_last=True), "-priority", "declaration__issued_on", "declaration__slug")[:LIMIT]
    )
    roles = [(task, role) for task in tasks for role, person in ((TRANSLATE, task.translator_id),
                                                                 (REVIEW, task.reviewer_id)) if person == user.pk]
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for task, role in roles:
        groups[(task.language, role)].add(task.declaration_id)
    counts: dict[tuple[str, str, int], tuple[int, str]] = {}
    for (language, role), declarations in groups.items():
        found = (Passage.objects.filter(needs(language, role), declaration_id__in=declarations)
                 .order_by().values("declaration_id").annotate(count=Count("pk"), first=Min("position")))  # fmt: skip
        firsts = {(row["declaration_id"], row["first"]): row["count"] for row in found}
        if not firsts:
            continue
        at = Q()
        for declaration_id, position in firsts:
            at |= Q(declaration_id=declaration_id, position=position)
        for declaration_id, position, key in Passage.objects.filter(at).values_list("declaration_id", "position",
                                                                                     "key"):  # fmt: skip
            counts[(language, role, declaration_id)] = (firsts[(declaration_id, position)], key)
    items = []
    for task, role in roles:
        count, key = counts.get((task.language, role, task.declaration_id), (0, ""))
        items.append(WorkItem(task, role, count, key, task.is_overdue(today)))
    return items


@dataclass(frozen=True)
class StaleWork:
    """Passages of one declaration whose translation the person wrote and whose source has changed since."""

    declaration: Declaration
    language: str
    count: int
    first_key: str


STALE_SHOWN = 500  # passages read at most: enough for the desk's list, which names declarations


def stale_mine(user: Any, languages: list[str]) -> list[StaleWork]:
    """What became stale since the person translated it, assigned or not: the stale passages in `languages` whose
    current translation is theirs (the latest revision in that language, conflicts aside). One query a language."""
    found: dict[tuple[int, str], list[str]] = {}
    for language in languages:
        author = Subquery(Revision.objects.filter(passage=OuterRef("pk"), language=language)
                          .exclude(action=Action.CONFLICT).order_by("-pk").values("author_id")[:1])  # fmt: skip
        rows = (Passage.objects.filter(translation_conditions(language)[Progress.STALE])
                .exclude(declaration__source_language=language).annotate(author=author).filter(author=user.pk)
                .order_by("declaration_id", "position").values_list("declaration_id", "key")[:STALE_SHOWN])  # fmt: skip
        for declaration_id, key in rows:
            found.setdefault((declaration_id, language), []).append(key)
    declarations = Declaration.objects.in_bulk([declaration_id for declaration_id, _language in found])
    return [StaleWork(declarations[declaration_id], language, len(keys), keys[0])
            for (declaration_id, language), keys in found.items()]  # fmt: skip
