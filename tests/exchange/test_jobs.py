"""Background jobs run by the real database task backend and its worker (manage.py db_worker)."""
from __future__ import annotations

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from workbench.declarations.models import Declaration, Revision, State
from workbench.exchange import po
from workbench.jobs import tasks as jobs
from workbench.jobs.models import Job, JobStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_whole_language_export_runs_in_the_background_and_is_downloaded(people: dict, seoul: Declaration) -> None:
    client = logged_in("translator-fr")
    response = client.post(reverse("exchange:jobs-export"), {"language": "fr"})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    page = client.get(reverse("exchange:jobs")).content.decode()
    assert "Export of every declaration (French)" in page and 'http-equiv="refresh"' in page
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    download = client.get(reverse("exchange:jobs-download", args=[job.pk]))
    catalogue = polib.pofile(download.content.decode())
    assert catalogue.metadata["X-Workbench-Declaration"] == "*" and len(catalogue) == 3
    assert logged_in("reviewer-fr").get(reverse("exchange:jobs-download", args=[job.pk])).status_code == 404


def test_a_large_upload_is_applied_by_the_worker(people: dict, seoul: Declaration, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:  # fmt: skip
    monkeypatch.setattr(jobs, "INLINE_IMPORT_BYTES", 100)  # the seed's file counts as large here
    client = logged_in("translator-fr")
    catalogue = polib.pofile(client.get(reverse("exchange:download", args=[seoul.slug, "fr", "po"])).content.decode())
    catalogue[0].msgstr = "Appliqué par le travailleur."
    catalogue[0].flags.remove("fuzzy")

    client.post(reverse("exchange:upload", args=[seoul.slug, "fr"]),
                {"file": SimpleUploadedFile("s.po", str(catalogue).encode())})  # fmt: skip
    pending = seoul.pendingimport_set.get()
    response = client.post(reverse("exchange:confirm", args=[seoul.slug, "fr", pending.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("exchange:jobs")
    assert seoul.passages.get(position=0).state_in("fr") == State.DRAFT  # nothing yet
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and "applied: 1" in job.message
    passage = seoul.passages.get(position=0)
    assert (passage.text_in("fr"), passage.state_in("fr")) == ("Appliqué par le travailleur.", State.TRANSLATED)


def test_a_failing_import_job_says_why_and_changes_nothing(people: dict, seoul: Declaration) -> None:
    catalogue = polib.pofile(po.export(Declaration.objects.filter(pk=seoul.pk), "fr"))
    catalogue[0].msgstr = "Changé."
    catalogue[1].msgctxt = "unknownkey"
    before = Revision.objects.count()
    jobs.start_import(user=people["translator-fr"], declaration=seoul, language="fr", format="po",
                      content=str(catalogue).encode(), filename="broken.po")  # fmt: skip
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "no passage has this key" in job.message and "nothing applied" in job.message
    assert Revision.objects.count() == before


def test_exporting_a_language_needs_its_right(people: dict, seoul: Declaration) -> None:
    assert logged_in("translator-fr").post(reverse("exchange:jobs-export"), {"language": "en"}).status_code == 403
    assert Job.objects.count() == 0


def test_a_long_intake_is_aligned_by_the_worker(people: dict, seoul: Declaration, seeds_dir: object,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workbench.declarations.models import AlignmentReview
    from workbench.declarations.seeding import parse_entry

    monkeypatch.setattr(jobs, "INLINE_ALIGNMENT_CELLS", 1)  # the seed's three paragraphs count as long here
    french = parse_entry(seeds_dir / "000_dba64a9451c2ed29.fr.txt").paragraphs  # type: ignore[operator]
    response = logged_in("coordinator").post(reverse("desk:align-intake", args=[seoul.slug, "fr"]),
                                             {"text": "\n\n".join(french)})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("exchange:jobs")
    assert not AlignmentReview.objects.exists()
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and "3 rows proposed" in job.message
    review = AlignmentReview.objects.get()
    assert review.target_units == french and review.created_by.username == "coordinator"
    page = logged_in("coordinator").get(reverse("exchange:jobs")).content.decode()
    assert reverse("desk:align", args=[seoul.slug, "fr"]) in page
