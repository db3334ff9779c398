"""Bringing a new text in as a file (issue 24): upload or paste, fill the metadata, see the passages the file
yields, create the declaration in one transaction (documents/intake.py). Coordinators only (Right.EDIT_SOURCE).
The preview carries the files to the confirming request (desk/carrying.py)."""
from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from workbench.access import Right, requires
from workbench.declarations.inline import to_html
from workbench.declarations.models import Kind
from workbench.desk.carrying import carry, uploaded_or_carried
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.models import BlockKind
from workbench.documents.reading import ReadDocument, read_document
from workbench.documents.safety import DocumentError, max_bytes


class DocumentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Document (DOCX, ODT, HTML, Markdown or text)"), required=False)
    text = forms.CharField(label=gettext_lazy("…or paste plain text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    slug = forms.SlugField(label=gettext_lazy("Slug (the address of the declaration)"), max_length=120)
    source_language = forms.ChoiceField(label=gettext_lazy("Language of the document"), choices=settings.LANGUAGES)
    issued_on = forms.DateField(label=gettext_lazy("Date issued"), initial=datetime.date.today,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices, initial=Kind.DECLARATION)
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=300, required=False)
    available_in = forms.MultipleChoiceField(label=gettext_lazy("Languages the source says it is available in"),
                                             choices=settings.LANGUAGES, required=False,
                                             widget=forms.CheckboxSelectMultiple)  # fmt: skip
    translation = forms.FileField(label=gettext_lazy("A translation of it, to align (optional)"), required=False)
    translation_language = forms.ChoiceField(label=gettext_lazy("Language of the translation"), required=False,
                                             choices=[("", "—"), *settings.LANGUAGES])  # fmt: skip
    carried = forms.CharField(required=False, widget=forms.HiddenInput)
    carried_name = forms.CharField(required=False, widget=forms.HiddenInput)
    carried_translation = forms.CharField(required=False, widget=forms.HiddenInput)
    carried_translation_name = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(label=_("Title in %(language)s") % {"language": name},
                                                           max_length=400, required=False)  # fmt: skip

    def titles(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"title_{code}", "") for code, _name in settings.LANGUAGES}


# The hidden fields that carry each file from the preview to "Create": (its bytes in base64, its name).
_CARRIED = {"file": ("carried", "carried_name"), "translation": ("carried_translation", "carried_translation_name")}


def _file(form: DocumentForm, field: str) -> tuple[str, bytes] | None:
    """The uploaded file of `field`, or the one the preview carried; None when there is neither."""
    content, name = (form.cleaned_data.get(key) or "" for key in _CARRIED[field])
    return uploaded_or_carried(form.cleaned_data.get(field), content, name)


# Permission: Right.EDIT_SOURCE (coordinators) brings a new declaration in.
@require_http_methods(["GET", "POST"])
@requires(Right.EDIT_SOURCE, translation=False)
def new_document(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "max_mb": max_bytes() // 1048576}
    if request.method != "POST" or not form.is_valid():
        return render(request, "desk/document_new.html", context, status=400 if request.method == "POST" else 200)
    try:
        source = _file(form, "file")
        if source is None and form.cleaned_data["text"].strip():
            source = ("pasted.txt", form.cleaned_data["text"].encode())
        if source is None:
            raise DocumentError(_("Choose a file or paste the text."))
        document = read_document(*source)
        translation_file = _file(form, "translation")
        translation = read_document(*translation_file) if translation_file else None
        meta = Metadata(slug=form.cleaned_data["slug"], source_language=form.cleaned_data["source_language"],
                        issued_on=form.cleaned_data["issued_on"], kind=form.cleaned_data["kind"],
                        organisation=form.cleaned_data["organisation"], titles=form.titles(),
                        reported=form.cleaned_data["available_in"])  # fmt: skip
        if request.POST.get("action") == "create":
            created = create_declaration(document, source[1], meta, request.user, translation,
                                         form.cleaned_data["translation_language"])  # fmt: skip
        else:
            return _preview(request, form, context, source, document, translation_file, translation)
    except DocumentError as error:
        context["error"] = str(error)
        return render(request, "desk/document_new.html", context, status=400)
    slug = created.declaration.slug
    messages.success(request, _("%(slug)s was created with %(count)s passages.")
                     % {"slug": slug, "count": created.passages})  # fmt: skip
    if created.review_id is not None:
        return HttpResponseRedirect(reverse("desk:align", args=[slug, form.cleaned_data["translation_language"]]))
    return HttpResponseRedirect(reverse("desk:overview"))


def _preview(request: HttpRequest, form: DocumentForm, context: dict[str, object], source: tuple[str, bytes],
             document: ReadDocument, translation_file: tuple[str, bytes] | None,
             translation: ReadDocument | None) -> HttpResponse:  # fmt: skip
    data = form.cleaned_data.copy()
    for field, carried in (("file", source), ("translation", translation_file)):
        if carried:
            content, name = _CARRIED[field]
            data.update({content: carry(carried[1]), name: carried[0]})
    data["available_in"] = list(data.get("available_in") or [])
    context["form"] = DocumentForm(initial=data)
    context["document"] = document
    # to_html escapes the text and writes only allow-listed tags: safe to show as it is.
    context["blocks"] = [{"number": n, "kind": BlockKind(b.kind).label, "level": b.level, "note": b.note,
                          "html": mark_safe(to_html(b.text))}  # noqa: S308
                         for n, b in enumerate(document.blocks, start=1)]  # fmt: skip
    context["translation"] = translation
    return render(request, "desk/document_new.html", context)
