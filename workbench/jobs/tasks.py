"""Long work run in the background: exporting a whole language, applying a large file, aligning a long intake.

Each job is a Job row (what the desk shows) and a task of Django's tasks framework (what the worker runs, through
django-tasks-db and `manage.py db_worker`). A job that fails records why; the import itself runs in one
transaction, so a failed import changes nothing.
"""
from __future__ import annotations

import json
import traceback
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from workbench.declarations.models import Declaration
from workbench.exchange import po
from workbench.exchange.formats import FORMATS
from workbench.exchange.units import ExchangeError
from workbench.jobs.models import Job, JobStatus
from workbench.reviews.alignment import ReviewError, start_review

# Uploads larger than this are applied by the worker rather than inside the request (a whole language of PO is
# tens of megabytes and takes seconds; a single declaration is a few kilobytes).
INLINE_IMPORT_BYTES = 1024 * 1024
# Above this many paragraph pairs (target paragraphs × passages) an intake is aligned by the worker: a book-length
# version takes seconds, which a request should not hold.
INLINE_ALIGNMENT_CELLS = 250_000
EXPORT_LANGUAGE = "export-language"
IMPORT_FILE = "import-file"
ALIGN_INTAKE = "align-intake"


def update(job: Job, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])


def start_language_export(*, user: Any, language: str) -> Job:
    job = Job.objects.create(user=user, kind=EXPORT_LANGUAGE, language=language)
    transaction.on_commit(lambda: export_language.enqueue(job.pk))
    return job


def start_import(*, user: Any, declaration: Declaration, language: str, format: str, content: bytes,
                 filename: str) -> Job:  # fmt: skip
    job = Job.objects.create(user=user, kind=IMPORT_FILE, language=language, declaration=declaration,
                             input=content, result_name=f"{format}:{filename}")  # fmt: skip
    transaction.on_commit(lambda: import_file.enqueue(job.pk))
    return job


def start_alignment(*, user: Any, declaration: Declaration, language: str, paragraphs: list[str], origin: str
                    ) -> Job:  # fmt: skip
    job = Job.objects.create(user=user, kind=ALIGN_INTAKE, language=language, declaration=declaration,
                             input=json.dumps(paragraphs).encode("utf-8"), result_name=origin[:255])  # fmt: skip
    transaction.on_commit(lambda: align_intake.enqueue(job.pk))
    return job


@task
def align_intake(job_id: int) -> None:
    job = Job.objects.select_related("user", "declaration").get(pk=job_id)
    update(job, status=JobStatus.RUNNING, progress=10)
    try:
        review = start_review(declaration=job.declaration, language=job.language, origin=job.result_name,
                              paragraphs=json.loads(bytes(job.input)), user=job.user)  # fmt: skip
    except ReviewError as error:
        update(job, status=JobStatus.FAILED, progress=100, message=str(error), input=b"")
        return
    update(job, status=JobStatus.DONE, progress=100, input=b"",
           message=_("%(rows)s rows proposed: open the alignment review.") % {"rows": len(review.rows)})  # fmt: skip


@task
def export_language(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    update(job, status=JobStatus.RUNNING, progress=10)
    try:
        content = po.export(Declaration.objects.all(), job.language, whole_language=True).encode("utf-8")
    except Exception:
        update(job, status=JobStatus.FAILED, message=traceback.format_exc(limit=3))
        raise
    update(job, status=JobStatus.DONE, progress=100, result=content, result_name=f"all.{job.language}.po",
           message=_("%(size)s bytes") % {"size": f"{len(content):,}"})  # fmt: skip


@task
def import_file(job_id: int) -> None:
    job = Job.objects.select_related("user", "declaration").get(pk=job_id)
    update(job, status=JobStatus.RUNNING, progress=10)
    format_name, _separator, _filename = job.result_name.partition(":")
    try:
        report = FORMATS[format_name].import_content(
            bytes(job.input), user=job.user, declaration=job.declaration, language=job.language
        )
    except ExchangeError as error:
        update(job, status=JobStatus.FAILED, progress=100, message=str(error), input=b"")
        return
    lines = "\n".join(report.lines()[:200])
    status = JobStatus.DONE if report.ok else JobStatus.FAILED
    update(job, status=status, progress=100, message=lines, input=b"")
