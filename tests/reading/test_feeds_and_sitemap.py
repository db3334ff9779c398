"""The Atom feed per language and sitemap.xml with hreflang alternates."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from django.test import Client

from tests.reading.conftest import SLUG
from workbench.declarations.models import Declaration

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_feed_is_valid_atom_with_one_entry_per_edition(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    response = client.get("/fr/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    # RFC 4287: a feed has an id, a title and an updated time; so has every entry, which also has a link.
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        assert element.findtext(f"{ATOM}id")
        assert element.findtext(f"{ATOM}title")
        assert element.findtext(f"{ATOM}updated")
    assert feed.findtext(f"{ATOM}title") == "Nouvelles éditions en français"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].findtext(f"{ATOM}title").startswith("Troisièmes Rencontres")
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver/fr/declarations/{SLUG}/editions/1/"
    assert entries[0].findtext(f"{ATOM}summary").startswith("Du 1er au 4 juin 2004")


def test_feed_of_a_language_with_nothing_published_is_valid_and_empty(client: Client, seoul: Declaration) -> None:
    feed = ET.fromstring(client.get("/fr/feed/").content)
    assert feed.findall(f"{ATOM}entry") == []
    english = ET.fromstring(client.get("/en/feed/").content)
    assert len(english.findall(f"{ATOM}entry")) == 1


def test_sitemap_lists_published_languages_with_alternates(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    def urls() -> dict[str, list[tuple[str | None, str | None]]]:
        root = ET.fromstring(client.get("/sitemap.xml").content)
        return {
            url.findtext(f"{SITEMAP}loc") or "": [
                (link.get("hreflang"), link.get("href")) for link in url.findall(f"{XHTML}link")
            ]
            for url in root.findall(f"{SITEMAP}url")
        }

    english = f"http://testserver/en/declarations/{SLUG}/"
    french = f"http://testserver/fr/declarations/{SLUG}/"
    default = f"http://testserver/declarations/{SLUG}/"
    assert urls() == {english: [("en", english), ("x-default", default)]}
    publish_french(seoul)
    alternates = [("en", english), ("fr", french), ("x-default", default)]
    assert urls() == {english: alternates, french: alternates}
