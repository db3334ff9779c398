"""Who is told what (issue 25): one function per event, each deciding the recipients and making the notices through
delivery.notify_many. The desk (assigning, sending back, comments) calls them; `source_changed` is the content
model's after_write hook (apps.py), so it runs inside every write's transaction and stays cheap: no query at all for
a translation write, and a handful, whatever their number, for source writes."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import OuterRef, Subquery

from workbench.declarations.changes import Written
from workbench.declarations.languages import language_codes
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.links import passage_url
from workbench.notifications.delivery import Notice, notify_many
from workbench.notifications.models import Kind
from workbench.planning.models import Task

# Revisions that are not someone's translation: who sent it back, a refused save, the workbench's own carrying
# forward. The translator of a passage is the author of the latest other one.
NOT_TRANSLATING = [Action.SENT_BACK, Action.CONFLICT, Action.KEPT_CURRENT]


def _title(declaration: Declaration) -> str:
    return declaration.title_in(declaration.source_language) or declaration.slug


def _about(declaration: Declaration, language: str, by: Any = None) -> dict[str, Any]:
    params: dict[str, Any] = {"slug": declaration.slug, "title": _title(declaration), "language": language}
    if by is not None:
        params["by"] = by.get_username()
    return params


def _passage(passage: Passage) -> dict[str, Any]:
    return {"number": passage.number, "key": passage.key}


def assigned(task: Task, by: Any) -> int:
    """Tell the translator and the reviewer of a task that it is theirs (not the coordinator who assigned
    themselves)."""
    return assigned_many([task], by)


def assigned_many(tasks: Iterable[Task], by: Any) -> int:
    """The same for many tasks at once (the progress page's 'assign the N listed'): one statement, and one mail per
    person listing their new work rather than one per declaration."""
    notices = []
    by_id = getattr(by, "pk", None)
    for task in tasks:
        declaration = task.declaration
        for role, person_id in (("translate", task.translator_id), ("review", task.reviewer_id)):
            if person_id is None or person_id == by_id:
                continue
            params = {**_about(declaration, task.language, by), "role": role}
            if task.due_on is not None:
                params["due_on"] = task.due_on.isoformat()
            notices.append(Notice(person_id, Kind.ASSIGNED, params, passage_url(declaration.slug, task.language)))
    return notify_many(notices)


def translator_of(passage: Passage, language: str, *, before: int | None = None) -> int | None:
    """Whose translation this is: the author of the latest revision in the language that is a translation (not a
    send-back), else the translator the task names; None when nobody is known."""
    revisions = Revision.objects.filter(passage=passage, language=language, author__isnull=False).exclude(
        action__in=NOT_TRANSLATING)
    if before is not None:
        revisions = revisions.filter(pk__lt=before)
    author = revisions.order_by("-pk").values_list("author_id", flat=True).first()
    if author is not None:
        return author
    return (Task.objects.filter(declaration_id=passage.declaration_id, language=language)
            .values_list("translator_id", flat=True).first())  # fmt: skip


def sent_back(revision: Revision) -> int:
    """A reviewer sent a passage back (`revision` is the SENT_BACK revision): tell its translator."""
    passage = Passage.all_objects.select_related("declaration").get(pk=revision.passage_id)
    translator = translator_of(passage, revision.language, before=revision.pk)
    if translator is None or translator == revision.author_id:
        return 0
    params = {**_about(passage.declaration, revision.language, revision.author), **_passage(passage)}
    if revision.comment:
        params["comment"] = revision.comment[:500]
    url = passage_url(passage.declaration.slug, revision.language, passage.key)
    return notify_many([Notice(translator, Kind.SENT_BACK, params, url)])


def mentioned(users: Iterable[Any], passage: Passage, language: str, by: Any) -> int:
    """Someone named `users` in a comment on a passage in a language: one notice each (never the writer), made in
    one statement."""
    params = {**_about(passage.declaration, language, by), **_passage(passage)}
    url = passage_url(passage.declaration.slug, language, passage.key)
    by_id = getattr(by, "pk", None)
    return notify_many([Notice(user.pk, Kind.MENTION, params, url) for user in users if user.pk != by_id])


def _merged(written: Written) -> bool:
    # A merge rewrites the source as the parts joined; the translations are rewritten right after it, each current
    # if its parts were. No words changed, so nobody's translation went stale.
    return any(note.get("code") == "merged" for note in written.notes)


def source_changed(written: Sequence[Written]) -> None:
    """The after_write hook: when a source text changes, tell the translator of every translation that was current
    until now and is stale from now on (the task's translator for that declaration × language, else the
    translation's last author). One notice per person, declaration and language, however many passages a write
    touched; a translation already stale before is not told again."""
    changed = {w.passage_id: w.author_id for w in written if w.language == w.source_language and not _merged(w)}
    if not changed:
        return  # a translation write: no query
    stale = _just_stale(changed)
    if not stale:
        return
    tasks = {(declaration_id, language): translator for declaration_id, language, translator in
             Task.objects.filter(declaration_id__in={p.declaration_id for p, _ in stale}, translator__isnull=False)
             .values_list("declaration_id", "language", "translator_id")}  # fmt: skip
    untasked = [(p, language) for p, language in stale if (p.declaration_id, language) not in tasks]
    authors = _last_authors(untasked)
    groups: dict[tuple[int, int, str], list[Passage]] = defaultdict(list)
    for passage, language in stale:
        person = tasks.get((passage.declaration_id, language)) or authors.get((passage.pk, language))
        if person is not None and person != changed[passage.pk]:
            groups[(person, passage.declaration_id, language)].append(passage)
    notices = []
    for (person, _declaration, language), passages in groups.items():
        first = min(passages, key=lambda p: p.position)
        params = {**_about(first.declaration, language), **_passage(first), "count": len(passages)}
        notices.append(Notice(person, Kind.STALE, params, passage_url(first.declaration.slug, language, first.key)))
    notify_many(notices)


def _just_stale(changed: dict[int, int | None]) -> list[tuple[Passage, str]]:
    """The (passage, language) translations made against the source text before this write (the previous source
    revision's digest) that no longer match it: one query for all the passages."""
    previous = (Revision.objects.filter(passage=OuterRef("pk"), language=OuterRef("declaration__source_language"))
                .exclude(action=Action.CONFLICT).order_by("-pk").values("basis")[1:2])  # fmt: skip
    passages = (Passage.objects.filter(pk__in=list(changed)).select_related("declaration")
                .annotate(previous_digest=Subquery(previous)))  # fmt: skip
    found = []
    for passage in passages:
        before = passage.previous_digest
        if not before or before == passage.source_digest:
            continue
        for language in language_codes():
            if language == passage.declaration.source_language or passage.state_in(language) == State.MISSING:
                continue
            if passage.basis_in(language) == before:
                found.append((passage, language))
    return found


def _last_authors(pairs: list[tuple[Passage, str]]) -> dict[tuple[int, str], int]:
    """The last translating author of each (passage, language), in one query."""
    if not pairs:
        return {}
    wanted = {(p.pk, language) for p, language in pairs}
    rows = (Revision.objects.filter(passage_id__in={pk for pk, _ in wanted}, language__in={lang for _, lang in wanted},
                                    author__isnull=False).exclude(action__in=NOT_TRANSLATING)
            .order_by("-pk").values_list("passage_id", "language", "author_id"))  # fmt: skip
    found: dict[tuple[int, str], int] = {}
    for passage_id, language, author_id in rows:
        if (passage_id, language) in wanted:
            found.setdefault((passage_id, language), author_id)
    return found
