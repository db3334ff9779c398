"""Bringing in a translation made elsewhere: intake, the reviewer's operations, and accepting the result.

The review lives in an AlignmentReview row (rows, undo and redo as JSON); operations are the pure functions of
reviews/beads.py. Every change names the version it started from, like every save on the desk.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbench.align import AlignOptions, align
from workbench.declarations import summary
from workbench.declarations.changes import merge_passages, record_change
from workbench.declarations.models import Action, AlignmentReview, Declaration, Passage, ReviewStatus, State
from workbench.exchange import tmx
from workbench.exchange.units import decode_upload
from workbench.lexicon.lookup import lexicon_for
from workbench.reviews import beads

OPERATION_ERRORS = {
    "no-such-row": gettext_lazy("That row does not exist (any more)."),
    "unknown-side": gettext_lazy("Choose the source side, the target side, or both."),
    "no-next-row": gettext_lazy("The last row has no next row to merge with."),
    "split-between": gettext_lazy("A side can only be split between two of its paragraphs."),
    "empty-cell": gettext_lazy("This cell is empty: there is nothing to move."),
    "no-row-above": gettext_lazy("The first row has no row above."),
    "no-row-below": gettext_lazy("The last row has no row below."),
    "unknown-direction": gettext_lazy("Move a paragraph up or down."),
    "already-empty": gettext_lazy("This row already has an empty cell."),
    "nothing-to-undo": gettext_lazy("There is nothing to undo."),
    "nothing-to-redo": gettext_lazy("There is nothing to redo."),
    "unknown-operation": gettext_lazy("Unknown operation."),
    "leave-out-needs-target-only": gettext_lazy(
        "Only a translation paragraph with no source counterpart can be left out: empty its source cell first."
    ),
}
# Undo keeps this many earlier states: enough for a review session, bounded so the row stays small.
UNDO_DEPTH = 200
LOW_CONFIDENCE = 0.5


class ReviewConflict(Exception):
    """The review changed since the reviewer's page was drawn."""


class ReviewError(ValueError):
    """A request that cannot apply; the message is for the reviewer."""


# --- intake ---------------------------------------------------------------------------------------------------

MARKDOWN_NOISE = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")


