"""The unread count in the site header (base.html). Lazy: the template asks for it only for a logged-in person, so
the public pages (which never render it, and must not touch the session to stay cacheable) run no query for it."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from workbench.notifications.models import Notification


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def unread(request: HttpRequest) -> dict[str, Any]:
    # A callable: the template calls it where it shows the count, and only there.
    return {"unread_notifications": lambda: unread_count(request.user)}
