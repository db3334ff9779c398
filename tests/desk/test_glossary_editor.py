"""Glossary terms in the editor (issue 23): marked in each passage's source, inflected forms too, escaped, with the
row's list of terms; the page asks for the glossary once, however long the declaration."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workbench.declarations.models import Declaration
from workbench.desk.term_marks import attach_terms, marked
from workbench.terms.matching import TermMatch, clear_cache
from workbench.terms.models import Entry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def editor(username: str, declaration: Declaration) -> str:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    response = client.get(reverse("desk:editor", args=[declaration.slug, "fr"]))
    assert response.status_code == 200
    return response.content.decode()


def source_of(html: str, number: int) -> str:
    """The inner HTML of the source text of passage `number` (counting from 1)."""
    sources = re.findall(r'<p class="source-text">(.*?)</p>', html, flags=re.S)
    return sources[number - 1]


def terms_of(html: str, key: str) -> str:
    row = html[html.index(f'id="p-{key}"'):]
    row = row[: row.index("</section>")]
    return row[row.index('<aside class="row-terms"'): row.index("</aside>")] if "row-terms" in row else ""


def wto(**values: object) -> Entry:
    return Entry.objects.create(source_language="en", target_language="fr", term="organization",
                                approved=["organisation", "organisme"], forbidden=["organization"],
                                note="Spelt with an s in French.", **values)  # fmt: skip


def test_a_term_is_marked_in_an_inflected_form_with_its_translation_as_title(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    wto()
    declaration = make_declaration(["Delegates from organizations met.", "Nothing here."])
    html = editor("translator-fr", declaration)
    assert source_of(html, 1) == ('Delegates from <mark class="term" title="Glossary: organisation · organisme" '
                                  f'data-entry="{Entry.objects.get().pk}">organizations</mark> met.')  # fmt: skip
    assert source_of(html, 2) == "Nothing here."
    first, second = declaration.passages.order_by("position")
    listed = terms_of(html, first.key)
    assert '<span class="term" lang="en">organization</span>' in listed
    assert "here: organizations" in listed  # the form met in this source
    assert 'data-number="1" data-text="organisation"' in listed
    assert '<s class="forbidden-translation" lang="fr">organization</s>' in listed
    assert "Spelt with an s in French." in listed and "Alt+Shift+1" in listed
    assert terms_of(html, second.key) == ""
    assert "Alt+Shift+1 … 9 inserts" in html  # the keyboard help names the key


def test_marked_source_is_escaped_and_keeps_its_line_breaks(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="cultural diversity",
                         approved=['diversité "culturelle" <b>'], note="<script>alert(1)</script>")  # fmt: skip
    # <em> is no inline tag (declarations/inline.py): it is text, escaped.
    declaration = make_declaration(["<em>Cultural diversity</em> & more\nCultural  diversity again."])
    html = editor("reviewer-fr", declaration)
    source = source_of(html, 1)
    assert source.startswith('&lt;em&gt;<mark class="term" '
                             'title="Glossary: diversité &quot;culturelle&quot; &lt;b&gt;"')
    assert ">Cultural diversity</mark>&lt;/em&gt; &amp; more<br><mark" in source
    assert ">Cultural  diversity</mark> again." in source
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_case_sensitive_term_and_the_longest_term_win(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="WTO", approved=["OMC"], case_sensitive=True)
    Entry.objects.create(source_language="en", target_language="fr", term="trade", approved=["commerce"])
    Entry.objects.create(source_language="en", target_language="fr", term="World Trade Organization",
                         approved=["Organisation mondiale du commerce"])  # fmt: skip
    declaration = make_declaration(["The World Trade Organization (WTO), not the wto, talks trade."])
    marks = re.findall(r"<mark[^>]*>([^<]*)</mark>", source_of(editor("coordinator", declaration), 1))
    assert marks == ["World Trade Organization", "WTO", "trade"]


def test_only_the_pair_of_the_editor_is_used(people: dict, make_declaration: Callable[..., Declaration]) -> None:
    Entry.objects.create(source_language="fr", target_language="en", term="organization", approved=["x"])
    Entry.objects.create(source_language="en", target_language="es", term="organization", approved=["organización"])
    html = editor("coordinator", make_declaration(["Organizations met."]))
    assert "<mark" not in source_of(html, 1)


def test_each_row_gets_the_terms_of_its_own_source_and_none_spans_two(db: None) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="cultural diversity",
                         approved=["diversité culturelle"])  # fmt: skip
    texts = ["A text about what is cultural", "diversity matters.", "", "Cultural diversity, and cultural diversity."]
    rows = [SimpleNamespace(source_text=text, source_marked=None, terms=[]) for text in texts]
    attach_terms(rows, source_language="en", target_language="fr")
    assert [row.source_marked is not None for row in rows] == [False, False, False, True]
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", str(rows[3].source_marked)) == [
        "Cultural diversity", "cultural diversity"]  # fmt: skip
    assert [term.found for term in rows[3].terms] == [["Cultural diversity", "cultural diversity"]]


def test_bad_spans_never_garble_the_text(db: None) -> None:
    entry = Entry(pk=7, term="a", approved=["b"])
    overlapping = [TermMatch(entry, 0, 4, "abcd"), TermMatch(entry, 2, 6, "cdef"), TermMatch(entry, 8, 8, "")]
    assert str(marked("abcdefghij", overlapping)) == (
        '<mark class="term" title="Glossary: b" data-entry="7">abcd</mark>efghij')


def test_the_editor_asks_for_the_glossary_once_whatever_its_length(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    wto()
    Entry.objects.create(source_language="en", target_language="fr", term="delegate", approved=["délégué"])
    client = Client()
    assert client.login(username="translator-fr", password=PASSWORD)
    declarations = [make_declaration(["Delegates of organizations."] * size, slug=slug,
                                     translations={"fr": ["Des délégués."] * size})
                    for slug, size in (("short", 3), ("long", 40))]  # fmt: skip
    # The first page loads the glossary into the matcher's cache; the next ones only ask whether it changed. (The
    # checks run on every write have already filled the cache while the declarations were made: start cold.)
    clear_cache()
    cold = pages_queries(client, declarations[0])
    assert len(glossary_queries(cold)) == 2  # the glossary's version, its entries
    counts = []
    for declaration in declarations:
        queries = pages_queries(client, declaration)
        assert len(glossary_queries(queries)) == 1  # only its version: the entries are cached
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # A change to the glossary is seen on the next page.
    Entry.objects.filter(term="delegate").update(approved=["représentant"])
    Entry.objects.filter(term="delegate").update(changed_at=Entry.objects.get(term="delegate").changed_at.replace(
        year=2030))  # fmt: skip
    client.get(reverse("desk:editor", args=["short", "fr"]))
    html = client.get(reverse("desk:editor", args=["short", "fr"])).content.decode()
    assert 'title="Glossary: représentant"' in html


def pages_queries(client: Client, declaration: Declaration, marks_per_passage: int = 2) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("desk:editor", args=[declaration.slug, "fr"]))
    assert response.content.decode().count('<mark class="term"') == marks_per_passage * declaration.passages.count()
    return [query["sql"] for query in queries.captured_queries]


def glossary_queries(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "terms_entry" in sql]


def test_without_a_glossary_the_editor_asks_one_question(
    people: dict, make_declaration: Callable[..., Declaration]
) -> None:
    client = Client()
    assert client.login(username="translator-fr", password=PASSWORD)
    declaration = make_declaration(["Delegates of organizations."])
    assert len(glossary_queries(pages_queries(client, declaration, 0))) == 1
