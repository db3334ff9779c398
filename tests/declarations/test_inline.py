"""The inline tags kept in passage texts: reading, stripping, comparing and rendering them safely."""
from __future__ import annotations

from workbench.declarations.inline import literal, plain, problems, signature, to_html


def test_plain_drops_tags_and_keeps_words_apart_at_a_line_break() -> None:
    text = 'The <b>Seoul</b> meeting<fn n="1"/>.<br/>See <a href="https://incd.net">the site</a>.'
    assert plain(text) == "The Seoul meeting. See the site."


def test_only_the_exact_spellings_are_tags() -> None:
    text = "a < b, <script>x</script>, <B>, <b class='x'>"
    assert plain(text) == text
    assert signature(text) == {}


def test_signature_ignores_where_the_tags_are() -> None:
    assert signature("<b>Séoul</b> et <i>2004</i>") == signature("<i>2004</i> à <b>Séoul</b>")
    assert signature("<b>Séoul</b>") != signature("<i>Séoul</i>")
    assert signature('x<fn n="1"/>') != signature('x<fn n="2"/>')


def test_problems_name_what_is_unbalanced_or_crossed() -> None:
    assert problems("<b>ok</b> <i>fine</i>") == []
    assert problems("<b>open") == ["<b> is not closed"]
    assert problems("shut</i>") == ["</i> closes nothing"]
    assert problems("<b><i>x</b></i>") != []


def test_html_escapes_text_and_renders_only_the_allow_list() -> None:
    html = to_html('<b>Bold</b> &amp; <script>alert(1)</script> <a href="https://incd.net">site</a><br/>')
    assert "<b>Bold</b>" in html and "&amp;amp;" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://incd.net" rel="nofollow noopener">site</a>' in html
    assert "<br>" in html


def test_an_unsafe_link_keeps_its_text_only() -> None:
    html = to_html('<a href="javascript:alert(1)">click</a>')
    assert html == "click"


def test_badly_nested_tags_are_shown_as_plain_text() -> None:
    assert to_html("<b>never closed") == "never closed"


def test_a_footnote_reference_links_to_its_note() -> None:
    assert to_html('Text<fn n="3"/>') == 'Text<sup><a href="#fn-3" rel="nofollow noopener">3</a></sup>'


def test_literal_text_that_looks_like_a_tag_stays_text() -> None:
    protected = literal("write <b> to make it bold")
    assert signature(protected) == {}
    assert "<b>" not in to_html(protected)
