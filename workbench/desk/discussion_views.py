"""The discussion of one passage in one language (issue 25): read it, add a comment, resolve it, reopen it.

Permission: Right.WORK in the thread's language for all of it, as for the editor: whoever may open the passage may
take part in its discussion (a translator of another language gets 403, an unknown declaration or language 404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workbench.access import Right, requires
from workbench.declarations.models import Declaration, Passage
from workbench.desk.discussion_history import shown
from workbench.desk.tag_chips import render as render_tags
from workbench.desk.views import language_label
from workbench.discussion.models import MAX_COMMENT_CHARS
from workbench.discussion.threads import DiscussionError, add_comment, entries_of, reopen, resolve, thread_of
from workbench.links import passage_url


def discussion_url(declaration: Declaration, language: str, key: str) -> str:
    return reverse("desk:discussion", args=[declaration.slug, language, key])


def page(request: HttpRequest, declaration: Declaration, language: str, passage: Passage, *, error: str = "",
         typed: str = "") -> HttpResponse:  # fmt: skip
    thread = thread_of(passage, language)
    context = {
        "declaration": declaration,
        "language": language,
        "language_label": language_label(language),
        "source_language": declaration.source_language,
        "passage": passage,
        "source_html": render_tags(passage.source_text),
        "target_html": render_tags(passage.text_in(language)),
        "thread": thread,
        "entries": shown(entries_of(passage, language)) if thread else [],
        "error": error,
        "typed": typed,
        "max_length": MAX_COMMENT_CHARS,
        "editor_url": passage_url(declaration.slug, language, passage.key),
    }
    return render(request, "desk/discussion.html", context, status=400 if error else 200)


# Permission: Right.WORK in this language (its translators and reviewers, and coordinators).
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Right.WORK)
def discussion(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    if request.method != "POST":
        return page(request, declaration, language, passage)
    typed = request.POST.get("text", "")
    try:
        comment = add_comment(passage=passage, language=language, author=request.user, text=typed)
    except DiscussionError as error:
        return page(request, declaration, language, passage, error=str(error), typed=typed)
    messages.success(request, _("Comment added."))
    return HttpResponseRedirect(f"{discussion_url(declaration, language, key)}#c-{comment.pk}")


# Permission: Right.WORK in this language, as for commenting: the people in the discussion decide it is settled.
@require_POST
@requires(Right.WORK)
def resolve_thread(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    thread = thread_of(passage, language)
    if thread is None:
        messages.error(request, _("There is no discussion of this passage to resolve."))
    elif resolve(thread=thread, user=request.user):
        messages.success(request, _("Discussion resolved."))
    return HttpResponseRedirect(discussion_url(declaration, language, key))


# Permission: Right.WORK in this language, as for commenting.
@require_POST
@requires(Right.WORK)
def reopen_thread(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    thread = thread_of(passage, language)
    if thread is not None and reopen(thread=thread, user=request.user):
        messages.success(request, _("Discussion reopened."))
    return HttpResponseRedirect(discussion_url(declaration, language, key))
