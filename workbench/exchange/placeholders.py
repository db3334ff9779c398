"""Inline tags through the exchange formats (issue 24): PO placeholders, XLIFF 1.2 inline elements, TMX codes.

A passage text holds the tags of declarations/inline.py. A translation tool must not show them as raw markup (a
translator would retype or break `<a href="…">`), so each format writes them in its own way and this module maps
both ways:

- PO: short placeholders a translator can type — ``{b}…{/b}``, ``{i}``, ``{u}``, ``{sup}``, ``{sub}``,
  ``{link1}…{/link1}``, ``{br}``, ``{fn3}``. A literal "{" that a reader could take for the start of one (a "{"
  before a letter, "/" or another "{") is doubled, so "{b}" typed as text survives as "{{b}".
- XLIFF 1.2: ``<g id="N" ctype="bold">…</g>`` for a pair, ``<x id="N" ctype="lb"/>`` for a line break,
  ``<x id="N" ctype="x-footnote"/>`` for a footnote reference; a text whose tags are not well formed (an opening
  tag never closed, pairs crossed) cannot nest, so its pairs are written as ``<bx>``/``<ex>``.
- TMX 1.4: ``<bpt i="N">``/``<ept i="N">`` around a pair, ``<ph>`` for an empty tag, ``<it>`` for half a pair,
  each holding the tag's own text as TMX prescribes.

Where a link's address lives. The XLIFF strict schema gives ``<g>``/``<x>`` only id, xid, ctype, clone and
equiv-text, plus foreign attributes validated strictly (so only ones with a schema of their own would pass);
equiv-text means "text shown instead of the code", not an address. So neither the XLIFF nor the PO placeholders
carry it: the passage itself is the skeleton. Every code of a unit is numbered in a **code table** built from the
passage's source (its tags in order) and then its stored translation (the tags the source does not have, so a
translation with an extra tag still exports and reads back); N in ``<g id="N">`` and in ``{linkN}`` is a place in
that table. On import the table is built again from the passage as stored and each reference is resolved there:
a link's address always comes from the workbench's own text, never from the file (a translator cannot change it by
editing the file), and a reference the table does not have, or whose kind does not match (``<g>`` for a line
break), is an error for that unit. The PO's extracted comment shows the translator what each placeholder stands
for, addresses included; it is information only and is never read back.

A passage text without tags (and without "{" before a letter) is written exactly as before.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree

from workbench.declarations.inline import PAIRED, Token, literal, problems, tokens
from workbench.exchange.units import ExchangeError

# --- The code table -------------------------------------------------------------------------------------------


def _numbered(text: str, table: list[Token], *, extend: bool) -> list[tuple[Token, int]]:
    """Each token of `text` with its code number (1-based place in `table`; 0 for plain text).

    An opening or empty tag, or a closing tag that closes nothing, is the k-th of its spelling in the text and so
    takes the k-th code of that spelling in the table (added at the end when `extend` and the table has fewer); a
    closing tag that closes an open pair takes its opening tag's number."""
    seen: Counter[tuple[str, str]] = Counter()
    stack: list[tuple[str, int]] = []
    found: list[tuple[Token, int]] = []
    for token in tokens(text):
        if token.kind == "text":
            found.append((token, 0))
            continue
        if token.kind == "close" and stack and stack[-1][0] == token.name:
            found.append((token, stack.pop()[1]))
            continue
        spelling = (token.kind, token.text)
        seen[spelling] += 1
        places = [n for n, code in enumerate(table, start=1) if (code.kind, code.text) == spelling]
        if len(places) >= seen[spelling]:
            number = places[seen[spelling] - 1]
        elif extend:
            table.append(token)
            number = len(table)
        else:  # not reachable for a table built from this text; kept total for safety
            number = places[-1] if places else 0
        if token.kind == "open":
            stack.append((token.name, number))
        found.append((token, number))
    return found


