from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command

from workbench.declarations.management.commands.create_demo_accounts import DEMO_ACCOUNTS
from workbench.declarations.models import Assignment, Role

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_created_once_and_their_printed_passwords_work(
    settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    out = capsys.readouterr().out
    assert User.objects.count() == 3
    assert Assignment.objects.count() == 3
    for username, password, _role, _language in DEMO_ACCOUNTS:
        assert username in out and password in out
        assert authenticate(username=username, password=password) is not None
    assert set(Assignment.objects.values_list("user__username", "role", "language")) == {
        ("coordinator", Role.COORDINATOR, ""),
        ("translator-fr", Role.TRANSLATOR, "fr"),
        ("reviewer-fr", Role.REVIEWER, "fr"),
    }
    assert User.objects.get(username="coordinator").is_staff
    assert not User.objects.get(username="translator-fr").is_staff


def test_no_demo_accounts_without_debug(settings: object, capsys: pytest.CaptureFixture[str]) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    call_command("create_demo_accounts")
    assert User.objects.count() == 0
    assert "skipped" in capsys.readouterr().out
