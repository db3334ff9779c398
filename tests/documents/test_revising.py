"""A new version of the source document: the plan it makes on hand-made cases, and the plan applied in one
transaction through the content model's write functions (issue 24)."""
from __future__ import annotations

import datetime
import io

import docx
import pytest

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, Progress, Revision, State
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.models import PassageBlock, SourceDocument
from workbench.documents.reading import read_document
from workbench.documents.revising import apply_revision, plan_revision
from workbench.documents.safety import DocumentError
from workbench.documents.writing import write

from .files import seoul_docx

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "# The Seoul Declaration",
    "The ministers of culture met in Seoul on the third of June.",
    "Cultural diversity is a common heritage of humanity.",
    "The network will meet again next year in Shanghai.",
    "Members agree to share their cultural policies.",
    "This declaration was adopted by consensus.",
]
FRENCH = [
    "La Déclaration de Séoul",
    "Les ministres de la culture se sont réunis à Séoul le trois juin.",
    "La diversité culturelle est un patrimoine commun de l'humanité.",
    "Le réseau se réunira de nouveau l'an prochain à Shanghai.",
    "Les membres conviennent de partager leurs politiques culturelles.",
    "Cette déclaration a été adoptée par consensus.",
]


def markdown(paragraphs: list[str]) -> bytes:
    return "\n\n".join(paragraphs).encode() + b"\n"


