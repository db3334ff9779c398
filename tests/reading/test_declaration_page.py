"""The public declaration page: published text only, availability, anchors, languages without an edition."""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.reading.conftest import SLUG, approve_all
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Edition, State
from workbench.declarations.publishing import publish
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document

pytestmark = pytest.mark.django_db

EN = f"/en/declarations/{SLUG}/"
FR = f"/fr/declarations/{SLUG}/"


def html_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def anchors(html: str) -> list[str]:
    return re.findall(r'<div class="passage" id="(p-[0-9a-f]+)">', html)


def test_english_page_shows_the_published_text_with_its_metadata(client: Client, seoul: Declaration) -> None:
    html = html_of(client, EN)
    assert '<html lang="en">' in html
    assert '<h1 lang="en">Third International Meeting of Cultural Professional Organizations' in html
    assert "brought together 400 delegates from 57 countries" in html
    assert "June 3, 2004" in html
    assert "Korean Coalition for Cultural Diversity" in html
    assert "Edition 1, published on" in html


def test_the_seed_says_french_is_available_at_the_source_and_in_progress(client: Client, seoul: Declaration) -> None:
    assert "Available in French at the source; the French translation is in progress." in html_of(client, EN)
    french = html_of(client, FR)
    assert "Disponible en français à la source\u00a0; la traduction en français est en cours." in french


