from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import PASSWORD

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"

__all__ = ["PASSWORD"]


class OfflineSchemas(etree.Resolver):
    """Resolve the W3C xml.xsd import from the local copy: tests never reach the network."""

    def resolve(self, url: str, pubid: str, context: object) -> object:
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@pytest.fixture(scope="session")
def xliff_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(OfflineSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


@pytest.fixture(scope="session")
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "tmx14.dtd"))
