from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.exchange import tmx
from workbench.exchange.units import ExchangeError

pytestmark = pytest.mark.django_db

SOURCE = ("The delegates met in Seoul on 3 June 2004. They adopted a declaration with 12 principles. "
          "UNESCO will hold its 33rd General Conference in 2005.")  # fmt: skip
TARGET = ("Les délégués se sont réunis à Séoul le 3 juin 2004. Ils ont adopté une déclaration de 12 principes. "
          "L’UNESCO tiendra sa 33e Conférence générale en 2005.")  # fmt: skip


def test_confident_sentences_become_sentence_units_and_the_rest_paragraph_units(
    make_declaration: Callable[..., Declaration], tmx_dtd: etree.DTD
) -> None:
    declaration = make_declaration(
        [SOURCE, "A single sentence here.", "An unapproved paragraph."],
        translations={"fr": [TARGET, "Une seule phrase ici.", "Un paragraphe non approuvé."]},
        translation_state=State.APPROVED,
    )
    unapproved = declaration.passages.get(position=2)
    record_change(passage=unapproved, language="fr", text="Brouillon.", state=State.DRAFT, action=Action.EDITED)
    document = tmx.export("fr")
    root = etree.fromstring(document)
    assert tmx_dtd.validate(root), tmx_dtd.error_log
    units = root.findall("body/tu")
    first, second = declaration.passages.get(position=0), declaration.passages.get(position=1)
    assert [u.get("tuid") for u in units] == [f"{first.key}-1", f"{first.key}-2", f"{first.key}-3", second.key]
    assert [u.get("segtype") for u in units] == ["sentence", "sentence", "sentence", "paragraph"]
    segs = [[s.text for s in u.iter("seg")] for u in units]
    assert segs[1] == [
        "They adopted a declaration with 12 principles.",
        "Ils ont adopté une déclaration de 12 principes.",
    ]
    props = {p.get("type"): p.text for p in units[0].findall("prop")}
    assert props == {"x-declaration": "test-declaration", "x-passage": first.key}


def test_a_stale_approved_translation_is_left_out(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["Hello."], translations={"fr": ["Bonjour."]}, translation_state=State.APPROVED)
    passage = declaration.passages.get()
    assert len(tmx.parse(tmx.export("fr"))) == 1
    record_change(passage=passage, language="en", text="Hello!", state=State.APPROVED, action=Action.SOURCE_CHANGED)
    assert tmx.parse(tmx.export("fr")) == []


def test_parse_reads_back_variants_and_properties(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["Hello."], translations={"fr": ["Bonjour."]}, translation_state=State.APPROVED)
    (entry,) = tmx.parse(tmx.export("fr"))
    assert entry.variants == {"en": "Hello.", "fr": "Bonjour."}
    assert entry.properties["x-passage"] == declaration.passages.get().key


def test_a_doctype_without_entities_is_read_but_entities_are_refused() -> None:
    plain = (
        b'<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><header/><body>'
        b'<tu><tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="fr"><seg>Salut</seg></tuv></tu></body></tmx>'
    )
    assert tmx.parse(plain)[0].variants == {"en": "Hi", "fr": "Salut"}
    hostile = plain.replace(b'"tmx14.dtd">', b'"tmx14.dtd" [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    with pytest.raises(ExchangeError, match="refused for safety"):
        tmx.parse(hostile)
