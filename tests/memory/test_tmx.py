"""The memory as TMX 1.4 (workbench/memory/tmx.py): our own export imports back as the same units, the export is
valid against the DTD, and every hostile or malformed file is refused whole, with what and where, nothing written."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.exchange import units as exchange_units
from workbench.exchange.placeholders import read_seg
from workbench.exchange.units import ExchangeError
from workbench.memory import learning
from workbench.memory.models import Entry, Unit
from workbench.memory.tmx import COMMAND_LINE_LIMIT, TmxImportReport, configured_language, export_tmx, import_tmx

pytestmark = pytest.mark.django_db

DTD = Path(__file__).resolve().parents[1] / "data" / "schemas" / "tmx14.dtd"
SOURCE = "The delegates met in Seoul. They adopted a declaration on cultural diversity."
TARGET = "Les délégués se sont réunis à Séoul. Ils ont adopté une déclaration sur la diversité culturelle."


@pytest.fixture(scope="module")
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(DTD))


def tu(tuid: str, en: str | None, fr: str | None, *, attributes: str = "", extra: str = "") -> str:
    variants = "".join(f'<tuv xml:lang="{code}"><seg>{text}</seg></tuv>' for code, text in (("en", en), ("fr", fr))
                       if text is not None)  # fmt: skip
    return f'<tu tuid="{tuid}"{attributes}>{variants}{extra}</tu>\n'


def document(*units: str, prologue: str = "") -> bytes:
    """A TMX file whose units start on line 5, after a one-line prologue on 6 (one unit a line), so messages can be
    checked to the line."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prologue}<tmx version="1.4">\n'
            '<header creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" '
            f'srclang="en" datatype="plaintext"/>\n<body>\n{"".join(units)}</body></tmx>\n').encode()  # fmt: skip


GOOD = (
    tu("t1", "Culture matters.", "La culture compte.", attributes=' creationdate="20040603T101500Z"'),
    tu("t2", "Heritage &amp; memory &lt;b&gt;.", "Patrimoine &amp; mémoire &lt;b&gt;.",
       attributes=' segtype="paragraph" creationdate="20040101T000000Z" changedate="20050202T020202Z"'),
)  # fmt: skip


def import_file(content: bytes, **options: object) -> TmxImportReport:
    options = {"source_language": "en", "target_language": "fr", "reference": "hand.tmx", **options}
    return import_tmx(content, **options)  # type: ignore[arg-type]


def fields(unit: Unit) -> tuple[object, ...]:
    """What a unit is, beside its row: TMX dates hold seconds, so the round trip keeps the date to the second."""
    return (unit.source_language, unit.target_language, unit.source, unit.target, unit.whole, unit.passage_key,
            unit.created_at.replace(microsecond=0))  # fmt: skip


def test_a_file_becomes_tmx_units_with_its_dates_references_and_segtypes() -> None:
    report = import_file(document(*GOOD))
    assert (report.read, report.imported, report.duplicates, report.empty) == (2, 2, 0, 0)
    assert report.summary().startswith("2 units imported (en → fr, from 2 translation units")
    first, second = Unit.objects.order_by("pk")
    assert (first.source, first.target, first.whole) == ("Culture matters.", "La culture compte.", False)
    assert (second.source, second.target, second.whole) == ("Heritage & memory <b>.", "Patrimoine & mémoire <b>.",
                                                            True)  # fmt: skip
    assert {first.entry, second.entry} == {Entry.TMX}
    assert (first.reference, second.reference) == ("hand.tmx#t1", "hand.tmx#t2")
    assert first.created_at == datetime.datetime(2004, 6, 3, 10, 15, tzinfo=datetime.UTC)
    assert second.created_at == datetime.datetime(2005, 2, 2, 2, 2, 2, tzinfo=datetime.UTC)  # changedate wins
    assert first.source_folded == "culture matters." and second.target_folded == "patrimoine & memoire <b>."
    assert first.declaration_id is None and first.author_id is None


def test_importing_the_same_file_again_adds_nothing() -> None:
    import_file(document(*GOOD))
    again = import_file(document(*GOOD))
    assert (again.imported, again.duplicates) == (0, 2)
    assert Unit.objects.count() == 2


