"""Two small real-world documents written by hand (tests/data): the 2004 news release as LibreOffice saves an ODT
(automatic and common styles, a footnote, a list, a table, a link, a soft page break, indented XML) and as a web
page (navigation, script, footnotes at the foot). Made by no library, so the readers meet what other tools write."""
from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.documents.blocks import Block
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document
from workbench.documents.writing import write

DATA = Path(__file__).resolve().parent.parent / "data"

# What a reader of the release sees in it, block by block (the same in both files but for one list item).
EXPECTED = [
    Block("heading", "Seoul Declaration", 1),
    Block("paragraph", "<i>Korean Coalition for Cultural Diversity</i> – 3 June 2004"),
    Block("paragraph", "From June 1 to 4, 2004, in <b>Seoul</b>, Republic of Korea, the Third International Meeting "
                       'of Cultural Professional Organizations<fn n="1"/> brought together 400 delegates from 57 '
                       "countries."),  # fmt: skip
    Block("heading", "Principles", 2),
    Block("list-item", "Cultural contents are <i>essential vehicles</i> of identities.", 1),
    None,  # the second list item differs between the files
    Block("table-cell", "Delegates"),
    Block("table-cell", "400"),
    Block("paragraph", 'See <a href="https://www.incd.net/">the network’s site</a>.<br/>(Available in French)'),
    Block("footnote", "The first two meetings were held in Montréal (2001) and Paris (2003).", note="1"),
]


def handmade_odt() -> bytes:
    """tests/data/seoul-release-odt zipped as an ODT must be: the mimetype first and stored."""
    root = DATA / "seoul-release-odt"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.write(root / "mimetype", "mimetype", compress_type=zipfile.ZIP_STORED)
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name != "mimetype":
                archive.write(path, path.relative_to(root).as_posix(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def expected(second_item: str) -> list[Block]:
    return [block or Block("list-item", second_item, 1) for block in EXPECTED]


def test_the_handmade_odt_reads_as_its_author_wrote_it() -> None:
    blocks = read_document("seoul-release.odt", handmade_odt()).blocks
    # <text:s/> is a space; the empty last paragraph makes no block.
    assert blocks == expected("Market forces alone will not ensure cultural diversity.")


def test_the_handmade_web_page_reads_without_its_navigation_script_or_back_links() -> None:
    blocks = read_document("seoul-release.html", (DATA / "seoul-release.html").read_bytes()).blocks
    assert blocks == expected("Trade rules must not bind a country’s cultural policies: x < y is text, not a tag.")


@pytest.mark.django_db
def test_the_handmade_odt_comes_in_and_goes_out_in_french() -> None:
    data = handmade_odt()
    meta = Metadata(slug="seoul-release", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "Seoul Declaration"}, reported=["fr"])  # fmt: skip
    declaration: Declaration = create_declaration(read_document("seoul-release.odt", data), data, meta).declaration
    untouched = read_document("again.odt", write(declaration, "en").content).blocks
    assert untouched == read_document("seoul-release.odt", data).blocks
    passages = list(declaration.passages.order_by("position"))
    french = {0: "Déclaration de Séoul",
              2: "Du 1er au 4 juin 2004, à <b>Séoul</b>, en République de Corée, les Troisièmes Rencontres "
                 'internationales des organisations professionnelles de la culture<fn n="1"/> ont réuni 400 délégués '
                 "de 57 pays.",
              9: "Les deux premières rencontres ont eu lieu à Montréal (2001) et à Paris (2003)."}  # fmt: skip
    for index, text in french.items():
        record_change(passage=passages[index], language="fr", text=text, state=State.APPROVED,
                      action=Action.APPROVED)  # fmt: skip
    written = write(declaration, "fr")
    assert written.format == "odt" and written.untranslated == [2, 4, 5, 6, 7, 8, 9]
    blocks = read_document("fr.odt", written.content).blocks
    assert [b.text for b in blocks] == [french.get(i, b.text) for i, b in enumerate(untouched)]
    assert [b.kind for b in blocks] == [b.kind for b in untouched]


@pytest.mark.django_db
def test_the_handmade_page_goes_out_in_french_with_its_footnote_and_a_safe_link_only() -> None:
    data = (DATA / "seoul-release.html").read_bytes()
    meta = Metadata(slug="seoul-page", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "Seoul Declaration"})  # fmt: skip
    declaration = create_declaration(read_document("seoul-release.html", data), data, meta).declaration
    passages = list(declaration.passages.order_by("position"))
    french = {9: "Les deux premières rencontres ont eu lieu à Montréal (2001) et à Paris (2003).",
              8: 'Voir <a href="javascript:alert(1)">le site du réseau</a>.'}  # fmt: skip
    for index, text in french.items():
        record_change(passage=passages[index], language="fr", text=text, state=State.APPROVED,
                      action=Action.APPROVED)  # fmt: skip
    written = write(declaration, "fr").content.decode()
    blocks = read_document("fr.html", written.encode()).blocks
    assert blocks[-1] == Block("footnote", french[9], note="1")  # the footnote is translated, in its place
    assert 'href="#fnref1"' in written  # and keeps its link back to the reference
    assert "javascript:" not in written and "le site du réseau" in written  # an unsafe link keeps its text only
