"""Reading the history: the send-backs whose reason still stands, for the editor's rows and the desk."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workbench.declarations.changes import add_passage, merge_passages, record_change
from workbench.declarations.history import latest_send_backs, send_back_stands, waiting_send_backs
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.desk.rows import build_rows

pytestmark = pytest.mark.django_db


def send_back(passage: Passage, reason: str, language: str = "fr") -> Revision:
    record_change(passage=passage, language=language, text=f"Traduit {passage.pk}.", state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED)  # fmt: skip
    return record_change(passage=passage, language=language, text=passage.text_in(language), state=State.DRAFT,
                         action=Action.SENT_BACK, comment=reason)  # fmt: skip


def test_a_send_back_stands_while_the_text_is_the_one_sent_back_and_not_approved(
    make_declaration: Callable[..., Declaration],
) -> None:
    passage = make_declaration(["One."], translations={"fr": ["Un."]}).passages.get()
    revision = send_back(passage, "Non.")
    assert send_back_stands(revision, passage, "fr")
    record_change(passage=passage, language="fr", text="Autre.", state=State.DRAFT, action=Action.EDITED)
    assert not send_back_stands(revision, passage, "fr")
    record_change(passage=passage, language="fr", text=revision.text, state=State.DRAFT, action=Action.RESTORED)
    assert send_back_stands(revision, passage, "fr")  # the very text sent back is back: so is the objection
    record_change(passage=passage, language="fr", text=revision.text, state=State.APPROVED, action=Action.APPROVED)
    assert not send_back_stands(revision, passage, "fr")


def test_only_the_newest_send_back_of_a_passage_counts(make_declaration: Callable[..., Declaration]) -> None:
    passage = make_declaration(["One."], translations={"fr": ["Un."]}).passages.get()
    send_back(passage, "Première raison.")
    record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED)  # fmt: skip
    newest = record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.DRAFT,
                           action=Action.SENT_BACK, comment="Seconde raison.")  # fmt: skip
    assert latest_send_backs([passage], "fr") == {passage.pk: newest}
    assert [r.comment for r in waiting_send_backs(["fr"])] == ["Seconde raison."]


def test_the_desk_numbers_passages_as_the_editor_does_and_leaves_merged_ones_out() -> None:
    declaration = Declaration.objects.create(slug="gaps", source_language="en", issued_on="2004-06-03")
    passages = [
        add_passage(declaration=declaration, position=position, texts={"en": f"S{position}.", "fr": "T."},
                    states={"en": State.APPROVED, "fr": State.DRAFT})
        for position in (0, 10, 10, 30)
    ]  # fmt: skip
    absorbed = passages[1]
    send_back(absorbed, "Sur un passage fusionné ensuite.")
    merge_passages(passages=[passages[0], absorbed])
    for passage in passages[2:]:
        send_back(passage, f"Raison {passage.pk}.")
    editor_numbers = {row.key: number for number, row in enumerate(build_rows(declaration, "fr"), start=1)}
    waiting = list(waiting_send_backs(["fr"]))
    assert {r.passage.key: r.number for r in waiting} == {p.key: editor_numbers[p.key] for p in passages[2:]}
    assert [r.number for r in waiting] == [3, 2]  # newest first; the merged passage is gone from both
    assert {r.total for r in waiting} == {2}


def test_the_desk_leaves_out_the_declarations_written_in_that_language(
    make_declaration: Callable[..., Declaration], paris: Declaration
) -> None:
    send_back(make_declaration(["One."], translations={"fr": ["Un."]}).passages.get(), "Non.")
    send_back(paris.passages.get(), "No.", language="en")
    assert [r.language for r in waiting_send_backs(["fr"])] == ["fr"]
    assert sorted(r.language for r in waiting_send_backs(["en", "fr"])) == ["en", "fr"]
    assert list(waiting_send_backs([])) == []
