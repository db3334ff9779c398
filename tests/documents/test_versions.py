"""Matching a revised source document to its passages (issue 24): hand-made cases, no database."""
from __future__ import annotations

from workbench.documents.versions import Change, match_versions

PARAGRAPHS = [
    "CHAPTER I",
    "There was no possibility of taking a walk that day.",
    "We had been wandering, indeed, in the leafless shrubbery an hour in the morning.",
    "The cold winter wind had brought with it clouds so sombre, and a rain so penetrating.",
    "I was glad of it: I never liked long walks, especially on chilly afternoons.",
    "Dreadful to me was the coming home in the raw twilight, with nipped fingers and toes.",
]
NEW_TEXT = "Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do."


def kinds(changes: list[Change]) -> list[tuple[str, int | None, int | None]]:
    return [(c.kind, c.old, c.new) for c in changes]


def test_unchanged_list_even_when_rewrapped() -> None:
    new = [text.replace(" ", "\n  ", 1) for text in PARAGRAPHS]
    changes = match_versions(PARAGRAPHS, new)
    assert kinds(changes) == [("unchanged", k, k) for k in range(6)]
    assert all(c.score == 1.0 for c in changes)


def test_one_paragraph_edited() -> None:
    new = list(PARAGRAPHS)
    new[3] = "The cold winter wind had brought with it clouds so dark, and a rain so very penetrating."
    changes = match_versions(PARAGRAPHS, new)
    assert kinds(changes) == [("unchanged", 0, 0), ("unchanged", 1, 1), ("unchanged", 2, 2), ("edited", 3, 3),
                              ("unchanged", 4, 4), ("unchanged", 5, 5)]
    assert 0.8 < changes[3].score < 1.0


def test_inserted_at_the_start() -> None:
    assert kinds(match_versions(PARAGRAPHS, [NEW_TEXT, *PARAGRAPHS])) == [
        ("inserted", None, 0), *[("unchanged", k, k + 1) for k in range(6)]]


def test_inserted_in_the_middle() -> None:
    new = [*PARAGRAPHS[:3], NEW_TEXT, *PARAGRAPHS[3:]]
    assert kinds(match_versions(PARAGRAPHS, new)) == [
        ("unchanged", 0, 0), ("unchanged", 1, 1), ("unchanged", 2, 2), ("inserted", None, 3), ("unchanged", 3, 4),
        ("unchanged", 4, 5), ("unchanged", 5, 6)]


def test_inserted_at_the_end() -> None:
    assert kinds(match_versions(PARAGRAPHS, [*PARAGRAPHS, NEW_TEXT])) == [
        *[("unchanged", k, k) for k in range(6)], ("inserted", None, 6)]


def test_one_removed_is_placed_where_it_used_to_be() -> None:
    new = PARAGRAPHS[:2] + PARAGRAPHS[3:]
    assert kinds(match_versions(PARAGRAPHS, new)) == [
        ("unchanged", 0, 0), ("unchanged", 1, 1), ("removed", 2, None), ("unchanged", 3, 2), ("unchanged", 4, 3),
        ("unchanged", 5, 4)]


def test_removed_at_the_end_comes_last() -> None:
    assert kinds(match_versions(PARAGRAPHS, PARAGRAPHS[:5])) == [
        *[("unchanged", k, k) for k in range(5)], ("removed", 5, None)]


def test_moved_from_the_start_to_the_end() -> None:
    new = [*PARAGRAPHS[2:], PARAGRAPHS[1]]
    assert kinds(match_versions(PARAGRAPHS[1:], new)) == [
        ("unchanged", 1, 0), ("unchanged", 2, 1), ("unchanged", 3, 2), ("unchanged", 4, 3), ("moved", 0, 4)]


def test_edited_and_moved() -> None:
    moved = "There was no possibility at all of taking a long walk that day."
    new = [PARAGRAPHS[0], *PARAGRAPHS[2:5], moved, PARAGRAPHS[5]]
    changes = match_versions(PARAGRAPHS, new)
    assert kinds(changes) == [
        ("unchanged", 0, 0), ("unchanged", 2, 1), ("unchanged", 3, 2), ("unchanged", 4, 3), ("moved", 1, 4),
        ("unchanged", 5, 5)]
    assert 0.75 < changes[4].score < 1.0


def test_duplicates_are_matched_in_order() -> None:
    old = ["* * *", PARAGRAPHS[1], "* * *", PARAGRAPHS[2], "* * *"]
    new = ["* * *", PARAGRAPHS[1], "* * *", NEW_TEXT, "* * *", PARAGRAPHS[2], "* * *"]
    assert kinds(match_versions(old, new)) == [
        ("unchanged", 0, 0), ("unchanged", 1, 1), ("unchanged", 2, 2), ("inserted", None, 3), ("inserted", None, 4),
        ("unchanged", 3, 5), ("unchanged", 4, 6)]


def test_duplicate_removed_keeps_the_others() -> None:
    old = [PARAGRAPHS[1], PARAGRAPHS[1], PARAGRAPHS[2]]
    assert kinds(match_versions(old, [PARAGRAPHS[1], PARAGRAPHS[2]])) == [
        ("unchanged", 0, 0), ("removed", 1, None), ("unchanged", 2, 1)]


def test_short_paragraph_matched_by_position() -> None:
    new = ["CHAPTER 1", *PARAGRAPHS[1:]]
    changes = match_versions(PARAGRAPHS, new)
    assert kinds(changes) == [("edited", 0, 0), *[("unchanged", k, k) for k in range(1, 6)]]


def test_all_replaced_by_unrelated_text() -> None:
    new = [
        "Alice was beginning to get very tired of sitting by her sister on the bank.",
        "So she was considering in her own mind whether the pleasure of making a daisy-chain would be worth it.",
        "There was nothing so very remarkable in that; nor did Alice think it so very much out of the way.",
    ]
    assert kinds(match_versions(PARAGRAPHS, new)) == [
        ("inserted", None, 0), ("inserted", None, 1), ("inserted", None, 2),
        *[("removed", k, None) for k in range(6)]]


def test_empty_inputs() -> None:
    assert match_versions([], []) == []
    assert kinds(match_versions([], PARAGRAPHS[:2])) == [("inserted", None, 0), ("inserted", None, 1)]
    assert kinds(match_versions(PARAGRAPHS[:2], [])) == [("removed", 0, None), ("removed", 1, None)]


def test_a_paragraph_moved_exactly_is_not_also_paired_in_a_gap() -> None:
    # X moved from 2nd to 5th place and an edited copy of it took its old place: the exact copy is the move, the
    # edited one is new, and no paragraph is used twice.
    x = "The network will meet again next year in Shanghai to review the convention."
    edited = "The network will meet again next year in Beijing to review the convention."
    old = ["Opening paragraph of the declaration.", x, "Third paragraph about policy.", "Fourth one on trade.",
           "Closing paragraph with the signatures."]  # fmt: skip
    new = [old[0], edited, old[2], old[3], x, old[4]]
    changes = match_versions(old, new)
    olds = [c.old for c in changes if c.old is not None]
    news = [c.new for c in changes if c.new is not None]
    assert sorted(olds) == list(range(len(old))) and sorted(news) == list(range(len(new)))
    assert Change("moved", 1, 4, 1.0) in changes
    assert any(c.kind == "inserted" and c.new == 1 for c in changes)
