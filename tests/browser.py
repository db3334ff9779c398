"""Logging in through the real login form, shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def log_in(page: Page, base: str, username: str, then: str = "/desk/") -> None:
    """Log `username` in (password PASSWORD) and land on `then`."""
    page.goto(f"{base}/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Back only once the login has led away from its form and `then` has loaded with its scripts: a test that
    # changes rights next must not race the request for `then` (it was served a 403 when the change won), and a key
    # pressed before the editor's script ran does nothing.
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.wait_for_load_state("load")