def test_french_page_without_a_french_edition_marks_the_english_text(client: Client, seoul: Declaration) -> None:
    html = html_of(client, FR)
    assert '<html lang="fr">' in html
    assert "Cette déclaration n’est pas encore publiée en français. Le texte ci-dessous est en anglais." in html
    assert '<section class="text" lang="en"' in html
    assert '<h1 lang="en">' in html
    # French drafts exist in the workbench but are not published: none of their text may appear.
    assert "Du 1er au 4 juin 2004" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_drafts_never_reach_the_public_page(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    before = html_of(client, FR)
    assert "Du 1er au 4 juin 2004" in before
    passage = seoul.passages.order_by("position").first()
    assert passage is not None
    for language, text in (("fr", "BROUILLON NON APPROUVÉ"), ("en", "UNAPPROVED SOURCE EDIT")):
        record_change(passage=passage, language=language, text=text, state=State.DRAFT, action=Action.EDITED)
    for url in (FR, EN, f"/fr/declarations/{SLUG}/compare/en/"):
        html = html_of(client, url)
        assert "BROUILLON NON APPROUVÉ" not in html and "UNAPPROVED SOURCE EDIT" not in html
    assert html_of(client, FR) == before


def test_anchors_are_the_same_in_every_language(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    english, french = anchors(html_of(client, EN)), anchors(html_of(client, FR))
    keys = [f"p-{key}" for key in seoul.passages.order_by("position").values_list("key", flat=True)]
    assert english == french == keys
    assert f'href="#{keys[0]}"' in html_of(client, EN)


def test_every_published_language_is_linked_and_the_notice_goes(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    english = html_of(client, EN)
    assert f'<a href="{FR}" hreflang="fr" lang="fr" data-keep-anchor>Français</a>' in english
    assert f'href="/en/declarations/{SLUG}/compare/fr/"' in english
    assert "translation is in progress" not in english
    french = html_of(client, FR)
    assert '<section class="text" lang="fr"' in french
    assert "Troisièmes Rencontres internationales" in french
    assert "pas encore publiée" not in french


def test_hreflang_lists_published_languages_and_x_default(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    alternates = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
    assert alternates.findall(html_of(client, EN)) == [
        ("en", f"http://testserver{EN}"),
        ("x-default", f"http://testserver/declarations/{SLUG}/"),
    ]
    publish_french(seoul)
    assert alternates.findall(html_of(client, FR)) == [
        ("en", f"http://testserver{EN}"),
        ("fr", f"http://testserver{FR}"),
        ("x-default", f"http://testserver/declarations/{SLUG}/"),
    ]


def test_x_default_address_sends_the_reader_to_their_language(client: Client, seoul: Declaration) -> None:
    response = client.get(f"/declarations/{SLUG}/", headers={"accept-language": "fr"})
    assert (response.status_code, response["Location"]) == (302, FR)


def test_language_switcher_stays_on_the_same_declaration(client: Client, seoul: Declaration) -> None:
    nav = html_of(client, EN).split('<nav class="language-links"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{FR}" hreflang="fr" lang="fr" data-keep-anchor>Français</a>' in nav
    assert '<span class="current" lang="en" aria-current="page">English</span>' in nav


def test_earlier_editions_stay_readable(client: Client, seoul: Declaration, coordinator: User) -> None:
    passage = seoul.passages.order_by("position").first()
    assert passage is not None
    record_change(
        passage=passage, language="en", text="A corrected opening.", state=State.APPROVED, action=Action.EDITED
    )
    publish(declaration=seoul, language="en", user=coordinator)
    assert "A corrected opening." in html_of(client, EN)
    old = html_of(client, f"{EN}editions/1/")
    assert "brought together 400 delegates" in old and "A corrected opening." not in old
    assert "You are reading edition 1. The current edition is edition 2." in old
    assert f'href="{EN}editions/1/"' in html_of(client, EN)


def test_unknown_addresses_are_404_with_a_message(client: Client, seoul: Declaration) -> None:
    for url, message in (
        ("/en/declarations/no-such-thing/", "No declaration is published at this address."),
        (f"{EN}editions/7/", "There is no edition 7 of this declaration in English."),
        (f"{FR}editions/1/", "Il n’y a pas d’édition 1 de cette déclaration en français."),
        (f"{EN}compare/de/", "“de” is not a language of this site."),
        (f"{EN}compare/fr/", "This declaration is not published in French yet"),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert message in response.content.decode(), url
    assert client.get(f"/de/declarations/{SLUG}/").status_code == 404


def test_a_declaration_with_no_edition_is_not_public(
    client: Client, make_declaration: Callable[..., Declaration]
) -> None:
    make_declaration(["Draft only."], slug="unpublished")
    assert client.get("/en/declarations/unpublished/").status_code == 404
    assert "unpublished" not in client.get("/en/").content.decode()


def test_text_from_the_workbench_is_escaped(client: Client, make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["<script>alert(1)</script> & more"], slug="escaped")
    declaration.title_en = "<b>Bold</b>"
    declaration.save()
    publish(declaration=declaration, language="en", user=None)
    html = html_of(client, "/en/declarations/escaped/")
    assert "<script>alert(1)</script>" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_a_passage_with_several_paragraphs_keeps_them(
    client: Client, make_declaration: Callable[..., Declaration]
) -> None:
    publish(declaration=make_declaration(["First.\n\nSecond."], slug="two"), language="en", user=None)
    assert "<p>First.</p>\n\n<p>Second.</p>" in html_of(client, "/en/declarations/two/")


def test_headings_are_in_order(client: Client, seoul: Declaration) -> None:
    levels = [int(level) for level in re.findall(r"<h([1-6])", html_of(client, EN))]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_only_the_latest_editions_are_read(seoul: Declaration) -> None:
    assert list(Edition.objects.latest_per_language().values_list("number", flat=True)) == [1]
    approve_all(seoul, "en")
    publish(declaration=seoul, language="en", user=None)
    assert list(Edition.objects.latest_per_language().values_list("number", flat=True)) == [2]


def test_inline_tags_are_rendered_from_the_allow_list_and_everything_else_escaped(
    client: Client, make_declaration: Callable[..., Declaration]
) -> None:
    text = ('The <b>ministers</b> met<fn n="1"/> in <a href="https://www.incd.net/">Seoul</a>.<br/>'
            '<script>alert(1)</script> <a href="javascript:alert(2)">no</a>')
    publish(declaration=make_declaration([text], slug="tags"), language="en", user=None)
    html = html_of(client, "/en/declarations/tags/")
    assert "The <b>ministers</b> met<sup>" in html
    assert '<a href="https://www.incd.net/" rel="nofollow noopener">Seoul</a>.<br>' in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    edition = Edition.objects.get(declaration__slug="tags")
    assert "<b>" not in edition.search_text and "ministers met in seoul" in edition.search_text


def test_a_footnote_reference_links_to_its_footnote_passage_on_both_pages(client: Client) -> None:
    data = b"# Seoul\n\nThe ministers met in Seoul.[^1]\n\n[^1]: The third meeting of the network.\n"
    meta = Metadata(slug="noted", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "Seoul", "fr": "Séoul"})  # fmt: skip
    declaration = create_declaration(read_document("noted.md", data), data, meta).declaration
    heading, body, note = declaration.passages.order_by("position")
    assert note.footnote == "1" and '<fn n="1"/>' in body.source_text
    french = {heading: "Séoul", body: 'Les ministres se sont réunis à Séoul.<fn n="1"/>',
              note: "La troisième réunion du réseau."}  # fmt: skip
    for passage, text in french.items():
        record_change(passage=passage, language="fr", text=text, state=State.APPROVED, action=Action.APPROVED)
    publish(declaration=declaration, language="en", user=None)
    publish(declaration=declaration, language="fr", user=None)
    for url in ("/en/declarations/noted/", "/fr/declarations/noted/", "/en/declarations/noted/compare/fr/"):
        html = html_of(client, url)
        assert f'<sup><a href="#p-{note.key}" rel="nofollow noopener">1</a></sup>' in html, url
        assert re.search(rf'class="(passage|pair) footnote" id="p-{note.key}">', html), url
        assert '<span class="footnote-number">1</span>' in html, url
