"""The documents' rows in the admin: listed for looking, never added or changed there."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.documents.test_intake import make

pytestmark = pytest.mark.django_db


def test_source_documents_and_blocks_are_listed_read_only() -> None:
    make()
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x"))
    listing = client.get("/admin/documents/sourcedocument/")
    assert listing.status_code == 200 and "seoul.docx" in listing.content.decode()
    assert client.get("/admin/documents/sourcedocument/add/").status_code == 403
    blocks = client.get("/admin/documents/passageblock/?kind=table-cell")
    assert blocks.status_code == 200 and blocks.content.decode().count("table cell") >= 2
