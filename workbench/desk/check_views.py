"""The checks at the desk (issue 23): a declaration's failures in one language, the coordinator's switches, the
reviewer's overrides with their reasons, and the one-action fix-ups, which are ordinary edits with their revision."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from workbench.access import Right, has_right, requires
from workbench.checks.findings import as_findings, label_of, recompute, shown, shown_by_passage, switched_off
from workbench.checks.models import Finding, Override, SwitchedOff
from workbench.checks.registry import CHECKS
from workbench.checks.runner import check_text, fix_up
from workbench.declarations.models import Declaration, Passage, State, digest
from workbench.declarations.text import normalise_text
from workbench.desk.views import conflict, language_label
from workbench.desk.workflow import MAX_TEXT_CHARS, DeskError, Intent, Outcome, submit
from workbench.links import passage_url

MAX_REASON_CHARS = 2000


class OverrideForm(forms.Form):
    check_name = forms.CharField(max_length=40)
    reason = forms.CharField(max_length=MAX_REASON_CHARS, label=gettext_lazy("Reason"))


class FixForm(forms.Form):
    check_name = forms.CharField(max_length=40)
    based_on = forms.IntegerField(min_value=0)


def checks_url(declaration: Declaration, language: str) -> str:
    return reverse("desk:checks", args=[declaration.slug, language])


# Permission: Right.WORK in this language (whoever may open the editor may read its failures); the switches on the
# page are shown and accepted only with Right.SWITCH_CHECKS (coordinators).
@require_safe
@requires(Right.WORK)
def checks(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    passages = list(declaration.passages.order_by("position", "pk"))
    grouped = shown_by_passage([p.pk for p in passages], language)
    entries = [{"passage": p, "number": number, "failures": grouped[p.pk],
                "url": passage_url(declaration.slug, language, p.key)}  # fmt: skip
               for number, p in enumerate(passages, start=1) if p.pk in grouped]
    off = switched_off([declaration.pk]).get(declaration.pk, set())
    failures = [item for entry in entries for item in entry["failures"]]
    context = {
        "declaration": declaration,
        "language": language,
        "language_label": language_label(language),
        "entries": entries,
        "open_count": sum(not item.overridden for item in failures),
        "overridden_count": sum(item.overridden for item in failures),
        "switches": [{"name": name, "label": str(check.label), "on": name not in off}
                     for name, check in CHECKS.items()],  # fmt: skip
        "can_switch": has_right(request.user, Right.SWITCH_CHECKS, language),
        "editor_url": passage_url(declaration.slug, language),
    }
    return render(request, "desk/checks.html", context)


# Permission: Right.SWITCH_CHECKS (coordinators): which checks run on this declaration, in every language.
@require_POST
@requires(Right.SWITCH_CHECKS)
def switch(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    known = set(CHECKS)
    chosen = set(request.POST.getlist("on"))
    unknown = chosen - known
    if unknown:
        names = ", ".join(sorted(unknown))
        messages.error(request, _("Unknown check: %(names)s. Nothing was changed.") % {"names": names})
        return HttpResponseRedirect(checks_url(declaration, language))
    with transaction.atomic():
        was_off = switched_off([declaration.pk]).get(declaration.pk, set())
        turned_on, turned_off = was_off & chosen, known - chosen - was_off
        SwitchedOff.objects.filter(declaration=declaration, check_name__in=turned_on).delete()
        SwitchedOff.objects.bulk_create([SwitchedOff(declaration=declaration, check_name=name, author=request.user)
                                         for name in sorted(turned_off)])  # fmt: skip
        # The stored findings follow at once, so the list and the progress page agree with the switches: a check
        # switched off only loses its findings; one switched back on needs the declaration checked again.
        Finding.objects.filter(passage__declaration=declaration, check_name__in=turned_off).delete()
        if turned_on:
            recompute(Declaration.objects.filter(pk=declaration.pk))
    messages.success(request, _("The checks of this declaration were saved."))
    return HttpResponseRedirect(checks_url(declaration, language))


# Permission: Right.REVIEW in this language (its reviewers, and coordinators): a translator cannot wave a failure.
@require_POST
@requires(Right.REVIEW)
def override(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    form = OverrideForm(request.POST)
    back = passage_url(declaration.slug, language, key)
    if not form.is_valid() or not form.cleaned_data["reason"].strip():
        messages.error(request, _("Say why this failure is not an error here: the reason is required."))
        return HttpResponseRedirect(back)
    name = form.cleaned_data["check_name"]
    with transaction.atomic():
        locked = Passage.objects.select_for_update().get(pk=passage.pk)
        target_digest = digest(locked.text_in(language))
        if not Finding.objects.filter(passage=locked, language=language, check_name=name,
                                      target_digest=target_digest).exists():  # fmt: skip
            messages.error(request, _("The check %(check)s no longer fails on this passage: nothing to override.")
                           % {"check": label_of(name)})  # fmt: skip
            return HttpResponseRedirect(back)
        Override.objects.create(passage=locked, language=language, check_name=name, target_digest=target_digest,
                                reason=form.cleaned_data["reason"].strip(), author=request.user)  # fmt: skip
    messages.success(request, _("Failure of %(check)s overridden.") % {"check": label_of(name)})
    return HttpResponseRedirect(back)


# Permission: Right.WORK in this language: a fix-up is an ordinary edit, saved through the workflow like a draft.
@require_POST
@requires(Right.WORK)
def fix(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    form = FixForm(request.POST)
    back = passage_url(declaration.slug, language, key)
    check = CHECKS.get(form.cleaned_data["check_name"]) if form.is_valid() else None
    if check is None or not check.fixable:
        messages.error(request, _("That check has no automatic fix."))
        return HttpResponseRedirect(back)
    fixed = fix_up(check.name, passage.source_text, passage.text_in(language), target_language=language)
    if fixed is None or fixed == passage.text_in(language):
        messages.info(request, _("Nothing to fix: the passage already passes %(check)s.") % {"check": check.label})
        return HttpResponseRedirect(back)
    # A translated passage stays translated; anything else becomes a draft, as a save from the row would make it.
    intent = Intent.MARK_TRANSLATED if passage.state_in(language) == State.TRANSLATED else Intent.SAVE
    seen = passage.basis_in(language) or passage.source_digest  # a stale translation stays stale: only its form changed
    try:
        result = submit(passage=passage, language=language, intent=intent, user=request.user, text=fixed,
                        based_on=form.cleaned_data["based_on"], source_digest_seen=seen)  # fmt: skip
    except DeskError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(back)
    if result.outcome is Outcome.CONFLICT:
        return conflict(request, declaration, language, passage, language, intent, result)
    messages.success(request, _("Fixed: %(check)s.") % {"check": check.label})
    return HttpResponseRedirect(back)



class PreviewForm(forms.Form):
    text = forms.CharField(required=False, strip=False, max_length=MAX_TEXT_CHARS)


# Permission: Right.WORK in this language: the editor asks, as the translator types, what the checks would say of
# the typed text (nothing is written); the answer is the row's failures partial, put beside the row by checks.js.
@require_POST
@requires(Right.WORK)
def preview(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage.objects.select_related("declaration"), declaration=declaration, key=key)
    form = PreviewForm(request.POST)
    text = normalise_text(form.cleaned_data["text"]) if form.is_valid() else ""
    disabled = switched_off([declaration.pk]).get(declaration.pk, set())
    found = check_text(passage.source_text, text, source_language=declaration.source_language,
                       target_language=language, disabled=tuple(disabled))  # fmt: skip
    failures = shown(as_findings(passage, language, text, found), language)
    row = {"key": passage.key, "failures": failures, "open_failures": [f for f in failures if not f.overridden]}
    context = {"row": row, "declaration": declaration, "language": language, "preview": True}
    return render(request, "desk/_row_checks.html", context)
