"""The reviewers' overrides of check failures, shown in a passage's history among its revisions (issue 23)."""

from __future__ import annotations

from typing import Any

from workbench.checks.findings import label_of
from workbench.checks.models import Override
from workbench.declarations.models import Passage


def merge_overrides(entries: list[dict[str, Any]], passage: Passage, language: str) -> list[dict[str, Any]]:
    """`entries` (revisions, oldest first) with the overrides of `passage` in `language` placed after the last
    revision made before each: who waved which check, when and why, where the history reader looks for it."""
    overrides = list(Override.objects.filter(passage=passage, language=language).select_related("author")
                     .order_by("created_at", "pk"))  # fmt: skip
    merged: list[dict[str, Any]] = []
    waiting = iter(overrides)
    pending = next(waiting, None)
    for entry in entries:
        while pending is not None and pending.created_at < entry["revision"].created_at:
            merged.append(_entry(pending))
            pending = next(waiting, None)
        merged.append(entry)
    while pending is not None:
        merged.append(_entry(pending))
        pending = next(waiting, None)
    return merged


def _entry(override: Override) -> dict[str, Any]:
    return {"override": override, "check_label": label_of(override.check_name)}
