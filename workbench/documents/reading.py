"""One entry for every format: a file's name and bytes in, its blocks out, or a DocumentError that says what is
wrong and where. Nothing is written anywhere: the intake (intake.py) decides what to do with the blocks."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree

from workbench.documents import docx_format, html_format, odt_format, safety
from workbench.documents.blocks import Block, plain_blocks
from workbench.documents.safety import DocumentError


@dataclass(frozen=True)
class ReadDocument:
    name: str
    format: str  # docx, odt, html, markdown, text
    blocks: list[Block]


def read_document(name: str, data: bytes) -> ReadDocument:
    kind = safety.format_of(name)
    safety.check_size(name, len(data))
    if kind in safety.ZIPPED:
        safety.check_zip(name, data, kind)
    try:
        blocks = _read(kind, name, data)
    except DocumentError:
        raise
    except (KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError, AttributeError, IndexError) as error:
        # The libraries' own errors on a file that passed the checks but is not what its name says.
        raise DocumentError(_("“%(name)s” could not be read as %(kind)s: %(error)s")
                            % {"name": name, "kind": kind.upper(), "error": error}) from error  # fmt: skip
    if not blocks:
        raise DocumentError(_("“%(name)s” holds no text: there is nothing to translate.") % {"name": name})
    return ReadDocument(name, kind, blocks)


def _read(kind: str, name: str, data: bytes) -> list[Block]:
    if kind == "docx":
        return docx_format.read_docx(data)
    if kind == "odt":
        return odt_format.read_odt(data)
    text = safety.decode(name, data)
    if kind == "html":
        return html_format.read_html(text)
    if kind == "markdown":
        return html_format.read_markdown(text)
    return plain_blocks(text)
