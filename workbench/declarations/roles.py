"""Who holds which role: the one definition both the desk's rights and publishing use."""
from __future__ import annotations

from typing import Any

from workbench.declarations.models import Assignment, Role

# Where a person's assignments are kept once read: a page asks several rights of the same request.user, and one
# query should answer them all. Each request loads its own user object, so a change shows on the next request.
CACHE_ATTRIBUTE = "_workbench_assignments"


def assignments_of(user: Any) -> list[tuple[Role, str]]:
    """(role, language) of every assignment the person holds (language "" for a coordinator: every language)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = [(Role(role), language) for role, language in
                  Assignment.objects.filter(user=user).values_list("role", "language")]  # fmt: skip
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


def is_coordinator(user: Any) -> bool:
    """Coordinators (an assignment with role COORDINATOR, which covers every language) and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role == Role.COORDINATOR for role, _language in assignments_of(user))
