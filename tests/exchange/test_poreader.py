"""The fast reader must read exactly what polib reads."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.exchange.poreader import header_fields, read_entries, unescape

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
entry = st.tuples(text.filter(bool), text, text, st.booleans(), st.booleans())


def build(entries: list[tuple[str, str, str, bool, bool]]) -> str:
    catalogue = polib.POFile(wrapwidth=30)  # wrapping makes continuation lines, which the reader must join
    catalogue.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8"}
    for number, (msgid, msgstr, context, fuzzy, obsolete) in enumerate(entries):
        item = polib.POEntry(msgctxt=f"{context}{number}", msgid=msgid, msgstr=msgstr, obsolete=obsolete,
                             tcomment="a comment", occurrences=[("file", str(number))])  # fmt: skip
        if fuzzy:
            item.flags.append("fuzzy")
            item.previous_msgid = msgid + " before"
        catalogue.append(item)
    return str(catalogue)


@settings(max_examples=150, deadline=None)
@given(st.lists(entry, max_size=8))
def test_reads_what_polib_reads(tmp_path_factory: object, entries: list[tuple[str, str, str, bool, bool]]) -> None:
    content = build(entries)
    ours = read_entries(content)
    path = Path(tmp_path_factory.mktemp("po")) / "x.po"  # type: ignore[attr-defined]
    path.write_text(content, encoding="utf-8")
    theirs = [e for e in polib.pofile(str(path), encoding="utf-8") if not e.obsolete]
    assert [(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags) for e in ours if e.msgid] == [
        (e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags) for e in theirs
    ]
    assert header_fields(ours)["Language"] == "fr"


def test_escapes() -> None:
    assert unescape(r"a\"b\\c\nd\te\rf") == 'a"b\\c\nd\te\rf'
    assert unescape(r"\101\x42") == "AB"
    assert unescape("no escapes") == "no escapes"


def test_entries_without_blank_lines_between_them() -> None:
    content = (
        'msgid ""\nmsgstr "Language: fr\\n"\n'
        'msgctxt "a"\nmsgid "one"\nmsgstr "un"\n'
        '#, fuzzy\nmsgctxt "b"\nmsgid "two"\nmsgstr "deux"\n'
    )
    entries = read_entries(content)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.flags, e.line) for e in entries[1:]] == [
        ("a", "one", "un", [], 3),
        ("b", "two", "deux", ["fuzzy"], 7),
    ]
