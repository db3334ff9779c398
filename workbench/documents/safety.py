"""What a document must be before any reader opens it: a known format, not too large, and for the zipped formats
(DOCX, ODT) a real zip with no macros, no zip bomb and no XML part that declares a DTD (the door to external and
expanding entities; neither format needs one)."""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

# Formats by file name ending; the zipped ones are checked as zips.
FORMATS = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html", ".md": "markdown",
           ".markdown": "markdown", ".txt": "text"}  # fmt: skip
ZIPPED = {"docx", "odt"}
_MACRO_ENDINGS = (".docm", ".dotm", ".odm", ".ott")
# A zip whose parts would unpack to more than this, or one part more than _MAX_RATIO times its packed size, is
# taken for a zip bomb. Real 300-page documents unpack to a few MB of XML.
_MAX_UNPACKED = 200 * 1024 * 1024
_MAX_RATIO = 200
_MAX_PARTS = 5000


class DocumentError(ValueError):
    """A document refused, with a message for the person who sent it (what is wrong, and where)."""


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))


def format_of(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix in _MACRO_ENDINGS:
        raise DocumentError(_("“%(name)s” is a macro-enabled document: save it as .docx or .odt without macros.")
                            % {"name": name})  # fmt: skip
    if suffix not in FORMATS:
        raise DocumentError(_("“%(name)s” is not a format the workbench reads: send DOCX, ODT, HTML, Markdown "
                              "(.md) or plain text (.txt).") % {"name": name})  # fmt: skip
    return FORMATS[suffix]


def check_size(name: str, size: int) -> None:
    if size > max_bytes():
        raise DocumentError(_("“%(name)s” is %(size)s MB; documents of up to %(limit)s MB are accepted.")
                            % {"name": name, "size": f"{size / 1048576:.1f}", "limit": f"{max_bytes() / 1048576:.0f}"})
    if size == 0:
        raise DocumentError(_("“%(name)s” is empty.") % {"name": name})


def check_zip(name: str, data: bytes, kind: str) -> zipfile.ZipFile:
    """The document's zip, opened, once it has passed every check."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(_("“%(name)s” is not a %(kind)s file (a %(kind)s file is a zip archive, and this is "
                              "not one).") % {"name": name, "kind": kind.upper()})  # fmt: skip
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise DocumentError(_("“%(name)s” is a damaged zip archive (%(error)s).")
                            % {"name": name, "error": error}) from error  # fmt: skip
    if len(parts) > _MAX_PARTS or sum(p.file_size for p in parts) > _MAX_UNPACKED or any(
        p.file_size > 1024 * 1024 and p.file_size > _MAX_RATIO * max(1, p.compress_size) for p in parts
    ):
        raise DocumentError(_("“%(name)s” unpacks to far more than it weighs (a zip bomb): it was not opened.")
                            % {"name": name})  # fmt: skip
    names = {p.filename for p in parts}
    macros = [n for n in names if n.lower().endswith("vbaproject.bin") or n.startswith(("Basic/", "Scripts/"))]
    if macros:
        raise DocumentError(_("“%(name)s” holds macros (%(part)s): save it without macros and send it again.")
                            % {"name": name, "part": sorted(macros)[0]})  # fmt: skip
    required = "word/document.xml" if kind == "docx" else "content.xml"
    if required not in names:
        raise DocumentError(_("“%(name)s” is a zip archive but not a %(kind)s document (it has no %(part)s).")
                            % {"name": name, "kind": kind.upper(), "part": required})  # fmt: skip
    for part in parts:
        if part.filename.endswith(".xml") or part.filename.endswith(".rels"):
            head = archive.read(part.filename)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise DocumentError(_("“%(name)s”: its part %(part)s declares a DTD or entities, which a %(kind)s "
                                      "document never needs; it was not read.")
                                    % {"name": name, "part": part.filename, "kind": kind.upper()})  # fmt: skip
    return archive


def decode(name: str, data: bytes) -> str:
    """The text of an HTML, Markdown or plain-text file, which must be UTF-8 (a byte-order mark is allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(_("“%(name)s” is not UTF-8 text (byte %(at)s): save it as UTF-8.")
                            % {"name": name, "at": error.start}) from error  # fmt: skip
    if "\x00" in text:
        raise DocumentError(_("“%(name)s” holds binary data, not text.") % {"name": name})
    return text
