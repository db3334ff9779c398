"""A new version of a declaration's source document (issue 24): what it changes, then those changes applied.

`plan_revision` matches the new file's blocks to the declaration's current passages (versions.match_versions) and
says, for each, what would happen: unchanged (translations kept), edited (translations go stale unless the edit is
marked minor), inserted (a new passage), removed (retired from the current text, history kept) or moved. It writes
nothing, so the preview screen can show it.

`apply_revision` makes the same plan again, refuses if the declaration changed since the preview (the plan's
fingerprint), and applies it in one transaction through the content model's write functions, so every text change
has its revision: record_change for edits (with `minor` where asked), add_passage for insertions, retire_passages
for removals, then the positions of the new order, the blocks, and the new file as the declaration's original (so
a translation is written back into the new version)."""
from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench.declarations import summary
from workbench.declarations.changes import add_passage, record_change, retire_passages
from workbench.declarations.inline import plain
from workbench.declarations.languages import language_codes
from workbench.declarations.models import Action, Declaration, Passage, State
from workbench.documents.blocks import Block
from workbench.documents.models import BlockKind, PassageBlock, SourceDocument
from workbench.documents.reading import ReadDocument
from workbench.documents.safety import DocumentError
from workbench.documents.versions import EDITED, INSERTED, MOVED, REMOVED, UNCHANGED, match_versions, normalise

KINDS = (UNCHANGED, EDITED, MOVED, INSERTED, REMOVED)


@dataclass(frozen=True)
class Item:
    """One paragraph of the plan: the current passage it concerns (None for an insertion), the new block (None for
    a removal) and its place in the new version."""

    kind: str
    passage: Passage | None
    block: Block | None
    new_index: int | None
    score: float

    @property
    def text_changed(self) -> bool:
        return (self.passage is not None and self.block is not None
                and normalise(self.passage.source_text) != normalise(self.block.text))  # fmt: skip

    @property
    def formatting_only(self) -> bool:
        """Only the inline tags differ (a word made bold): the words a translator translates are the same."""
        return self.text_changed and normalise(plain(self.passage.source_text)) == normalise(plain(self.block.text))

    def translations(self) -> list[str]:
        """The languages with a current translation of this passage: an edit makes them stale unless minor."""
        if self.passage is None:
            return []
        source = self.passage.source_language
        return [code for code in language_codes() if code != source
                and self.passage.state_in(code) != State.MISSING and not self.passage.is_stale(code)]  # fmt: skip


@dataclass(frozen=True)
class Plan:
    declaration: Declaration
    document: ReadDocument
    items: list[Item]
    fingerprint: str

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    @property
    def changes(self) -> int:
        return sum(1 for item in self.items if item.kind != UNCHANGED)


def plan_revision(declaration: Declaration, document: ReadDocument) -> Plan:
    """What the new version would change; writes nothing."""
    passages = list(declaration.passages.select_related("declaration").order_by("position", "pk"))
    blocks = document.blocks
    matched = match_versions([p.source_text for p in passages], [b.text for b in blocks])
    items = [Item(change.kind, passages[change.old] if change.old is not None else None,
                  blocks[change.new] if change.new is not None else None, change.new, change.score)
             for change in matched]  # fmt: skip
    return Plan(declaration, document, items, fingerprint(passages, document))


def fingerprint(passages: list[Passage], document: ReadDocument) -> str:
    """What the preview was made from: the current passages (and their source texts) and the new blocks. Applying a
    plan whose fingerprint differs would apply something the coordinator has not seen."""
    hashed = hashlib.sha256()
    for passage in passages:
        hashed.update(f"{passage.pk}:{passage.source_digest}\n".encode())
    hashed.update(b"--\n")
    for block in document.blocks:
        hashed.update(f"{block.kind}:{block.level}:{block.note}:{block.text}\n".encode())
    return hashed.hexdigest()[:32]


@dataclass(frozen=True)
class Applied:
    edited: int
    inserted: int
    removed: int
    moved: int
    kept_current: int  # edits marked minor


@transaction.atomic
def apply_revision(declaration: Declaration, document: ReadDocument, data: bytes, *, seen: str,
                   minor: Collection[str] = (), user: Any = None) -> Applied:  # fmt: skip
    """Apply the plan the coordinator saw (`seen`, its fingerprint); `minor` holds the keys of the edited passages
    whose translations stay current."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    plan = plan_revision(declaration, document)
    if plan.fingerprint != seen:
        raise DocumentError(_("The declaration or the file changed since the preview: look at the new preview "
                              "before applying it."))  # fmt: skip
    edited = sum(1 for item in plan.items if item.text_changed)  # before the writes refresh the passages
    source = declaration.source_language
    notes = [{"code": "document-version", "file": document.name}]
    with summary.deferred():  # one recount of the declaration for the whole new version
        retire_passages(passages=[item.passage for item in plan.items if item.kind == REMOVED], author=user,
                        notes=[{"code": "document-version-removed", "file": document.name}])  # fmt: skip
        placed: list[tuple[Passage, Block, int]] = []
        kept_current = 0
        for item in plan.items:
            if item.block is None or item.new_index is None:
                continue
            passage = item.passage
            if passage is None:
                passage = add_passage(declaration=declaration, position=item.new_index, texts={source: item.block.text},
                                      states={source: State.APPROVED}, action=Action.CREATED, author=user,
                                      notes=notes)  # fmt: skip
            elif item.text_changed:
                is_minor = passage.key in minor
                kept_current += is_minor and bool(item.translations())
                record_change(passage=passage, language=source, text=item.block.text, state=State.APPROVED,
                              action=Action.EDITED, author=user, minor=is_minor, notes=notes)  # fmt: skip
            placed.append((passage, item.block, item.new_index))
    for passage, block, index in placed:
        passage.position = index
        passage.footnote = block.note if block.kind == BlockKind.FOOTNOTE else ""
    Passage.objects.bulk_update([passage for passage, _block, _index in placed], ["position", "footnote"],
                                batch_size=500)  # fmt: skip
    PassageBlock.objects.filter(passage__declaration=declaration).delete()
    PassageBlock.objects.bulk_create(
        PassageBlock(passage=passage, order=index, kind=block.kind, level=block.level, note=block.note)
        for passage, block, index in placed
    )
    SourceDocument.objects.update_or_create(
        declaration=declaration,
        defaults={"language": source, "format": document.format, "filename": document.name[:255], "content": data,
                  "added_by": user, "added_at": timezone.now()},  # fmt: skip
    )
    return Applied(
        edited=edited,
        inserted=plan.count(INSERTED),
        removed=plan.count(REMOVED),
        moved=plan.count(MOVED),
        kept_current=kept_current,
    )
