"""The stored form of a passage text, and that every write path stores it (issue 21: CRLF from browsers reached PO
files and editions)."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Edition, Passage, Revision, State, digest
from workbench.declarations.publishing import publish
from workbench.declarations.text import normalise_text
from workbench.exchange import po


@pytest.mark.parametrize(("typed", "stored"), [
    ("Premier.\r\nSecond.", "Premier.\nSecond."),  # a browser's textarea
    ("Premier.\rSecond.", "Premier.\nSecond."),  # old Mac line ends
    ("Un\u2028deux", "Un\ndeux"),  # Unicode line separator
    ("Un.\r\n\r\n\r\n\r\nDeux.", "Un.\n\nDeux."),  # at most one blank line between paragraphs
    ("Un.  \r\nDeux.", "Un.\nDeux."),  # trailing spaces on a line
    ("\ufeffSéoul\u200b 2004", "Séoul 2004"),  # byte order mark, zero-width space
    ("cul\u00adture", "culture"),  # soft hyphen pasted from a word processor
    ("Se\u0301oul", "Séoul"),  # decomposed accent, composed (NFC)
    ("Quoi\u00a0? «\u202fOui\u202f»", "Quoi\u00a0? «\u202fOui\u202f»"),  # French no-break spaces are kept
    ("  \n Texte \n ", "Texte"),
])  # fmt: skip
def test_stored_form(typed: str, stored: str) -> None:
    assert normalise_text(typed) == stored
    assert normalise_text(stored) == stored


def test_invisible_differences_do_not_change_the_digest() -> None:
    assert digest("Un.\r\nDeux.") == digest("Un.\nDeux.") == digest("\ufeffUn.\nDeux. ")
    assert digest("Un.\nDeux.") != digest("Un. Deux.")


@pytest.mark.django_db
def test_a_crlf_translation_is_stored_exported_and_published_with_plain_line_ends(
    seoul: Declaration, people: dict
) -> None:
    for passage in seoul.passages.order_by("position"):
        record_change(passage=passage, language="fr", text="Ligne un,\r\nligne deux.\r\n", state=State.APPROVED,
                      action=Action.APPROVED, author=people["reviewer-fr"])  # fmt: skip
    passage = seoul.passages.order_by("position").first()
    assert passage.text_in("fr") == "Ligne un,\nligne deux."
    assert Revision.objects.filter(passage=passage, language="fr").latest("pk").text == "Ligne un,\nligne deux."
    assert "\\r" not in po.export(Declaration.objects.filter(pk=seoul.pk), "fr")
    edition = publish(declaration=seoul, language="fr", user=people["coordinator"])
    assert all("\r" not in item["text"] for item in edition.passages)


def store_raw(passage: Passage, language: str, text: str, **columns: str) -> None:
    """A text stored before normalisation existed (written past record_change, as the old code allowed)."""
    Passage.all_objects.filter(pk=passage.pk).update(**{f"text_{language}": text}, **columns)


@pytest.mark.django_db
def test_normalise_texts_rewrites_old_texts_once_and_keeps_translations_current(
    seoul: Declaration, people: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    passage = seoul.passages.order_by("position").first()
    record_change(passage=passage, language="fr", text="Traduit.", state=State.APPROVED, action=Action.APPROVED)
    publish(declaration=seoul, language="en", user=people["coordinator"])
    # As the old code stored it: CRLF in the source, and its digest (and the translation's basis) taken of that.
    old_digest = "0123456789abcdef" * 2
    store_raw(passage, "en", passage.source_text.replace(" ", "\r\n", 1), source_digest=old_digest)
    store_raw(passage, "fr", "Traduit.\r\n", basis_fr=old_digest)
    editions = Edition.objects.count()

    call_command("normalise_texts")  # a dry run: says what it would do, writes nothing
    out = capsys.readouterr().out
    assert "2 texts" in out and passage.key in out and "--apply" in out
    passage.refresh_from_db()
    assert "\r" in passage.source_text

    before = Revision.objects.count()
    call_command("normalise_texts", "--apply")
    passage.refresh_from_db()
    assert "\r" not in passage.source_text and passage.text_in("fr") == "Traduit."
    assert passage.state_in("fr") == State.APPROVED and not passage.is_stale("fr")  # invisible: nothing went stale
    new = Revision.objects.filter(pk__gt=0).order_by("pk")[before:]
    assert [(r.language, r.action) for r in new] == [
        ("en", Action.NORMALISED), ("fr", Action.KEPT_CURRENT), ("fr", Action.NORMALISED),
    ]  # fmt: skip
    assert Edition.objects.count() == editions  # editions are immutable: never rewritten, none published here
    call_command("normalise_texts", "--apply")
    assert Revision.objects.count() == before + 3  # idempotent
