"""The inline tags a passage text may hold (issue 24): their grammar, and the text without them.

A passage brought in from a document keeps its bold, italic, links, superscript, footnote references and line
breaks as a small, fixed set of tags in the text itself. This module is the one place that knows them, beside
the stored form of a text (text.py): the content model needs the text without its tags (words counted for
progress, an edition's search text), the public site renders them, the checks and the documents app compare and
write them.

    <b> <i> <u> <sup> <sub> and their closing tags    <a href="…"> </a>    <br/>    <fn n="3"/>    <lt/> (a "<")

Only these exact spellings are tags: "a < b" or "<script>" is text, escaped wherever it is shown.

What each path does with them:

- :func:`plain` (:func:`strip_tags`) drops them: search, word counts, lengths, the checks other than "tags";
- :func:`signature` is what the "tags" check compares (which tags, not where);
- :func:`problems` says what is unbalanced or crossed;
- :func:`to_html` renders them as HTML from a fixed allow-list, text escaped, cleaned again by nh3;
- :func:`literal` makes a document's own "<b>" text, never a tag.

Keeping them in the text rather than in a side table means every path (revisions, staleness digests, the memory,
the history, exports) carries them unchanged, and a translator moves a tag by moving its text.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import nh3

PAIRED = ("b", "i", "u", "sup", "sub")
# What a link's address may be written as inside a tag (no quote, angle bracket or space).
HREF = re.compile(r'[^"<>\s]{1,2000}')
TAG = re.compile(
    rf'<(?P<close>/)?(?P<pair>{"|".join(PAIRED)})>'
    rf'|<a href="(?P<href>{HREF.pattern})">|(?P<end_link></a>)'
    r"|(?P<br><br/>)"
    r'|<fn n="(?P<fn>[0-9A-Za-z_-]{1,20})"/>'
    r"|(?P<lt><lt/>)"
)


def strip_tags(text: str) -> str:
    """The text as a reader reads it: tags dropped, a line break a space, <lt/> the "<" it stands for."""
    if "<" not in text:
        return text
    return TAG.sub(lambda m: " " if m["br"] else "<" if m["lt"] else "", text)


@dataclass(frozen=True)
class Token:
    """A piece of tagged text: ``kind`` is "text", "open", "close" or "empty"; ``name`` the tag's name ("b", "a",
    "br", "fn"); ``value`` the link's address or the footnote's number."""

    kind: str
    text: str
    name: str = ""
    value: str = ""


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    at = 0
    for match in TAG.finditer(text):
        if match.start() > at:
            found.append(Token("text", text[at:match.start()]))
        found.append(_token(match))
        at = match.end()
    if at < len(text):
        found.append(Token("text", text[at:]))
    return found


def _token(match: re.Match[str]) -> Token:
    raw = match[0]
    if match["lt"]:
        return Token("text", "<")
    if match["pair"]:
        return Token("close" if match["close"] else "open", raw, match["pair"])
    if match["href"] is not None:
        return Token("open", raw, "a", match["href"])
    if match["end_link"]:
        return Token("close", raw, "a")
    if match["br"]:
        return Token("empty", raw, "br")
    return Token("empty", raw, "fn", match["fn"])


def literal(text: str) -> str:
    """Text from a document's words, never tags: the "<" of a "<b>" written in a document becomes <lt/>, which
    every path reads back as the "<" it is."""
    if "<" not in text:
        return text
    return TAG.sub(lambda m: "<lt/>" + m[0][1:], text)


def canonical(text: str) -> str:
    """The text with <lt/> only where it is needed (before something that reads as a tag): "<lt/>" typed before
    plain words and "<" mean the same, and a file that carries the text as characters gives the second back. The
    exchange compares texts in this form, so such a text does not look changed after a round trip."""
    if "<lt/>" not in text:
        return text
    out: list[str] = []
    run = ""  # consecutive text, made literal as a whole (its "<" may stand before a tag-like run of letters)
    for token in tokens(text):
        if token.kind == "text":
            run += token.text
            continue
        out += [literal(run), token.text]
        run = ""
    return "".join([*out, literal(run)])


def plain(text: str) -> str:
    """The text without its tags; a line break counts as a space, so words either side stay apart."""
    return strip_tags(text)


def signature(text: str) -> Counter[str]:
    """Which tags the text holds, as comparable strings ("<b>", '<a href="…">', '<fn n="3"/>'), with counts."""
    return Counter(t.text for t in tokens(text) if t.kind != "text")


@dataclass(frozen=True)
class Problem:
    """One fault in the tags' nesting: `kind` is "closes-nothing", "crosses" (`tag` closes while `other` is the
    innermost open one) or "not-closed"."""

    kind: str
    tag: str
    other: str = ""

    def __str__(self) -> str:  # for logs and tests; screens word it themselves (checks/inline_tags.py)
        return {"closes-nothing": f"{self.tag} closes nothing", "crosses": f"{self.tag} crosses {self.other}",
                "not-closed": f"{self.tag} is not closed"}[self.kind]  # fmt: skip


def nesting(text: str) -> list[Problem]:
    """What is wrong with the tags' nesting: an opening tag never closed, a closing tag with no opening one, or two
    pairs crossed (<b><i></b></i>). Empty when well formed."""
    stack: list[Token] = []
    found: list[Problem] = []
    for token in tokens(text):
        if token.kind == "open":
            stack.append(token)
        elif token.kind == "close":
            if not stack:
                found.append(Problem("closes-nothing", token.text))
            elif stack[-1].name != token.name:
                found.append(Problem("crosses", token.text, stack[-1].text))
                stack.pop()
            else:
                stack.pop()
    return found + [Problem("not-closed", token.text) for token in stack]


def problems(text: str) -> list[str]:
    """nesting() in words (English), for logs and tests."""
    return [str(problem) for problem in nesting(text)]


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_href(href: str) -> str | None:
    """The address if it is one a reader may follow (http, https, mailto), else None."""
    return href if href.lower().startswith(_SAFE_SCHEMES) else None


_ALLOWED = {"b", "i", "u", "sup", "sub", "a", "br"}


def to_html(text: str, footnote_href: str = "#fn-{n}", footnotes: Mapping[str, str] | None = None) -> str:
    """Safe HTML for a reader: text escaped, each tag from a fixed template, links limited to safe schemes and
    marked rel=nofollow noopener. A text whose tags are not well formed is shown as plain text with its tags
    dropped, never as broken markup. nh3 cleans the result once more against the same allow-list.

    A footnote reference links to `footnote_href`, or, when `footnotes` (number → passage key) has its number, to
    that footnote's passage on the page (#p-KEY)."""
    if "<" not in text:
        return escape(text, quote=False)
    if problems(text):
        return escape(plain(text), quote=False)
    out: list[str] = []
    links: list[bool] = []  # whether each open link was rendered (an unsafe one keeps its text only)
    for token in tokens(text):
        if token.kind == "text":
            out.append(escape(token.text, quote=False))
        elif token.name == "a" and token.kind == "open":
            href = safe_href(token.value)
            links.append(href is not None)
            if href is not None:
                out.append(f'<a href="{escape(href)}">')
        elif token.name == "a":
            if links.pop():
                out.append("</a>")
        elif token.name == "br":
            out.append("<br>")
        elif token.name == "fn":
            n = escape(token.value)
            target = f"#p-{footnotes[token.value]}" if footnotes and token.value in footnotes else (
                footnote_href.format(n=token.value))
            out.append(f'<sup><a href="{escape(target)}">{n}</a></sup>')
        else:
            out.append(f"<{'/' if token.kind == 'close' else ''}{token.name}>")
    return nh3.clean("".join(out), tags=_ALLOWED, attributes={"a": {"href"}}, link_rel="nofollow noopener",
                     url_schemes={"http", "https", "mailto"})  # fmt: skip
