"""A new version of a declaration's source, uploaded as a file (issue 24): the preview says what happens to every
paragraph (documents/revising.py), the coordinator marks the edits that are minor, and applying writes it all in
one transaction. Coordinators only (Right.EDIT_SOURCE)."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from workbench.access import Right, requires
from workbench.declarations.inline import plain, to_html
from workbench.declarations.languages import language_name
from workbench.declarations.models import Declaration
from workbench.desk.carrying import carry, uploaded_or_carried
from workbench.desk.diffing import word_diff
from workbench.documents.models import BlockKind
from workbench.documents.reading import read_document
from workbench.documents.revising import KINDS, Item, Plan, apply_revision, plan_revision
from workbench.documents.safety import DocumentError, max_bytes
from workbench.documents.versions import EDITED, INSERTED, MOVED, REMOVED, UNCHANGED

LABELS = {
    UNCHANGED: gettext_lazy("unchanged"),
    EDITED: gettext_lazy("edited"),
    MOVED: gettext_lazy("moved"),
    INSERTED: gettext_lazy("inserted"),
    REMOVED: gettext_lazy("removed"),
}


class VersionForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The new version (DOCX, ODT, HTML, Markdown or text)"), required=False)
    carried = forms.CharField(required=False, widget=forms.HiddenInput)
    carried_name = forms.CharField(required=False, widget=forms.HiddenInput)
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


# Permission: Right.EDIT_SOURCE (coordinators) changes a declaration's source text.
@require_http_methods(["GET", "POST"])
@requires(Right.EDIT_SOURCE, translation=False)
def new_version(request: HttpRequest, slug: str) -> HttpResponse:
    declaration = get_object_or_404(Declaration, slug=slug)
    form = VersionForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"declaration": declaration, "form": form, "max_mb": max_bytes() // 1048576}
    if request.method != "POST" or not form.is_valid():
        return render(request, "desk/new_version.html", context, status=400 if request.method == "POST" else 200)
    try:
        source = uploaded_or_carried(form.cleaned_data["file"], form.cleaned_data["carried"],
                                     form.cleaned_data["carried_name"])  # fmt: skip
        if source is None:
            raise DocumentError(_("Choose the file of the new version."))
        document = read_document(*source)
        if request.POST.get("action") == "apply":
            applied = apply_revision(declaration, document, source[1], seen=form.cleaned_data["seen"],
                                     minor=request.POST.getlist("minor"), user=request.user)  # fmt: skip
        else:
            return _preview(request, context, source, plan_revision(declaration, document))
    except DocumentError as error:
        context["error"] = str(error)
        return render(request, "desk/new_version.html", context, status=400)
    messages.success(request, _("The new version of %(slug)s was applied: %(edited)s edited, %(inserted)s inserted, "
                                "%(removed)s removed, %(moved)s moved; %(kept)s minor edits kept their translations "
                                "current.")
                     % {"slug": declaration.slug, "edited": applied.edited, "inserted": applied.inserted,
                        "removed": applied.removed, "moved": applied.moved, "kept": applied.kept_current})  # fmt: skip
    return HttpResponseRedirect(reverse("desk:overview"))


def _preview(request: HttpRequest, context: dict[str, object], source: tuple[str, bytes], plan: Plan) -> HttpResponse:
    context["form"] = VersionForm(initial={"carried": carry(source[1]), "carried_name": source[0],
                                           "seen": plan.fingerprint})  # fmt: skip
    context["plan"] = plan
    context["counts"] = [(LABELS[kind], kind, plan.count(kind)) for kind in KINDS]
    rows = [_row(item) for item in plan.items]
    # The changes first; the unchanged passages (most of a long text) folded away below them.
    context["changed_rows"] = [row for row in rows if row["kind"] != UNCHANGED]
    context["unchanged_rows"] = [row for row in rows if row["kind"] == UNCHANGED]
    return render(request, "desk/new_version.html", context)


def _row(item: Item) -> dict[str, object]:
    """What the preview shows of one paragraph. to_html escapes the text and writes only allow-listed tags, and
    the diff's pieces are escaped by the template: safe to show."""
    passage, block = item.passage, item.block
    row: dict[str, object] = {
        "kind": item.kind,
        "label": LABELS[item.kind],
        "old_number": passage.number if passage else None,
        "new_number": item.new_index + 1 if item.new_index is not None else None,
        "block_kind": BlockKind(block.kind).label if block else "",
        "old_html": mark_safe(to_html(passage.source_text)) if passage else "",  # noqa: S308
        "new_html": mark_safe(to_html(block.text)) if block else "",  # noqa: S308
        "key": passage.key if passage else "",
        "edited": item.text_changed,
        "formatting_only": item.formatting_only,
        "translations": [language_name(code) for code in item.translations()],
    }
    if item.text_changed and passage and block and not item.formatting_only:
        row["diff"] = word_diff(plain(passage.source_text), plain(block.text))
    return row
