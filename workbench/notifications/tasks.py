"""The daily work as tasks of Django's tasks framework, for a deployment that schedules through the worker
(`manage.py db_worker`) rather than cron: enqueue both once a day (README, "Notifications")."""
from __future__ import annotations

import datetime

from django.tasks import task

from workbench.notifications import sweep


@task
def notification_sweep(day: str | None = None) -> int:
    """Deadline notices for `day` (ISO date; today when None); returns how many were made."""
    return sweep.deadline_sweep(datetime.date.fromisoformat(day) if day else None).made


@task
def send_digests(day: str | None = None) -> int:
    """The daily digests for `day` (ISO date; today when None); returns how many were mailed."""
    return sweep.send_digests(datetime.date.fromisoformat(day) if day else None)