def test_a_unit_without_a_date_is_dated_by_the_import_and_a_naive_date_is_utc() -> None:
    before = timezone.now()
    dated = tu("b", "Two.", "Deux.", attributes=' creationdate="2006-07-08T09:10:11"')
    import_file(document(tu("a", "One.", "Un."), dated))
    after = timezone.now()
    undated, naive = Unit.objects.order_by("pk")
    assert before <= undated.created_at <= after
    assert naive.created_at == datetime.datetime(2006, 7, 8, 9, 10, 11, tzinfo=datetime.UTC)


def test_texts_are_stored_in_the_workbenchs_one_form_and_empty_sides_are_left_out() -> None:
    decomposed = unicodedata.normalize("NFD", "Déclaration.")
    report = import_file(document(tu("a", "  Declaration.\r\n", decomposed), tu("b", "Nothing yet.", "")))
    assert (report.imported, report.empty) == (1, 1)
    assert Unit.objects.get().target == "Déclaration." == unicodedata.normalize("NFC", "Déclaration.")
    assert Unit.objects.get().source == "Declaration."


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "en"), ("EN", "en"), ("en-GB", "en"), ("en_gb", "en"), ("fr-CA", "fr"), ("FR", "fr"), ("es", None),
     ("de-DE", None)],
)  # fmt: skip
def test_language_tags_name_the_configured_languages(tag: str, expected: str | None) -> None:
    assert configured_language(tag) == expected


def test_regional_tags_are_read_as_the_configured_languages_and_other_languages_are_ignored() -> None:
    content = document(
        '<tu tuid="a"><tuv xml:lang="EN-GB"><seg>Colour.</seg></tuv><tuv xml:lang="fr-CA"><seg>Couleur.</seg></tuv>'
        '<tuv xml:lang="de"><seg>Farbe.</seg></tuv></tu>\n',
        # Two English variants: the one tagged exactly "en" is the configured language's.
        '<tu tuid="b"><tuv xml:lang="en-US"><seg>Color.</seg></tuv><tuv xml:lang="en"><seg>Colour!</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Couleur !</seg></tuv></tu>\n',
    )  # fmt: skip
    report = import_file(content, target_language=None, source_language="EN")
    assert (report.source_language, report.target_language, report.imported) == ("en", "fr", 2)
    assert set(Unit.objects.values_list("source", "target")) == {("Colour.", "Couleur."), ("Colour!", "Couleur !")}


def test_our_export_imports_back_as_the_same_units(make_declaration: Callable[..., Declaration]) -> None:
    """Units learnt from an approval and units from a TMX file, exported, removed, imported again: the same units
    (texts, languages, whole, passage key, date to the second), and a TMX unit keeps the file it first came from."""
    passage = make_declaration([SOURCE]).passages.get()
    record_change(passage=passage, language="fr", text=TARGET, state=State.APPROVED, action=Action.APPROVED)
    import_file(document(*GOOD), reference="first.tmx")
    # A unit of the other direction is not part of an en → fr export.
    learning.store([learning.make_unit("Bonjour.", "Hello.", learning.Origin("fr", "en", Entry.TMX), whole=False)])
    exported = Unit.objects.filter(source_language="en", target_language="fr")
    before = {fields(unit): unit for unit in exported}
    assert len(before) == 5 and {u.entry for u in before.values()} == {Entry.APPROVED, Entry.TMX}
    content = export_tmx(source_language="en", target_language="fr")

    Unit.objects.all().delete()
    report = import_file(content, reference="export.tmx")

    assert report.imported == report.read == 5
    after = {fields(unit): unit for unit in Unit.objects.all()}
    assert after.keys() == before.keys()
    for key, unit in after.items():
        assert unit.entry == Entry.TMX  # a file never makes a unit part of our own history
        if before[key].entry == Entry.TMX:
            assert unit.reference == before[key].reference  # "first.tmx#t1", not the export's name
            assert unit.created_at == before[key].created_at  # TMX dates are seconds already: exact
        else:
            assert unit.reference == f"export.tmx#{before[key].pk}"
    assert {u.reference for u in after.values()} >= {"first.tmx#t1", "first.tmx#t2"}
    # The export of the imported units is the same units again: importing it adds nothing.
    assert import_file(export_tmx(source_language="en", target_language="fr")).imported == 0


