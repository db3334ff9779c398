"""The words of each notice, written when it is shown or mailed, in whatever language is active then (the inbox:
the reader's; a mail: the recipient's, through translation.override). A notice stores only its params."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, ngettext

from workbench.declarations.languages import language_label
from workbench.notifications.models import Kind


def _values(params: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "title": params.get("title") or params.get("slug", ""),
        "language": language_label(params.get("language", "")),
        "number": params.get("number", ""),
        "by": params.get("by") or gettext("someone"),
        "due": params.get("due_on", ""),
        "count": params.get("count", 1),
    }


def describe(kind: str, params: Mapping[str, Any]) -> str:
    """One sentence saying what happened, for the inbox and the mail's body."""
    values = _values(params)
    if kind == Kind.ASSIGNED:
        role = params.get("role")
        if role == "review":
            return gettext("%(by)s asked you to review “%(title)s” in %(language)s.") % values
        return gettext("%(by)s asked you to translate “%(title)s” into %(language)s.") % values
    if kind == Kind.SENT_BACK:
        return gettext("%(by)s sent back passage %(number)s of “%(title)s” in %(language)s.") % values
    if kind == Kind.MENTION:
        return gettext("%(by)s mentioned you on passage %(number)s of “%(title)s” in %(language)s.") % values
    if kind == Kind.STALE:
        return ngettext(
            "The source of passage %(number)s of “%(title)s” changed: your %(language)s translation is stale.",
            "The source of %(count)s passages of “%(title)s” changed (the first is %(number)s): your %(language)s "
            "translations are stale.", values["count"]) % values  # fmt: skip
    if kind == Kind.DUE_SOON:
        return gettext("“%(title)s” in %(language)s is due on %(due)s.") % values
    if kind == Kind.OVERDUE:
        return gettext("“%(title)s” in %(language)s was due on %(due)s and is not approved yet.") % values
    return gettext("Something happened on “%(title)s”.") % values


def subject(kind: str, params: Mapping[str, Any]) -> str:
    """A mail's subject line: short, with the declaration's title last so that it can be cut."""
    values = _values(params)
    headings = {
        Kind.ASSIGNED.value: gettext("New work: %(title)s"),
        Kind.SENT_BACK.value: gettext("Sent back: %(title)s"),
        Kind.MENTION.value: gettext("You were mentioned: %(title)s"),
        Kind.STALE.value: gettext("Stale translation: %(title)s"),
        Kind.DUE_SOON.value: gettext("Due on %(due)s: %(title)s"),
        Kind.OVERDUE.value: gettext("Overdue: %(title)s"),
    }
    line = headings.get(str(kind), gettext("Notice: %(title)s")) % values
    return " ".join(line.split())[:200]
