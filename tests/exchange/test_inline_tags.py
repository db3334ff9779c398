"""Inline tags through PO, XLIFF and TMX (issue 24): readable placeholders in PO, real inline elements in XLIFF
(valid against the strict schema, read by translate-toolkit), TMX codes; each read back to the passage's own tags,
links from the passage (never from the file); a broken reference refused with where and what, nothing written."""
from __future__ import annotations

import re
from collections.abc import Callable

import polib
import pytest
from lxml import etree
from translate.storage import xliff as toolkit

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.exchange import po, tmx, xliff
from workbench.exchange.applying import apply_file
from workbench.exchange.units import ExchangeError

pytestmark = pytest.mark.django_db

SOURCE = ('The <b>ministers</b> met in <i><b>Seoul</b></i><fn n="1"/>.<br/>See '
          '<a href="https://www.incd.net/">the network</a>.')  # fmt: skip
FRENCH = ('Les <b>ministres</b> se sont réunis à <i><b>Séoul</b></i><fn n="1"/>.<br/>Voir '
          '<a href="https://www.incd.net/">le réseau</a>.')  # fmt: skip


@pytest.fixture
def tagged(make_declaration: Callable[..., Declaration]) -> Passage:
    declaration = make_declaration([SOURCE, "A plain paragraph with {braces} and a < sign."], slug="tagged")
    return declaration.passages.get(position=0)


def snapshot() -> tuple[int, list[tuple[str, str]]]:
    return Revision.objects.count(), list(Passage.objects.order_by("pk").values_list("key", "text_fr"))


def apply(module: object, content: bytes, user: object):  # noqa: ANN201 - an ImportReport
    return apply_file(parsed=module.parse(content), user=user, label_for=module.label_for,  # type: ignore[attr-defined]
                      state_for=module.state_for)  # type: ignore[attr-defined]  # fmt: skip


def po_export(passage: Passage) -> str:
    return po.export(Declaration.objects.filter(pk=passage.declaration_id), "fr")


# --- PO ---------------------------------------------------------------------------------------------------------


def test_po_shows_placeholders_and_says_what_they_stand_for(tagged: Passage) -> None:
    catalogue = polib.pofile(po_export(tagged))
    entry = catalogue.find(tagged.key, by="msgctxt")
    assert entry.msgid == "The {b}ministers{/b} met in {i}{b}Seoul{/b}{/i}{fn1}.{br}See {link1}the network{/link1}."
    assert "{link1}…{/link1}: link to https://www.incd.net/" in entry.comment
    assert "<" not in entry.msgid
    plain = next(e for e in catalogue if e.msgctxt != tagged.key)
    assert plain.msgid == "A plain paragraph with {{braces} and a < sign."  # a "{" before a letter is doubled


def test_a_po_translation_with_moved_placeholders_comes_back_as_tags(tagged: Passage, people: dict) -> None:
    text = po_export(tagged)
    msgstr = "{link1}Le réseau{/link1} : les {b}ministres{/b}{fn1} se sont réunis à {i}{b}Séoul{/b}{/i}.{br}Fin."
    catalogue = polib.pofile(text)
    catalogue.find(tagged.key, by="msgctxt").msgstr = msgstr
    report = apply(po, str(catalogue).encode(), people["translator-fr"])
    assert report.ok, report.lines()
    tagged.refresh_from_db()
    assert tagged.text_in("fr") == ('<a href="https://www.incd.net/">Le réseau</a> : les <b>ministres</b><fn n="1"/> '
                                    "se sont réunis à <i><b>Séoul</b></i>.<br/>Fin.")  # fmt: skip
    assert tagged.state_in("fr") == State.TRANSLATED and not tagged.is_stale("fr")


def test_the_po_export_passes_msgfmt_and_reads_back_unchanged(tagged: Passage, people: dict) -> None:
    record_change(passage=tagged, language="fr", text=FRENCH, state=State.TRANSLATED, action=Action.EDITED)
    before = snapshot()
    report = apply(po, po_export(tagged).encode(), people["translator-fr"])  # parse runs the real msgfmt --check
    assert report.ok and report.applied == [] and snapshot() == before


@pytest.mark.parametrize(("msgstr", "problem"), [
    ("Les {strong}ministres{/strong}", "unknown placeholder {strong}"),
    ("Voir {link2}ailleurs{/link2}", "the source has no link 2"),
    ("Un {b oublié", 'broken placeholder {b'),
])  # fmt: skip
def test_a_bad_placeholder_names_the_entry_and_nothing_is_written(
    tagged: Passage, people: dict, msgstr: str, problem: str
) -> None:
    catalogue = polib.pofile(po_export(tagged))
    catalogue.find(tagged.key, by="msgctxt").msgstr = msgstr
    before = snapshot()
    try:
        report = apply(po, str(catalogue).encode(), people["translator-fr"])
    except ExchangeError as error:  # a placeholder the reader cannot even read: the whole file is refused
        assert problem in str(error) and tagged.key in str(error) and "line" in str(error)
    else:  # a placeholder that reads but refers to nothing in the passage: an error for that unit
        assert not report.ok and any(problem in str(note) and tagged.key in str(note) for note in report.errors)
    assert snapshot() == before


