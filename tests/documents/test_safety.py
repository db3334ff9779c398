"""Bad files get a clear message and nothing is read from them."""
from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings

from workbench.documents.reading import read_document
from workbench.documents.safety import DocumentError, check_size

from .files import seoul_docx, seoul_odt, with_part


def refused(name: str, data: bytes) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(name, data)
    return str(caught.value)


def test_not_a_zip() -> None:
    assert "is not a DOCX file" in refused("letter.docx", b"Dear all, this is plain text.")


def test_a_zip_that_is_not_a_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "has no word/document.xml" in refused("letter.docx", out.getvalue())


def test_a_zip_bomb() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/padding.bin", b"\0" * (50 * 1024 * 1024))  # packs to about 50 KB
    assert "zip bomb" in refused("bomb.docx", out.getvalue())


def test_macros_by_name_and_by_content() -> None:
    assert "macro-enabled" in refused("report.docm", seoul_docx())
    assert "holds macros (word/vbaProject.bin)" in refused("report.docx",
                                                          with_part(seoul_docx(), "word/vbaProject.bin", b"x"))
    assert "holds macros (Basic/" in refused("report.odt", with_part(seoul_odt(), "Basic/Standard/Module1.xml", b"x"))


def test_xml_with_a_dtd_or_external_entities() -> None:
    hostile = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
               b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&e;</w:document>')
    message = refused("hostile.docx", with_part(seoul_docx(), "word/document.xml", hostile))
    assert "word/document.xml declares a DTD or entities" in message


def test_an_empty_document() -> None:
    assert "holds no text" in refused("empty.md", b"\n\n   \n")
    assert "is empty" in refused("empty.txt", b"")


def test_an_unknown_format() -> None:
    assert "not a format the workbench reads" in refused("slides.pptx", b"PK...")


def test_a_200_mb_upload_is_refused_by_its_size_before_reading() -> None:
    with pytest.raises(DocumentError, match="is 200.0 MB; documents of up to 20 MB"):
        check_size("huge.docx", 200 * 1024 * 1024)
    with override_settings(DOCUMENT_MAX_BYTES=1000):
        assert "documents of up to 0 MB" in refused("big.txt", b"x" * 2000)


def test_text_that_is_not_utf8() -> None:
    assert "is not UTF-8 text (byte 1)" in refused("latin.txt", "Séoul".encode("latin-1") + b"!")
