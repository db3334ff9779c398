"""Which passages the editor shows: a window of a long declaration, found from one light query (issue 26).

A 3,000-passage report rendered whole is a 9 MB page; the editor shows `WINDOW` passages at a time and loads the
next ones as the translator scrolls (or follows a link, without JavaScript). What the page needs about the whole
declaration — each passage's number, which ones need work, where the first of them is — comes from the outline:
one query of (pk, key, bucket) per current passage, no text. The window's rows are then built as before
(desk/rows.py), for its passages only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Q, Value, When

from workbench.declarations.languages import column
from workbench.declarations.models import Declaration, Passage, Progress, State, translation_conditions
from workbench.links import passage_url

WINDOW = 50  # passages per window: a screenful many times over, and well under the page-size target
CONTEXT = 2  # passages shown above the one a link opens at, so the translator sees what leads up to it
SEARCH_LIMIT = 50  # search results listed at once
TO_DO = (Progress.MISSING.value, Progress.DRAFT.value, Progress.STALE.value)


@dataclass(frozen=True)
class Outline:
    """Every current passage of a declaration in reading order, with its progress bucket in one language."""

    pks: list[int]
    keys: list[str]
    buckets: list[str]
    approved: list[bool]  # the stored state is "approved" (stale or not): what publishing asks (publish_status)

    @property
    def total(self) -> int:
        return len(self.pks)

    def index_of(self, key: str) -> int | None:
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def count(self, *buckets: str) -> int:
        return sum(bucket in buckets for bucket in self.buckets)

    @property
    def to_do_count(self) -> int:
        return self.count(*TO_DO)

    def next_to_do(self, after: int | None = None) -> int | None:
        """The index of the first passage needing work after index `after` (wrapping round, never `after` itself),
        or of the first of all."""
        start = 0 if after is None else after + 1
        for index in [*range(start, self.total), *range(0, start)]:
            if index != after and self.buckets[index] in TO_DO:
                return index
        return None


def outline(declaration: Declaration, language: str) -> Outline:
    """The declaration's outline in `language`, from one query that reads no text."""
    passages = declaration.passages.order_by("position", "pk")
    if language == declaration.source_language:
        rows = [(pk, key, Progress.APPROVED.value, True) for pk, key in passages.values_list("pk", "key")]
    else:
        # The same conditions the progress figures count with, so the editor and the progress page agree.
        bucket = Case(*[When(condition, then=Value(progress.value))
                        for progress, condition in translation_conditions(language).items()],
                      default=Value(Progress.MISSING.value))  # fmt: skip
        approved = Case(When(Q(**{column("state", language): State.APPROVED}), then=Value(True)),
                        default=Value(False), output_field=BooleanField())  # fmt: skip
        rows = list(passages.annotate(bucket=bucket, approved=approved)
                    .values_list("pk", "key", "bucket", "approved"))  # fmt: skip
    return Outline([row[0] for row in rows], [row[1] for row in rows], [row[2] for row in rows],
                   [bool(row[3]) for row in rows])  # fmt: skip


@dataclass(frozen=True)
class Window:
    """Passages [start, stop) of an outline (0-based indexes; passage numbers are index + 1)."""

    start: int
    stop: int
    total: int

    @property
    def previous_start(self) -> int | None:
        return max(0, self.start - WINDOW) if self.start > 0 else None

    @property
    def next_start(self) -> int | None:
        return self.stop if self.stop < self.total else None

    @property
    def first_number(self) -> int:
        return self.start + 1

    @property
    def last_number(self) -> int:
        return self.stop


def window_from(start: int, total: int) -> Window:
    start = min(max(0, start), max(0, total - 1))
    return Window(start, min(total, start + WINDOW), total)


def opening_window(shape: Outline, *, number: int | None = None, key: str | None = None) -> Window:
    """The window a visit opens: from passage `number` when asked for one; else a little above passage `key` (a link
    to a passage); else a little above the first passage that needs work; else from the start."""
    if number is not None:
        return window_from(number - 1, shape.total)
    index = shape.index_of(key) if key else None
    if index is None:
        index = shape.next_to_do()
    return window_from((index or 0) - CONTEXT, shape.total)


def window_passages(declaration: Declaration, shape: Outline, window: Window) -> list[Passage]:
    """The window's passages, in order (build_rows gives each its declaration)."""
    pks = shape.pks[window.start:window.stop]
    by_pk = Passage.objects.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


@dataclass(frozen=True)
class Found:
    number: int
    passage: Passage
    url: str  # the editor opened at it


def search(declaration: Declaration, language: str, shape: Outline, words: str) -> tuple[list[Found], int]:
    """Passages whose source or translation contains `words` (case-insensitive): the first SEARCH_LIMIT in reading
    order with their numbers, and how many there are in all."""
    fields = {column("text", declaration.source_language), column("text", language)}
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": words})
    matches = declaration.passages.filter(condition).order_by("position", "pk")
    total = matches.count()
    numbers = {pk: index + 1 for index, pk in enumerate(shape.pks)}
    found = [Found(numbers[passage.pk], passage, passage_url(declaration.slug, language, passage.key))
             for passage in matches[:SEARCH_LIMIT] if passage.pk in numbers]  # fmt: skip
    return found, total
