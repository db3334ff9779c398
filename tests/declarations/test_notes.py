"""Revision.notes (issue 21): what the workbench says about a change is stored as codes and read in the reader's
language, and the migration turns the English comments written before into those codes."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from django.utils import translation

from workbench.declarations.changes import merge_passages, record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State

migration = importlib.import_module("workbench.declarations.migrations.0010_revision_notes_and_numbering")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("comment", "english", "french"),
    [
        ("alignment review 7", ["from alignment review 7"], ["depuis la revue d’alignement 7"]),
        ("alignment review 7; merged ab12, cd34", ["from alignment review 7", "merged passages ab12, cd34"],
         ["depuis la revue d’alignement 7", "passages ab12, cd34 fusionnés"]),
        ("merged into ab12", ["merged into passage ab12"], ["fusionné dans le passage ab12"]),
        ("seed file seoul.fr.md", ["from the seed file seoul.fr.md"], ["depuis le fichier de départ seoul.fr.md"]),
        ("admin", ["edited in the admin"], ["modifié dans l’administration"]),
        ("po", ["imported from a PO file"], ["importé d’un fichier PO"]),
    ],
)  # fmt: skip
def test_the_migration_turns_the_workbench_comments_into_notes(
    make_declaration: Callable[..., Declaration], comment: str, english: list[str], french: list[str]
) -> None:
    passage = make_declaration(["One."]).passages.get()
    legacy = Revision.objects.create(passage=passage, language="en", text="One.", state=State.APPROVED,
                                     action=Action.EDITED, comment=comment)  # fmt: skip
    typed = Revision.objects.create(passage=passage, language="en", text="One.", state=State.APPROVED,
                                    action=Action.EDITED, comment="admin approved this")  # fmt: skip
    migration.forwards(apps, None)
    legacy.refresh_from_db()
    typed.refresh_from_db()
    assert (legacy.comment, legacy.note_messages()) == ("", english)
    with translation.override("fr"):
        assert legacy.note_messages() == french
    assert (typed.comment, typed.notes) == ("admin approved this", [])  # what a person wrote is left alone


def test_the_migration_closes_the_gaps_in_positions(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["One.", "Two.", "Three."])
    other = make_declaration(["Alone."], slug="other")
    keys = list(declaration.passages.order_by("position").values_list("key", flat=True))
    for key, position in zip(keys, (0, 7, 30), strict=True):
        Passage.objects.filter(key=key).update(position=position)
    migration.forwards(apps, None)
    assert list(declaration.passages.order_by("position").values_list("key", "position")) == list(
        zip(keys, (0, 1, 2), strict=True)
    )
    assert other.passages.get().number == 1


def test_a_merge_notes_the_numbers_and_renumbers_the_passages_after(
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = make_declaration(["One.", "Two.", "Three.", "Four."])
    one, two, three, four = declaration.passages.order_by("position")
    record_change(passage=three, language="fr", text="Trois.", state=State.DRAFT, action=Action.EDITED)
    merge_passages(passages=[two, three], comment="one paragraph in the source")
    assert [(p.key, p.number) for p in declaration.passages.order_by("position")] == [
        (one.key, 1), (two.key, 2), (four.key, 3)
    ]  # fmt: skip
    merged = Revision.objects.filter(passage=two, action=Action.MERGED).order_by("pk")
    assert {(r.comment, tuple(r.note_messages())) for r in merged} == {
        ("one paragraph in the source", ("merged passages 2, 3",))
    }
    absorbed = Revision.objects.get(passage=three, action=Action.MERGED)
    assert absorbed.note_messages() == ["merged into passage 2"]


def test_an_unknown_note_is_shown_by_its_code_rather_than_dropped(make_declaration: Callable[..., Declaration]) -> None:
    passage = make_declaration(["One."]).passages.get()
    revision = Revision.objects.create(passage=passage, language="en", text="One.", state=State.APPROVED,
                                       action=Action.EDITED,
                                       notes=[{"code": "from-the-future"}, {"code": "merged"}])  # fmt: skip
    assert revision.note_messages() == ["from-the-future", "merged"]
