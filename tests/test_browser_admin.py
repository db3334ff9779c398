"""The admin in a real browser: the language tabs work offline and show the seed's state."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from workbench.declarations.models import Declaration
from workbench.declarations.seeding import load_seeds


@pytest.mark.django_db(transaction=True)
def test_admin_tabs_switch_language_without_the_internet(
    page: Page, live_server: object, django_user_model: type[User], seeds_dir: Path, screenshot_dir: Path
) -> None:
    load_seeds(seeds_dir)
    django_user_model.objects.create_superuser("coordinator", password="pw-for-tests")
    declaration = Declaration.objects.get()
    external: list[str] = []
    page.on("request", lambda request: external.append(request.url) if live_server.url not in request.url else None)  # type: ignore[attr-defined]

    page.goto(f"{live_server.url}/admin/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/declarations/declaration/{declaration.pk}/change/")  # type: ignore[attr-defined]

    # modeltranslation builds jQuery UI tabs; they only appear if the vendored script loaded.
    tabs = page.locator(".ui-tabs-nav").first
    expect(tabs).to_be_visible()
    french_title = page.locator("#id_title_fr")
    expect(french_title).to_be_hidden()
    tabs.get_by_text("fr", exact=False).click()
    expect(french_title).to_be_visible()
    expect(french_title).to_have_value(declaration.title_fr)
    page.screenshot(path=str(screenshot_dir / "admin-declaration-fr-tab.png"), full_page=True)
    assert external == []
