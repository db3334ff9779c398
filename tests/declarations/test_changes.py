from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from workbench.declarations.changes import add_passage, add_source_passages, record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State, digest

pytestmark = pytest.mark.django_db


def first_passage(declaration: Declaration) -> Passage:
    passage = declaration.passages.order_by("position").first()
    assert passage is not None
    return passage


def test_every_change_appends_a_revision_with_who_what_and_state(
    make_declaration: Callable[..., Declaration], django_user_model: type[User]
) -> None:
    declaration = make_declaration(["Hello."])
    passage = first_passage(declaration)
    translator = django_user_model.objects.create_user("translator")
    before = Revision.objects.count()

    revision = record_change(
        passage=passage, language="fr", text="Bonjour.", state=State.DRAFT, action=Action.EDITED, author=translator
    )
    record_change(
        passage=passage, language="fr", text="Bonjour.", state=State.TRANSLATED, action=Action.MARKED_TRANSLATED
    )

    assert Revision.objects.count() == before + 2
    assert (revision.text, revision.state, revision.action, revision.author) == (
        "Bonjour.",
        State.DRAFT,
        Action.EDITED,
        translator,
    )
    assert revision.basis == digest("Hello.")
    passage.refresh_from_db()
    assert passage.text_in("fr") == "Bonjour." and passage.state_in("fr") == State.TRANSLATED
    history = list(passage.revisions.filter(language="fr").values_list("state", flat=True))
    assert history == [State.DRAFT, State.TRANSLATED]


def test_a_source_edit_makes_translations_stale(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["Hello.", "World."], translations={"fr": ["Bonjour.", "Monde."]})
    passage = first_passage(declaration)
    assert not passage.is_stale("fr")

    record_change(
        passage=passage, language="en", text="Hello there.", state=State.APPROVED, action=Action.SOURCE_CHANGED
    )

    passage.refresh_from_db()
    assert passage.is_stale("fr")
    assert not passage.is_stale("en")  # the source itself is never stale
    other = declaration.passages.get(position=1)
    assert not other.is_stale("fr")
    # Editing the translation again makes it answer the new source.
    record_change(passage=passage, language="fr", text="Bonjour à tous.", state=State.DRAFT, action=Action.EDITED)
    passage.refresh_from_db()
    assert not passage.is_stale("fr")


def test_a_minor_source_edit_keeps_current_translations_current_and_says_so(
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = make_declaration(["Hello."], translations={"fr": ["Bonjour."]})
    passage = first_passage(declaration)

    record_change(
        passage=passage,
        language="en",
        text="Hello!",
        state=State.APPROVED,
        action=Action.SOURCE_CHANGED,
        minor=True,
    )

    passage.refresh_from_db()
    assert not passage.is_stale("fr")
    kept = Revision.objects.get(passage=passage, language="fr", action=Action.KEPT_CURRENT)
    assert kept.basis == digest("Hello!")
    assert kept.text == "Bonjour."


def test_a_minor_edit_does_not_revive_a_translation_that_was_already_stale(
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = make_declaration(["Hello."], translations={"fr": ["Bonjour."]})
    passage = first_passage(declaration)
    record_change(passage=passage, language="en", text="Hi.", state=State.APPROVED, action=Action.SOURCE_CHANGED)
    record_change(
        passage=passage, language="en", text="Hi!", state=State.APPROVED, action=Action.SOURCE_CHANGED, minor=True
    )
    passage.refresh_from_db()
    assert passage.is_stale("fr")


def test_an_explicit_older_basis_is_kept(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["Hello."])
    passage = first_passage(declaration)
    record_change(
        passage=passage,
        language="fr",
        text="Salut.",
        state=State.DRAFT,
        action=Action.IMPORTED,
        basis=digest("An older source."),
    )
    passage.refresh_from_db()
    assert passage.is_stale("fr")


def test_missing_state_clears_text_and_is_never_stale(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["Hello."], translations={"fr": ["Bonjour."]})
    passage = first_passage(declaration)
    record_change(passage=passage, language="fr", text="ignored", state=State.MISSING, action=Action.EDITED)
    passage.refresh_from_db()
    assert passage.text_in("fr") == "" and passage.basis_in("fr") == ""
    assert not passage.is_stale("fr")


def test_revisions_cannot_be_changed_or_deleted(make_declaration: Callable[..., Declaration]) -> None:
    make_declaration(["Hello."])
    revision = Revision.objects.first()
    assert revision is not None
    revision.text = "rewritten history"
    with pytest.raises(TypeError, match="append-only"):
        revision.save()
    with pytest.raises(TypeError, match="append-only"):
        revision.delete()
    with pytest.raises(TypeError, match="append-only"):
        Revision.objects.all().update(text="x")
    with pytest.raises(TypeError, match="append-only"):
        Revision.objects.all().delete()
    assert Revision.objects.get(pk=revision.pk).text == "Hello."


def test_add_passage_refuses_an_unknown_language_before_writing(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration([])
    with pytest.raises(ValueError, match="'xx' is not one of the configured languages"):
        add_passage(declaration=declaration, position=0, texts={"xx": "?"}, states={})
    assert Passage.objects.count() == 0


def test_keys_are_unique_and_survive_reordering(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["One.", "Two.", "Three."])
    before = dict(declaration.passages.values_list("key", "position"))
    Passage.objects.filter(declaration=declaration, position=0).update(position=5)
    after = dict(declaration.passages.values_list("key", "position"))
    assert set(before) == set(after) and len(after) == 3
    assert [p.text_in("en") for p in declaration.passages.order_by("position")] == ["Two.", "Three.", "One."]


def test_source_passages_in_bulk_are_the_rows_add_passage_makes(
    make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    one_by_one = make_declaration([], slug="one-by-one")
    in_bulk = make_declaration([], slug="in-bulk")
    texts = ["The first\u200b paragraph. ", "The <b>second</b> one, with a tag."]
    author = people["coordinator"]
    for position, text in enumerate(texts):
        add_passage(declaration=one_by_one, position=position, texts={"en": text}, states={"en": State.APPROVED},
                    action=Action.IMPORTED, author=author, notes=[{"code": "document", "file": "a.docx"}])  # fmt: skip
    add_source_passages(declaration=in_bulk, texts=texts, author=author,
                        notes=[{"code": "document", "file": "a.docx"}])  # fmt: skip

    def rows(declaration: Declaration) -> list[tuple[object, ...]]:
        return [(p.position, p.source_text, p.state_in("en"), p.basis_in("en"), p.source_digest, p.source_words,
                 p.state_in("fr"), p.text_in("fr")) for p in declaration.passages.order_by("position")]  # fmt: skip

    def revisions(declaration: Declaration) -> list[tuple[object, ...]]:
        return list(Revision.objects.filter(passage__declaration=declaration).order_by("passage__position").values_list(
            "language", "text", "state", "basis", "action", "author", "notes"))  # fmt: skip

    assert rows(in_bulk) == rows(one_by_one) and rows(in_bulk)[0][1] == "The first paragraph."
    assert revisions(in_bulk) == revisions(one_by_one) and len(revisions(in_bulk)) == 2