def paragraphs_from_text(text: str) -> list[str]:
    """Paragraphs of plain text or Markdown: blocks separated by blank lines, lines joined, heading and quote
    markers dropped."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for block in blocks:
        lines = [MARKDOWN_NOISE.sub("", line.strip()) for line in block.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined:
            out.append(joined)
    return out


def paragraphs_from_tmx(content: bytes, language: str) -> list[str]:
    """The `language` side of a TMX file, one paragraph per passage: sentence units that name the same passage
    (x-passage, as our own export writes) are joined back into their paragraph."""
    paragraphs: list[str] = []
    previous_passage = None
    for entry in tmx.parse(content):
        text = entry.variants.get(language) or next(
            (value for code, value in entry.variants.items() if code.split("-")[0] == language), None
        )
        if text is None:
            continue
        passage = entry.properties.get("x-passage")
        if passage and passage == previous_passage and paragraphs:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        previous_passage = passage
    return paragraphs


def read_intake(*, text: str, upload: bytes | None, filename: str, language: str) -> list[str]:
    if upload is not None:
        if filename.lower().endswith(".tmx"):
            paragraphs = paragraphs_from_tmx(upload, language)
        else:
            paragraphs = paragraphs_from_text(decode_upload(upload, _("uploaded file")))
    else:
        paragraphs = paragraphs_from_text(text)
    if not paragraphs:
        message = _("No paragraph found in %(language)s: paste the text, or upload a text, Markdown or TMX file.")
        raise ReviewError(message % {"language": language})
    return paragraphs


def propose(source: Sequence[str], target: Sequence[str], source_ids: Sequence[int], target_ids: Sequence[int],
            languages: tuple[str, str] | None = None) -> list[beads.Row]:  # fmt: skip
    """Rows over the given unit ids, as the aligner proposes them; with `languages` (source, target), the pair's
    lexicon (lexicon/lookup.py: learnt from the memory, and FreeDict where installed) counts as evidence."""
    lexicon = lexicon_for(*languages) if languages else None
    proposed = align(list(source), list(target), options=AlignOptions(lexicon=lexicon) if lexicon else None)
    return [
        beads.Row(tuple(source_ids[i] for i in bead.source), tuple(target_ids[j] for j in bead.target),
                  float(bead.confidence))
        for bead in proposed
    ]  # fmt: skip


@transaction.atomic
def start_review(*, declaration: Declaration, language: str, paragraphs: list[str], origin: str, user: Any
                 ) -> AlignmentReview:  # fmt: skip
    if AlignmentReview.objects.filter(declaration=declaration, language=language, status=ReviewStatus.OPEN).exists():
        raise ReviewError(_("An alignment review of this language is already open: finish or discard it first."))
    passages = list(declaration.passages.order_by("position", "pk"))
    if not passages:
        raise ReviewError(_("This declaration has no passages to align with."))
    sources = [p.source_text for p in passages]
    rows = propose(sources, paragraphs, range(len(sources)), range(len(paragraphs)),
                   (declaration.source_language, language))
    beads.check(rows, len(sources), len(paragraphs))
    return AlignmentReview.objects.create(
        declaration=declaration,
        language=language,
        origin=origin[:255],
        source_units=[{"key": p.key, "text": p.source_text, "digest": p.source_digest} for p in passages],
        target_units=paragraphs,
        rows=[row.as_dict() for row in rows],
        created_by=user,
    )


# --- operations -------------------------------------------------------------------------------------------------


def rows_of(review: AlignmentReview) -> list[beads.Row]:
    return [beads.Row.from_dict(row) for row in review.rows]


def realigner(review: AlignmentReview) -> beads.Aligner:
    def run(source_ids: Sequence[int], target_ids: Sequence[int]) -> list[beads.Row]:
        # The texts (and the language pair, for the lexicon) are read here, when a re-alignment needs them, not for
        # every operation.
        sources, targets = review.source_units, review.target_units
        languages = (review.declaration.source_language, review.language)
        return propose([sources[i]["text"] for i in source_ids], [targets[j] for j in target_ids], source_ids,
                       target_ids, languages)  # fmt: skip

    return run


def transform(review: AlignmentReview, operation: str, row: int, side: str, at: int, direction: str
              ) -> list[beads.Row]:  # fmt: skip
    return beads.apply(rows_of(review), operation, row, side=side, at=at, direction=direction,
                       aligner=realigner(review))


@transaction.atomic
def operate(*, review_id: int, version: int, operation: str, row: int = 0, side: str = "both", at: int = 0,
            direction: str = "") -> AlignmentReview:  # fmt: skip
    """Apply one operation (or undo / redo) to an open review whose version is still `version`."""
    # The two texts (megabytes for a book) are read only by a re-alignment; the rows before the operation cover
    # every unit once (beads.check held when they were written), so they tell how many units there are.
    review = AlignmentReview.objects.select_for_update().defer("source_units", "target_units").get(pk=review_id)
    if review.status != ReviewStatus.OPEN:
        raise ReviewError(_("This review is closed."))
    if review.version != version:
        raise ReviewConflict
    try:
        if operation == "undo":
            if not review.undo:
                raise beads.OperationError("nothing-to-undo")
            earlier = beads.restore(review.rows, review.undo[0])
            review.redo = [beads.delta(review.rows, earlier), *review.redo][:UNDO_DEPTH]
            review.rows, review.undo = earlier, review.undo[1:]
        elif operation == "redo":
            if not review.redo:
                raise beads.OperationError("nothing-to-redo")
            later = beads.restore(review.rows, review.redo[0])
            review.undo = [beads.delta(review.rows, later), *review.undo][:UNDO_DEPTH]
            review.rows, review.redo = later, review.redo[1:]
        else:
            counts = sum(len(r["source"]) for r in review.rows), sum(len(r["target"]) for r in review.rows)
            rows = transform(review, operation, row, side, at, direction)
            beads.check(rows, *counts)
            changed = [r.as_dict() for r in rows]
            review.undo = [beads.delta(review.rows, changed), *review.undo][:UNDO_DEPTH]
            review.redo = []
            review.rows = changed
    except beads.OperationError as error:
        raise ReviewError(str(OPERATION_ERRORS.get(str(error), OPERATION_ERRORS["unknown-operation"]))) from error
    review.version += 1
    # The units (the two texts, megabytes for a book) never change after intake: not written again.
    review.save(update_fields=["rows", "undo", "redo", "version", "updated_at"])
    return review


# --- what the screen shows ------------------------------------------------------------------------------------

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
FOOTNOTE = re.compile(r"\[\d+\]")


def markers(text: str) -> set[str]:
    """Numbers, years, dates and footnote markers: they survive translation unchanged."""
    return {re.sub(r"[.,]", "", n) for n in NUMBER.findall(text)} | set(FOOTNOTE.findall(text))


def marker_warnings(source: str, target: str) -> list[dict[str, Any]]:
    """The review row's "only in the source / only in the translation" checks, kept on the accepted passage's
    revision so the editor and the publish page still show them (Revision.warnings)."""
    left, right = markers(source), markers(target)
    found = []
    if left - right:
        found.append({"code": "only-source", "values": sorted(left - right)})
    if right - left:
        found.append({"code": "only-target", "values": sorted(right - left)})
    return found


@dataclass
class RowView:
    index: int
    row: beads.Row
    source: list[tuple[str, str]]  # (passage key, text)
    target: list[str]
    only_source: list[str]
    only_target: list[str]
    ratio_off: bool
    last: bool = False

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def flags(self) -> list[str]:
        """Which of the toolbar's actions apply to this row: the screen hides the others (reviews/beads.py refuses
        them anyway). The template draws the selected row's toolbar from them and the script redraws it from the
        same words on each row."""
        row, flags = self.row, ["confirmed" if self.row.confirmed else "unconfirmed"]
        if not self.last:
            flags.append("not-last")
        if not row.source and row.target:
            flags.append("keep" if row.left_out else "leave-out")
        if row.source and row.target:
            flags.append("both")
        for side, units in (("source", row.source), ("target", row.target)):
            if units and self.index > 0:
                flags.append(f"{side}-up")
            if units and not self.last:
                flags.append(f"{side}-down")
            if len(units) > 1:
                flags.append(f"{side}-split")
        return flags

    @property
    def low(self) -> bool:
        return self.row.confidence < LOW_CONFIDENCE

    @property
    def shape(self) -> str:
        return f"{len(self.row.source)}:{len(self.row.target)}"

    @property
    def one_to_one(self) -> bool:
        return len(self.row.source) == 1 and len(self.row.target) == 1


def row_views(review: AlignmentReview, start: int = 0, stop: int | None = None,
              rows: list[beads.Row] | None = None) -> list[RowView]:  # fmt: skip
    """The rows from `start` to `stop` as the screen shows them (the length norm is the whole document's)."""
    rows = rows_of(review) if rows is None else rows
    sources, targets = review.source_units, review.target_units
    total_source = sum(len(u["text"]) for u in sources) or 1
    norm = sum(len(t) for t in targets) / total_source
    views = []
    stop = len(rows) if stop is None else min(stop, len(rows))
    for index in range(max(start, 0), stop):
        row = rows[index]
        source_texts = [(sources[i]["key"], sources[i]["text"]) for i in row.source]
        target_texts = [targets[j] for j in row.target]
        left, right = " ".join(t for _k, t in source_texts), " ".join(target_texts)
        left_marks, right_marks = markers(left), markers(right)
        ratio_off = False
        if left and right and norm > 0:
            ratio = (len(right) / len(left)) / norm
            ratio_off = (ratio > 1.8 or ratio < 0.55) and max(len(left), len(right)) > 40
        views.append(RowView(index, row, source_texts, target_texts,
                             sorted(left_marks - right_marks) if right else [],
                             sorted(right_marks - left_marks) if left else [], ratio_off,
                             index == len(rows) - 1))  # fmt: skip
    return views


# --- accepting --------------------------------------------------------------------------------------------------


def approved_in_the_way(review: AlignmentReview) -> list[Passage]:
    """Passages whose approved translation accepting would replace: the reviewer is asked first."""
    keys = [unit["key"] for unit in review.source_units]
    language = review.language
    return [p for p in Passage.objects.filter(key__in=keys).order_by("position")
            if p.state_in(language) == State.APPROVED]  # fmt: skip


@dataclass
class Grouped:
    """What accepting writes into one passage (or one group of passages the other version merged)."""

    keys: list[str]
    numbers: list[int]  # the passages' numbers as readers count them (from 1)
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Plan:
    """What accepting will do, listed for the reviewer to confirm before it applies (issue 21): every passage that
    will hold more than one paragraph of the translation, and every paragraph left out."""

    groups: list[Grouped]
    left_out: list[str]

    @property
    def joined(self) -> list[Grouped]:
        return [group for group in self.groups if len(group.paragraphs) > 1]

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.joined or self.left_out)


