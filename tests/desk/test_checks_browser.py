"""The checks in Debian's chromium (issue 23): a failure appears beside the row as the translator types (no
reload) and stays after the draft is saved; approval is refused; a reviewer's override with a reason lets it
through and the history shows why; a French spacing fix-up takes one click."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.checks.test_findings import GOOD, SOURCE, WRONG_NUMBER
from tests.conftest import PASSWORD
from tests.desk.test_checks import SPACED, SPACED_SOURCE
from workbench.checks.models import Override
from workbench.declarations.models import Assignment, Declaration, Role, State

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_typing_saving_refusing_overriding_and_fixing(
    page: Page, live_server: object, make_declaration: Callable[..., Declaration], screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    User.objects.create_user("reviewer-fr", password=PASSWORD)
    Assignment.objects.create(user=User.objects.get(username="reviewer-fr"), role=Role.REVIEWER, language="fr")
    declaration = make_declaration([SOURCE, SPACED_SOURCE], slug="budget", translations={"fr": [GOOD, SPACED]},
                                   translation_state=State.TRANSLATED)
    first, second = declaration.passages.order_by("position")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "reviewer-fr", "/desk/budget/fr/")
    checks = page.locator(f"#p-{first.key} .row-checks")
    expect(checks).to_have_attribute("data-live", "on")  # the editor's script is listening
    expect(checks.locator(".check-failure")).to_have_count(0)

    # Typed with a number changed: the failure appears beside the text, the page not reloaded.
    page.evaluate("window.pageMarker = 'same page'")
    page.locator(f"#p-{first.key} textarea.target-text").fill(WRONG_NUMBER)
    expect(checks.locator(".check-failure[data-check='numbers']")).to_be_visible()
    expect(checks).to_contain_text("400")
    assert page.evaluate("window.pageMarker") == "same page"

    # Saved as a draft all the same, and still shown on the saved row.
    page.locator(f"#p-{first.key}").get_by_role("button", name="Save draft").click()
    expect(page.locator(f"#p-{first.key} .row-head .badge")).to_have_text("draft")
    expect(checks.locator(".check-failure[data-check='numbers']")).to_be_visible()

    # Approval refused, naming the check.
    page.locator(f"#p-{first.key}").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#p-{first.key} p.error")).to_be_visible()
    first.refresh_from_db()
    assert first.state_in("fr") == State.DRAFT
    page.screenshot(path=str(screenshot_dir / "desk-checks-refused-1280.png"), full_page=True)

    # The reviewer overrides with a reason, then approves.
    failure = page.locator(f"#p-{first.key} .check-failure[data-check='numbers']")
    failure.locator("summary").click()
    failure.locator("input[name=reason]").fill("Le chiffre de la source est une coquille.")
    failure.get_by_role("button", name="Override with this reason").click()
    expect(page.locator(f"#p-{first.key} .check-failure.overridden")).to_contain_text("coquille")
    page.locator(f"#p-{first.key}").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#p-{first.key} .row-head .badge")).to_have_text("approved")
    assert Override.objects.get().reason == "Le chiffre de la source est une coquille."
    page.locator(f"#p-{first.key}").get_by_role("link", name="History").click()
    expect(page.locator(".override-entry")).to_contain_text("Le chiffre de la source est une coquille.")
    expect(page.locator(".override-entry")).to_contain_text("reviewer-fr")

    # The French spacing fix-up: one click, an ordinary edit.
    page.goto(f"{base}/desk/budget/fr/")
    spacing = page.locator(f"#p-{second.key} .check-failure[data-check='french-spacing']")
    expect(spacing).to_be_visible()
    spacing.get_by_role("button", name="Fix it").click()
    expect(page.locator(f"#p-{second.key} .check-failure[data-check='french-spacing']")).to_have_count(0)
    second.refresh_from_db()
    assert "Pourquoi ?" not in second.text_in("fr") and second.text_in("fr").endswith("bien commun.")
    page.screenshot(path=str(screenshot_dir / "desk-checks-fixed-1280.png"), full_page=True)
