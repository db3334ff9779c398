"""The desk's screens. Views are thin: a declared Right (checked by `requires`), a call to the workflow, a page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from workbench.access import Right, has_right, requires, working_languages
from workbench.declarations.history import waiting_send_backs
from workbench.declarations.languages import language_codes, language_label
from workbench.declarations.models import Declaration, Passage, Progress, Revision, State
from workbench.declarations.publishing import can_publish
from workbench.desk.check_history import merge_overrides
from workbench.desk.diffing import word_diff
from workbench.desk.discussion_history import merge_comments
from workbench.desk.forms import RestoreForm, RowForm
from workbench.desk.publish_status import Counts, PublishStatus, editor_status, list_statuses, publish_annotations
from workbench.desk.rows import Row, build_rows
from workbench.desk.tallies import Figures, declaration_progress, zero_figures
from workbench.desk.term_marks import attach_terms
from workbench.desk.window import Outline, Window, opening_window, outline, search, window_passages
from workbench.desk.workflow import DeskError, Intent, Outcome, Result, submit
from workbench.links import passage_url
from workbench.planning.my_work import REVIEW, my_work, stale_mine

INTENT_RIGHTS = {
    Intent.SAVE: Right.WORK,
    Intent.MARK_TRANSLATED: Right.WORK,
    Intent.APPROVE: Right.REVIEW,
    Intent.SEND_BACK: Right.REVIEW,
    Intent.EDIT_SOURCE: Right.EDIT_SOURCE,
}
# The desk lists at most this many send-backs (newest first) and counts the rest.
SENT_BACK_SHOWN = 50


def bars(declaration: Any, language: str) -> dict[str, Any]:
    """One language's progress bar from a declaration's figures (tallies.declaration_progress, read as Figures)."""
    segments = []
    total_passages = sum(getattr(declaration, f"{language}_{b.value}_passages") for b in Progress)
    total_words = sum(getattr(declaration, f"{language}_{b.value}_words") for b in Progress)
    for bucket in Progress:
        passages = getattr(declaration, f"{language}_{bucket.value}_passages")
        words = getattr(declaration, f"{language}_{bucket.value}_words")
        share = round(100 * words / total_words, 1) if total_words else 0
        segments.append({"bucket": bucket, "passages": passages, "words": words, "share": share})
    return {
        "language": language,
        "label": language_label(language),
        "segments": segments,
        "passages": total_passages,
        "words": total_words,
    }


# Permission: Right.DESK — anyone logged in; each sees the languages they are assigned to, and a person without any
# assignment sees an empty desk that says so.
@require_safe
@requires(Right.DESK)
def overview(request: HttpRequest) -> HttpResponse:
    languages = working_languages(request.user, language_codes())
    page = Paginator(Declaration.objects.order_by("-issued_on", "slug"), 25).get_page(request.GET.get("page"))
    # The page's figures from the progress summary (issue 26): counting the passages of every declaration to sort
    # and cut the page took seconds at 10,000 declarations.
    # Publishers' lines are counted in the same query (publish_status.publish_annotations), as on the progress page.
    publisher = can_publish(request.user)
    extra = publish_annotations(languages, outer="declaration") if publisher else None
    counted = declaration_progress([declaration.pk for declaration in page], languages, extra)
    empty = zero_figures(languages)
    entries = []
    for declaration in page:
        figures = Figures(counted.get(declaration.pk, empty))
        targets = [code for code in languages if code != declaration.source_language]
        entries.append({"declaration": declaration, "bars": [bars(figures, code) for code in targets]})
    if publisher:
        attach_publish_status(entries, counted)
    waiting = list(waiting_send_backs(languages)[:SENT_BACK_SHOWN])
    sent_back = [
        {
            "revision": revision,
            "language_label": language_label(revision.language),
            "url": passage_url(revision.passage.declaration.slug, revision.language, revision.passage.key),
        }
        for revision in waiting
    ]
    context = {
        "my_work": [{"task": item.task, "role": item.role, "to_do": item.to_do, "overdue": item.overdue,
                     "label": _role_label(item.role, item.task.language),
                     "url": passage_url(item.task.declaration.slug, item.task.language, item.first_key or None)}
                    for item in my_work(request.user)],  # fmt: skip
        "stale_mine": [{"item": item, "label": language_label(item.language),
                        "url": passage_url(item.declaration.slug, item.language, item.first_key)}
                       for item in stale_mine(request.user, languages)],  # fmt: skip
        "page": page,
        "entries": entries,
        "sent_back": sent_back,
        "sent_back_more": waiting[0].total - len(waiting) if waiting else 0,
        "working_languages": languages,
        "can_assign": has_right(request.user, Right.ASSIGN),
        "can_see_progress": has_right(request.user, Right.PROGRESS),
        "can_search_memory": has_right(request.user, Right.MEMORY),
        "can_read_glossary": has_right(request.user, Right.GLOSSARY),
        "can_bring_documents": has_right(request.user, Right.EDIT_SOURCE),
    }
    return render(request, "desk/overview.html", context)


def _role_label(role: str, language: str) -> str:
    if role == REVIEW:
        return _("review in %(language)s") % {"language": language_label(language)}
    return _("translate into %(language)s") % {"language": language_label(language)}


def bar_counts(declaration: Declaration, bar: dict[str, Any]) -> Counts:
    """What a bar already counted, as the publish status reads it (no query of its own)."""
    buckets = {segment["bucket"]: segment["passages"] for segment in bar["segments"]}
    return Counts(declaration, bar["language"], bar["label"], bar["passages"], buckets[Progress.APPROVED],
                  buckets[Progress.STALE])  # fmt: skip


def attach_publish_status(entries: list[dict[str, Any]], figures: dict[int, dict[str, Any]]) -> None:
    """Give every bar of a list page (desk overview, progress table) its publish status, for publishers only, from
    its counts and the page's publish_status.publish_annotations() (`figures`, per declaration id)."""
    counted = [bar_counts(entry["declaration"], bar) for entry in entries for bar in entry["bars"]]
    statuses: dict[tuple[int, str], PublishStatus] = list_statuses(counted, figures)
    for entry in entries:
        for bar in entry["bars"]:
            bar["publish"] = statuses[(entry["declaration"].pk, bar["language"])]


