"""The glossary's screens on the desk (issue 23): a language pair's entries with a search, adding, changing and
deleting them, TBX and CSV files in and out, and the term proposals a reviewer accepts or dismisses.

The URLs name the pair as <other>/<language> (source, then target): the target is the `language` that
`requires` checks Right.EDIT_GLOSSARY against (its reviewers), and reading is checked per pair with
access.glossary_pairs, as the concordance does for the memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from workbench.access import Right, glossary_pairs, has_right, requires
from workbench.declarations.languages import language_codes
from workbench.desk.glossary import MAX_QUERY, PER_PAGE, EntryForm, initial_for, pair_entries, searched, was_changed
from workbench.desk.views import language_label
from workbench.terms import importing
from workbench.terms.editing import GlossaryEditError, delete_entry, save_entry
from workbench.terms.entries import GlossaryFileError
from workbench.terms.models import Entry, Proposal, ProposalState
from workbench.terms.proposals import accept, dismiss, propose

# A glossary file of this size holds hundreds of thousands of entries; a bigger one is not a glossary.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOWNLOAD_TYPES = {"tbx": "application/x-tbx; charset=utf-8", "csv": "text/csv; charset=utf-8"}


@dataclass(frozen=True)
class UploadResult:
    """A refused upload, shown on the glossary page: the file's name and what is wrong, and where."""

    name: str
    error: str


def checked_pair(request: HttpRequest, source: str, target: str) -> None:
    """404 for a pair that is not two configured languages, 403 for one the person may not read."""
    codes = language_codes()
    if source not in codes or target not in codes or source == target:
        raise Http404("No glossary for these languages.")
    if (source, target) not in glossary_pairs(request.user, codes):
        raise PermissionDenied


def glossary_url(source: str, target: str, *, anchor: str = "", query: str = "") -> str:
    url = reverse("desk:glossary", kwargs={"other": source, "language": target})
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def pair_context(request: HttpRequest, source: str, target: str) -> dict[str, Any]:
    return {
        "source_language": source,
        "target_language": target,
        "source_label": language_label(source),
        "target_label": language_label(target),
        "can_edit": has_right(request.user, Right.EDIT_GLOSSARY, target),
    }


