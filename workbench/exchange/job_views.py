"""The desk's view of background jobs: what is running, how far it got, what came out."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from workbench.access import Right, has_right, requires
from workbench.declarations.languages import language_codes
from workbench.jobs import tasks as jobs
from workbench.jobs.models import Job, JobStatus


# Permission: Right.DESK — anyone logged in sees their own jobs (and only theirs).
@require_safe
@requires(Right.DESK)
def job_list(request: HttpRequest) -> HttpResponse:
    own = Job.objects.filter(user=request.user).select_related("declaration").defer("input", "result")[:50]
    exportable = [code for code in language_codes() if has_right(request.user, Right.WORK, code)]
    running = any(job.status in (JobStatus.QUEUED, JobStatus.RUNNING) for job in own)
    return render(request, "exchange/jobs.html", {"jobs": own, "exportable": exportable, "running": running})


# Permission: Right.WORK in the language exported (its translators, reviewers and coordinators).
@require_POST
@requires(Right.DESK)
def export_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in language_codes():
        raise Http404("Unknown language.")
    if not has_right(request.user, Right.WORK, language):
        raise PermissionDenied
    jobs.start_language_export(user=request.user, language=language)
    messages.success(request, _("The export has started; this page shows when it is ready."))
    return HttpResponseRedirect(reverse("exchange:jobs"))


# Permission: Right.DESK, and only the job's owner may download its result.
@require_safe
@requires(Right.DESK)
def download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id, user=request.user, status=JobStatus.DONE, kind=jobs.EXPORT_LANGUAGE)
    response = HttpResponse(bytes(job.result), content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response
