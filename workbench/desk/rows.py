"""The editor's rows: each passage with its source, its target, and what a translator needs to know about it.

Built with a fixed number of queries whatever the declaration's length: the passages, the revisions behind the
current values, the newest send-backs, the open discussions, and (for stale rows) the source texts those
translations answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString

from workbench.checks.findings import Shown, shown_by_passage
from workbench.declarations.history import answered_sources, latest_revisions, latest_send_backs, send_back_stands
from workbench.declarations.models import Declaration, Passage, Progress, Revision
from workbench.desk.diffing import Piece, word_diff
from workbench.desk.tag_chips import Chip, chips, render
from workbench.discussion.threads import OpenThread, open_threads

if TYPE_CHECKING:
    from workbench.desk.term_marks import RowTerm

TO_DO = (Progress.MISSING, Progress.DRAFT, Progress.STALE)


@dataclass
class Row:
    passage: Passage
    source_text: str
    target_text: str
    progress: Progress
    state_label: str
    last_change: Revision | None
    based_on: int
    source_based_on: int
    source_change: list[Piece] = field(default_factory=list)  # how the source changed since the translation
    sent_back: Revision | None = None  # the send-back whose reason still stands (history.send_back_stands)
    failures: list[Shown] = field(default_factory=list)  # what the checks found in the current text (issue 23)
    # The glossary's terms in the source (desk/term_marks.py): the source with them marked, and their list.
    source_marked: SafeString | None = None
    terms: list[RowTerm] = field(default_factory=list)
    thread: OpenThread | None = None  # the passage's open discussion in this language, if any (issue 25)
    number: int = 0  # the passage's number in the declaration (1 for the first), whatever window shows it
    # Filled when a submission on this row is re-displayed with an error.
    error: str = ""
    typed_text: str | None = None

    @property
    def key(self) -> str:
        return self.passage.key

    @property
    def is_to_do(self) -> bool:
        return self.progress in TO_DO

    @property
    def warnings(self) -> list[str]:
        """What the write behind the current text knew was doubtful (Revision.warnings), in the reader's language."""
        return self.last_change.warning_messages() if self.last_change else []

    @property
    def open_failures(self) -> list[Shown]:
        return [item for item in self.failures if not item.overridden]

    @property
    def source_html(self) -> SafeString:
        """The source as the editor shows it: escaped, its tags as chips, its glossary terms marked if any."""
        return self.source_marked if self.source_marked is not None else render(self.source_text)

    @property
    def source_chips(self) -> list[Chip]:
        """The source's tags, in order, for the row's tag bar (static/desk/tags.js inserts them)."""
        return chips(self.source_text)

    @property
    def shown_text(self) -> str:
        return self.target_text if self.typed_text is None else self.typed_text


def build_rows(declaration: Declaration, language: str, passages: list[Passage] | None = None,
               first_number: int = 1) -> list[Row]:
    """The rows of `passages` (consecutive, in order, numbered from `first_number`), or of the whole declaration."""
    source_language = declaration.source_language
    if passages is None:
        passages = list(declaration.passages.order_by("position", "pk"))
    for passage in passages:
        passage.declaration = declaration  # saves a query per row when a row asks for its source language
    latest = latest_revisions(passages, [language, source_language])
    send_backs = latest_send_backs(passages, language)
    stale = [p for p in passages if p.is_stale(language)]
    answered = answered_sources(stale, source_language, {p.basis_in(language) for p in stale})
    rows = []
    for number, passage in enumerate(passages, start=first_number):
        progress = passage.progress_in(language)
        target = latest.get((passage.pk, language))
        source = latest.get((passage.pk, source_language))
        row = Row(
            passage=passage,
            source_text=passage.source_text,
            target_text=passage.text_in(language),
            progress=progress,
            state_label=str(progress.label),
            last_change=target,
            based_on=target.pk if target else 0,
            source_based_on=source.pk if source else 0,
            number=number,
        )
        send_back = send_backs.get(passage.pk)
        if send_back is not None and send_back_stands(send_back, passage, language):
            row.sent_back = send_back
        if progress is Progress.STALE:
            old_source = answered.get((passage.pk, passage.basis_in(language)))
            if old_source is not None:
                row.source_change = word_diff(old_source, passage.source_text)
        rows.append(row)
    failing = shown_by_passage([p.pk for p in passages], language)  # one query, two when something fails
    threads = open_threads([p.pk for p in passages], language)  # one query
    for row in rows:
        row.failures = failing.get(row.passage.pk, [])
        row.thread = threads.get(row.passage.pk)
    return rows

