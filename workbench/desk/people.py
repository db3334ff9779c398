"""Coordinators assign people to languages and roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workbench.access import Right, requires
from workbench.declarations.models import Assignment
from workbench.desk.forms import AssignmentForm


# Permission: Right.ASSIGN (coordinators only).
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Right.ASSIGN)
def people(request: HttpRequest) -> HttpResponse:
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _assignment, created = Assignment.objects.get_or_create(
            user=form.cleaned_data["user"], role=form.cleaned_data["role"], language=form.cleaned_data["language"]
        )
        if created:
            messages.success(request, _("Assignment added."))
        else:
            messages.info(request, _("That person already has this assignment."))
        return HttpResponseRedirect(reverse("desk:people"))
    users = (
        get_user_model()
        .objects.order_by("username")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.order_by("role", "language")))
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/people.html", {"form": form, "users": users}, status=status)


# Permission: Right.ASSIGN (coordinators only).
@require_POST
@requires(Right.ASSIGN)
def remove_assignment(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment, pk=assignment_id)
    if assignment.user_id == request.user.pk and assignment.role == "coordinator":
        messages.error(request, _("You cannot remove your own coordinator assignment."))
    else:
        assignment.delete()
        messages.success(request, _("Assignment removed."))
    return HttpResponseRedirect(reverse("desk:people"))
