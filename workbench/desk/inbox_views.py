"""The inbox (issue 25): a person's notices newest first, unread marked, each leading to what it is about, and how
each kind is mailed (at once, in a daily digest, or not at all). Any logged-in person (Right.DESK), for their own
notices only; the logic is notifications/inbox.py's."""
from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workbench.access import Right, requires
from workbench.notifications import inbox as notices
from workbench.notifications.context import unread_count
from workbench.notifications.models import Kind, Mode
from workbench.notifications.texts import describe


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of my e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(label=label, choices=Mode.choices, initial=Mode.IMMEDIATE)

    def kinds(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}


# Permission: Right.DESK (anyone logged in), for their own notices only.
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Right.DESK)
def inbox(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial=notices.choices_of(request.user))
    if request.method == "POST" and form.is_valid():
        notices.save_choices(request.user, form.kinds(), form.cleaned_data["language"])
        messages.success(request, _("Your notification choices are saved."))
        return HttpResponseRedirect(reverse("desk:inbox"))
    rows = [(notice, describe(notice.kind, notice.params)) for notice in notices.newest(request.user)]
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/inbox.html", {"rows": rows, "form": form,
                                               "unread": unread_count(request.user)},  # the header's figure
                  status=status)  # fmt: skip


# Permission: Right.DESK (anyone logged in), for their own notices only.
@require_POST
@requires(Right.DESK)
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notices.mark_all_read(request.user)
    return HttpResponseRedirect(reverse("desk:inbox"))


# Permission: Right.DESK (anyone logged in); another person's notice is not found (404). A plain link (GET) that
# marks the notice read on the way, as following it from the inbox is reading it: nothing else changes.
@require_http_methods(["GET", "HEAD"])
@requires(Right.DESK)
def open_notice(request: HttpRequest, notification_id: int) -> HttpResponse:
    notice = notices.mark_read(request.user, notification_id)
    if notice is None:
        raise Http404("No such notification.")
    # Stored paths are the workbench's own; a stored address elsewhere is not followed.
    safe = url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) and notice.url.startswith("/")
    return HttpResponseRedirect(notice.url if safe else reverse("desk:inbox"))
