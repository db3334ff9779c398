"""A language of a declaration downloaded as a document (issue 24): the formats that apply to it (the original's
first, since only it keeps the original's styles), the bilingual two-column ones, and, before the links, which
passages the file will carry in the source language (documents/writing.py's own report, so the page and the file
cannot disagree)."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from workbench.access import Right, requires
from workbench.declarations.models import Declaration
from workbench.desk.views import language_label
from workbench.documents.bilingual import write_bilingual
from workbench.documents.models import SourceDocument
from workbench.documents.safety import DocumentError
from workbench.documents.writing import Written, untranslated, write
from workbench.links import passage_url


@dataclass(frozen=True)
class Choice:
    name: str  # in the URL
    kind: str  # the writer's format
    bilingual: bool
    label: object  # lazy text
    extension: str
    content_type: str


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
CHOICES = {
    choice.name: choice for choice in (
        Choice("docx", "docx", False, _("DOCX (Word), the original file with its styles"), "docx", DOCX_TYPE),
        Choice("odt", "odt", False, _("ODT (LibreOffice), the original file with its styles"), "odt", ODT_TYPE),
        Choice("html", "html", False, pgettext_lazy("download format", "HTML page"), "html",
               "text/html; charset=utf-8"),
        Choice("markdown", "markdown", False, pgettext_lazy("download format", "Markdown"), "md",
               "text/markdown; charset=utf-8"),
        Choice("text", "text", False, pgettext_lazy("download format", "Plain text"), "txt",
               "text/plain; charset=utf-8"),
        Choice("bilingual-docx", "docx", True, _("Bilingual DOCX: source and translation in two columns"), "docx",
               DOCX_TYPE),
        Choice("bilingual-html", "html", True, _("Bilingual HTML page: two columns, ready to print"), "html",
               "text/html; charset=utf-8"),
    )
}  # fmt: skip


def choices_for(declaration: Declaration) -> list[Choice]:
    """The formats a declaration is written in: DOCX and ODT only into an original of that format (the writer has
    nothing else to take their styles from), the original's format first; the built ones always."""
    original = SourceDocument.objects.filter(declaration=declaration).values_list("format", flat=True).first()
    names = [original] if original in CHOICES else []
    names += ["html", "markdown", "text", "bilingual-docx", "bilingual-html"]
    return [CHOICES[name] for name in dict.fromkeys(names)]


def filename(declaration: Declaration, language: str, choice: Choice) -> str:
    languages = f"{declaration.source_language}-{language}" if choice.bilingual else language
    return f"{declaration.slug}.{languages}.{choice.extension}"


# Permission: Right.WORK in this language, as for the editor (views.editor): the file holds what the editor shows.
@require_safe
@requires(Right.WORK)
def download_page(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    return render(request, "desk/download.html", page_context(declaration, language))


def page_context(declaration: Declaration, language: str, error: str = "") -> dict[str, object]:
    keys = list(declaration.passages.order_by("position", "pk").values_list("key", flat=True))
    left = untranslated(declaration, language)
    return {
        "declaration": declaration,
        "language": language,
        "language_label": language_label(language),
        "source_label": language_label(declaration.source_language),
        "editor_url": passage_url(declaration.slug, language),
        "untranslated": [{"number": number, "url": passage_url(declaration.slug, language, keys[number - 1])}
                         for number in left],  # fmt: skip
        "passage_count": len(keys),
        "choices": [{"label": choice.label, "filename": filename(declaration, language, choice),
                     "url": reverse("desk:download-file", args=[declaration.slug, language, choice.name])}
                    for choice in choices_for(declaration)],  # fmt: skip
        "error": error,
    }


# Permission: Right.WORK in this language, as for the editor and the page above.
@require_safe
@requires(Right.WORK)
def download_file(request: HttpRequest, declaration: Declaration, language: str, format: str) -> HttpResponse:
    choice = CHOICES.get(format)
    if choice is None or choice not in choices_for(declaration):
        raise Http404("Not a format this declaration is written in.")
    try:
        written = _written(declaration, language, choice)
    except DocumentError as error:
        # Only an original that no longer opens gets here (the list offers no format the writer refuses).
        return render(request, "desk/download.html", page_context(declaration, language, str(error)), status=400)
    response = HttpResponse(written.content, content_type=choice.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(declaration, language, choice)}"'
    return response


def _written(declaration: Declaration, language: str, choice: Choice) -> Written:
    if choice.bilingual:
        return write_bilingual(declaration, language, choice.kind)
    return write(declaration, language, choice.kind)
