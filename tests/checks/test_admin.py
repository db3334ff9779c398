"""The checks' rows in the admin: overrides and switches listed for repairs, findings shown read-only."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.checks.test_findings import SOURCE, WRONG_NUMBER
from workbench.checks.models import Finding, Override, SwitchedOff
from workbench.declarations.models import Declaration, digest

pytestmark = pytest.mark.django_db


def test_findings_overrides_and_switches_are_in_the_admin(
    client: Client, make_declaration: Callable[..., Declaration]
) -> None:
    client.force_login(User.objects.create_superuser("admin", password="pw-for-tests"))
    declaration = make_declaration([SOURCE], translations={"fr": [WRONG_NUMBER]})
    passage = declaration.passages.get()
    Override.objects.create(passage=passage, language="fr", check_name="numbers", reason="<i>Voulu.</i>",
                            target_digest=digest(WRONG_NUMBER))  # fmt: skip
    SwitchedOff.objects.create(declaration=declaration, check_name="double-space")
    findings = client.get(reverse("admin:checks_finding_changelist")).content.decode()
    assert "The number 400 of the source is 450 in the translation." in findings  # the message, not its format
    overrides = client.get(reverse("admin:checks_override_changelist")).content.decode()
    assert "&lt;i&gt;Voulu.&lt;/i&gt;" in overrides and "<i>Voulu.</i>" not in overrides
    assert "double-space" in client.get(reverse("admin:checks_switchedoff_changelist")).content.decode()
    finding = Finding.objects.get(passage=passage)
    assert client.get(reverse("admin:checks_finding_add")).status_code == 403
    before = Finding.objects.count()
    client.post(reverse("admin:checks_finding_change", args=[finding.pk]), {"check_name": "dates"})
    assert Finding.objects.get(pk=finding.pk).check_name == "numbers" and Finding.objects.count() == before
