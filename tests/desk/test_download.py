"""The download screen: formats that apply, the untranslated report before the links, the files, permissions."""
from __future__ import annotations

import datetime
import io

import docx
import lxml.html
import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import PASSWORD
from tests.documents.files import seoul_docx, seoul_odt
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.documents import odt_format
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def made_from(name: str, data: bytes, slug: str = "seoul-file") -> Declaration:
    meta = Metadata(slug=slug, source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration"})  # fmt: skip
    declaration = create_declaration(read_document(name, data), data, meta).declaration
    first, second = declaration.passages.order_by("position")[:2]
    record_change(passage=first, language="fr", text="La Déclaration de Séoul", state=State.APPROVED,
                  action=Action.EDITED)  # fmt: skip
    record_change(passage=second, language="fr", text="Les ministres se sont réunis à <b>Séoul</b>.",
                  state=State.TRANSLATED, action=Action.EDITED)  # fmt: skip
    return declaration


def formats_on(html: str) -> list[str]:
    page = lxml.html.document_fromstring(html)
    return [a.get("href").rstrip("/").rsplit("/", 1)[1] for a in page.xpath('//ul[@class="download-formats"]//a')]


def test_the_page_lists_the_formats_with_the_original_first_and_the_report_before_them(people: dict) -> None:
    declaration = made_from("seoul.docx", seoul_docx())
    response = client_for(people["translator-fr"]).get(f"/desk/{declaration.slug}/fr/download/")
    html = response.content.decode()
    assert response.status_code == 200
    assert formats_on(html) == ["docx", "html", "markdown", "text", "bilingual-docx", "bilingual-html"]
    page = lxml.html.document_fromstring(html)
    links = page.xpath('//p[@class="untranslated-numbers"]/a')
    assert [a.text for a in links] == ["3", "4", "5"]  # what write() reports: passages 1 and 2 are done
    assert links[0].get("href").startswith(f"/desk/{declaration.slug}/fr/?p=")
    assert html.index("untranslated-report") < html.index("download-formats")
    editor = client_for(people["translator-fr"]).get(f"/desk/{declaration.slug}/fr/").content.decode()
    assert f'href="/desk/{declaration.slug}/fr/download/"' in editor


def test_a_declaration_without_a_file_offers_the_built_formats(people: dict, seoul: Declaration) -> None:
    html = client_for(people["coordinator"]).get(f"/desk/{seoul.slug}/fr/download/").content.decode()
    assert formats_on(html) == ["html", "markdown", "text", "bilingual-docx", "bilingual-html"]
    response = client_for(people["coordinator"]).get(f"/desk/{seoul.slug}/fr/download/html/")
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{seoul.slug}.fr.html"'
    assert client_for(people["coordinator"]).get(f"/desk/{seoul.slug}/fr/download/docx/").status_code == 404


def test_the_docx_downloads_open_with_python_docx(people: dict) -> None:
    declaration = made_from("seoul.docx", seoul_docx())
    client = client_for(people["reviewer-fr"])
    response = client.get(f"/desk/{declaration.slug}/fr/download/docx/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="seoul-file.fr.docx"'
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "La Déclaration de Séoul"
    bilingual = client.get(f"/desk/{declaration.slug}/fr/download/bilingual-docx/")
    assert bilingual["Content-Disposition"] == 'attachment; filename="seoul-file.en-fr.docx"'
    table = docx.Document(io.BytesIO(bilingual.content)).tables[0]
    assert [table.cell(1, 0).text, table.cell(1, 1).text] == ["The Seoul Declaration", "La Déclaration de Séoul"]
    page = client.get(f"/desk/{declaration.slug}/fr/download/bilingual-html/")
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert lxml.html.document_fromstring(page.content).xpath("//tbody/tr/td")[1].text == "La Déclaration de Séoul"


def test_an_odt_declaration_downloads_as_odt(people: dict) -> None:
    declaration = made_from("seoul.odt", seoul_odt(), slug="seoul-odt")
    client = client_for(people["translator-fr"])
    assert formats_on(client.get(f"/desk/{declaration.slug}/fr/download/").content.decode())[:2] == ["odt", "html"]
    response = client.get(f"/desk/{declaration.slug}/fr/download/odt/")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"] == 'attachment; filename="seoul-odt.fr.odt"'
    assert odt_format.read_odt(response.content)[0].text == "La Déclaration de Séoul"
    assert client.get(f"/desk/{declaration.slug}/fr/download/docx/").status_code == 404


def test_unknown_format_source_language_and_permissions(people: dict, paris: Declaration) -> None:
    declaration = made_from("seoul.docx", seoul_docx())
    base = f"/desk/{declaration.slug}"
    coordinator = client_for(people["coordinator"])
    assert coordinator.get(f"{base}/fr/download/pdf/").status_code == 404
    assert coordinator.get(f"{base}/en/download/").status_code == 404  # the source is not a translation
    anonymous = client_for(None).get(f"{base}/fr/download/docx/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert client_for(None).get(f"{base}/fr/download/").status_code == 302
    assert client_for(people["outsider"]).get(f"{base}/fr/download/").status_code == 403
    assert client_for(people["outsider"]).get(f"{base}/fr/download/docx/").status_code == 403
    # A French translator has no right in English (the target of a declaration written in French).
    assert client_for(people["translator-fr"]).get(f"/desk/{paris.slug}/en/download/").status_code == 403
    assert client_for(people["translator-fr"]).get(f"/desk/{paris.slug}/en/download/html/").status_code == 403
    assert coordinator.get(f"/desk/{paris.slug}/en/download/html/").status_code == 200
    assert coordinator.post(f"{base}/fr/download/docx/").status_code == 405