def test_the_export_is_valid_tmx_with_origins(make_declaration: Callable[..., Declaration],
                                              tmx_dtd: etree.DTD) -> None:  # fmt: skip
    declaration = make_declaration([SOURCE])
    passage = declaration.passages.get()
    record_change(passage=passage, language="fr", text=TARGET, state=State.APPROVED, action=Action.APPROVED)
    import_file(document(*GOOD))
    root = etree.fromstring(export_tmx(source_language="EN", target_language="fr"))
    assert tmx_dtd.validate(root), tmx_dtd.error_log.filter_from_errors()
    assert root.find("header").get("srclang") == "en"
    units = root.findall("body/tu")
    assert len(units) == 5
    props = [{p.get("type"): p.text for p in unit.findall("prop")} for unit in units]
    whole = next(p for p, unit in zip(props, units, strict=True)
                 if unit.get("segtype") == "paragraph" and p["x-origin"] == "approved")  # fmt: skip
    assert whole == {"x-origin": "approved", "x-declaration": declaration.slug, "x-passage": passage.key}
    assert {"x-origin": "tmx", "x-reference": "hand.tmx#t2"} in props
    segs = {tuple(read_seg(seg) for seg in unit.iter("seg")) for unit in units}
    assert ("Heritage & memory <b>.", "Patrimoine & mémoire <b>.") in segs
    # The "<b>" is one of our tags, half a pair: a TMX code of its own, holding the tag's text.
    codes = [(code.tag, code.get("pos"), code.text) for unit in units for code in unit.iter("it")]
    assert codes == [("it", "begin", "<b>"), ("it", "begin", "<b>")]
    assert [unit.get("creationdate") for unit in units if unit.get("tuid") == str(Unit.objects.get(
        reference="hand.tmx#t1").pk)] == ["20040603T101500Z"]  # fmt: skip


def test_an_empty_memory_exports_a_valid_empty_body(tmx_dtd: etree.DTD) -> None:
    root = etree.fromstring(export_tmx(source_language="fr", target_language="en"))
    assert tmx_dtd.validate(root) and root.find("body") is not None and len(root.find("body")) == 0


def test_export_refuses_an_unknown_language() -> None:
    with pytest.raises(ExchangeError, match="Unknown language “es”: the configured languages are en, fr"):
        export_tmx(source_language="es", target_language="fr")


