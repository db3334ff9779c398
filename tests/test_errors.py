"""The workbench's own 403 and 404 pages (workbench/errors.py, templates/403.html and 404.html), as production serves
them: with DEBUG off, since with DEBUG on Django shows its technical 404 page instead."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from workbench.declarations.models import Declaration

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

DESK_LINK = '<a href="/desk/">Back to the desk</a>'


@pytest.fixture(autouse=True)
def _production(settings: Any) -> None:
    settings.DEBUG = False


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize("path", ["/desk/progress/", "/desk/appel-de-paris/en/", "/publish/appel-de-paris/en/"])
def test_a_refused_page_says_why_in_the_workbench_layout(people: dict, paris: Declaration, path: str) -> None:
    response = logged_in("translator-fr").get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert '<header class="site-header">' in html  # workbench/templates/base.html, not Django's bare page
    assert "<h1>Not allowed</h1>" in html
    assert "a language you are not assigned to, or it needs a coordinator" in html
    assert DESK_LINK in html


@pytest.mark.parametrize("path", ["/desk/no-such-declaration/fr/", "/desk/appel-de-paris/de/", "/desk/a/b/c/d/e/",
                                  "/publish/no-such-declaration/fr/"])  # fmt: skip
def test_an_address_that_leads_nowhere_says_so_in_the_workbench_layout(
    people: dict, paris: Declaration, path: str
) -> None:
    response = logged_in("coordinator").get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert "This address does not exist, or what it showed has been removed." in html
    assert DESK_LINK in html


def test_the_workbench_pages_speak_the_interface_language(people: dict) -> None:
    client = logged_in("translator-fr")
    html = client.get("/desk/progress/", headers={"accept-language": "fr"}).content.decode()
    assert '<html lang="fr">' in html
    assert '<a href="/desk/">' in html


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/en/declarations/no-such-declaration/", "No declaration is published at this address."),
        ("/fr/declarations/no-such-declaration/", "Aucune déclaration n’est publiée à cette adresse."),
        ("/en/no-such-page/", "No declaration is published at this address."),
        ("/fr/no-such-page/", "Aucune déclaration n’est publiée à cette adresse."),
    ],
)
def test_the_public_site_keeps_its_own_not_found_page(client: Client, seoul: Declaration, path: str,
                                                      message: str) -> None:  # fmt: skip
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header reading-header"' in html  # the reader's layout, with the reader's way back
    assert message in html
    assert f'href="{path[:4]}"' in html
    assert "/desk/" not in html
