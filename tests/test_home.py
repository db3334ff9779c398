from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

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


def test_the_favicon_answers_and_every_page_links_it(client: Client, settings: Any) -> None:
    # Tests have no collected static files; WhiteNoise serves the app's own static directories instead.
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    content = b"".join(icon.streaming_content)
    reserved, kind, count = struct.unpack_from("<HHH", content)
    assert (reserved, kind) == (0, 1) and count >= 1  # an ICO directory
    for width, height, _colours, _reserved, _planes, _bits, size, offset in struct.iter_unpack(
        "<BBBBHHII", content[6 : 6 + 16 * count]
    ):
        assert width == height and offset + size <= len(content)
    for page in ("/", "/accounts/login/", "/en/"):
        assert f'<link rel="icon" href="{response["Location"]}">' in client.get(page).content.decode(), page