def row_context(request: HttpRequest, declaration: Declaration, language: str) -> dict[str, Any]:
    """What every editor row's template needs beside the row itself (the page, a window of rows, one saved row)."""
    return {
        "declaration": declaration,
        "language": language,
        "language_label": language_label(language),
        "source_language": declaration.source_language,
        "source_label": language_label(declaration.source_language),
        "can_review": has_right(request.user, Right.REVIEW, language),
        "can_edit_source": has_right(request.user, Right.EDIT_SOURCE),
    }


def window_rows(declaration: Declaration, language: str, shape: Outline, window: Window) -> list[Row]:
    rows = build_rows(declaration, language, window_passages(declaration, shape, window), window.first_number)
    attach_terms(rows, source_language=declaration.source_language, target_language=language)
    return rows


def where_the_work_is(request: HttpRequest, declaration: Declaration, language: str, shape: Outline
                      ) -> dict[str, Any]:  # fmt: skip
    """The editor's line about the whole declaration (_editor_progress.html): how many passages need work, the
    first of them, and for publishers whether the language can be published. Shown on the page and sent again, out
    of band, after every in-place save, so it never tells what was true when the page was loaded."""
    first_to_do = shape.next_to_do()
    return {
        "to_do_count": shape.to_do_count,
        "first_to_do_url": passage_url(declaration.slug, language, shape.keys[first_to_do])
        if first_to_do is not None else "",
        # Publishers see whether this language can be published, and go there from here (issue 25).
        "publish": editor_status(declaration, language, language_label(language), shape) if can_publish(request.user)
        else None,
    }


def editor_context(request: HttpRequest, declaration: Declaration, language: str, shape: Outline,
                   window: Window) -> dict[str, Any]:
    return {
        **row_context(request, declaration, language),
        **where_the_work_is(request, declaration, language, shape),
        "rows": window_rows(declaration, language, shape, window),
        "window": window,
        # Coordinators may fill the missing passages from the memory's 100% matches (memory_views.fill).
        "can_fill": has_right(request.user, Right.FILL_FROM_MEMORY, language) and shape.count(Progress.MISSING) > 0,
        "can_search_memory": has_right(request.user, Right.MEMORY),
        # Anyone who opens an editor reads its pair's glossary (Right.GLOSSARY, access.glossary_pairs).
        "glossary_url": reverse("desk:glossary", kwargs={"other": declaration.source_language, "language": language}),
    }


def passage_number(request: HttpRequest) -> int | None:
    """The passage number asked for with ?at=N (the jump form, the window links), if it is a number."""
    try:
        return int(request.GET["at"])
    except (KeyError, ValueError):
        return None