@dataclass
class Accepted:
    review: AlignmentReview
    written: list[int]  # passage numbers that received the translation
    kept: list[int]  # passage numbers whose approved translation was kept (not replaced)


def plan(review: AlignmentReview, rows: list[beads.Row] | None = None) -> Plan:
    """(passages, paragraphs) per row with a source; a paragraph without source joins a neighbour unless the
    reviewer left it out (a paragraph before any source passage joins the first)."""
    rows = rows_of(review) if rows is None else rows
    groups: list[Grouped] = []
    left_out: list[str] = []
    orphans: list[str] = []  # target paragraphs met before any source passage
    for row in rows:
        paragraphs = [review.target_units[j] for j in row.target]
        if row.left_out:
            left_out.extend(paragraphs)
        elif row.source:
            keys = [review.source_units[i]["key"] for i in row.source]
            groups.append(Grouped(keys, [i + 1 for i in row.source], orphans + paragraphs))
            orphans = []
        elif groups:
            groups[-1].paragraphs.extend(paragraphs)
        else:
            orphans.extend(paragraphs)
    return Plan([group for group in groups if group.paragraphs], left_out)


@transaction.atomic
def accept(*, review_id: int, version: int, user: Any, replace_approved: bool, plan_confirmed: bool = False
           ) -> Accepted:  # fmt: skip
    """Write the confirmed alignment into the passages: TRANSLATED, imported, answering the current source.

    A row with several source passages merges them into the first (the history records it). Passages that already
    hold an approved translation keep it unless `replace_approved`; the result says which were kept. When the plan
    joins paragraphs or leaves some out, the reviewer must have confirmed that list (`plan_confirmed`).
    """
    review = AlignmentReview.objects.select_for_update().get(pk=review_id)
    if review.status != ReviewStatus.OPEN:
        raise ReviewError(_("This review is closed."))
    if review.version != version:
        raise ReviewConflict
    rows = rows_of(review)
    if not all(row.confirmed for row in rows):
        raise ReviewError(_("Confirm every row before accepting."))
    passages = {p.key: p for p in Passage.objects.filter(key__in=[u["key"] for u in review.source_units])}
    for unit in review.source_units:
        passage = passages.get(unit["key"])
        if passage is None or passage.source_digest != unit["digest"]:
            raise ReviewError(_("The source changed since this review began: discard it and bring the text in again."))
    proposal = plan(review, rows)
    if proposal.needs_confirmation and not plan_confirmed:
        raise ReviewError(_("Check the list of joined and left-out paragraphs, and confirm it, before accepting."))
    written: list[int] = []
    kept: list[int] = []
    notes = [{"code": "alignment-review", "review": review.pk}]
    with summary.deferred():  # one recount of the declaration for the whole acceptance
        for group in proposal.groups:
            members = [passages[key] for key in group.keys]
            if not replace_approved and any(p.state_in(review.language) == State.APPROVED for p in members):
                kept.extend(group.numbers)
                continue
            survivor = members[0]
            if len(members) > 1:
                survivor = merge_passages(passages=members, author=user, notes=notes)
            record_change(passage=survivor, language=review.language, text=group.text, state=State.TRANSLATED,
                          action=Action.IMPORTED, author=user, notes=notes,
                          warnings=marker_warnings(survivor.source_text, group.text))  # fmt: skip
            written.extend(group.numbers)
    review.status = ReviewStatus.ACCEPTED
    review.version += 1
    review.save()
    return Accepted(review, written, kept)


@transaction.atomic
def discard(*, review_id: int, version: int) -> None:
    review = AlignmentReview.objects.select_for_update().get(pk=review_id)
    if review.version != version:
        raise ReviewConflict
    review.status = ReviewStatus.DISCARDED
    review.version += 1
    review.save()
