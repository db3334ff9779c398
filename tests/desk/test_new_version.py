"""The desk screen for a new version of a declaration's source: preview, apply, refusals, permissions (issue 24)."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.desk.test_documents import client_for
from workbench.declarations.models import Declaration, Passage, Revision
from workbench.documents.models import SourceDocument
from workbench.documents.reading import read_document
from workbench.documents.revising import plan_revision

pytestmark = pytest.mark.django_db


def url(declaration: Declaration) -> str:
    return f"/desk/{declaration.slug}/new-version/"


def revised_text(declaration: Declaration) -> bytes:
    """The seed declaration as a text file, its second paragraph edited and a new one at the end."""
    texts = [p.source_text for p in declaration.passages.order_by("position")]
    texts[1] = texts[1].replace("The delegates adopted", "The delegates unanimously adopted", 1)
    texts.append("A paragraph the second version adds, about <script>alert(1)</script> & more.")
    return "\n\n".join(texts).encode()


def test_only_coordinators_upload_a_new_version(people: dict[str, User], seoul: Declaration) -> None:
    assert client_for(people["translator-fr"]).get(url(seoul)).status_code == 403
    assert client_for(people["reviewer-fr"]).get(url(seoul)).status_code == 403
    assert client_for(people["coordinator"]).get("/desk/no-such-declaration/new-version/").status_code == 404
    page = client_for(people["coordinator"]).get(url(seoul))
    assert page.status_code == 200 and 'name="file"' in page.content.decode()
    assert url(seoul) in client_for(people["coordinator"]).get("/desk/").content.decode()
    assert url(seoul) not in client_for(people["translator-fr"]).get("/desk/").content.decode()


def test_preview_shows_the_changes_escaped_then_apply_writes_them(people: dict[str, User], seoul: Declaration) -> None:
    client = client_for(people["coordinator"])
    before = (Revision.objects.count(), Passage.objects.count())
    data = revised_text(seoul)
    preview = client.post(url(seoul), {"file": SimpleUploadedFile("seoul-v2.txt", data), "action": "preview"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "2 changes" in html
    assert "<ins>unanimously </ins>" in html  # the word diff
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html and "<script>alert" not in html
    assert (Revision.objects.count(), Passage.objects.count()) == before  # a preview writes nothing
    fields = {name: re.search(rf'name="{name}" value="([^"]*)"', html)[1] for name in ("carried", "seen")}
    applied = client.post(url(seoul), {**fields, "carried_name": "seoul-v2.txt", "action": "apply"})
    assert applied.status_code == 302
    passages = list(seoul.passages.order_by("position"))
    assert "unanimously adopted" in passages[1].source_text and passages[-1].source_text.startswith("A paragraph")
    assert SourceDocument.objects.get(declaration=seoul).filename == "seoul-v2.txt"
    followed = client.get("/desk/")
    assert "1 edited, 1 inserted, 0 removed, 0 moved" in followed.content.decode()


def test_applying_twice_or_after_a_change_is_refused(people: dict[str, User], seoul: Declaration) -> None:
    client = client_for(people["coordinator"])
    data = revised_text(seoul)
    seen = plan_revision(seoul, read_document("v2.txt", data)).fingerprint
    post = {"file": SimpleUploadedFile("v2.txt", data), "seen": seen, "action": "apply"}
    assert client.post(url(seoul), post).status_code == 302
    count = Revision.objects.count()
    again = client.post(url(seoul), {"file": SimpleUploadedFile("v2.txt", data), "seen": seen, "action": "apply"})
    assert again.status_code == 400 and "changed since the preview" in again.content.decode()
    assert Revision.objects.count() == count


def test_a_bad_file_is_refused_with_its_reason(people: dict[str, User], seoul: Declaration) -> None:
    client = client_for(people["coordinator"])
    refused = client.post(url(seoul), {"file": SimpleUploadedFile("v2.docx", b"not a zip"), "action": "preview"})
    assert refused.status_code == 400 and "v2.docx" in refused.content.decode()
    empty = client.post(url(seoul), {"action": "preview"})
    assert empty.status_code == 400 and "Choose the file of the new version" in empty.content.decode()

