"""Download and upload on the desk. An upload is checked and shown first; it applies only when confirmed."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workbench.access import Right, requires
from workbench.declarations.models import Declaration, PendingImport
from workbench.exchange.formats import FORMATS, guess
from workbench.exchange.units import MAX_IMPORT_BYTES, ExchangeError, ImportReport
from workbench.jobs import tasks as jobs


# Permission: Right.WORK in this language (the file holds what the editor shows).
@require_safe
@requires(Right.WORK)
def download(request: HttpRequest, declaration: Declaration, language: str, format: str) -> HttpResponse:
    chosen = FORMATS.get(format)
    if chosen is None:
        return render(request, "exchange/import.html", page(declaration, language, _("Unknown format.")), status=404)
    response = HttpResponse(chosen.export(declaration, language), content_type=chosen.content_type)
    filename = f"{declaration.slug}.{language}.{chosen.extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def page(declaration: Declaration, language: str, error: str = "", **extra: object) -> dict[str, object]:
    return {
        "declaration": declaration,
        "language": language,
        "formats": FORMATS.values(),
        "error": error,
        "limit_mb": MAX_IMPORT_BYTES // (1024 * 1024),
        "editor_url": reverse("desk:editor", args=[declaration.slug, language]),
        **extra,
    }


def check(pending: PendingImport, user: object, *, dry_run: bool) -> ImportReport:
    return FORMATS[pending.format].import_content(
        bytes(pending.content), user=user, declaration=pending.declaration, language=pending.language, dry_run=dry_run
    )


# Permission: Right.WORK in this language; the import itself then checks the person's rights per entry.
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Right.WORK)
def upload(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    if request.method != "POST":
        return render(request, "exchange/import.html", page(declaration, language))
    upload = request.FILES.get("file")
    if upload is None:
        return render(request, "exchange/import.html", page(declaration, language, _("Choose a file.")), status=400)
    if upload.size > MAX_IMPORT_BYTES:
        message = _("The file is larger than %(limit)s MB.") % {"limit": MAX_IMPORT_BYTES // (1024 * 1024)}
        return render(request, "exchange/import.html", page(declaration, language, message), status=400)
    chosen = FORMATS.get(request.POST.get("format", "")) or guess(upload.name or "")
    if chosen is None:
        message = _("Say which format the file is in, or give it a .po or .xlf name.")
        return render(request, "exchange/import.html", page(declaration, language, message), status=400)
    pending = PendingImport(
        user=request.user,
        declaration=declaration,
        language=language,
        format=chosen.name,
        filename=(upload.name or "upload")[:255],
        content=upload.read(),
    )
    try:
        report = check(pending, request.user, dry_run=True)
    except ExchangeError as error:
        return render(request, "exchange/import.html", page(declaration, language, str(error)), status=400)
    if report.ok and report.applied:
        PendingImport.objects.filter(user=request.user, declaration=declaration, language=language).delete()
        pending.save()
    context = page(declaration, language, report=report, pending=pending if pending.pk else None)
    return render(request, "exchange/import.html", context, status=200 if report.ok else 400)


# Permission: Right.WORK in this language, and only the person who uploaded the file may confirm it.
@require_POST
@requires(Right.WORK)
def confirm(request: HttpRequest, declaration: Declaration, language: str, pending_id: int) -> HttpResponse:
    pending = get_object_or_404(
        PendingImport, pk=pending_id, user=request.user, declaration=declaration, language=language
    )
    if len(pending.content) > jobs.INLINE_IMPORT_BYTES:
        # A large file is applied by the background worker; the jobs page follows it.
        jobs.start_import(user=request.user, declaration=declaration, language=language, format=pending.format,
                          content=bytes(pending.content), filename=pending.filename)  # fmt: skip
        pending.delete()
        messages.info(request, _("The file is large: it is being applied in the background."))
        return HttpResponseRedirect(reverse("exchange:jobs"))
    report = check(pending, request.user, dry_run=False)
    if report.ok:
        pending.delete()
    context = page(declaration, language, report=report, applied=report.ok)
    return render(request, "exchange/import.html", context, status=200 if report.ok else 409)
