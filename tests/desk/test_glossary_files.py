"""TBX and CSV glossary files at the desk (issue 23): downloaded by anyone who reads the pair, uploaded by its
editors, a bad file refused whole with what is wrong and where, and nothing written."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import etree

from workbench.terms.models import Entry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

CSV = (
    "term,approved,forbidden,note,case_sensitive\n"
    "World Trade Organization,Organisation mondiale du commerce | OMC,Organisation mondiale du négoce,,no\n"
    "WTO,OMC,,The acronym,yes\n"
)


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def url(name: str, **extra: str) -> str:
    return reverse(f"desk:{name}", kwargs={"other": "en", "language": "fr", **extra})


def upload(client: Client, name: str, content: bytes | str, **data: str) -> object:
    raw = content.encode() if isinstance(content, str) else content
    return client.post(url("glossary-upload"), {"file": SimpleUploadedFile(name, raw), **data})


def test_a_reviewer_uploads_a_csv_file_and_the_entries_are_merged(people: dict) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="WTO", approved=["l'OMC"])
    Entry.objects.create(source_language="en", target_language="fr", term="heritage", approved=["patrimoine"])
    client = logged_in("reviewer-fr")
    response = upload(client, "partner.csv", CSV)
    assert response.status_code == 302
    assert {e.term: (e.approved, e.forbidden, e.case_sensitive) for e in Entry.objects.all()} == {
        "World Trade Organization": (["Organisation mondiale du commerce", "OMC"], ["Organisation mondiale du négoce"],
                                     False),
        "WTO": (["OMC"], [], True),  # the file's word replaces the glossary's
        "heritage": (["patrimoine"], [], False),  # a term the file does not name is kept
    }  # fmt: skip
    assert Entry.objects.get(term="World Trade Organization").added_by == people["reviewer-fr"]
    said = client.get(url("glossary")).content.decode()
    assert "partner.csv: 1 added, 1 changed, 0 unchanged, 0 deleted." in said


def test_replace_deletes_the_terms_the_file_does_not_name(people: dict) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="heritage", approved=["patrimoine"])
    assert upload(logged_in("coordinator"), "g.csv", CSV, replace="on").status_code == 302
    assert sorted(Entry.objects.values_list("term", flat=True)) == ["WTO", "World Trade Organization"]


@pytest.mark.parametrize(("name", "content", "said"), [
    ("g.csv", CSV + "WTO,OMC,,,no\n", "line 4: the term “WTO” is already given at line 3."),
    ("g.csv", "term,approved\nWTO,OMC\n", "Line 1: the header must name the columns"),
    ("g.csv", CSV + "cultural policy,politique culturelle,,,maybe\n", "line 4: case_sensitive is “maybe”"),
    ("g.txt", CSV, "“g.txt” is neither a .tbx nor a .csv file."),
    ("g.tbx", '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x "y">]><martif/>', "DOCTYPE or entities (line 1)"),
    ("g.tbx", "<?xml version='1.0'?><tbx/>", "not <martif>"),
    ("g.csv", b"\xff\xfe\x00bad", "g.csv was refused:"),
])  # fmt: skip
def test_a_bad_file_is_refused_whole_saying_what_and_where(people: dict, name: str, content: str | bytes,
                                                           said: str) -> None:  # fmt: skip
    Entry.objects.create(source_language="en", target_language="fr", term="heritage", approved=["patrimoine"])
    response = upload(logged_in("reviewer-fr"), name, content)
    assert response.status_code == 400
    html = response.content.decode().replace("&lt;", "<").replace("&gt;", ">")
    assert said in html
    assert "Nothing was changed." in html
    assert list(Entry.objects.values_list("term", "approved")) == [("heritage", ["patrimoine"])]


def test_an_upload_without_a_file_or_too_large_is_refused(people: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    client = logged_in("reviewer-fr")
    response = client.post(url("glossary-upload"), {})
    assert response.status_code == 400 and "Choose a TBX or CSV file." in response.content.decode()
    monkeypatch.setattr("workbench.desk.glossary_views.MAX_UPLOAD_BYTES", 20)
    response = upload(client, "g.csv", CSV)
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_translator_downloads_but_does_not_upload(people: dict) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="WTO", approved=["OMC"],
                         forbidden=["ONU"], case_sensitive=True)  # fmt: skip
    client = logged_in("translator-fr")
    assert "glossary-upload" not in client.get(url("glossary")).content.decode()
    assert upload(client, "g.csv", CSV).status_code == 403
    assert Entry.objects.count() == 1
    response = client.get(url("glossary-download", format="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="glossary.en-fr.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["term"], r["approved"], r["forbidden"]) for r in rows] == [("WTO", "OMC", "ONU")]
    response = client.get(url("glossary-download", format="tbx"))
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert etree.QName(root).localname == "martif"
    assert [t.text for t in root.iter("{*}term")] == ["WTO", "OMC", "ONU"] or \
        [t.text for t in root.iter("term")] == ["WTO", "OMC", "ONU"]  # fmt: skip
    assert client.get(url("glossary-download", format="po")).status_code == 404


def test_a_downloaded_tbx_file_uploads_back_to_the_same_glossary(people: dict) -> None:
    Entry.objects.create(source_language="en", target_language="fr", term="WTO", approved=["OMC"],
                         note="Acronym.", case_sensitive=True)  # fmt: skip
    Entry.objects.create(source_language="en", target_language="fr", term="cultural policy",
                         approved=["politique culturelle"], forbidden=["police culturelle"])  # fmt: skip
    client = logged_in("coordinator")
    before = sorted(Entry.objects.values_list("term", "approved", "forbidden", "note", "case_sensitive"))
    content = client.get(url("glossary-download", format="tbx")).content
    Entry.objects.all().delete()
    assert upload(client, "glossary.en-fr.tbx", content).status_code == 302
    assert sorted(Entry.objects.values_list("term", "approved", "forbidden", "note", "case_sensitive")) == before