def declaration_with_french() -> Declaration:
    data = markdown(PARAGRAPHS)
    meta = Metadata(slug="seoul-md", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration"})  # fmt: skip
    declaration = create_declaration(read_document("seoul.md", data), data, meta).declaration
    for passage, text in zip(declaration.passages.order_by("position"), FRENCH, strict=True):
        record_change(passage=passage, language="fr", text=text, state=State.APPROVED, action=Action.APPROVED)
    return declaration


# The new version: paragraph 2 edited, 3 and 4 swapped (4 moved), 5 removed, one inserted, 6 made bold.
REVISED = [
    "# The Seoul Declaration",
    "The ministers of culture met in Seoul on the fourth of June.",
    "The network will meet again next year in Shanghai.",
    "Cultural diversity is a common heritage of humanity.",
    "A working group on the convention will report in the autumn.",
    "This declaration was adopted by **consensus**.",
]


def passages_of(declaration: Declaration) -> list[Passage]:
    return list(declaration.passages.order_by("position"))


def test_the_plan_says_what_happens_to_each_paragraph_and_writes_nothing() -> None:
    declaration = declaration_with_french()
    before = Revision.objects.count()
    plan = plan_revision(declaration, read_document("seoul-v2.md", markdown(REVISED)))
    kinds = {(item.passage.number if item.passage else None, item.new_index): item.kind for item in plan.items}
    assert kinds[(1, 0)] == "unchanged"
    assert kinds[(2, 1)] == "edited"
    assert {kinds.get((3, 3)), kinds.get((4, 2))} == {"unchanged", "moved"}
    assert kinds[(5, None)] == "removed"
    assert kinds[(None, 4)] == "inserted"
    assert kinds[(6, 5)] == "edited"
    formatting = next(item for item in plan.items if item.new_index == 5)
    assert formatting.formatting_only and formatting.translations() == ["fr"]
    assert Revision.objects.count() == before and len(passages_of(declaration)) == 6


def test_applying_keeps_unchanged_translations_stales_edits_retires_removals_and_inserts() -> None:
    declaration = declaration_with_french()
    old = passages_of(declaration)
    document = read_document("seoul-v2.md", markdown(REVISED))
    plan = plan_revision(declaration, document)
    applied = apply_revision(declaration, document, markdown(REVISED), seen=plan.fingerprint,
                             minor=[old[5].key])  # fmt: skip
    assert (applied.edited, applied.inserted, applied.removed, applied.moved) == (2, 1, 1, 1)
    now = passages_of(declaration)
    assert [p.source_text for p in now] == [read_document("x.md", markdown([t])).blocks[0].text for t in REVISED]
    keys = [p.key for p in now]
    assert keys[:4] == [old[0].key, old[1].key, old[3].key, old[2].key]  # same passages, new order
    assert keys[5] == old[5].key and keys[4] not in {p.key for p in old}
    progress = {p.key: p.progress_in("fr") for p in now}
    assert progress[old[0].key] == Progress.APPROVED  # unchanged: translation kept
    assert progress[old[1].key] == Progress.STALE  # edited: the translation answers the old source
    assert progress[old[2].key] == progress[old[3].key] == Progress.APPROVED  # moved: kept
    assert progress[old[5].key] == Progress.APPROVED  # edited, marked minor: kept current
    assert progress[keys[4]] == Progress.MISSING  # inserted: to translate
    assert Revision.objects.filter(passage=old[5], action=Action.KEPT_CURRENT, language="fr").exists()
    edit = Revision.objects.filter(passage=old[1], language="en").latest("pk")
    assert edit.action == Action.EDITED and edit.notes == [{"code": "document-version", "file": "seoul-v2.md"}]


def test_a_removed_passage_leaves_the_current_text_and_keeps_its_history() -> None:
    declaration = declaration_with_french()
    removed = passages_of(declaration)[4]
    document = read_document("seoul-v2.md", markdown(REVISED))
    apply_revision(declaration, document, markdown(REVISED), seen=plan_revision(declaration, document).fingerprint)
    assert removed.key not in {p.key for p in passages_of(declaration)}
    kept = Passage.all_objects.get(pk=removed.pk)
    assert kept.retired_at is not None and kept.text_in("fr") == FRENCH[4]
    actions = list(Revision.objects.filter(passage=removed).order_by("pk").values_list("action", flat=True))
    assert actions[-1] == Action.RETIRED and Action.APPROVED in actions
    assert declaration.passages.count() == 6 and [p.number for p in passages_of(declaration)] == [1, 2, 3, 4, 5, 6]
    counts = Passage.objects.filter(declaration=declaration).progress("fr")
    assert sum(value for name, value in counts.items() if name.endswith("passages")) == 6


def test_blocks_and_the_original_follow_the_new_version() -> None:
    declaration = declaration_with_french()
    document = read_document("seoul-v2.md", markdown(REVISED))
    apply_revision(declaration, document, markdown(REVISED), seen=plan_revision(declaration, document).fingerprint)
    blocks = PassageBlock.objects.filter(passage__declaration=declaration).order_by("order")
    assert [b.passage.position for b in blocks] == [0, 1, 2, 3, 4, 5]
    assert blocks[0].kind == "heading"
    original = SourceDocument.objects.get(declaration=declaration)
    assert original.filename == "seoul-v2.md" and bytes(original.content) == markdown(REVISED)
    written = write(declaration, "fr", "markdown")
    text = written.content.decode()
    assert "Le réseau se réunira" in text.split("La diversité culturelle")[0]  # the new order
    # The two edits (not marked minor) are stale and the insertion is missing: written in the source language.
    assert written.untranslated == [2, 5, 6]


def test_a_stale_preview_is_refused_and_changes_nothing() -> None:
    declaration = declaration_with_french()
    document = read_document("seoul-v2.md", markdown(REVISED))
    plan = plan_revision(declaration, document)
    first = passages_of(declaration)[0]
    record_change(passage=first, language="en", text="The Seoul Declaration (2004)", state=State.APPROVED,
                  action=Action.EDITED)  # fmt: skip
    before = (Revision.objects.count(), [(p.key, p.source_text) for p in passages_of(declaration)])
    with pytest.raises(DocumentError, match="changed since the preview"):
        apply_revision(declaration, document, markdown(REVISED), seen=plan.fingerprint)
    assert (Revision.objects.count(), [(p.key, p.source_text) for p in passages_of(declaration)]) == before
    assert bytes(SourceDocument.objects.get(declaration=declaration).content) == markdown(PARAGRAPHS)


def test_a_new_docx_version_is_written_back_into_the_new_file() -> None:
    data = seoul_docx()
    meta = Metadata(slug="seoul-docx", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration"})  # fmt: skip
    declaration = create_declaration(read_document("seoul.docx", data), data, meta).declaration
    heading = passages_of(declaration)[0]
    record_change(passage=heading, language="fr", text="La Déclaration de Séoul", state=State.APPROVED,
                  action=Action.APPROVED)  # fmt: skip
    revised = docx.Document(io.BytesIO(data))
    revised.add_paragraph("A closing paragraph added in the second version.")
    out = io.BytesIO()
    revised.save(out)
    document = read_document("seoul-v2.docx", out.getvalue())
    plan = plan_revision(declaration, document)
    assert [item.kind for item in plan.items].count("inserted") == 1 and plan.changes == 1
    apply_revision(declaration, document, out.getvalue(), seen=plan.fingerprint)
    written = docx.Document(io.BytesIO(write(declaration, "fr").content))
    texts = [p.text for p in written.paragraphs if p.text]
    assert texts[0] == "La Déclaration de Séoul"
    assert texts[-1] == "A closing paragraph added in the second version."
