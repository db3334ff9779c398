"""A declaration made from a document, in one transaction: the declaration with its metadata, one passage per block
(through the content model's add_source_passages, so each has its first revision), the blocks' kinds and places, the
original file, and, when a translation file comes with it, that translation sent to alignment review (the existing
intake, reviews/alignment.py)."""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from workbench.declarations.changes import add_source_passages
from workbench.declarations.languages import column
from workbench.declarations.models import Declaration, Kind, Passage, ReportedVersion
from workbench.documents.models import BlockKind, PassageBlock, SourceDocument
from workbench.documents.reading import ReadDocument
from workbench.documents.safety import DocumentError
from workbench.reviews.alignment import start_review


@dataclass(frozen=True)
class Metadata:
    slug: str
    source_language: str
    issued_on: datetime.date
    kind: str = Kind.DECLARATION
    organisation: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # per language
    reported: Sequence[str] = ()  # the languages the source says it is available in


@dataclass(frozen=True)
class Created:
    declaration: Declaration
    passages: int
    footnotes: int
    review_id: int | None


def validate(meta: Metadata) -> None:
    """Refuse metadata that cannot make a declaration, before anything is written."""
    languages = {code for code, _name in settings.LANGUAGES}
    if not meta.slug or slugify(meta.slug) != meta.slug:
        raise DocumentError(_("“%(slug)s” is not a valid slug: use lower-case letters, digits and hyphens.")
                            % {"slug": meta.slug})  # fmt: skip
    if Declaration.objects.filter(slug=meta.slug).exists():
        raise DocumentError(_("A declaration with the slug “%(slug)s” already exists.") % {"slug": meta.slug})
    for language in [meta.source_language, *meta.titles, *meta.reported]:
        if language not in languages:
            raise DocumentError(_("“%(language)s” is not a language of the workbench.") % {"language": language})
    if meta.kind not in Kind.values:
        raise DocumentError(_("“%(kind)s” is not a kind of text.") % {"kind": meta.kind})
    if not meta.titles.get(meta.source_language, "").strip():
        raise DocumentError(_("The title in the source language is required."))


@transaction.atomic
def create_declaration(document: ReadDocument, data: bytes, meta: Metadata, user: Any = None,
                       translation: ReadDocument | None = None, translation_language: str = "") -> Created:  # fmt: skip
    validate(meta)
    if translation is not None and translation_language in ("", meta.source_language):
        raise DocumentError(_("Say which language the translation file is in (not the source language)."))
    if translation is not None and user is None:
        raise DocumentError(_("An alignment review needs the person who starts it: give a user."))
    values: dict[str, Any] = {"source_language": meta.source_language, "issued_on": meta.issued_on, "kind": meta.kind,
                              column("organisation", meta.source_language): meta.organisation}  # fmt: skip
    for language, title in meta.titles.items():
        if title.strip():
            values[column("title", language)] = title.strip()
    declaration = Declaration.objects.create(slug=meta.slug, **values)
    for language in dict.fromkeys(meta.reported):
        if language != meta.source_language:
            ReportedVersion.objects.create(declaration=declaration, language=language)
    passages = add_source_passages(declaration=declaration, texts=[block.text for block in document.blocks],
                                   author=user, notes=[{"code": "document", "file": document.name}])  # fmt: skip
    blocks = []
    for order, (passage, block) in enumerate(zip(passages, document.blocks, strict=True)):
        passage.footnote = block.note if block.kind == BlockKind.FOOTNOTE else ""
        blocks.append(PassageBlock(passage=passage, order=order, kind=block.kind, level=block.level, note=block.note))
    PassageBlock.objects.bulk_create(blocks, batch_size=500)
    Passage.objects.bulk_update([b.passage for b in blocks if b.passage.footnote], ["footnote"], batch_size=500)
    SourceDocument.objects.create(declaration=declaration, language=meta.source_language, format=document.format,
                                  filename=document.name[:255], content=data, added_by=user)  # fmt: skip
    review_id = None
    if translation is not None:
        review = start_review(declaration=declaration, language=translation_language,
                              paragraphs=[block.text for block in translation.blocks], origin=translation.name,
                              user=user)  # fmt: skip
        review_id = review.pk
    return Created(declaration, len(blocks), sum(1 for b in document.blocks if b.kind == BlockKind.FOOTNOTE), review_id)
