"""A declaration made from a document in one transaction, and written back out in the document's own format."""
from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from workbench.declarations.changes import record_change
from workbench.declarations.models import (
    Action,
    AlignmentReview,
    Declaration,
    Passage,
    ReportedVersion,
    Revision,
    State,
)
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.models import PassageBlock, SourceDocument
from workbench.documents.reading import read_document
from workbench.documents.safety import DocumentError
from workbench.documents.writing import write

from .files import seoul_docx

pytestmark = pytest.mark.django_db

META = Metadata(slug="seoul-docx", source_language="en", issued_on=datetime.date(2004, 6, 3),
                organisation="INCD", titles={"en": "The Seoul Declaration", "fr": "La Déclaration de Séoul"},
                reported=["fr"])  # fmt: skip


DOCX = seoul_docx()  # once: python-docx stamps the zip with the time, so two calls may differ


def make(**changes: object) -> Declaration:
    data = DOCX
    meta = Metadata(**{**META.__dict__, **changes})
    return create_declaration(read_document("seoul.docx", data), data, meta).declaration


def test_one_passage_per_block_with_its_revision_kind_and_the_original() -> None:
    declaration = make()
    passages = list(declaration.passages.order_by("position"))
    assert [p.source_text for p in passages][:1] == ["The Seoul Declaration"]
    assert len(passages) == 5 and all(p.state_in("en") == State.APPROVED for p in passages)
    assert Revision.objects.filter(passage__declaration=declaration, action=Action.IMPORTED).count() == 5
    assert [b.kind for b in PassageBlock.objects.filter(passage__declaration=declaration)] == [
        "heading", "paragraph", "list-item", "table-cell", "table-cell"]
    assert bytes(SourceDocument.objects.get(declaration=declaration).content) == DOCX
    assert declaration.title_in("fr") == "La Déclaration de Séoul"
    assert ReportedVersion.objects.filter(declaration=declaration, language="fr").exists()


def test_bad_metadata_creates_nothing() -> None:
    make()
    before = (Declaration.objects.count(), Passage.objects.count(), Revision.objects.count())
    with pytest.raises(DocumentError, match="already exists"):
        make()
    with pytest.raises(DocumentError, match="title in the source language is required"):
        make(slug="other", titles={"fr": "x"})
    with pytest.raises(DocumentError, match="not a language"):
        make(slug="other", reported=["xx"])
    assert (Declaration.objects.count(), Passage.objects.count(), Revision.objects.count()) == before


def test_a_failure_half_way_rolls_everything_back(people: dict) -> None:
    data = seoul_docx()
    # A translation in the source language cannot go to review: refused after the declaration was started.
    with pytest.raises(DocumentError, match="which language the translation"):
        create_declaration(read_document("seoul.docx", data), data, META, people["coordinator"],
                           read_document("fr.txt", b"Bonjour."), "en")  # fmt: skip
    assert not Declaration.objects.filter(slug=META.slug).exists() and not Passage.objects.exists()


def test_a_translation_file_goes_to_alignment_review(people: dict) -> None:
    data = seoul_docx()
    french = "La Déclaration de Séoul\n\nLes ministres se sont réunis à Séoul.\n\nLa diversité culturelle.\n"
    created = create_declaration(read_document("seoul.docx", data), data, META, people["coordinator"],
                                 read_document("seoul-fr.txt", french.encode()), "fr")  # fmt: skip
    review = AlignmentReview.objects.get(pk=created.review_id)
    assert review.language == "fr" and review.target_units[0] == "La Déclaration de Séoul"


def runs_of(data: bytes) -> list[tuple[str, list[tuple[str, bool, bool]]]]:
    """Each paragraph's text and its runs (text, bold, italic), with python-docx."""
    document = docx.Document(io.BytesIO(data))
    return [(p.text, [(r.text, bool(r.bold), bool(r.italic)) for r in p.runs]) for p in document.paragraphs]


