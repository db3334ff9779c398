"""The discussion app (workbench/discussion): mentions of people holding the language only, comments refused when
empty or too long with nothing written, one thread per passage × language resolved and reopened in place."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from workbench.declarations.models import Assignment, Declaration, Passage, Role
from workbench.discussion import events
from workbench.discussion.mentions import mentions_in, names_in, pieces
from workbench.discussion.models import MAX_COMMENT_CHARS, Comment, Kind, Mention, Thread
from workbench.discussion.threads import DiscussionError, add_comment, open_threads, reopen, resolve
from workbench.notifications.models import Notification

pytestmark = pytest.mark.django_db


def first(declaration: Declaration) -> Passage:
    passage = declaration.passages.order_by("position").first()
    assert passage is not None
    return passage


@pytest.fixture
def others(people: dict[str, User]) -> dict[str, User]:
    """Besides the shared people: a translator of the source language only, an inactive French reviewer and a
    superuser with no assignment."""
    english = User.objects.create_user("translator-en")
    Assignment.objects.create(user=english, role=Role.TRANSLATOR, language="en")
    gone = User.objects.create_user("gone", is_active=False)
    Assignment.objects.create(user=gone, role=Role.REVIEWER, language="fr")
    root = User.objects.create_superuser("root")
    return {**people, "translator-en": english, "gone": gone, "root": root}


def test_names_are_read_as_django_spells_usernames() -> None:
    assert names_in("@ann, @jean.dupont. @ann again; mail bob@example.org; @x-y_z+1!") == [
        "ann", "jean.dupont", "x-y_z+1",
    ]  # fmt: skip
    assert names_in("no one @ all") == []


def test_only_people_holding_the_language_are_mentioned(others: dict[str, User]) -> None:
    text = "@translator-fr @reviewer-fr @coordinator @root @translator-en @outsider @gone @nobody"
    assert [u.username for u in mentions_in(text, "fr")] == ["translator-fr", "reviewer-fr", "coordinator", "root"]
    assert [u.username for u in mentions_in(text, "en")] == ["coordinator", "root", "translator-en"]
    assert mentions_in("@Translator-fr", "fr") == []  # usernames are case-sensitive, as Django's are


def test_pieces_mark_only_the_names_given() -> None:
    assert list(pieces("Ask @ann and @bob.", {"ann"})) == [("Ask ", False), ("@ann", True), (" and @bob.", False)]
    assert list(pieces("@ann", {"ann"})) == [("@ann", True)]


def test_a_comment_opens_the_thread_and_records_its_mentions(seoul: Declaration, others: dict[str, User]) -> None:
    passage = first(seoul)
    comment = add_comment(passage=passage, language="fr", author=others["reviewer-fr"],
                          text="  @translator-fr, see @outsider and @translator-en.\r\nThanks  ")  # fmt: skip
    assert comment.text == "@translator-fr, see @outsider and @translator-en.\nThanks"  # stored normalised
    assert [m.user.username for m in comment.mentions.all()] == ["translator-fr"]
    thread = Thread.objects.get()
    assert (thread.passage, thread.language, thread.is_open) == (passage, "fr", True)
    add_comment(passage=passage, language="fr", author=others["translator-fr"], text="Done.")
    assert Thread.objects.count() == 1 and thread.comments.count() == 2
    add_comment(passage=passage, language="en", author=others["coordinator"], text="Source side.")
    assert Thread.objects.count() == 2  # one per passage × language


@pytest.mark.parametrize("text", ["", "   \n\t ", "\u200b", "x" * (MAX_COMMENT_CHARS + 1)])
def test_empty_or_too_long_comments_are_refused_and_nothing_is_written(
    seoul: Declaration, people: dict[str, User], text: str
) -> None:
    with pytest.raises(DiscussionError, match="empty|at most 4,000"):
        add_comment(passage=first(seoul), language="fr", author=people["translator-fr"], text=text)
    assert not Thread.objects.exists() and not Comment.objects.exists() and not Mention.objects.exists()


def test_the_longest_comment_allowed_is_kept_whole(seoul: Declaration, people: dict[str, User]) -> None:
    comment = add_comment(passage=first(seoul), language="fr", author=people["translator-fr"],
                          text="x" * MAX_COMMENT_CHARS)  # fmt: skip
    assert len(Comment.objects.get(pk=comment.pk).text) == MAX_COMMENT_CHARS


def test_resolve_and_reopen_are_kept_as_entries(seoul: Declaration, people: dict[str, User]) -> None:
    passage = first(seoul)
    reviewer, translator = people["reviewer-fr"], people["translator-fr"]
    thread = add_comment(passage=passage, language="fr", author=reviewer, text="Why?").thread
    assert resolve(thread=thread, user=translator) is True
    assert (thread.is_open, thread.resolved_by) == (False, translator) and thread.resolved_at is not None
    assert resolve(thread=thread, user=translator) is False  # twice changes nothing
    assert open_threads([passage.pk], "fr") == {}
    assert reopen(thread=thread, user=reviewer) is True
    assert (thread.is_open, thread.resolved_by, thread.resolved_at) == (True, None, None)
    assert reopen(thread=thread, user=reviewer) is False
    assert list(thread.comments.values_list("kind", "author__username")) == [
        (Kind.COMMENT, "reviewer-fr"), (Kind.RESOLVED, "translator-fr"), (Kind.REOPENED, "reviewer-fr"),
    ]  # fmt: skip


def test_a_comment_on_a_resolved_thread_reopens_it(seoul: Declaration, people: dict[str, User]) -> None:
    passage = first(seoul)
    thread = add_comment(passage=passage, language="fr", author=people["reviewer-fr"], text="Why?").thread
    resolve(thread=thread, user=people["reviewer-fr"])
    add_comment(passage=passage, language="fr", author=people["translator-fr"], text="Again.")
    thread.refresh_from_db()
    assert thread.is_open
    assert list(thread.comments.values_list("kind", flat=True)) == [Kind.COMMENT, Kind.RESOLVED, Kind.REOPENED,
                                                                    Kind.COMMENT]  # fmt: skip
    assert open_threads([passage.pk], "fr")[passage.pk].comments == 2  # comments only, not the state changes


def test_open_threads_answers_many_passages_in_one_query(
    make_declaration, people: dict[str, User], django_assert_num_queries  # noqa: ANN001
) -> None:
    declaration = make_declaration(["One."] * 30, translations={"fr": ["Un."] * 30})
    passages = list(declaration.passages.order_by("position"))
    for passage in passages[::3]:
        for _n in range(2):
            add_comment(passage=passage, language="fr", author=people["translator-fr"], text="Hm.")
    resolve(thread=Thread.objects.get(passage=passages[3]), user=people["reviewer-fr"])
    with django_assert_num_queries(1):
        found = open_threads([p.pk for p in passages], "fr")
    assert set(found) == {p.pk for p in passages[::3]} - {passages[3].pk}
    assert {thread.comments for thread in found.values()} == {2}
    assert open_threads([p.pk for p in passages], "en") == {}


def test_the_event_is_told_of_each_comment_with_its_mentions_saved(
    seoul: Declaration, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(events, "commented",
                        lambda c: told.append((c.text, [m.user.username for m in c.mentions.all()])))  # fmt: skip
    add_comment(passage=first(seoul), language="fr", author=people["reviewer-fr"], text="@translator-fr look")
    assert told == [("@translator-fr look", ["translator-fr"])]


def test_the_people_mentioned_are_notified_and_nobody_else(seoul: Declaration, others: dict[str, User]) -> None:
    passage = first(seoul)
    add_comment(passage=passage, language="fr", author=others["reviewer-fr"],
                text="@translator-fr and @outsider, see this.")  # fmt: skip
    told = list(Notification.objects.values_list("user__username", "kind", "url"))
    assert told == [("translator-fr", "mention", f"/desk/{seoul.slug}/fr/?p={passage.key}#p-{passage.key}")]
    add_comment(passage=passage, language="fr", author=others["translator-fr"], text="Done, @translator-fr.")
    assert Notification.objects.count() == 1  # naming oneself tells nobody
