"""Inline tags in the editor's source (issue 24): each tag a chip carrying its exact text, the words between them
escaped text, the glossary's terms marked in the words only; the row's tag bar lists the source's tags."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from workbench.declarations.models import Declaration
from workbench.desk.tag_chips import chips, readable, render
from workbench.terms.models import Entry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SEOUL = 'The <b>Seoul</b> Declaration, see <a href="https://www.incd.net/">the network</a>.<br/>Note<fn n="3"/>'


def editor(declaration: Declaration) -> str:
    client = Client()
    assert client.login(username="translator-fr", password=PASSWORD)
    response = client.get(reverse("desk:editor", args=[declaration.slug, "fr"]))
    assert response.status_code == 200
    return response.content.decode()


def source_of(html: str, number: int) -> str:
    return re.findall(r'<p class="source-text">(.*?)</p>', html, flags=re.S)[number - 1]


CHIP = re.compile(r'<span class="tag-chip" data-tag="([^"]*)" title="[^"]*" role="img" aria-label="tag ([^"]*)">'
                  r"([^<]*)</span>")  # fmt: skip


def test_each_tag_is_a_chip_with_its_exact_text_and_the_words_stay_text(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration([SEOUL, "No tags here."])
    html = editor(declaration)
    source = source_of(html, 1)
    found = [(unescape(tag), label, text) for tag, label, text in CHIP.findall(source)]
    assert found == [
        ("<b>", "b", "b"), ("</b>", "/b", "/b"), ('<a href="https://www.incd.net/">', "link 1", "link 1"),
        ("</a>", "/link 1", "/link 1"), ("<br/>", "↵", "↵"), ('<fn n="3"/>', "fn 3", "fn 3"),
    ]  # fmt: skip
    assert CHIP.sub("|", source) == "The |Seoul| Declaration, see |the network|.|<br>Note|"
    assert "<b>" not in source and "<a " not in source  # no tag of the passage is markup
    assert source_of(html, 2) == "No tags here."
    # The tag bar of the first row lists the same tags for tags.js; the second row has none.
    first, second = declaration.passages.order_by("position")
    row = html[html.index(f'id="p-{first.key}"'):html.index(f'id="p-{second.key}"')]
    bar = re.findall(r'<button type="button" class="tag-insert" data-tag="([^"]*)" data-label="([^"]*)"', row)
    assert [(unescape(tag), label) for tag, label in bar] == [(chip.tag, chip.label) for chip in chips(SEOUL)]
    assert "tag-bar" not in html[html.index(f'id="p-{second.key}"'):]


def test_a_literal_lt_and_markup_looking_text_show_as_text(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(['<lt/>script>alert(1)<lt/>/script> & <b>"bold"</b> <img src=x onerror=alert(1)>'])
    source = source_of(editor(declaration), 1)
    assert "<script" not in source and "<img" not in source
    assert CHIP.sub("|", source) == ("&lt;script&gt;alert(1)&lt;/script&gt; &amp; |&quot;bold&quot;| "
                                     "&lt;img src=x onerror=alert(1)&gt;")  # fmt: skip


def test_a_chip_escapes_a_link_address() -> None:
    html = str(render('<a href="https://x.org/?a=1&b=2">x</a>'))
    assert 'data-tag="&lt;a href=&quot;https://x.org/?a=1&amp;b=2&quot;&gt;"' in html
    assert unescape(CHIP.findall(html)[0][0]) == '<a href="https://x.org/?a=1&b=2">'


def test_links_are_numbered_and_a_closing_tag_takes_its_links_number() -> None:
    text = '<a href="https://a.org/">A</a> and <a href="https://b.org/"><i>B</i></a>'
    assert [chip.label for chip in chips(text)] == ["link 1", "/link 1", "link 2", "i", "/i", "/link 2"]


def test_glossary_terms_are_found_across_tags_and_never_inside_one(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="cultural diversity",
                         approved=["diversité culturelle"])  # fmt: skip
    Entry.objects.create(source_language="en", target_language="fr", term="network", approved=["réseau"])
    text = 'On <b>cultural</b> diversity: <a href="https://network.example/">a text</a>.'
    assert readable(text) == "On cultural diversity: a text."
    source = source_of(editor(make_declaration([text])), 1)
    marks = re.findall(r"<mark[^>]*>([^<]*)</mark>", source)
    assert marks == ["cultural", " diversity"]  # one term, marked on each side of the chip that splits it
    assert "réseau" not in source  # the address of a link is no text to look for terms in
    assert CHIP.sub("|", re.sub(r"</?mark[^>]*>", "", source)) == "On |cultural| diversity: |a text|."