def test_a_docx_round_trip_keeps_texts_order_and_runs() -> None:
    declaration = make()
    written = write(declaration, "en")
    assert written.format == "docx" and written.untranslated == []
    assert runs_of(written.content) == runs_of(seoul_docx())
    original, again = docx.Document(io.BytesIO(seoul_docx())), docx.Document(io.BytesIO(written.content))
    assert [h.address for p in again.paragraphs for h in p.hyperlinks] == [
        h.address for p in original.paragraphs for h in p.hyperlinks] == ["https://www.incd.net/"]
    assert [p.style.name for p in again.paragraphs] == [p.style.name for p in original.paragraphs]
    assert again.tables[0].cell(0, 1).text == "72"


def test_a_translation_written_into_the_original_with_the_rest_left_in_the_source_language() -> None:
    declaration = make()
    heading, body = declaration.passages.order_by("position")[:2]
    record_change(passage=heading, language="fr", text="La Déclaration de Séoul", state=State.APPROVED,
                  action=Action.EDITED)  # fmt: skip
    record_change(passage=body, language="fr", text="Les ministres se sont réunis à <b>Séoul</b>.",
                  state=State.DRAFT, action=Action.EDITED)  # fmt: skip
    written = write(declaration, "fr")
    document = docx.Document(io.BytesIO(written.content))
    assert document.paragraphs[0].text == "La Déclaration de Séoul"
    assert document.paragraphs[0].style.name == "Heading 1"
    assert document.paragraphs[1].text.startswith("The ministers met")  # a draft is not written out
    assert written.untranslated == [2, 3, 4, 5]
    record_change(passage=body, language="fr", text="Les ministres se sont réunis à <b>Séoul</b>.",
                  state=State.TRANSLATED, action=Action.EDITED)  # fmt: skip
    paragraph = docx.Document(io.BytesIO(write(declaration, "fr").content)).paragraphs[1]
    assert [(r.text, bool(r.bold)) for r in paragraph.runs] == [
        ("Les ministres se sont réunis à ", False), ("Séoul", True), (".", False)]


def test_markdown_html_and_text_out() -> None:
    declaration = make()
    assert write(declaration, "en", "markdown").content.decode().startswith("# The Seoul Declaration\n\nThe "
                                                                             "ministers met in **Seoul**")
    html = write(declaration, "en", "html").content.decode()
    assert "<h1>The Seoul Declaration</h1>" in html and "<li>Cultural diversity" in html
    assert write(declaration, "en", "text").content.decode().startswith("The Seoul Declaration\n\nThe ministers")


def test_the_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "seoul.docx"
    source.write_bytes(seoul_docx())
    call_command("import_document", str(source), "--slug", "seoul-cli", "--language", "en",
                 "--title", "en=The Seoul Declaration", "--date", "2004-06-03", "--available-in", "fr")  # fmt: skip
    assert "Created seoul-cli: 5 passages" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_document", str(source), "--slug", "seoul-cli", "--language", "en")
    out = tmp_path / "seoul-fr.md"
    call_command("export_document", "seoul-cli", "fr", "--output", str(out))
    printed = capsys.readouterr().out
    assert "5 passage(s) left in the source language (en): 1, 2, 3, 4, 5" in printed
    assert out.read_text().startswith("# The Seoul Declaration")
    with pytest.raises(CommandError, match="write .docx"):
        call_command("export_document", "seoul-cli", "fr", "--output", str(tmp_path / "x.pdf"))


def test_a_link_a_reader_may_not_follow_is_written_as_its_text_only() -> None:
    declaration = make()
    body = declaration.passages.order_by("position")[1]
    record_change(passage=body, language="fr", text='Voir <a href="javascript:alert(1)">le réseau</a>.',
                  state=State.APPROVED, action=Action.APPROVED)  # fmt: skip
    paragraph = docx.Document(io.BytesIO(write(declaration, "fr").content)).paragraphs[1]
    assert paragraph.text == "Voir le réseau." and paragraph.hyperlinks == []