def glossary_page(request: HttpRequest, source: str, target: str, *, status: int = 200,
                  new_form: EntryForm | None = None, editing: Entry | None = None,
                  edit_form: EntryForm | None = None, upload_report: Any = None) -> HttpResponse:  # fmt: skip
    """The pair's glossary: the searched entries, a page of them, and the forms an editor has."""
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    entries = searched(pair_entries(source, target), query)
    context = pair_context(request, source, target)
    if editing is None and context["can_edit"] and request.GET.get("edit", "").isdigit():
        editing = next((entry for entry in entries if entry.pk == int(request.GET["edit"])), None)
    if editing is not None and edit_form is None:
        edit_form = EntryForm(initial=initial_for(editing), prefix_id=f"entry{editing.pk}")
    if editing is not None and editing not in entries:
        entries = [editing, *entries]  # an entry being changed stays in view whatever the search
    paginator = Paginator(entries, PER_PAGE)
    number = request.GET.get("page")
    if editing is not None and number is None:
        number = entries.index(editing) // PER_PAGE + 1
    page = paginator.get_page(number)
    for entry in page:
        entry.was_changed = was_changed(entry)  # read by the template, which cannot subtract dates
    context.update({
        "query": query,
        "page": page,
        "total": Entry.objects.filter(source_language=source, target_language=target).count(),
        "new_form": new_form if new_form is not None else EntryForm(),
        "editing": editing,
        "edit_form": edit_form,
        "upload_report": upload_report,
        "formats": importing.FORMATS,
        "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    })  # fmt: skip
    response = render(request, "desk/glossary.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


# Permission: Right.GLOSSARY — anyone who translates or reviews in some language, and coordinators; the page lists
# the pairs the person may read (access.glossary_pairs) with their number of entries.
@require_safe
@requires(Right.GLOSSARY)
def glossaries(request: HttpRequest) -> HttpResponse:
    pairs = glossary_pairs(request.user, language_codes())
    per_pair = Entry.objects.order_by().values("source_language", "target_language").annotate(entries=Count("pk"))
    counts = {(row["source_language"], row["target_language"]): row["entries"] for row in per_pair}
    listed = [{"source": source, "target": target, "label": f"{language_label(source)} → {language_label(target)}",
               "entries": counts.get((source, target), 0), "url": glossary_url(source, target)}
              for source, target in pairs]  # fmt: skip
    return render(request, "desk/glossaries.html", {"pairs": listed})


# Permission: Right.GLOSSARY, for a pair with a language the person works in (checked_pair); the forms to change it
# are shown to those with Right.EDIT_GLOSSARY in its target language.
@require_safe
@requires(Right.GLOSSARY)
def glossary(request: HttpRequest, other: str, language: str) -> HttpResponse:
    checked_pair(request, other, language)
    return glossary_page(request, other, language)


# Permission: Right.EDIT_GLOSSARY in the target language (its reviewers, and coordinators). Adds an entry, or changes
# the one named by the form's "entry".
@require_POST
@requires(Right.EDIT_GLOSSARY)
def save(request: HttpRequest, other: str, language: str) -> HttpResponse:
    checked_pair(request, other, language)
    entry = None
    if request.POST.get("entry"):
        entry = get_object_or_404(Entry, pk=_number(request.POST["entry"]), source_language=other,
                                  target_language=language)  # fmt: skip
    form = EntryForm(request.POST, prefix_id=f"entry{entry.pk}" if entry else "new")
    if form.is_valid():
        try:
            saved = save_entry(source_language=other, target_language=language, values=form.values(),
                               user=request.user, entry=entry)  # fmt: skip
        except GlossaryEditError as error:
            form.add_error("term", str(error))
        else:
            said = _("“%(term)s” changed.") if entry else _("“%(term)s” added to the glossary.")
            messages.success(request, said % {"term": saved.term})
            return HttpResponseRedirect(glossary_url(other, language, anchor=f"entry-{saved.pk}"))
    if entry is not None:
        return glossary_page(request, other, language, status=400, editing=entry, edit_form=form)
    return glossary_page(request, other, language, status=400, new_form=form)


# Permission: Right.EDIT_GLOSSARY in the target language.
@require_POST
@requires(Right.EDIT_GLOSSARY)
def delete(request: HttpRequest, other: str, language: str) -> HttpResponse:
    checked_pair(request, other, language)
    entry = get_object_or_404(Entry, pk=_number(request.POST.get("entry", "")), source_language=other,
                              target_language=language)  # fmt: skip
    term = entry.term
    delete_entry(entry=entry, source_language=other, target_language=language)
    messages.success(request, _("“%(term)s” deleted from the glossary.") % {"term": term})
    return HttpResponseRedirect(glossary_url(other, language))


# Permission: Right.GLOSSARY, for a pair the person may read: the file holds what the page shows.
@require_safe
@requires(Right.GLOSSARY)
def download(request: HttpRequest, other: str, language: str, format: str) -> HttpResponse:
    checked_pair(request, other, language)
    if format not in importing.FORMATS:
        raise Http404("Glossaries are downloaded as TBX or CSV.")
    content = importing.export_entries(format, source_language=other, target_language=language)
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="glossary.{other}-{language}.{format}"'
    return response


# Permission: Right.EDIT_GLOSSARY in the target language. The file is checked whole before anything is written
# (terms.importing: a bad file raises GlossaryFileError saying what and where), then applied in one transaction.
@require_POST
@requires(Right.EDIT_GLOSSARY)
def upload(request: HttpRequest, other: str, language: str) -> HttpResponse:
    checked_pair(request, other, language)
    sent = request.FILES.get("file")
    try:
        if sent is None:
            raise GlossaryFileError(_("Choose a TBX or CSV file."))
        if sent.size > MAX_UPLOAD_BYTES:
            raise GlossaryFileError(_("The file is larger than %(limit)s MB.")
                                    % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)})  # fmt: skip
        file_format = importing.format_of(sent.name or "")
        entries = importing.read_file(sent.read(), file_format, source_language=other, target_language=language,
                                      limit=MAX_UPLOAD_BYTES)  # fmt: skip
    except GlossaryFileError as error:
        refused = UploadResult(name=sent.name if sent else "", error=str(error))
        return glossary_page(request, other, language, status=400, upload_report=refused)
    report = importing.import_entries(entries, source_language=other, target_language=language, user=request.user,
                                      replace=request.POST.get("replace") == "on")  # fmt: skip
    messages.success(request, _("%(name)s: %(added)d added, %(updated)d changed, %(unchanged)d unchanged, "
                                "%(deleted)d deleted.") % {"name": sent.name, "added": report.added,
                                                           "updated": report.updated, "unchanged": report.unchanged,
                                                           "deleted": report.deleted})  # fmt: skip
    return HttpResponseRedirect(glossary_url(other, language))


# Permission: Right.EDIT_GLOSSARY in the target language: deciding what enters the glossary is a reviewer's work.
@require_safe
@requires(Right.EDIT_GLOSSARY)
def proposals(request: HttpRequest, other: str, language: str) -> HttpResponse:
    checked_pair(request, other, language)
    pair = Proposal.objects.filter(source_language=other, target_language=language)
    context = pair_context(request, other, language)
    context.update({
        "proposals": list(pair.filter(state=ProposalState.OPEN).order_by("-score", "source_phrase")),
        "decided": {ProposalState.ACCEPTED: 0, ProposalState.DISMISSED: 0} | dict(
            pair.exclude(state=ProposalState.OPEN).order_by().values_list("state").annotate(count=Count("pk"))),
        "glossary_url": glossary_url(other, language),
    })  # fmt: skip
    response = render(request, "desk/proposals.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


# Permission: Right.EDIT_GLOSSARY in the target language. Looks for new proposals in the approved bitext (the
# translation memory's pairs); those decided before are never proposed again (terms.proposals.propose).
@require_POST
@requires(Right.EDIT_GLOSSARY)
def run_proposals(request: HttpRequest, other: str, language: str) -> HttpResponse:
    checked_pair(request, other, language)
    pair = Proposal.objects.filter(source_language=other, target_language=language)
    before = pair.count()
    propose(other, language)
    found = pair.count() - before
    messages.success(request, ngettext("%(count)d new proposal.", "%(count)d new proposals.", found)
                     % {"count": found})  # fmt: skip
    return HttpResponseRedirect(reverse("desk:glossary-proposals", kwargs={"other": other, "language": language}))


# Permission: Right.EDIT_GLOSSARY in the target language. "accept" makes the proposal an entry (or adds its
# translation to the entry the term has); "dismiss" keeps it out for good.
@require_POST
@requires(Right.EDIT_GLOSSARY)
def decide_proposal(request: HttpRequest, other: str, language: str) -> HttpResponse:
    checked_pair(request, other, language)
    proposal = get_object_or_404(Proposal, pk=_number(request.POST.get("proposal", "")), source_language=other,
                                 target_language=language)  # fmt: skip
    decision = request.POST.get("decision")
    back = reverse("desk:glossary-proposals", kwargs={"other": other, "language": language})
    if decision not in ("accept", "dismiss"):
        messages.error(request, _("Choose to accept or to dismiss the proposal."))
    elif proposal.state != ProposalState.OPEN:
        messages.info(request, _("“%(source)s” → “%(target)s” was already decided: nothing changed.")
                      % {"source": proposal.source_phrase, "target": proposal.target_phrase})  # fmt: skip
    elif decision == "accept":
        entry = accept(proposal, request.user)
        messages.success(request, _("“%(source)s” → “%(target)s” is in the glossary.")
                         % {"source": entry.term, "target": proposal.target_phrase})  # fmt: skip
    else:
        dismiss(proposal, request.user)
        messages.success(request, _("“%(source)s” → “%(target)s” dismissed: it will not be proposed again.")
                         % {"source": proposal.source_phrase, "target": proposal.target_phrase})  # fmt: skip
    return HttpResponseRedirect(back)


def _number(value: str) -> int:
    if not value.isdigit():
        raise Http404("No such entry.")
    return int(value)
