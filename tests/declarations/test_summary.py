"""The progress summary (ProgressSummary, summary.py) always equals a count of the passages from scratch, and the
approved words by month (ApprovedWords, approved_words.py) a replay of the whole history: after any sequence of
writes through the write functions, after the synthetic corpus, and after the rebuild command repairs them.

"From scratch" is progress_aggregates() on Passage.objects, the live count the pages used before the summary (the
summary's own counting code is never the reference), and the replay of every revision, which the chart ran before
the table kept its months.
"""
from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.declarations import approved_words, summary
from workbench.declarations.changes import (
    ChangeSpec,
    add_passage,
    add_source_passages,
    apply_changes,
    merge_passages,
    record_change,
    retire_passages,
)
from workbench.declarations.corpus import generate_corpus
from workbench.declarations.languages import language_codes
from workbench.declarations.models import (
    Action,
    ApprovedWords,
    Declaration,
    Kind,
    Passage,
    ProgressSummary,
    Revision,
    State,
    progress_aggregates,
    summary_fields,
)
from workbench.desk import tallies

pytestmark = pytest.mark.django_db

WORDS = ["one", "two three", "four five six", "seven", "eight nine ten eleven"]
STATES = [State.MISSING, State.DRAFT, State.TRANSLATED, State.APPROVED]


def from_scratch() -> dict[tuple[int, str], dict[str, int]]:
    """Every declaration's figures in every language it is not written in, counted from its current passages."""
    expected = {}
    for declaration in Declaration.objects.all():
        passages = Passage.objects.filter(declaration=declaration)
        if not passages.exists():
            continue
        for code in declaration.target_languages():
            counted = passages.aggregate(**progress_aggregates(code))
            expected[(declaration.pk, code)] = {name: counted[f"{code}_{name}"] for name in summary_fields()}
    return expected


def months_from_scratch() -> dict[tuple[int, str, str], int]:
    """The approved words each month added or took away, per declaration and language, replayed from every revision
    (the chart's count from scratch, which the progress page ran before the table)."""
    everything = approved_words.history(models.Q(pk__isnull=False))
    return {key: words for key, words in approved_words.replay(everything).items() if words}


def months_stored() -> dict[tuple[int, str, str], int]:
    return {(row.declaration_id, row.language, row.month): row.words
            for row in ApprovedWords.objects.all() if row.words}  # fmt: skip


def sources_dated() -> dict[int, Any]:
    """Passage.source_changed_at of every passage, current or not."""
    return dict(Passage.all_objects.values_list("pk", "source_changed_at"))


def sources_from_history() -> dict[int, Any]:
    """The time of each passage's newest revision in its declaration's language (a refused save, kept as a conflict,
    changed nothing), looked up in the history."""
    return {passage.pk: Revision.objects.filter(passage=passage, language=passage.declaration.source_language)
            .exclude(action=Action.CONFLICT).order_by("-created_at").values_list("created_at", flat=True).first()
            for passage in Passage.all_objects.select_related("declaration")}  # fmt: skip


def stored() -> dict[tuple[int, str], dict[str, int]]:
    return {(row["declaration"], row["language"]): {name: row[name] for name in summary_fields()}
            for row in ProgressSummary.objects.values("declaration", "language", *summary_fields())}  # fmt: skip


def _declarations() -> list[Declaration]:
    made = []
    for index, source in enumerate(language_codes()[:2]):
        declaration = Declaration.objects.create(slug=f"summary-{source}", source_language=source, kind=Kind.SPEECH,
                                                 issued_on=datetime.date(2020, 1, 1 + index))  # fmt: skip
        for position in range(2):
            add_passage(declaration=declaration, position=position, texts={source: WORDS[position]},
                        states={source: State.APPROVED})  # fmt: skip
        made.append(declaration)
    return made


# One write: (what, declaration index, passage index, language index, state index, words index, flag).
WRITES = st.tuples(
    st.sampled_from(["translate", "source", "merge", "retire", "add", "add-source", "bulk"]),
    st.integers(0, 1), st.integers(0, 5), st.integers(0, 2), st.integers(0, 3), st.integers(0, 4), st.booleans(),
)  # fmt: skip


def _write(declaration: Declaration, what: str, number: int, language_index: int, state_index: int,
           words_index: int, flag: bool) -> None:  # fmt: skip
    """Apply one drawn write through the real write functions."""
    passages = list(Passage.objects.filter(declaration=declaration).order_by("position"))
    codes = language_codes()
    language, state, text = codes[language_index % len(codes)], STATES[state_index], WORDS[words_index]
    source = declaration.source_language
    if what == "add":
        texts: dict[str, str] = {source: text} if flag else {}
        if language != source and state != State.MISSING:
            texts[language] = text
        add_passage(declaration=declaration, position=len(passages), texts=texts,
                    states={code: state if code != source else State.APPROVED for code in texts})  # fmt: skip
        return
    if what == "add-source":
        add_source_passages(declaration=declaration, texts=[text] * (1 + number % 2), first_position=len(passages))
        return
    if not passages:
        return
    passage = passages[number % len(passages)]
    if what == "translate" and language != source:
        action = Action.APPROVED if state == State.APPROVED else Action.EDITED
        # flag: written against the current source, or imported against an older one (stale at once).
        record_change(passage=passage, language=language, text=text, state=state, action=action,
                      basis=None if flag else "an older source")  # fmt: skip
    elif what in ("translate", "source"):
        # flag: a minor change, which carries current translations forward instead of leaving them stale.
        record_change(passage=passage, language=source, text=text, state=State.APPROVED,
                      action=Action.SOURCE_CHANGED, minor=flag)  # fmt: skip
    elif what == "merge" and len(passages) > 1:
        start = min(number % len(passages), len(passages) - 2)
        merge_passages(passages=passages[start : start + 2])
    elif what == "retire":
        retire_passages(passages=[passage] if flag else passages)
    elif what == "bulk" and language != source:
        apply_changes([ChangeSpec(passage_id=p.pk, source_language=source, language=language, text=text, state=state,
                                  basis=p.source_digest if flag else "", action=Action.IMPORTED)
                       for p in passages])  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(WRITES, min_size=1, max_size=12))
