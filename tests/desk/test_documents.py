"""The desk screen that brings a new declaration in from a file: preview, create, refusals, permissions."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import PASSWORD
from tests.documents.files import seoul_docx
from workbench.declarations.models import AlignmentReview, Declaration, Passage

pytestmark = pytest.mark.django_db
URL = "/desk/new/"


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {"slug": "seoul-desk", "source_language": "en", "issued_on": "2004-06-03",
                               "kind": "declaration", "title_en": "The Seoul Declaration", "available_in": ["fr"]}
    data.update(changes)
    return data


def test_only_coordinators_bring_documents_in(people: dict[str, User]) -> None:
    assert client_for(people["translator-fr"]).get(URL).status_code == 403
    assert client_for(people["reviewer-fr"]).get(URL).status_code == 403
    page = client_for(people["coordinator"]).get(URL)
    assert page.status_code == 200 and 'name="file"' in page.content.decode()
    assert "/desk/new/" in client_for(people["coordinator"]).get("/desk/").content.decode()


def test_preview_then_create(people: dict[str, User]) -> None:
    client = client_for(people["coordinator"])
    preview = client.post(URL, form(file=SimpleUploadedFile("seoul.docx", seoul_docx()), action="preview"))
    html = preview.content.decode()
    assert preview.status_code == 200 and "5 passages" in html
    assert "The ministers met in <b>Seoul</b>" in html  # the tags shown as formatting
    assert not Declaration.objects.exists()  # a preview writes nothing
    carried = re.search(r'name="carried" value="([^"]+)"', html)[1]
    created = client.post(URL, form(carried=carried, carried_name="seoul.docx", action="create"))
    assert created.status_code == 302
    declaration = Declaration.objects.get(slug="seoul-desk")
    assert declaration.passages.count() == 5


def test_pasted_text_with_a_translation_to_align(people: dict[str, User]) -> None:
    client = client_for(people["coordinator"])
    french = SimpleUploadedFile("seoul-fr.txt", "La Déclaration.\n\nLes ministres.\n".encode())
    response = client.post(URL, form(text="The Declaration.\n\nThe ministers.", translation=french,
                                     translation_language="fr", action="create"))  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/desk/seoul-desk/fr/align/"
    assert AlignmentReview.objects.get().target_units == ["La Déclaration.", "Les ministres."]


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("letter.docx", b"not a zip at all"), "is not a DOCX file"),
    (SimpleUploadedFile("slides.pptx", b"PK"), "not a format the workbench reads"),
    (SimpleUploadedFile("empty.md", b"\n\n"), "holds no text"),
])  # fmt: skip
def test_bad_files_create_nothing(people: dict[str, User], upload: SimpleUploadedFile, message: str) -> None:
    response = client_for(people["coordinator"]).post(URL, form(file=upload, action="create"))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Declaration.objects.exists() and not Passage.objects.exists()


def test_text_in_the_file_is_escaped_in_the_preview(people: dict[str, User]) -> None:
    page = client_for(people["coordinator"]).post(URL, form(text="<script>alert(1)</script>", action="preview"))
    html = page.content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