def code_table(source: str, target: str = "") -> list[Token]:
    """The codes a unit's files refer to, numbered from 1: the source's tags in order (an opening tag stands for its
    pair; a closing tag only when it closes nothing), then the translation's tags the source does not have."""
    table: list[Token] = []
    _numbered(source, table, extend=True)
    _numbered(target, table, extend=True)
    return table


def link_numbers(table: list[Token]) -> dict[int, int]:
    """Code number → link number (1, 2, … in table order): the N of {linkN}."""
    links = [n for n, code in enumerate(table, start=1) if code.kind == "open" and code.name == "a"]
    return {code: number for number, code in enumerate(links, start=1)}


# --- What a file wrote, before it is resolved against the passage ----------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A reference to an inline tag as a file wrote it: ``kind`` "open", "close" or "empty"; ``code`` the XLIFF id
    (``by_link`` False) or the N of {linkN} (``by_link`` True), 0 when the tag stands by itself ({b}, {br}, {fn3});
    ``text`` the tag itself when it stands by itself; ``name`` the tag the file says it is (from a ctype), "" when
    it does not say; ``label`` how the file wrote it, for messages."""

    kind: str
    label: str
    code: int = 0
    by_link: bool = False
    text: str = ""
    name: str = ""


Piece = str | Ref


@dataclass(frozen=True)
class Coded:
    """A text as a file wrote it: literal text and references to tags."""

    pieces: tuple[Piece, ...] = ()

    @property
    def has_refs(self) -> bool:
        return any(isinstance(piece, Ref) for piece in self.pieces)

    def resolve(self, table: list[Token]) -> str:
        """The passage text: text made literal (a "<b>" typed in a tool is text, not a tag), each reference the tag
        it stands for. Raises ExchangeError saying which reference is wrong."""
        links = {number: code for code, number in link_numbers(table).items()}
        return "".join(_resolved(piece, table, links) for piece in self.pieces)

    def spelled(self) -> str:
        """The text with its references as written (what a source that no longer resolves is compared as)."""
        return "".join(piece if isinstance(piece, str) else piece.label for piece in self.pieces)


def _resolved(piece: Piece, table: list[Token], links: dict[int, int]) -> str:
    if isinstance(piece, str):
        return literal(piece)
    if piece.text:
        return piece.text
    number = links.get(piece.code, 0) if piece.by_link else piece.code
    if not 1 <= number <= len(table):
        if piece.by_link:
            raise ExchangeError(_("%(placeholder)s: the source has no link %(number)s")
                                % {"placeholder": piece.label, "number": piece.code})  # fmt: skip
        raise ExchangeError(_("%(element)s: the source has no tag with this id") % {"element": piece.label})
    code = table[number - 1]
    if piece.name and piece.name != code.name:
        raise ExchangeError(_("%(element)s: tag %(id)s of the source is %(tag)s, not this kind of tag")
                            % {"element": piece.label, "id": number, "tag": code.text})  # fmt: skip
    if piece.kind == "close":
        if code.kind == "empty":
            raise ExchangeError(_("%(element)s closes tag %(id)s of the source, %(tag)s, which has no end")
                                % {"element": piece.label, "id": number, "tag": code.text})  # fmt: skip
        return f"</{code.name}>"
    if code.kind != piece.kind:
        message = (_("%(element)s stands for a pair of tags, but tag %(id)s of the source is %(tag)s, which has none")
                   if piece.kind == "open" else
                   _("%(element)s stands for a single tag, but tag %(id)s of the source is %(tag)s, which is a pair"))
        raise ExchangeError(message % {"element": piece.label, "id": number, "tag": code.text})  # fmt: skip
    return code.text


@dataclass(frozen=True)
class Inline:
    """A unit's source and target as a file wrote them, to be resolved against the passage (see the module
    docstring): the file holds references, the passage what they stand for."""

    source: Coded
    target: Coded

    def resolve(self, stored_source: str, stored_target: str) -> tuple[str, str]:
        """(source, target) as passage texts. A source that no longer resolves (the passage's source changed since
        the file was made) is returned as written, so it differs from the current source and the unit imports as a
        draft; a target that does not resolve raises ExchangeError."""
        table = code_table(stored_source, stored_target)
        try:
            source = self.source.resolve(table)
        except ExchangeError:
            source = self.source.spelled()
        return source, self.target.resolve(table)


# --- PO placeholders ---------------------------------------------------------------------------------------------

# A "{" a reader takes for the start of a placeholder: before a letter, "/" and a letter, or another "{" (the
# escape itself), or at the end of a run of text (a placeholder may follow it). Only these are doubled on export,
# so texts with "{0}" or "{ }" are written as they are.
STARTS_PLACEHOLDER = re.compile(r"\{(?=\{|/?[A-Za-z]|$)")
PO_PIECE = re.compile(r"\{\{|\{(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9_-]*)\}|\{/?[A-Za-z][A-Za-z0-9_-]*")
PO_NAMES = {"b": "bold", "i": "italic", "u": "underlined", "sup": "superscript", "sub": "subscript"}


def _po_escape(text: str) -> str:
    return STARTS_PLACEHOLDER.sub("{{", text) if "{" in text else text


def po_placeholder(token: Token, number: int, links: dict[int, int]) -> str:
    """The placeholder a tag is written as in a PO file."""
    if token.name == "a":
        link = links.get(number)
        return f"{{{'/' if token.kind == 'close' else ''}link{link if link else ''}}}"
    if token.name == "br":
        return "{br}"
    if token.name == "fn":
        return f"{{fn{token.value}}}"
    return f"{{{'/' if token.kind == 'close' else ''}{token.name}}}"


def to_po(text: str, table: list[Token]) -> str:
    """A passage text as a msgid or msgstr: tags as placeholders, a literal "{" that could start one doubled."""
    if "<" not in text and "{" not in text:
        return text
    links = link_numbers(table)
    out = []
    for token, number in _numbered(text, table, extend=False):
        out.append(_po_escape(token.text) if token.kind == "text" else po_placeholder(token, number, links))
    return "".join(out)


def po_comment(table: list[Token]) -> str:
    """The extracted comment that tells a translator what the placeholders stand for ("" without tags)."""
    if not table:
        return ""
    links = link_numbers(table)
    lines, seen = [], set()
    for number, code in enumerate(table, start=1):
        if code.name == "a" and code.kind == "open":
            line = f"{{link{links[number]}}}…{{/link{links[number]}}}: link to {code.value}"
        elif code.name == "br":
            line = "{br}: line break"
        elif code.name == "fn":
            line = f"{{fn{code.value}}}: footnote reference {code.value}"
        elif code.name in PO_NAMES:
            line = f"{{{code.name}}}…{{/{code.name}}}: {PO_NAMES[code.name]}"
        else:
            continue  # a closing tag that closes nothing: shown with its pair's name only
        if line not in seen:
            seen.add(line)
            lines.append(line)
    lines.append('Keep the placeholders around the words they mark; a "{" written as text before a letter is "{{".')
    return "\n".join(lines)


def _po_ref(close: bool, name: str, label: str) -> Ref:
    kind = "close" if close else "open"
    if name in PAIRED:
        return Ref(kind, label, text=f"<{'/' if close else ''}{name}>")
    if name.startswith("link") and name[4:].isdigit() and not name[4:].startswith("0"):
        return Ref(kind, label, code=int(name[4:]), by_link=True, name="a")
    if close and name == "link":
        return Ref(kind, label, text="</a>")  # a closing link tag that closed nothing in the source
    if not close and name == "br":
        return Ref("empty", label, text="<br/>")
    if not close and name.startswith("fn") and 1 <= len(name) - 2 <= 20:
        return Ref("empty", label, text=f'<fn n="{name[2:]}"/>')
    raise ExchangeError(_("unknown placeholder %(placeholder)s") % {"placeholder": label})


def from_po(text: str) -> Coded:
    """A msgid or msgstr read back. Raises ExchangeError for an unknown or broken placeholder."""
    if "{" not in text:
        return Coded((text,))  # the common case, kept cheap for 100,000 entries
    pieces: list[Piece] = []
    at = 0
    for match in PO_PIECE.finditer(text):
        pieces.append(text[at:match.start()])
        at = match.end()
        if match[0] == "{{":
            pieces.append("{")
        elif match["name"] is None:
            raise ExchangeError(_("broken placeholder %(placeholder)s (no closing \"}\"; write a literal \"{\" as "
                                  "\"{{\")") % {"placeholder": match[0]})  # fmt: skip
        else:
            pieces.append(_po_ref(bool(match["close"]), match["name"], match[0]))
    pieces.append(text[at:])
    return Coded(tuple(_joined(pieces)))


def unit_texts(source: Coded, target: Coded) -> tuple[str, str, Inline | None]:
    """What a format's Unit holds: (source, target, None) as passage texts when the file has no references, else
    the texts as written and the Inline that applying resolves against the passage."""
    if not source.has_refs and not target.has_refs:
        return source.resolve([]), target.resolve([]), None
    return source.spelled(), target.spelled(), Inline(source, target)


def _joined(pieces: list[Piece]) -> list[Piece]:
    """Adjacent strings joined, so literal() sees each run of text whole (an escaped "{" sits between two)."""
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        elif piece != "":
            out.append(piece)
    return out


# --- XLIFF 1.2 inline elements -----------------------------------------------------------------------------------

# XLIFF 1.2 names bold, italic, underlined and link; anything else takes an "x-" value, as the spec allows.
CTYPES = {"b": "bold", "i": "italic", "u": "underlined", "sup": "x-superscript", "sub": "x-subscript", "a": "link",
          "br": "lb", "fn": "x-footnote"}  # fmt: skip
NAMES_BY_CTYPE = {ctype: name for name, ctype in CTYPES.items()}


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def write_xliff(element: etree._Element, text: str, table: list[Token], q: Callable[[str], str]) -> None:
    """Fill a <source> or <target> with `text`: pairs as nested <g>, or <bx>/<ex> when the tags do not nest."""
    if "<" not in text:
        element.text = text
        return
    nested = not problems(text)
    parents = [element]
    for token, number in _numbered(text, table, extend=False):
        attrs = {"id": str(number)}
        if token.kind == "text":
            _append_text(parents[-1], token.text)
        elif token.kind == "empty":
            etree.SubElement(parents[-1], q("x"), attrs, ctype=CTYPES[token.name])
        elif token.kind == "open":
            child = etree.SubElement(parents[-1], q("g" if nested else "bx"), attrs, ctype=CTYPES[token.name])
            if nested:
                parents.append(child)
        elif nested:
            parents.pop()
        else:
            etree.SubElement(parents[-1], q("ex"), attrs)


@dataclass
class _XliffReader:
    ns: str
    pieces: list[Piece] = field(default_factory=list)

    def read(self, element: etree._Element) -> None:
        if element.text:
            self.pieces.append(element.text)
        for child in element:
            self.child(child)
            if child.tail:
                self.pieces.append(child.tail)

    def child(self, child: etree._Element) -> None:
        if not isinstance(child.tag, str):
            return  # a comment or processing instruction: its tail is read by the caller
        local = etree.QName(child).localname if etree.QName(child).namespace == self.ns else None
        if local == "mrk":
            self.read(child)  # a marker (a term, a protected span, a segment): its text is ours, the mark is not
            return
        if local not in ("g", "x", "bx", "ex"):
            raise ExchangeError(_("<%(element)s> is not one of the inline elements the workbench reads (g, x, bx, "
                                  "ex, mrk)") % {"element": etree.QName(child).localname})  # fmt: skip
        label = f'<{local} id="{child.get("id", "")}">'
        ident = child.get("id", "")
        if not ident.isdigit() or ident.startswith("0"):
            raise ExchangeError(_("%(element)s: the id is not one the workbench wrote (a number from 1)")
                                % {"element": label})  # fmt: skip
        name = NAMES_BY_CTYPE.get(child.get("ctype", ""), "")
        kind = {"g": "open", "bx": "open", "x": "empty", "ex": "close"}[local]
        if local in ("x", "bx", "ex") and (len(child) or (child.text or "").strip()):
            raise ExchangeError(_("%(element)s must be empty") % {"element": label})
        self.pieces.append(Ref(kind, label, code=int(ident), name="" if local == "ex" else name))
        if local == "g":
            self.read(child)
            self.pieces.append(Ref("close", f"</g> of {label}", code=int(ident), name=name))


def from_xliff(element: etree._Element | None, ns: str) -> Coded:
    """A <source> or <target> read back (an <mrk> unwrapped, its text kept). Raises ExchangeError for an element
    the workbench does not read (<bpt>, <ph>, <it>, …) or an id it did not write."""
    if element is None:
        return Coded()
    if not len(element):
        return Coded((element.text or "",))
    reader = _XliffReader(ns)
    reader.read(element)
    return Coded(tuple(_joined(reader.pieces)))


# --- TMX 1.4 ---------------------------------------------------------------------------------------------------

# TMX 1.4's own type names where it has one (bold, italic, ulined, link; lb, fnote), "x-" values otherwise.
TMX_TYPES = {"b": "bold", "i": "italic", "u": "ulined", "sup": "x-superscript", "sub": "x-subscript", "a": "link",
             "br": "lb", "fn": "fnote"}  # fmt: skip


def fill_seg(seg: etree._Element, text: str) -> None:
    """Fill a TMX <seg>: a pair as <bpt i="N">/<ept i="N"> holding the tags' text, an empty tag as <ph>, half a pair
    (a sentence cut out of a paragraph may hold only one end) as <it pos="begin|end">."""
    if "<" not in text:
        seg.text = text
        return
    found = tokens(text)
    ends: dict[int, int] = {}  # the opening token's place → its closing token's place
    stack: list[int] = []
    for place, token in enumerate(found):
        if token.kind == "open":
            stack.append(place)
        elif token.kind == "close" and stack and found[stack[-1]].name == token.name:
            ends[stack.pop()] = place
    pair_of = {close: opening for opening, close in ends.items()}
    numbers = {opening: number for number, opening in enumerate(sorted(ends), start=1)}
    for place, token in enumerate(found):
        if token.kind == "text":
            _append_text(seg, token.text)
            continue
        if place in ends:
            child = etree.SubElement(seg, "bpt", i=str(numbers[place]), type=TMX_TYPES[token.name])
        elif place in pair_of:
            child = etree.SubElement(seg, "ept", i=str(numbers[pair_of[place]]))
        elif token.kind == "empty":
            child = etree.SubElement(seg, "ph", type=TMX_TYPES[token.name])
        else:
            child = etree.SubElement(seg, "it", pos="begin" if token.kind == "open" else "end",
                                     type=TMX_TYPES[token.name])  # fmt: skip
        child.text = token.text


def read_seg(seg: etree._Element) -> str:
    """A TMX <seg> read back: its text and the content of its codes (<bpt>, <ept>, <ph>, <it>) as written, so our
    own tags come back as tags (and a memory written before codes, tags as text, reads as it always did); another
    tool's native codes such as "<span>" are not tags of ours, so they stay text."""
    if not len(seg):
        return seg.text or ""
    out = [seg.text or ""]
    for child in seg:
        if isinstance(child.tag, str) and child.tag in ("bpt", "ept", "ph", "it"):
            out.append("".join(child.itertext()))
        elif isinstance(child.tag, str):
            out.append(read_seg(child))  # <hi> and <ut>: their text
        out.append(child.tail or "")
    return "".join(out)
