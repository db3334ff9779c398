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


def parse_xml(content: bytes, what: str) -> etree._Element:
    """Parse untrusted XML, refusing entity declarations, so entities are never resolved or expanded."""
    decode_upload(content, what)  # size, binary and UTF-8 checks with clear messages
    if b"<!ENTITY" in content or INTERNAL_SUBSET.search(content):
        raise ExchangeError(_("The %(what)s declares a DOCTYPE or entities, which are refused for safety.")
                            % {"what": what})  # fmt: skip
    try:
        root = etree.fromstring(content, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise ExchangeError(_("The %(what)s is not well-formed XML: %(problem)s (line %(line)s).")
                            % {"what": what, "problem": error.msg, "line": error.lineno}) from error  # fmt: skip
    return root