# --- XLIFF ------------------------------------------------------------------------------------------------------


def with_target(passage: Passage, target: str) -> str:
    """The XLIFF export with `target` (raw XLIFF) as the passage's translation, as a tool would save it."""
    document = xliff.export(passage.declaration, "fr").decode()
    unit = re.compile(rf'(<trans-unit id="{passage.key}".*?)<target state="new"></target>', re.S)
    assert unit.search(document)
    return unit.sub(lambda m: f'{m[1]}<target state="translated">{target}</target>', document)


def test_xliff_writes_inline_elements_valid_against_the_strict_schema(
    tagged: Passage, xliff_schema: etree.XMLSchema
) -> None:
    record_change(passage=tagged, language="fr", text=FRENCH, state=State.APPROVED, action=Action.APPROVED)
    document = xliff.export(tagged.declaration, "fr")
    root = etree.fromstring(document)
    assert xliff_schema.validate(root), xliff_schema.error_log
    source = root.find(f".//{{{xliff.NS}}}trans-unit[@id='{tagged.key}']/{{{xliff.NS}}}source")
    written = etree.tostring(source, encoding="unicode", with_tail=False)
    assert re.sub(r" xmlns=\"[^\"]+\"", "", written) == (
        '<source>The <g ctype="bold" id="1">ministers</g> met in <g ctype="italic" id="2"><g ctype="bold" id="3">'
        'Seoul</g></g><x ctype="x-footnote" id="4"/>.<x ctype="lb" id="5"/>See <g ctype="link" id="6">the network'
        "</g>.</source>")  # fmt: skip
    assert "incd.net" not in written  # the address stays in the workbench
    unit = next(u for u in toolkit.xlifffile.parsestring(document).units if u.xmlelement.get("id") == tagged.key)
    placeholders = [type(element).__name__ for element in unit.rich_source[0].depth_first()]
    assert placeholders.count("G") == 4 and placeholders.count("X") == 2  # translate-toolkit sees the codes
    assert "ministers" in unit.source and "<b>" not in unit.source


def test_an_xliff_target_with_moved_elements_comes_back_as_tags(tagged: Passage, people: dict) -> None:
    target = ('<g id="6" ctype="link">Le réseau</g> : les <g id="1">ministres</g><x id="4"/> à '
              '<g id="2"><g id="3">Séoul</g></g>.<x id="5"/>')  # fmt: skip
    document = with_target(tagged, target)
    report = apply(xliff, document.encode(), people["translator-fr"])
    assert report.ok, report.lines()
    tagged.refresh_from_db()
    assert tagged.text_in("fr") == ('<a href="https://www.incd.net/">Le réseau</a> : les <b>ministres</b><fn n="1"/> à '
                                    "<i><b>Séoul</b></i>.<br/>")  # fmt: skip


@pytest.mark.parametrize(("target", "problem"), [
    ('Les <g id="9">ministres</g>', "the source has no tag with this id"),
    ('Les <g id="4">ministres</g>', "has none"),  # a pair for the footnote reference
    ('Les <bpt id="1">&lt;b&gt;</bpt>ministres', "not one of the inline elements"),
])  # fmt: skip
def test_a_bad_inline_element_names_the_unit_and_nothing_is_written(
    tagged: Passage, people: dict, target: str, problem: str
) -> None:
    document = with_target(tagged, target)
    before = snapshot()
    try:
        report = apply(xliff, document.encode(), people["translator-fr"])
    except ExchangeError as error:
        assert problem in str(error) and tagged.key in str(error)
    else:
        assert not report.ok and any(problem in str(note) and tagged.key in str(note) for note in report.errors)
    assert snapshot() == before


# --- TMX --------------------------------------------------------------------------------------------------------


def test_tmx_writes_tags_as_codes_valid_against_the_dtd_and_reads_them_back(
    tagged: Passage, tmx_dtd: etree.DTD
) -> None:
    record_change(passage=tagged, language="fr", text=FRENCH, state=State.APPROVED, action=Action.APPROVED)
    document = tmx.export("fr")
    root = etree.fromstring(document)
    assert tmx_dtd.validate(root), tmx_dtd.error_log
    codes = [(code.tag, code.text) for code in root.iter("bpt", "ept", "ph")]
    assert ("bpt", "<b>") in codes and ("ept", "</b>") in codes and ("ph", "<br/>") in codes
    assert ("bpt", '<a href="https://www.incd.net/">') in codes
    variants = [entry.variants for entry in tmx.parse(document)]
    assert any(FRENCH.split("<br/>")[0] in variant.get("fr", "") or variant.get("fr") == FRENCH
               for variant in variants)  # fmt: skip
