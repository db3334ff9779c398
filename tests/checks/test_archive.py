"""A backup archive keeps the checks' state exactly: overrides (reason, author, digest, date) and switches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from tests.checks.test_findings import SOURCE, WRONG_NUMBER
from tests.declarations.test_archive import snapshot, wipe
from workbench.checks.models import Finding, Override, SwitchedOff
from workbench.declarations.archive import export_archive, import_archive
from workbench.declarations.models import Declaration, digest

pytestmark = pytest.mark.django_db


def test_overrides_switches_and_findings_round_trip(
    people: dict[str, User], make_declaration: Callable[..., Declaration], tmp_path: Path
) -> None:
    declaration = make_declaration([SOURCE], translations={"fr": [WRONG_NUMBER]})
    passage = declaration.passages.get()
    Override.objects.create(passage=passage, language="fr", check_name="numbers", reason="« Vérifié » : oui.",
                            target_digest=digest(WRONG_NUMBER), author=people["reviewer-fr"])  # fmt: skip
    SwitchedOff.objects.create(declaration=declaration, check_name="double-space", author=people["coordinator"])
    # A finding as the hook stores it (written here so the test does not depend on which checks fail).
    Finding.objects.all().delete()
    Finding.objects.create(passage=passage, language="fr", check_name="numbers", text="%(number)s is missing",
                           params={"number": "400"}, target_digest=digest(WRONG_NUMBER))  # fmt: skip
    before = snapshot()
    assert len(before["checks.override"]) == 1 and len(before["checks.switchedoff"]) == 1
    assert len(before["checks.finding"]) == 1
    export_archive(path=tmp_path / "backup")
    wipe()
    assert not Override.objects.exists() and not SwitchedOff.objects.exists() and not Finding.objects.exists()
    import_archive(path=tmp_path / "backup")
    after = snapshot()
    for label in ("checks.override", "checks.switchedoff", "checks.finding"):
        assert after[label] == before[label]
