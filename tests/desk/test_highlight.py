"""Hits marked in the original text, accents and case ignored (workbench/desk/highlight.py, the concordance)."""

from __future__ import annotations

import unicodedata

import pytest

from workbench.desk.highlight import highlighted, hit_spans, pattern_for


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("Une Déclaration de Séoul.", "declaration", "Une <mark>Déclaration</mark> de Séoul."),
        ("DÉCLARATION ; déclaration", "Déclaration", "<mark>DÉCLARATION</mark> ; <mark>déclaration</mark>"),
        # A phrase: the space in the query matches the line break a passage kept.
        ("à Séoul\nen juin", "seoul en", "à <mark>Séoul\nen</mark> juin"),
        # "ß" folds to "ss": a hit on it marks the original character whole.
        ("Die Straße.", "strasse", "Die <mark>Straße</mark>."),
        ("Die Straße.", "stras", "Die <mark>Straß</mark>e."),
        ("No hit here.", "absent", "No hit here."),
        ("Anything.", "   ", "Anything."),
    ],
)
def test_hits_are_marked_on_the_original_characters(text: str, query: str, expected: str) -> None:
    assert str(highlighted(text, pattern_for(query))) == expected


def test_a_decomposed_accent_stays_inside_the_mark() -> None:
    decomposed = unicodedata.normalize("NFD", "Séoul")  # "e" then a combining acute accent
    [(start, end)] = hit_spans(f"à {decomposed}.", pattern_for("seoul"))
    assert f"à {decomposed}."[start:end] == decomposed


def test_everything_but_the_mark_is_escaped() -> None:
    text = 'Un <script>alert("déclaration")</script> & co'
    shown = str(highlighted(text, pattern_for("declaration")))
    assert shown == "Un &lt;script&gt;alert(&quot;<mark>déclaration</mark>&quot;)&lt;/script&gt; &amp; co"
    # A query made of markup is searched as text and escaped in the mark.
    assert str(highlighted("a <b> c", pattern_for("<b>"))) == "a <mark>&lt;b&gt;</mark> c"
