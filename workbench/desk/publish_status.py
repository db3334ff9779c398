"""Where publishing stands for one declaration in one language, shown where the work is (issue 25).

The editor, the desk overview and the progress page each show publishers a short line: a link to publish, what
still blocks it, or the edition already out. The editor (one declaration) reads its outline the way the publishing
rules read the passages (blockers()), and asks has_unpublished_changes() itself. The two lists work from the passage
counts they already have per row and a few subqueries (publish_annotations()) in the query that reads those counts
(tallies.declaration_progress): no query added to either page.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workbench.declarations.models import (
    Action,
    Declaration,
    Edition,
    Passage,
    Progress,
    Revision,
    translation_conditions,
)
from workbench.declarations.publishing import Problem, has_unpublished_changes, latest_edition, passage_problem
from workbench.desk.window import Outline
from workbench.links import passage_url


@dataclass(frozen=True)
class PublishStatus:
    """What a publisher is told about one language of one declaration."""

    slug: str
    language: str
    label: str  # the language's name in the interface language
    not_approved: int = 0
    stale: int = 0
    no_title: bool = False
    no_passages: bool = False
    first_key: str = ""  # the first passage that blocks publishing, for the editor's #p-<key> anchor
    edition: int | None = None  # the latest edition's number
    changed: bool = True  # publishing now would show something the latest edition does not

    @property
    def blocked(self) -> bool:
        return bool(self.not_approved or self.stale or self.no_title or self.no_passages)

    @property
    def can_publish_now(self) -> bool:
        return not self.blocked and (self.changed or self.edition is None)

    @property
    def publish_url(self) -> str:
        return reverse("reading-publish", kwargs={"slug": self.slug, "language": self.language})

    @property
    def blocker_url(self) -> str:
        return passage_url(self.slug, self.language, self.first_key or None)

    @property
    def publish_text(self) -> str:
        return _("Publish in %(language)s") % {"language": self.label}

    @property
    def blocked_text(self) -> str:
        reasons = []
        if self.not_approved:
            reasons.append(ngettext("%(count)d passage not approved", "%(count)d passages not approved",
                                    self.not_approved) % {"count": self.not_approved})  # fmt: skip
        if self.stale:
            reasons.append(ngettext("%(count)d stale", "%(count)d stale", self.stale) % {"count": self.stale})
        if self.no_title:
            reasons.append(_("no title in this language"))
        if self.no_passages:
            reasons.append(_("no passages"))
        # A list of short reasons; the comma is the separator French uses too.
        return _("Not publishable yet: %(reasons)s") % {"reasons": ", ".join(reasons)}

    @property
    def published_text(self) -> str:
        return _("Published (edition %(number)s)") % {"number": self.edition}


def editor_status(declaration: Declaration, language: str, label: str, shape: Outline) -> PublishStatus:
    """The editor's line, from the editor's outline of the declaration (desk/window.py: each passage's bucket and
    whether its state is approved), judged by the publishing rule itself (passage_problem, which blockers() uses),
    so a 3,000-passage declaration is not read whole for one line. A test compares the two."""
    no_title = not declaration.title_in(language).strip()
    problems = [passage_problem(approved=approved, stale=shape.buckets[index] == Progress.STALE.value)
                for index, approved in enumerate(shape.approved)]  # fmt: skip
    not_approved = [index for index, problem in enumerate(problems) if problem is Problem.NOT_APPROVED]
    stale = [index for index, problem in enumerate(problems) if problem is Problem.STALE]
    first = min(not_approved[:1] + stale[:1], default=None)
    blocked = no_title or not shape.total or not_approved or stale
    latest = latest_edition(declaration=declaration, language=language)
    return PublishStatus(
        slug=declaration.slug,
        language=language,
        label=label,
        not_approved=len(not_approved),
        stale=len(stale),
        no_title=no_title,
        no_passages=not shape.total,
        first_key=shape.keys[first] if first is not None else "",
        edition=latest.number if latest else None,
        # Only asked when it matters: comparing the texts reads every passage again.
        changed=not blocked and has_unpublished_changes(declaration=declaration, language=language),
    )


@dataclass(frozen=True)
class Counts:
    """One declaration × language as a list row already counted it (the buckets of progress_conditions())."""

    declaration: Declaration
    language: str
    label: str
    passages: int
    approved: int
    stale: int


def publish_annotations(languages: list[str], outer: str = "pk") -> dict[str, Subquery | Exists]:
    """What a list page needs beyond its counts, as subqueries of a query the page makes anyway (so they cost no
    query), per language; `outer` names the declaration's id
    in that query ("pk" on declarations, "declaration" on passages):

    - `publish_first_<code>`: the first passage, in reading order, in a bucket other than "approved", for the
      blocked line's link;
    - `publish_edition_<code>` / `publish_title_<code>`: the latest edition's number and title;
    - `publish_changed_<code>`: whether the text moved on since that edition. Every change to a passage's text
      appends a revision (changes.py) and a new version of the source retires the passages it drops, so a
      revision in the language or a retirement after the edition was published is a change. This errs one way
      only: text saved again unchanged counts as a change, and the publish page then says the text is the same.
    """
    annotations: dict[str, Subquery | Exists] = {}
    for language in languages:
        conditions = translation_conditions(language)
        # The buckets other than "approved", as the bars count them: positive conditions, so a NULL state counts.
        waiting = reduce(or_, [condition for bucket, condition in conditions.items() if bucket != Progress.APPROVED])
        first = Passage.objects.filter(waiting, declaration=OuterRef(outer)).order_by("position", "pk")
        annotations[f"publish_first_{language}"] = Subquery(first.values("key")[:1])
        latest = Edition.objects.filter(declaration=OuterRef(outer), language=language).order_by("-number")
        annotations[f"publish_edition_{language}"] = Subquery(latest.values("number")[:1])
        annotations[f"publish_title_{language}"] = Subquery(latest.values("title")[:1])
        published = Edition.objects.filter(declaration=OuterRef(OuterRef(outer)), language=language).order_by("-number")
        since = Subquery(published.values("published_at")[:1])
        written = Revision.objects.filter(passage__declaration=OuterRef(outer), language=language,
                                          created_at__gt=since).exclude(action=Action.CONFLICT)  # fmt: skip
        retired = Passage.all_objects.filter(declaration=OuterRef(outer), retired_at__gt=since)
        annotations[f"publish_changed_{language}"] = Exists(written) | Exists(retired)
    return annotations


def list_statuses(counted: list[Counts], figures: dict[int, dict[str, Any]]) -> dict[tuple[int, str], PublishStatus]:
    """The status of every pair of a list page, keyed by (declaration id, language), with no query of its own.

    The counts are the buckets the bars show, so "stale" here is the stale bucket (a changed source under any
    translation, approved or not) and "not approved" the rest that is not approved: the total is the number of
    passages blockers() would name, split the way the bars next to it are.
    """
    statuses = {}
    for item in counted:
        found = figures.get(item.declaration.pk, {})
        title = item.declaration.title_in(item.language)
        edition = found.get(f"publish_edition_{item.language}")
        statuses[(item.declaration.pk, item.language)] = PublishStatus(
            slug=item.declaration.slug,
            language=item.language,
            label=item.label,
            not_approved=item.passages - item.approved - item.stale,
            stale=item.stale,
            no_title=not title.strip(),
            no_passages=not item.passages,
            first_key=found.get(f"publish_first_{item.language}") or "",
            edition=edition,
            changed=edition is None
            or bool(found.get(f"publish_changed_{item.language}"))
            or found.get(f"publish_title_{item.language}") != title,
        )
    return statuses
