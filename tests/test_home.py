from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from workbench.declarations.seeding import load_seeds

pytestmark = pytest.mark.django_db


def test_home_says_what_the_workbench_is_and_links_onwards(client: Client, seeds_dir: Path) -> None:
    load_seeds(seeds_dir)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "parallel language versions" in html
    assert 'href="/admin/"' in html
    assert "Third International Meeting of Cultural Professional Organizations" in html


def test_home_speaks_french_to_a_french_reader(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "fr"})
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Atelier de traduction" in html
    assert "versions linguistiques parallèles" in html


def test_home_escapes_text_written_by_users(client: Client, make_declaration) -> None:  # noqa: ANN001
    declaration = make_declaration(["Body."])
    declaration.title_en = "<script>alert(1)</script>"
    declaration.save()
    html = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