def test_the_summary_equals_a_count_from_scratch_after_any_writes(writes: list[tuple[Any, ...]]) -> None:
    # Each example in a savepoint rolled back at its end, so examples do not see each other's rows.
    with transaction.atomic():
        declarations = _declarations()
        assert stored() == from_scratch()
        for what, which, *drawn in writes:
            _write(declarations[which % len(declarations)], what, *drawn)
            assert stored() == from_scratch(), (what, which, drawn)
            assert months_stored() == months_from_scratch(), (what, which, drawn)
            assert sources_dated() == sources_from_history(), (what, which, drawn)
        transaction.set_rollback(True)


def test_merged_and_retired_passages_take_their_approved_words_with_them() -> None:
    english, _french = _declarations()
    first, second = english.passages.order_by("position")
    for passage, text in ((first, "un"), (second, "deux trois")):
        record_change(passage=passage, language="fr", text=text, state=State.APPROVED, action=Action.APPROVED)
    month = next(iter(months_stored()))[2]
    assert months_stored() == months_from_scratch() == {(english.pk, "fr", month): 3}  # "one" and "two three"
    merge_passages(passages=[first, second])  # the survivor stays approved with both texts: "one two three"
    assert months_stored() == months_from_scratch() == {(english.pk, "fr", month): 3}
    add_passage(declaration=english, position=1, texts={"en": "four five", "fr": "quatre cinq"},
                states={"en": State.APPROVED, "fr": State.APPROVED})  # fmt: skip
    assert months_stored() == months_from_scratch() == {(english.pk, "fr", month): 5}
    retire_passages(passages=[english.passages.get(position=0)])
    assert months_stored() == months_from_scratch() == {(english.pk, "fr", month): 2}
    assert stored() == from_scratch()


def test_a_declaration_without_current_passages_has_no_rows() -> None:
    english, _french = _declarations()
    assert (english.pk, "fr") in stored()
    retire_passages(passages=list(english.passages.all()))
    assert (english.pk, "fr") not in stored()
    assert stored() == from_scratch()


def test_a_changed_source_language_moves_the_rows() -> None:
    english, _french = _declarations()
    record_change(passage=english.passages.first(), language="fr", text="un", state=State.DRAFT, action=Action.EDITED)
    Declaration.objects.filter(pk=english.pk).update(source_language="fr")  # what the admin's form saves
    summary.refresh([english.pk])  # what the admin then calls (DeclarationAdmin.save_model)
    assert {code for pk, code in stored() if pk == english.pk} == {"en"}
    assert stored() == from_scratch()


def test_the_rebuild_command_repairs_a_tampered_summary() -> None:
    english, french = _declarations()
    first, second = english.passages.order_by("position")
    record_change(passage=first, language="fr", text="un", state=State.TRANSLATED, action=Action.MARKED_TRANSLATED)
    record_change(passage=second, language="fr", text="deux", state=State.APPROVED, action=Action.APPROVED)
    right, months = from_scratch(), months_from_scratch()
    assert stored() == right and months and months_stored() == months
    ProgressSummary.objects.filter(declaration=english).update(translated_passages=40, missing_words=7)
    ProgressSummary.objects.filter(declaration=french).delete()
    ProgressSummary.objects.create(declaration=english, language="en", approved_passages=3)  # its own language
    ApprovedWords.objects.update(words=99)
    ApprovedWords.objects.create(declaration=french, language="en", month="2001-01", words=5)
    assert stored() != right and months_stored() != months
    out = StringIO()
    call_command("rebuild_progress_summary", stdout=out)
    assert stored() == right and months_stored() == months
    assert f"{len(right)} rows" in out.getvalue()


def test_the_synthetic_corpus_leaves_the_summary_right() -> None:
    generate_corpus(declarations=12, passages=4, seed=3, prefix="summed")
    assert len(stored()) == 12 * (len(language_codes()) - 1)
    assert stored() == from_scratch()
    assert months_stored() == months_from_scratch() != {}


def test_the_progress_pages_figures_per_declaration_equal_a_count_of_the_passages() -> None:
    """tallies.declaration_progress reads the summary (and fills in each declaration's own language, which has no
    row): it must give what progress_aggregates() counts from the passages, for declarations in either language."""
    generate_corpus(declarations=12, passages=5, seed=26, prefix="pages")
    languages = language_codes()
    # Declarations written in either language (the corpus varies them), or the test would not cover the column of a
    # declaration's own language, which the summary has no row for.
    assert len(set(Declaration.objects.values_list("source_language", flat=True))) == 2
    expected = {}
    for declaration in Declaration.objects.all():
        counts = Passage.objects.filter(declaration=declaration).aggregate(
            **{name: aggregate for language in languages for name, aggregate in progress_aggregates(language).items()})
        expected[declaration.pk] = counts
    assert tallies.declaration_progress(list(expected), languages) == expected


def test_writes_inside_deferred_are_counted_once_at_its_end() -> None:
    english, _french = _declarations()
    before = stored()
    with transaction.atomic():
        with summary.deferred():
            for passage in english.passages.all():
                record_change(passage=passage, language="fr", text="Fait.", state=State.APPROVED,
                              action=Action.APPROVED)  # fmt: skip
            assert stored() == before  # noted, not yet counted
        assert stored() == from_scratch() != before
