"""Who may do what, for every app of the workbench (issue 20): the rights, who holds each, and the checks.

Every view declares one Right and is wrapped by `requires`, which checks it on the server for the declaration and
language in the URL: login first (redirect), then 404 for what does not exist, then 403 for what the person is not
assigned to; or it is marked `public`. This module imports only the content model, so the public site, the file
exchange and the capability apps can use it without depending on the desk's screens. A new app adds its rights to
`Right` (one line each saying who holds it) and, where the rule is not one of those below, to `has_right`."""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django_htmx.http import HttpResponseClientRedirect

from workbench.declarations.languages import is_language
from workbench.declarations.models import Declaration, Role
from workbench.declarations.roles import assignments_of, is_coordinator


class Right(enum.Enum):
    DESK = "desk"  # see the desk at all: anyone logged in (with no assignment, it says so)
    WORK = "work"  # open the desk; open an editor and translate (translators, reviewers, coordinators)
    REVIEW = "review"  # approve or send back (reviewers, coordinators)
    EDIT_SOURCE = "edit-source"  # change the source text (coordinators)
    ASSIGN = "assign"  # assign people to languages (coordinators)
    PUBLISH = "publish"  # publish an edition (coordinators)
    PROGRESS = "progress"  # read the progress page, every language (coordinators, and reviewers of any language)
    # Search the translation memory (the concordance, issue 22): anyone who translates or reviews in some language,
    # and coordinators; which language pairs each may read is `memory_pairs`.
    MEMORY = "memory"
    FILL_FROM_MEMORY = "fill-from-memory"  # fill missing passages with the memory's 100% matches (coordinators)
    # Read a glossary (issue 23): anyone who translates or reviews in some language, and coordinators; which pairs
    # each may read is `glossary_pairs` (those with a language they work in on either side, as for the memory).
    GLOSSARY = "glossary"
    # Add, change, delete and import glossary entries, and decide term proposals, of a pair whose target is this
    # language: its reviewers, and coordinators. Translators read the glossary but do not change it.
    EDIT_GLOSSARY = "edit-glossary"
    # Switch quality checks off (or back on) for a declaration, in all its languages (issue 23): coordinators.
    # Overriding one failure with a reason is part of reviewing (Right.REVIEW).
    SWITCH_CHECKS = "switch-checks"


def roles_by_language(user: Any) -> dict[str, set[Role]]:
    """The roles a person holds per language (a coordinator's blank language is expanded by the callers)."""
    roles: dict[str, set[Role]] = {}
    for role, language in assignments_of(user):
        roles.setdefault(language, set()).add(role)
    return roles


def working_languages(user: Any, candidates: list[str]) -> list[str]:
    """The languages among `candidates` in which the person may translate."""
    if is_coordinator(user):
        return list(candidates)
    assigned = roles_by_language(user)
    return [code for code in candidates if assigned.get(code)]


def has_right(user: Any, right: Right, language: str | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if right is Right.PROGRESS:
        # Coordinators and reviewers of any language read progress (issue 8).
        return user.is_superuser or any(role in (Role.COORDINATOR, Role.REVIEWER) for role, _ in assignments_of(user))
    if right is Right.DESK or is_coordinator(user):
        return True
    if right in (Right.EDIT_SOURCE, Right.ASSIGN, Right.PUBLISH, Right.FILL_FROM_MEMORY, Right.SWITCH_CHECKS):
        return False
    if right in (Right.MEMORY, Right.GLOSSARY):
        # Not tied to one language: the page itself offers only the pairs the person may read (memory_pairs,
        # glossary_pairs).
        return any(roles & {Role.TRANSLATOR, Role.REVIEWER} for roles in roles_by_language(user).values())
    roles = roles_by_language(user).get(language or "", set())
    if right in (Right.REVIEW, Right.EDIT_GLOSSARY):
        return Role.REVIEWER in roles
    return bool(roles & {Role.TRANSLATOR, Role.REVIEWER})


def memory_pairs(user: Any, languages: list[str]) -> list[tuple[str, str]]:
    """The (source, target) language pairs of the memory a person may read: those with a language they work in on
    either side, as the memory of a pair holds that language's approved text (coordinators: every pair)."""
    readable = {code for code in languages if has_right(user, Right.WORK, code)}
    return [(source, target) for source in languages for target in languages
            if source != target and {source, target} & readable]  # fmt: skip


def glossary_pairs(user: Any, languages: list[str]) -> list[tuple[str, str]]:
    """The (source, target) pairs whose glossary a person may read: the same pairs as the memory's, since a
    translator into French needs the English→French terms and the French→English ones read the same words."""
    return memory_pairs(user, languages)


def requires(
    right: Right, *, translation: bool = True
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Check `right` before the view runs. For URLs with a slug and language (and `translation` on), the view
    receives the Declaration (instead of the slug) and the language, which must be one of the declaration's targets.
    The view is marked with the right it needs, so a test can find any view that declares none."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    # htmx would put the login page in place of the row it asked for: the whole page goes to the
                    # login page instead, and back to the page (not the row's URL) after it.
                    back = request.htmx.current_url_abs_path or request.get_full_path()
                    return HttpResponseClientRedirect(redirect_to_login(back)["Location"])
                return redirect_to_login(request.get_full_path())
            language = kwargs.get("language")
            if translation and "slug" in kwargs:
                declaration = get_object_or_404(Declaration, slug=kwargs.pop("slug"))
                if not is_language(language or "") or language == declaration.source_language:
                    raise Http404("No translation of this declaration in that language.")
                kwargs["declaration"] = declaration
            if not has_right(request.user, right, language):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        checked.required_right = right  # type: ignore[attr-defined]
        return checked

    return decorate


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view as open to everyone, on purpose (the URL-walk test refuses views that declare nothing)."""
    view.required_right = None  # type: ignore[attr-defined]
    return view
