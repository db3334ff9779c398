from __future__ import annotations

import pytest
from lxml import etree
from translate.storage import xliff as toolkit

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.exchange import xliff
from workbench.exchange.applying import apply_file
from workbench.exchange.units import ExchangeError

pytestmark = pytest.mark.django_db
NS = {"x": xliff.NS}


def import_xliff(content: bytes, user: object, **kwargs: object):  # noqa: ANN201 - an ImportReport
    return apply_file(parsed=xliff.parse(content), user=user, label_for=xliff.label_for, state_for=xliff.state_for,
                      **kwargs)  # fmt: skip


def snapshot() -> tuple[int, list[tuple[str, str, int]]]:
    return Revision.objects.count(), list(Passage.objects.order_by("pk").values_list("key", "text_fr", "state_fr"))


def states_in(document: bytes) -> list[str]:
    return etree.fromstring(document).xpath("//x:target/@state", namespaces=NS)


def test_export_maps_every_state_and_validates_against_the_strict_schema(
    seoul: Declaration, paris: Declaration, xliff_schema: etree.XMLSchema
) -> None:
    one, two, three = seoul.passages.order_by("position")
    record_change(passage=one, language="fr", text="Traduit.", state=State.TRANSLATED, action=Action.EDITED)
    record_change(passage=two, language="fr", text="Approuvé.", state=State.APPROVED, action=Action.APPROVED)
    record_change(passage=three, language="fr", text="Approuvé puis périmé.", state=State.APPROVED,
                  action=Action.APPROVED)  # fmt: skip
    record_change(passage=three, language="en", text="Changed.", state=State.APPROVED, action=Action.SOURCE_CHANGED)
    document = xliff.export(seoul, "fr")
    assert states_in(document) == ["translated", "final", "needs-translation"]
    # Only the current approved unit says approved="yes" (a stale one is not approved any more).
    assert etree.fromstring(document).xpath("//x:trans-unit/@approved", namespaces=NS) == ["yes"]
    assert etree.fromstring(document).xpath("//x:trans-unit[@approved]/@id", namespaces=NS) == [two.key]
    assert xliff_schema.validate(etree.fromstring(document)), xliff_schema.error_log
    root = etree.fromstring(document)
    assert root.xpath("//x:trans-unit/@id", namespaces=NS) == [one.key, two.key, three.key]
    assert root.xpath("//x:file/@target-language", namespaces=NS) == ["fr"]
    # Draft and missing: the seed's own draft, and Paris's English that nobody wrote yet.
    assert states_in(xliff.export(paris, "en")) == ["new"]
    record_change(passage=one, language="fr", text="Brouillon.", state=State.DRAFT, action=Action.EDITED)
    assert states_in(xliff.export(seoul, "fr"))[0] == "needs-review-translation"
    assert xliff_schema.validate(etree.fromstring(xliff.export(paris, "en")))


@pytest.mark.parametrize(
    ("label", "expected"),
    [("new", State.MISSING), ("needs-translation", State.DRAFT), ("needs-review-translation", State.DRAFT),
     ("translated", State.TRANSLATED), ("final", State.APPROVED), ("banana", None)],
)  # fmt: skip
def test_states_read_back(label: str, expected: State | None) -> None:
    assert xliff.state_for(label) == expected


def test_round_trip_unchanged_then_edited(seoul: Declaration, people: dict) -> None:
    document = xliff.export(seoul, "fr")
    before = snapshot()
    assert import_xliff(document, people["reviewer-fr"]).unchanged == 3
    assert snapshot() == before
    root = etree.fromstring(document)
    targets = root.xpath("//x:target", namespaces=NS)
    targets[1].text = "Approuvée dans memoQ."
    targets[1].set("state", "final")
    report = import_xliff(etree.tostring(root), people["reviewer-fr"])
    assert report.ok and len(report.applied) == 1
    passage = seoul.passages.get(position=1)
    assert (passage.text_in("fr"), passage.state_in("fr")) == ("Approuvée dans memoQ.", State.APPROVED)


def test_a_translator_cannot_approve_through_a_file(seoul: Declaration, people: dict) -> None:
    root = etree.fromstring(xliff.export(seoul, "fr"))
    target = root.xpath("//x:target", namespaces=NS)[0]
    target.text, _ = "Final d'après le traducteur.", target.set("state", "final")
    report = import_xliff(etree.tostring(root), people["translator-fr"])
    assert report.ok and "only a reviewer can approve" in report.warnings[0].message
    assert seoul.passages.get(position=0).state_in("fr") == State.TRANSLATED


def test_unknown_state_is_an_error_and_nothing_applies(seoul: Declaration, people: dict) -> None:
    root = etree.fromstring(xliff.export(seoul, "fr"))
    targets = root.xpath("//x:target", namespaces=NS)
    targets[0].text = "Would apply."
    targets[1].set("state", "banana")
    before = snapshot()
    report = import_xliff(etree.tostring(root), people["coordinator"])
    assert not report.ok and "unknown state 'banana'" in str(report.errors[0])
    assert snapshot() == before


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="seoul-declaration-2004"
 source-language="en" target-language="fr" datatype="plaintext"><body><trans-unit id="KEY">
<source>x</source><target state="translated">&secret;</target></trans-unit></body></file></xliff>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="s" source-language="en"
 target-language="fr" datatype="plaintext"><body><trans-unit id="KEY"><source>x</source>
<target>&lol4;</target></trans-unit></body></file></xliff>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (XXE, "declares a DOCTYPE or entities"),
        (BOMB, "declares a DOCTYPE or entities"),
        (b"<xliff version='1.2'><file>", "not well-formed XML"),
        (b"<?xml version='1.0'?><tmx version='1.4'/>", "not an XLIFF 1.2 file"),
    ],
)
def test_hostile_or_broken_xml_is_refused_and_changes_nothing(
    seoul: Declaration, content: bytes, message: str
) -> None:
    content = content.replace(b"KEY", seoul.passages.get(position=0).key.encode())
    before = snapshot()
    with pytest.raises(ExchangeError, match=message):
        xliff.parse(content)
    assert snapshot() == before


def test_translate_toolkit_reads_approved_units_as_not_fuzzy(seoul: Declaration) -> None:
    one, two = list(seoul.passages.order_by("position"))[:2]
    record_change(passage=one, language="fr", text="Traduit.", state=State.TRANSLATED, action=Action.EDITED)
    record_change(passage=two, language="fr", text="Approuvé.", state=State.APPROVED, action=Action.APPROVED)
    units = {u.xmlelement.get("id"): u for u in toolkit.xlifffile.parsestring(xliff.export(seoul, "fr")).units}
    assert units[two.key].isapproved() and not units[two.key].isfuzzy()
    assert not units[one.key].isapproved()
