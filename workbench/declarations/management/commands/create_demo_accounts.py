from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from workbench.declarations.models import Assignment, Role

# Demo accounts exist only on a developer's machine (DEBUG on), so their passwords are not secrets: the README and
# `make run` print them so a newcomer can log in at once.
DEMO_ACCOUNTS = [
    ("coordinator", "demo-coordinator-2004", Role.COORDINATOR, ""),
    ("translator-fr", "demo-translator-2004", Role.TRANSLATOR, "fr"),
    ("reviewer-fr", "demo-reviewer-2004", Role.REVIEWER, "fr"),
]


class Command(BaseCommand):
    help = "Create the demo coordinator, French translator and French reviewer (only when DEBUG is on)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            self.stdout.write("Demo accounts skipped: DEBUG is off.")
            return
        user_model = get_user_model()
        with transaction.atomic():
            for username, password, role, language in DEMO_ACCOUNTS:
                user, _created = user_model.objects.get_or_create(username=username)
                user.is_staff = role == Role.COORDINATOR
                user.is_superuser = role == Role.COORDINATOR
                user.set_password(password)
                user.save()
                Assignment.objects.get_or_create(user=user, role=role, language=language)
        self.stdout.write("Demo accounts (DEBUG only):")
        for username, password, role, language in DEMO_ACCOUNTS:
            scope = language or "all languages"
            self.stdout.write(f"  {username:<14} password {password:<22} {role.label} ({scope})")
