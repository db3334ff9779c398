"""The daily work (issue 25): deadline notices and digests. Run by cron through `manage.py notification_sweep` and
`manage.py send_digests`, or by the worker through the tasks in tasks.py; both are safe to run twice.

`deadline_sweep` finds every task due within two days, or overdue, whose declaration is not fully approved in its
language, with one query per language (not one per task: bench/notifications.py runs it over 10,000 declarations),
and makes one notice per person, task and due date (the dedupe key), so a second run the same day, or the next
day, makes nothing new; a task given a new due date is told again.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import Passage, Progress, translation_conditions
from workbench.links import passage_url
from workbench.notifications.delivery import Notice, digest_day_end, modes, notify_many, send_mails
from workbench.notifications.models import Digest, Kind, Mode, Notification
from workbench.planning.models import Task

SOON = datetime.timedelta(days=2)


@dataclass(frozen=True)
class SweepReport:
    tasks: int  # tasks found due soon or overdue and not approved
    made: int  # notices made (0 on a second run)


def unfinished(language: str) -> Exists:
    """The task's declaration has a current passage not approved in the language (missing, draft, translated or
    stale): the per-passage conditions the progress page counts with."""
    conditions = translation_conditions(language)
    waiting = (conditions[Progress.MISSING] | conditions[Progress.DRAFT] | conditions[Progress.TRANSLATED]
               | conditions[Progress.STALE])  # fmt: skip
    return Exists(Passage.objects.filter(waiting, declaration_id=OuterRef("declaration_id")))


def deadline_sweep(today: datetime.date | None = None) -> SweepReport:
    today = today or timezone.localdate()
    titles = [column("title", code) for code in language_codes()]
    preferences = modes()
    notices = []
    found = 0
    for language in language_codes():
        rows = (Task.objects.filter(Q(translator__isnull=False) | Q(reviewer__isnull=False), language=language,
                                    due_on__lte=today + SOON)
                .filter(unfinished(language))
                .values_list("pk", "due_on", "translator_id", "reviewer_id", "declaration__slug",
                             "declaration__source_language", *(f"declaration__{t}" for t in titles)))  # fmt: skip
        for pk, due_on, translator, reviewer, slug, source, *title_values in rows:
            found += 1
            kind = Kind.OVERDUE if due_on < today else Kind.DUE_SOON
            title = dict(zip(language_codes(), title_values, strict=True)).get(source) or slug
            params = {"slug": slug, "title": title, "language": language, "due_on": due_on.isoformat()}
            for person in {translator, reviewer} - {None}:
                notices.append(Notice(person, kind, params, passage_url(slug, language), f"task:{pk}:{due_on}"))
    with transaction.atomic():
        made = notify_many(notices, preferences=preferences)
    return SweepReport(found, made)


def send_digests(today: datetime.date | None = None) -> int:
    """Mail each person whose digest notices are not mailed yet one digest for `today`, with everything made until
    the end of that day; return how many digests were sent. A person already sent today's digest gets nothing more
    (the Digest row, taken in the same transaction as the mail is sent and the notices marked)."""
    today = today or timezone.localdate()
    pending = Notification.objects.filter(delivery=Mode.DIGEST, emailed_at__isnull=True,
                                          created_at__lt=digest_day_end(today)).exclude(user__email="")  # fmt: skip
    people = list(pending.values_list("user_id", flat=True).distinct().order_by("user_id"))
    sent = 0
    for user_id in people:
        with transaction.atomic():
            _digest, created = Digest.objects.get_or_create(user_id=user_id, day=today)
            if not created:
                continue
            notices = list(pending.filter(user_id=user_id).order_by("created_at", "pk"))
            if not notices:
                continue
            sent += send_mails({user_id: notices}, digest=True)
            Digest.objects.filter(user_id=user_id, day=today).update(count=len(notices))
            pending.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    return sent
