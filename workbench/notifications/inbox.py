"""A person's inbox and choices (issue 25), for the desk's inbox screen: the notices newest first, marking them
read, and how each kind is to be mailed."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from workbench.notifications.delivery import languages, modes
from workbench.notifications.models import Kind, Mode, Notification, Preference, Recipient

LIMIT = 200  # the newest; older notices stay stored (and archived) but a page of hundreds is not read


def newest(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")[:LIMIT]


def mark_all_read(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def mark_read(user: Any, notification_id: int) -> Notification | None:
    """The person's notice, marked read (None when it is not theirs)."""
    notice = Notification.objects.filter(user=user, pk=notification_id).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def choices_of(user: Any) -> dict[str, str]:
    """The person's mode for every kind, and their mail language, as the preferences form shows them."""
    chosen = modes([user.pk])
    found = {kind: chosen.get((user.pk, kind), Mode.IMMEDIATE) for kind in Kind.values}
    found["language"] = languages([user.pk])[user.pk]
    return found


@transaction.atomic
def save_choices(user: Any, kinds: dict[str, str], language: str) -> None:
    """Keep a row only for the kinds not left at the default (Mode.IMMEDIATE)."""
    for kind, mode in kinds.items():
        if mode == Mode.IMMEDIATE:
            Preference.objects.filter(user=user, kind=kind).delete()
        else:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    if language == settings.LANGUAGE_CODE:
        Recipient.objects.filter(user=user).delete()
    else:
        Recipient.objects.update_or_create(user=user, defaults={"language": language})
