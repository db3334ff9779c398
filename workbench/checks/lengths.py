"""How long a translation usually is against its source, learnt from the approved passages of the language pair.

The statistic is the mean and spread of log(target length / source length) over approved, current passages. It is
computed once per pair and kept for a few minutes per process (an approval now and then moves it very little);
clear() drops it at once. With fewer than MIN_PASSAGES approved passages a broad default is used instead.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from workbench.checks.registry import Failure
from workbench.declarations.languages import column
from workbench.declarations.models import Passage, State

MIN_PASSAGES = 30
KEEP_SECONDS = 300.0
# Ratios of short passages are noise ("Yes." / "Oui."): not judged below this many source characters.
MIN_SOURCE_CHARS = 60
# Far outliers only: this many spreads from the usual ratio.
LIMIT = 4.0
# The spread is never taken narrower than this, lest a very uniform corpus flag ordinary rewording.
MIN_SPREAD = 0.12
_MAX_SAMPLE = 5000


@dataclass(frozen=True)
class LengthStats:
    mean: float  # of log(target / source) in characters
    spread: float  # its standard deviation
    passages: int  # how many approved passages it was learnt from (0: the default)


# Without data: French runs some 15 % longer than English, other pairs about even; a wide spread.
def default_stats(source_language: str, target_language: str) -> LengthStats:
    usual = {("en", "fr"): 0.14, ("fr", "en"): -0.14}.get((source_language[:2], target_language[:2]), 0.0)
    return LengthStats(usual, 0.2, 0)


_cache: dict[tuple[str, str], tuple[float, LengthStats]] = {}


def clear(**_: object) -> None:
    _cache.clear()


def learn(pairs: list[tuple[str, str]]) -> LengthStats | None:
    logs = [math.log(len(t) / len(s)) for s, t in pairs if len(s) >= MIN_SOURCE_CHARS and t]
    if len(logs) < MIN_PASSAGES:
        return None
    mean = sum(logs) / len(logs)
    spread = math.sqrt(sum((x - mean) ** 2 for x in logs) / (len(logs) - 1))
    return LengthStats(mean, max(spread, MIN_SPREAD), len(logs))


def stats_for(source_language: str, target_language: str) -> LengthStats:
    key = (source_language, target_language)
    kept = _cache.get(key)
    if kept and time.monotonic() - kept[0] < KEEP_SECONDS:
        return kept[1]
    text, state, basis = (column(field, target_language) for field in ("text", "state", "basis"))
    rows = (Passage.objects.filter(declaration__source_language=source_language, **{state: State.APPROVED})
            .exclude(**{text: ""}).order_by("-pk")
            .values_list(column("text", source_language), text, basis, "source_digest")[:_MAX_SAMPLE])
    pairs = [(source, target) for source, target, based, digest in rows if based == digest]
    stats = learn(pairs) or default_stats(source_language, target_language)
    _cache[key] = (time.monotonic(), stats)
    return stats


def check_length(source: str, target: str, stats: LengthStats) -> list[Failure]:
    if len(source) < MIN_SOURCE_CHARS or not target.strip():
        return []
    ratio = math.log(len(target) / len(source))
    if abs(ratio - stats.mean) <= LIMIT * stats.spread:
        return []
    usual = math.exp(stats.mean)
    return [Failure("length", gettext_noop("The translation is %(ratio)s times as long as the source, where this "
                                           "language pair usually has %(usual)s."),
                    {"ratio": f"{len(target) / len(source):.2f}", "usual": f"{usual:.2f}"})]  # fmt: skip