# Permission: Right.WORK in this language (its translators and reviewers, and coordinators).
@require_safe
@requires(Right.WORK)
def editor(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    """A window of the declaration's passages: where the work is, at ?at=N, or around ?p=KEY (links to a passage);
    ?q=WORDS lists the passages containing them. The next window comes as a fragment to htmx (?rows=1)."""
    shape = outline(declaration, language)
    window = opening_window(shape, number=passage_number(request), key=request.GET.get("p"))
    if request.htmx and request.GET.get("rows"):
        context = {**row_context(request, declaration, language),
                   "rows": window_rows(declaration, language, shape, window), "window": window}  # fmt: skip
        return render(request, "desk/_editor_rows.html", context)
    context = editor_context(request, declaration, language, shape, window)
    context["words"] = request.GET.get("q", "").strip()[:200]
    if context["words"]:
        context["found"], context["found_total"] = search(declaration, language, shape, context["words"])
    return render(request, "desk/editor.html", context)


# Permission: Right.WORK in this language to reach it; then the intent's own right (INTENT_RIGHTS): approving and
# sending back need Right.REVIEW, editing the source needs Right.EDIT_SOURCE.
@require_POST
@requires(Right.WORK)
def row_action(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    """Save, mark translated, approve, send back or edit the source of one passage. A plain form post redirects to
    the editor; from htmx (issue 26) the answer is the row in its new state, replaced in place, and the key of the
    passage to go on with."""
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    form = RowForm(request.POST)
    if not form.is_valid():
        return editor_with_error(request, declaration, language, key, _("The form was incomplete; try again."), None)
    data = form.cleaned_data
    intent = Intent(data["intent"])
    if not has_right(request.user, INTENT_RIGHTS[intent], language):
        raise PermissionDenied
    side = declaration.source_language if intent is Intent.EDIT_SOURCE else language
    try:
        result = submit(
            passage=passage,
            language=side,
            intent=intent,
            user=request.user,
            based_on=data["based_on"],
            text=data["text"],
            source_digest_seen=data["source_digest"],
            comment=data["comment"],
            minor=data["minor"],
        )
    except DeskError as error:
        return editor_with_error(request, declaration, language, key, str(error), data["text"])
    if result.outcome is Outcome.CONFLICT:
        return conflict(request, declaration, language, passage, side, intent, result)
    go_on = bool(data["next"] or request.GET.get("next") == "1")
    if request.htmx:
        return saved_row(request, declaration, language, key, announcement(result, intent), go_on)
    messages.add_message(request, *announcement(result, intent))
    # "Save and go to next" (and Ctrl+Enter) ask for the next passage that needs work.
    if go_on:
        shape = outline(declaration, language)
        following = shape.next_to_do(shape.index_of(key))
        return HttpResponseRedirect(passage_url(declaration.slug, language, shape.keys[following]
                                               if following is not None else key))  # fmt: skip
    return HttpResponseRedirect(passage_url(declaration.slug, language, key))


def announcement(result: Result, intent: Intent) -> tuple[int, str]:
    """The message level and text that tell what a row action did."""
    if result.outcome is Outcome.UNCHANGED:
        return messages.INFO, _("Nothing changed: the passage already reads like that.")
    done = {
        Intent.SAVE: _("Draft saved."),
        Intent.MARK_TRANSLATED: _("Marked translated."),
        Intent.APPROVE: _("Approved."),
        Intent.SEND_BACK: _("Sent back to the translator."),
        Intent.EDIT_SOURCE: _("Source text saved."),
        Intent.RESTORE: _("Version restored."),
    }
    return messages.SUCCESS, done[intent]


def saved_row(request: HttpRequest, declaration: Declaration, language: str, key: str,
              message: tuple[int, str], go_on: bool, *, typed: str | None = None) -> HttpResponse:
    """The row in its new state for htmx to put in place of the old one, with the editor's line about the whole
    declaration and its status line (out of band), and the passage the cursor goes to next (`data-focus`; editor.js
    moves it there). A refused save (an ERROR message) answers 400 with the row showing why and holding `typed`."""
    shape = outline(declaration, language)
    index = shape.index_of(key)
    assert index is not None  # the passage was just written (or refused), and neither takes it out of the text
    row = window_rows(declaration, language, shape, Window(index, index + 1, shape.total))[0]
    refused = message[0] == messages.ERROR
    if refused:
        row.error, row.typed_text = message[1], typed
    following = shape.next_to_do(index) if go_on and not refused else None
    focus = shape.keys[following] if following is not None else key
    context = {
        **row_context(request, declaration, language),
        **where_the_work_is(request, declaration, language, shape),
        "row": row,
        "focus_key": focus,
        "focus_url": passage_url(declaration.slug, language, focus),
        "messages": [Message(*message)],  # shown in the editor's status line (_messages.html)
    }
    return render(request, "desk/_saved_row.html", context, status=400 if refused else 200)


def editor_with_error(
    request: HttpRequest, declaration: Declaration, language: str, key: str, error: str, typed: str | None
) -> HttpResponse:
    """The refused row showing why and still holding what was typed: alone for htmx, else in its editor window."""
    if request.htmx:
        return saved_row(request, declaration, language, key, (messages.ERROR, error), False, typed=typed)
    shape = outline(declaration, language)
    context = {**editor_context(request, declaration, language, shape, opening_window(shape, key=key)), "words": ""}
    for row in context["rows"]:
        if row.key == key:
            row.error = error
            row.typed_text = typed
    context["row_error"] = error
    return render(request, "desk/editor.html", context, status=400)


def conflict(
    request: HttpRequest,
    declaration: Declaration,
    language: str,
    passage: Passage,
    side: str,
    intent: Intent,
    result: Result,
) -> HttpResponse:
    passage.refresh_from_db()
    mine = result.revision
    assert mine is not None  # a conflict always keeps the refused text
    context = {
        "declaration": declaration,
        "language": language,
        "side": side,
        "side_label": language_label(side),
        "passage": passage,
        "mine": mine,
        "current": result.current,
        "current_text": passage.text_in(side),
        "intent": intent.value,
        "based_on": result.current.pk if result.current else 0,
        "source_digest": passage.source_digest,
        "changes": word_diff(passage.text_in(side), mine.text),
        "editor_url": passage_url(declaration.slug, language, passage.key),
    }
    response = render(request, "desk/conflict.html", context, status=409)
    if request.htmx:
        # The conflict is a page of its own, as after a plain post: htmx puts it in place of the editor's body.
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response


def history_side(request: HttpRequest, declaration: Declaration, language: str) -> str:
    return declaration.source_language if request.GET.get("side") == "source" else language


# Permission: Right.WORK in this language; the source's history is readable by the same people.
@require_safe
@requires(Right.WORK)
def history(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    side = history_side(request, declaration, language)
    revisions = list(passage.revisions.filter(language=side).select_related("author").order_by("pk"))
    entries = []
    previous = ""
    for revision in revisions:
        entries.append({"revision": revision, "changes": word_diff(previous, revision.text)})
        previous = revision.text
    if side != declaration.source_language:
        entries = merge_overrides(entries, passage, side)  # the reviewers' overrides of check failures, with why
        entries = merge_comments(entries, passage, side)  # the passage's discussion, kept in its history (issue 25)
    entries.reverse()  # newest first, each diffed against the one before it
    is_source = side == declaration.source_language
    current = next((r for r in reversed(revisions) if r.action != "conflict"), None)
    # A translation whose history does not start from "missing" was missing before it: that version is offered
    # too (restoring it undoes a fill from memory, or any first translation).
    kept = [r for r in revisions if r.action != "conflict"]
    before_first = not is_source and bool(kept) and kept[0].state != State.MISSING
    can_restore = has_right(request.user, Right.EDIT_SOURCE if is_source else Right.WORK, language)
    is_missing = passage.state_in(side) == State.MISSING
    for entry in entries:
        if "revision" not in entry:  # an override or a comment: nothing to restore
            continue
        revision = entry["revision"]
        # A version without text is "no translation": restorable on the translation's side, unless it is so now.
        empty_version = not is_source and revision.state == State.MISSING and not is_missing
        entry["restorable"] = (
            can_restore and revision.pk != (current.pk if current else None) and (bool(revision.text) or empty_version)
        )
    context = {
        "declaration": declaration,
        "language": language,
        "side": side,
        "side_label": language_label(side),
        "is_source": is_source,
        "passage": passage,
        "entries": entries,
        "based_on": current.pk if current else 0,
        "current_pk": current.pk if current else None,
        "before_first": before_first,
        "can_restore_missing": can_restore and not is_missing,
        "editor_url": passage_url(declaration.slug, language, passage.key),
    }
    return render(request, "desk/history.html", context)


# Permission: Right.WORK in this language to restore a translation; Right.EDIT_SOURCE to restore a source text.
# Without a revision (desk:restore-missing), the translation goes back to missing, as before its first revision.
@require_POST
@requires(Right.WORK)
def restore(request: HttpRequest, declaration: Declaration, language: str, key: str,
            revision_id: int | None = None) -> HttpResponse:  # fmt: skip
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    revision = get_object_or_404(Revision, pk=revision_id, passage=passage) if revision_id is not None else None
    side = revision.language if revision is not None else language
    if side not in (language, declaration.source_language):
        raise PermissionDenied
    if side == declaration.source_language and not has_right(request.user, Right.EDIT_SOURCE):
        raise PermissionDenied
    form = RestoreForm(request.POST)
    based_on = form.cleaned_data["based_on"] if form.is_valid() else -1
    intent = Intent.RESTORE if revision is not None else Intent.RESTORE_MISSING
    try:
        result = submit(
            passage=passage, language=side, intent=intent, user=request.user, based_on=based_on, restore=revision,
        )  # fmt: skip
    except DeskError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("desk:history", args=[declaration.slug, language, key]))
    if result.outcome is Outcome.CONFLICT:
        retry = Intent.EDIT_SOURCE if side == declaration.source_language else Intent.SAVE
        return conflict(request, declaration, language, passage, side, retry, result)
    messages.add_message(request, *announcement(result, Intent.RESTORE))
    return HttpResponseRedirect(passage_url(declaration.slug, language, key))
