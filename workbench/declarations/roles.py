"""Who holds which role: the one definition both the desk's rights and publishing use."""
from __future__ import annotations

from typing import Any

from workbench.declarations.models import Assignment, Role


def is_coordinator(user: Any) -> bool:
    """Coordinators (an assignment with role COORDINATOR, which covers every language) and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Assignment.objects.filter(user=user, role=Role.COORDINATOR).exists()