BAD_LAUGHS = (
    '<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
)
REFUSED = [
    # Hostile XML: nothing is resolved, fetched or expanded; the declaration's line is named.
    ("external entity", document(tu("x", "&xxe;", "x"), prologue='<!DOCTYPE tmx [<!ENTITY xxe SYSTEM '
                                 '"file:///etc/passwd">]>\n'),
     r"declares a DOCTYPE or entities \(line 2\), which are refused for safety"),  # fmt: skip
    ("entity expansion", document(tu("x", "&lol3;", "x"), prologue=BAD_LAUGHS),
     r"declares a DOCTYPE or entities \(line 2\)"),
    ("internal subset", document(*GOOD, prologue="<!DOCTYPE tmx [\n<!ELEMENT tmx ANY>\n]>\n"),
     r"declares a DOCTYPE or entities \(line 2\)"),
    ("parameter entity", document(*GOOD, prologue='<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://x/y">%remote;]>\n'),
     r"declares a DOCTYPE or entities \(line 2\)"),
    # An external DTD is never loaded, so an entity it might declare stays unresolved: refused, not read as text.
    ("entity from an external DTD", document(*GOOD, tu("x", "Hi &xxe;", "Salut"),
                                             prologue='<!DOCTYPE tmx SYSTEM "http://evil.example/tmx.dtd">\n'),
     r"refers to the entity &xxe;, which is not defined in the file \(line 8\)"),
    # Not TMX, or not XML.
    ("not TMX", b'<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>', r"This is not a TMX file"),
    ("not well-formed", document(*GOOD)[:-30], r"not well-formed XML: .* \(line \d+\)"),
    ("not UTF-8", document(tu("a", "Caf\xe9", "Caf\xe9")).replace("é".encode(), b"\xe9"),
     r"not UTF-8 \(first bad byte on line 5\)"),
    ("binary", b"\x00\x01PK\x03\x04", r"binary data"),
    # Units without the languages, or with languages or dates that are not.
    ("a unit without the target", document(*GOOD, tu("t3", "Alone.", None)),
     r"Translation unit 3 \(line 7, tuid “t3”\) has no fr variant \(it has: en\)"),
    ("a unit without the source", document(*GOOD, tu("t3", None, "Seul.")),
     r"Translation unit 3 \(line 7, tuid “t3”\) has no en variant \(it has: fr\)"),
    ("a variant without a language", document(*GOOD, '<tu><tuv><seg>Hi</seg></tuv></tu>\n'),
     r"Translation unit 3 \(line 7\) has a variant without a language or a segment"),
    ("a language that is no tag", document(*GOOD, tu("t3", "Hi", "Salut", extra='<tuv xml:lang="en gb!"><seg>x'
                                                                              '</seg></tuv>')),
     r"In translation unit 3 \(line 7, tuid “t3”\), “en gb!” is not a language tag"),
    ("two variants for one language", document(*GOOD, '<tu tuid="t3"><tuv xml:lang="en-GB"><seg>Colour</seg></tuv>'
                                               '<tuv xml:lang="en-US"><seg>Color</seg></tuv><tuv xml:lang="fr"><seg>'
                                               'Couleur</seg></tuv></tu>\n'),
     r"Translation unit 3 \(line 7, tuid “t3”\) has several en variants \(en-gb, en-us\)"),
    ("a date that is not one", document(*GOOD, tu("t3", "Hi", "Salut", attributes=' creationdate="yesterday"')),
     r"In translation unit 3 \(line 7, tuid “t3”\), creationdate “yesterday” is not a date"),
]


@pytest.mark.parametrize(("content", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_hostile_or_malformed_file_is_refused_whole(content: bytes, message: str) -> None:
    learning.store([learning.make_unit("Kept.", "Gardé.", learning.Origin("en", "fr", Entry.TMX), whole=False)])
    with pytest.raises(ExchangeError, match=message):
        import_file(content)
    assert list(Unit.objects.values_list("source", flat=True)) == ["Kept."]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"source_language": "es"}, r"Unknown language “es”: the configured languages are en, fr"),
        ({"target_language": "xx"}, r"Unknown language “xx”"),
        ({"target_language": "EN"}, r"The source and target languages are both en"),
    ],
)
def test_languages_that_are_not_configured_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(ExchangeError, match=message):
        import_file(document(*GOOD), **options)
    assert not Unit.objects.exists()


def test_without_a_target_the_file_must_hold_exactly_one_other_configured_language() -> None:
    german = document('<tu><tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv></tu>\n')
    with pytest.raises(ExchangeError, match="The file holds no configured language besides en"):
        import_file(german, target_language=None)
    assert not Unit.objects.exists()


def test_a_bad_unit_after_a_stored_batch_rolls_the_batch_back() -> None:
    many = [tu(f"u{n}", f"Sentence number {n}.", f"Phrase numéro {n}.") for n in range(learning.BATCH + 5)]
    with pytest.raises(ExchangeError, match=rf"Translation unit {learning.BATCH + 6} .* has no fr variant"):
        import_file(document(*many, tu("last", "Alone.", None)))
    assert not Unit.objects.exists()
    assert import_file(document(*many)).imported == learning.BATCH + 5


def test_the_upload_limit_applies_unless_a_larger_one_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    content = document(*GOOD)
    monkeypatch.setattr(exchange_units, "MAX_IMPORT_BYTES", len(content) - 1)
    with pytest.raises(ExchangeError, match="files over 0 MB are refused"):
        import_file(content)
    assert not Unit.objects.exists()
    assert import_file(content, limit=COMMAND_LINE_LIMIT).imported == 2
