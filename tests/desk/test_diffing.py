from __future__ import annotations

from workbench.desk.diffing import word_diff


def render(pieces: list) -> str:
    marks = {"same": "{}", "added": "+[{}]", "removed": "-[{}]"}
    return "".join(marks[p.kind].format(p.text) for p in pieces)


def test_changed_words_are_marked_and_the_rest_kept() -> None:
    pieces = word_diff(
        "brought together 400 delegates from 57 countries", "brought together 401 delegates from 57 countries"
    )
    assert render(pieces) == "brought together -[400 ]+[401 ]delegates from 57 countries"


def test_pieces_rebuild_both_texts_exactly() -> None:
    old, new = "Le chat  dort.\nIl rêve.", "Le chien dort.\nIl rêve encore."
    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.kind != "added") == old
    assert "".join(p.text for p in pieces if p.kind != "removed") == new


def test_identical_and_empty_texts() -> None:
    assert [p.kind for p in word_diff("Same text.", "Same text.")] == ["same"]
    assert [(p.kind, p.text) for p in word_diff("", "New.")] == [("added", "New.")]
