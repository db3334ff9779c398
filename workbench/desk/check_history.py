"""The reviewers' overrides of check failures, shown in a passage's history among its revisions (issue 23)."""

from __future__ import annotations

import datetime
import heapq
from typing import Any

from workbench.checks.findings import label_of
from workbench.checks.models import Override
from workbench.declarations.models import Passage


def merge_overrides(entries: list[dict[str, Any]], passage: Passage, language: str) -> list[dict[str, Any]]:
    """`entries` (revisions, oldest first) with the overrides of `passage` in `language` placed after the last
    revision made before each: who waved which check, when and why, where the history reader looks for it."""
    overrides = [_entry(override) for override in Override.objects.filter(passage=passage, language=language)
                 .select_related("author").order_by("created_at", "pk")]  # fmt: skip
    # heapq.merge keeps each list's own order and, at equal dates, takes the revision first.
    return list(heapq.merge(entries, overrides, key=_when))


def _when(entry: dict[str, Any]) -> datetime.datetime:
    return entry["revision"].created_at if "revision" in entry else entry["override"].created_at


def _entry(override: Override) -> dict[str, Any]:
    return {"override": override, "check_label": label_of(override.check_name)}
