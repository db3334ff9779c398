from __future__ import annotations

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from workbench.declarations.models import Declaration, PendingImport, Revision, State

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(client: Client, username: str) -> Client:
    assert client.login(username=username, password=PASSWORD)
    return client


def test_download_gives_a_named_po_and_xliff(client: Client, people: dict, seoul: Declaration) -> None:
    client = logged_in(client, "translator-fr")
    response = client.get(reverse("exchange:download", args=[seoul.slug, "fr", "po"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="seoul-declaration-2004.fr.po"'
    assert polib.pofile(response.content.decode()).metadata["Language"] == "fr"
    response = client.get(reverse("exchange:download", args=[seoul.slug, "fr", "xliff"]))
    assert response["Content-Disposition"].endswith('.fr.xlf"') and b'target-language="fr"' in response.content


def test_upload_shows_the_report_first_and_applies_only_on_confirmation(
    client: Client, people: dict, seoul: Declaration
) -> None:
    client = logged_in(client, "translator-fr")
    catalogue = polib.pofile(client.get(reverse("exchange:download", args=[seoul.slug, "fr", "po"])).content.decode())
    catalogue[0].msgstr = "Revu hors ligne."
    catalogue[0].flags.remove("fuzzy")
    upload = SimpleUploadedFile("seoul.fr.po", str(catalogue).encode("utf-8"))
    before = Revision.objects.count()

    response = client.post(reverse("exchange:upload", args=[seoul.slug, "fr"]), {"file": upload})

    assert response.status_code == 200
    html = response.content.decode()
    assert "What this file would change" in html and "Changes: 1 · unchanged: 2" in html
    assert Revision.objects.count() == before  # nothing yet
    pending = PendingImport.objects.get()
    response = client.post(reverse("exchange:confirm", args=[seoul.slug, "fr", pending.pk]))
    assert response.status_code == 200 and "Applied" in response.content.decode()
    assert Revision.objects.count() == before + 1
    passage = seoul.passages.get(position=0)
    assert (passage.text_in("fr"), passage.state_in("fr")) == ("Revu hors ligne.", State.TRANSLATED)
    assert not PendingImport.objects.exists()


def test_a_broken_upload_says_why_and_keeps_nothing(client: Client, people: dict, seoul: Declaration) -> None:
    client = logged_in(client, "translator-fr")
    upload = SimpleUploadedFile("broken.po", b'msgid "unterminated\n')
    response = client.post(reverse("exchange:upload", args=[seoul.slug, "fr"]), {"file": upload})
    assert response.status_code == 400
    assert "Not a valid PO file" in response.content.decode() and "Nothing was changed." in response.content.decode()
    assert not PendingImport.objects.exists()


def test_only_the_uploader_can_confirm(client: Client, people: dict, seoul: Declaration) -> None:
    client = logged_in(client, "translator-fr")
    catalogue = polib.pofile(client.get(reverse("exchange:download", args=[seoul.slug, "fr", "po"])).content.decode())
    catalogue[0].msgstr = "Revu."
    client.post(reverse("exchange:upload", args=[seoul.slug, "fr"]),
                {"file": SimpleUploadedFile("a.po", str(catalogue).encode())})  # fmt: skip
    pending = PendingImport.objects.get()
    other = logged_in(Client(), "reviewer-fr")
    assert other.post(reverse("exchange:confirm", args=[seoul.slug, "fr", pending.pk])).status_code == 404
    assert PendingImport.objects.filter(pk=pending.pk).exists()


@pytest.mark.parametrize("username", ["outsider", None])
def test_files_need_the_language_right(client: Client, people: dict, seoul: Declaration, username: str | None) -> None:
    if username:
        logged_in(client, username)
    for url in (reverse("exchange:download", args=[seoul.slug, "fr", "po"]),
                reverse("exchange:upload", args=[seoul.slug, "fr"])):  # fmt: skip
        response = client.get(url)
        assert response.status_code == (403 if username else 302)
