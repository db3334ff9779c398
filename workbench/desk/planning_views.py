"""Assigning work at the desk (issue 25): one declaration in one language (who translates, who reviews, by when,
how urgent), or every declaration the progress page lists with its filters at once. Coordinators only
(Right.ASSIGN); the rules are planning/assigning.py's."""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from workbench.access import Right, requires
from workbench.declarations.models import Declaration
from workbench.desk import tallies
from workbench.desk.planning_forms import TaskForm
from workbench.desk.progress import ProgressFilterForm
from workbench.desk.views import language_label
from workbench.notifications.events import assigned, assigned_many
from workbench.planning.assigning import PlanningError, assign, assign_many
from workbench.planning.models import Task


# Permission: Right.ASSIGN (coordinators); the language must be a target of the declaration (requires checks it).
@require_http_methods(["GET", "POST"])
@requires(Right.ASSIGN)
def assign_one(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    task = Task.objects.filter(declaration=declaration, language=language).first()
    initial = ({"translator": task.translator, "reviewer": task.reviewer, "due_on": task.due_on,
                "priority": task.priority} if task else {})  # fmt: skip
    form = TaskForm(request.POST or None, language=language, initial=initial)
    context = {"declaration": declaration, "language": language, "language_label": language_label(language),
               "form": form, "task": task}  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            task = assign(declaration, language, form.plan(), request.user)
        except PlanningError as error:
            context["error"] = str(error)
        else:
            assigned(task, request.user)  # the people given the work are told (notifications)
            messages.success(request, _("%(declaration)s in %(language)s is assigned.")
                             % {"declaration": declaration.slug, "language": language_label(language)})  # fmt: skip
            return HttpResponseRedirect(reverse("desk:progress"))
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/assign.html", context, status=status)


# Permission: Right.ASSIGN (coordinators).
@require_POST
@requires(Right.ASSIGN, translation=False)
def assign_listed(request: HttpRequest) -> HttpResponse:
    filters_form = ProgressFilterForm(request.POST)
    filters = filters_form.filters()
    back = reverse("desk:progress") + "?" + urlencode(
        {name: value for name, value in request.POST.items() if name in filters_form.fields and value})
    if not filters.language:
        messages.error(request, _("Choose a language in the filters first: the work is assigned in that language."))
        return HttpResponseRedirect(back)
    form = TaskForm(request.POST, language=filters.language)
    if not form.is_valid():
        messages.error(request, _("The assignment was not made: %(errors)s")
                       % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)})  # fmt: skip
        return HttpResponseRedirect(back)
    try:
        tasks = assign_many(tallies.declaration_queryset(filters), filters.language, form.plan(), request.user)
    except PlanningError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(back)
    assigned_many(tasks, request.user)  # one mail per person, listing their new work
    count = len(tasks)
    messages.success(request, ngettext("%(count)s declaration assigned in %(language)s.",
                                       "%(count)s declarations assigned in %(language)s.", count)
                     % {"count": count, "language": language_label(filters.language)})  # fmt: skip
    return HttpResponseRedirect(back)
