"""Parsing XML that came from outside (XLIFF, TMX) without ever resolving or expanding entities."""
from __future__ import annotations

import re

from django.utils.translation import gettext as _
from lxml import etree

from workbench.exchange.units import ExchangeError, decode_upload


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


# An internal DTD subset ("<!DOCTYPE x [ … ]>") is the only place a document can declare entities itself; a bare
# "<!DOCTYPE tmx SYSTEM "tmx14.dtd">" is harmless because the parser never loads external DTDs.
INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[")


def parse_xml(content: bytes, what: str, *, limit: int | None = None) -> etree._Element:
    """Parse untrusted XML, refusing entity declarations, so entities are never resolved or expanded. `limit` is
    decode_upload's size limit (None: the upload limit)."""
    decode_upload(content, what, limit=limit)  # size, binary and UTF-8 checks with clear messages
    declared = INTERNAL_SUBSET.search(content)
    start = content.find(b"<!ENTITY") if declared is None else declared.start()
    if start >= 0:
        raise ExchangeError(_("The %(what)s declares a DOCTYPE or entities (line %(line)s), which are refused for "
                              "safety.") % {"what": what, "line": content.count(b"\n", 0, start) + 1})  # fmt: skip
    try:
        root = etree.fromstring(content, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise ExchangeError(_("The %(what)s is not well-formed XML: %(problem)s (line %(line)s).")
                            % {"what": what, "problem": error.msg, "line": error.lineno}) from error  # fmt: skip
    # With an external DTD named (never loaded), libxml2 cannot tell an undeclared entity from one the DTD might
    # declare, so "&xxe;" parses as an unresolved reference instead of failing; its text would be read as "&xxe;".
    reference = next(root.iter(etree.Entity), None)
    if reference is not None:
        raise ExchangeError(_("The %(what)s refers to the entity %(entity)s, which is not defined in the file "
                              "(line %(line)s); entities are refused for safety.")
                            % {"what": what, "entity": reference.text, "line": reference.sourceline})  # fmt: skip
    return root
