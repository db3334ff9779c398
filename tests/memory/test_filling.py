"""Fill from memory (workbench/memory/filling.py, issue 22): which missing passages become drafts, what they read,
their revisions, and that a failure half-way leaves every passage as it was."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from django.contrib.auth.models import User

from workbench.declarations.changes import ChangeSpec, apply_changes, record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.memory import filling, learning
from workbench.memory.models import Entry

pytestmark = pytest.mark.django_db

SEOUL = "The delegates met in Seoul."
SEOUL_FR = "Les délégués se sont réunis à Séoul."
ADOPTED = "They adopted a declaration on cultural diversity."
ADOPTED_FR = "Ils ont adopté une déclaration sur la diversité culturelle."
PARIS = "The 400 delegates met in Paris."
PARIS_FR = "Les 400 délégués se sont réunis à Paris."
UNKNOWN = "Nobody has ever translated this sentence."


def remember(source: str, target: str, *, whole: bool = False) -> None:
    """A unit made by hand, as a TMX import would store it."""
    origin = learning.Origin("en", "fr", Entry.TMX, reference="hand.tmx")
    learning.store([learning.make_unit(source, target, origin, whole=whole)])


@pytest.fixture
def memory(db: None) -> None:
    remember(SEOUL, SEOUL_FR)
    remember(ADOPTED, ADOPTED_FR)
    remember(PARIS, PARIS_FR)


def french(passage: Passage) -> tuple[str, State]:
    passage.refresh_from_db()
    return passage.text_in("fr"), passage.state_in("fr")


def test_every_sentence_at_100_fills_a_draft_joined_in_the_sources_order(
    memory: None, make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    declaration = make_declaration([f"{ADOPTED} {SEOUL}", "The 450 delegates met in Paris.", f"{SEOUL} {UNKNOWN}"])
    reordered, placeable, partial = declaration.passages.order_by("position")
    report = filling.fill_from_memory(declaration=declaration, language="fr", author=people["coordinator"])

    assert (report.filled, report.filled_count, report.left_count) == ([1, 2], 2, 1)
    assert french(reordered) == (f"{ADOPTED_FR} {SEOUL_FR}", State.DRAFT)
    # A number the memory's sentence had otherwise is put in (a 100 after substitution counts as 100).
    assert french(placeable) == ("Les 450 délégués se sont réunis à Paris.", State.DRAFT)
    # One sentence without a full match: the passage is left alone, and the report says which sentence.
    assert french(partial) == ("", State.MISSING)
    [left] = report.left
    assert (left.passage_id, left.number, left.unmatched) == (partial.pk, 3, (UNKNOWN,))
    assert not Revision.objects.filter(passage=partial, language="fr").exists()


def test_each_filled_passage_has_one_revision_as_a_current_draft(
    memory: None, make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    declaration = make_declaration([SEOUL, ADOPTED])
    filling.fill_from_memory(declaration=declaration, language="fr", author=people["coordinator"])
    revisions = Revision.objects.filter(passage__declaration=declaration, language="fr")
    assert revisions.count() == 2
    for revision in revisions:
        assert (revision.action, revision.state, revision.author) == (
            Action.FILLED_FROM_MEMORY, State.DRAFT, people["coordinator"])  # fmt: skip
        assert revision.basis == revision.passage.source_digest  # answers the current source: not stale
        assert not revision.passage.is_stale("fr")
    assert str(Action(revisions[0].action).label) == "filled from memory"


def test_a_whole_passage_match_qualifies(make_declaration: Callable[..., Declaration], people: dict[str, User]) -> None:
    # Approved at the desk: the memory holds the whole passage (and, here, no sentence pair of it).
    earlier = make_declaration([f"{SEOUL} {UNKNOWN}"], slug="earlier").passages.get()
    whole_fr = "Les délégués se sont réunis à Séoul, et personne n'a jamais traduit ceci."
    record_change(passage=earlier, language="fr", text=whole_fr, state=State.APPROVED, action=Action.APPROVED,
                  author=people["reviewer-fr"])  # fmt: skip
    later = make_declaration([f"{SEOUL} {UNKNOWN}"], slug="later")
    report = filling.fill_from_memory(declaration=later, language="fr", author=people["coordinator"])
    assert report.filled == [1]
    assert french(later.passages.get()) == (whole_fr, State.DRAFT)


def test_only_missing_passages_are_touched_and_nothing_is_ever_translated_or_approved(
    memory: None, make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    declaration = make_declaration([SEOUL, ADOPTED, PARIS])
    drafted, approved, missing = declaration.passages.order_by("position")
    record_change(passage=drafted, language="fr", text="Mon brouillon.", state=State.DRAFT, action=Action.EDITED)
    record_change(passage=approved, language="fr", text="Approuvé.", state=State.APPROVED, action=Action.APPROVED)
    before = Revision.objects.count()
    report = filling.fill_from_memory(declaration=declaration, language="fr", author=people["coordinator"])
    assert (report.filled, report.left) == ([3], [])
    assert french(drafted) == ("Mon brouillon.", State.DRAFT)
    assert french(approved) == ("Approuvé.", State.APPROVED)
    assert french(missing) == (PARIS_FR, State.DRAFT)
    assert Revision.objects.count() == before + 1
    # Filling again finds nothing missing and writes nothing.
    again = filling.fill_from_memory(declaration=declaration, language="fr", author=people["coordinator"])
    assert (again.filled, again.left) == ([], []) and Revision.objects.count() == before + 1
    assert not Revision.objects.filter(action=Action.FILLED_FROM_MEMORY,
                                       state__in=[State.TRANSLATED, State.APPROVED]).exists()  # fmt: skip


def test_the_source_language_is_refused(memory: None, make_declaration: Callable[..., Declaration]) -> None:
    with pytest.raises(ValueError, match="not the source"):
        filling.fill_from_memory(declaration=make_declaration([SEOUL]), language="en", author=None)


def test_a_failure_after_the_first_passage_was_written_leaves_everything_as_it_was(
    memory: None, make_declaration: Callable[..., Declaration], people: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    declaration = make_declaration([SEOUL, ADOPTED])

    def write_one_then_fail(changes: Sequence[ChangeSpec]) -> int:
        apply_changes(changes[:1])  # the first passage is really written (and its revision inserted)…
        assert Revision.objects.filter(action=Action.FILLED_FROM_MEMORY).count() == 1
        raise RuntimeError("the database went away")  # …then the second one fails

    monkeypatch.setattr(filling, "apply_changes", write_one_then_fail)
    with pytest.raises(RuntimeError):
        filling.fill_from_memory(declaration=declaration, language="fr", author=people["coordinator"])
    assert not Revision.objects.filter(action=Action.FILLED_FROM_MEMORY).exists()
    assert [french(p) for p in declaration.passages.order_by("position")] == [("", State.MISSING)] * 2


def test_a_failure_on_the_second_passage_writes_nothing(
    memory: None, make_declaration: Callable[..., Declaration], people: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    declaration = make_declaration([SEOUL, ADOPTED])
    real = filling.full_translation
    seen: list[str] = []

    def fail_on_the_second(source: str, **languages: str) -> tuple[str | None, list[str]]:
        seen.append(source)
        if len(seen) == 2:
            raise RuntimeError("the memory went away")
        return real(source, **languages)

    monkeypatch.setattr(filling, "full_translation", fail_on_the_second)
    with pytest.raises(RuntimeError):
        filling.fill_from_memory(declaration=declaration, language="fr", author=people["coordinator"])
    assert seen == [SEOUL, ADOPTED]
    assert not Revision.objects.filter(passage__declaration=declaration, language="fr").exists()
    assert [french(p) for p in declaration.passages.order_by("position")] == [("", State.MISSING)] * 2
