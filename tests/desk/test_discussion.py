"""The discussion screens (workbench/desk/discussion_views.py, issue 25): a passage's thread read and written
through the real views, its text escaped and its mentions marked, resolve and reopen, the editor's rows showing the
open threads without a query per row, a send-back opening the thread, and the history keeping it."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Passage, Role, State
from workbench.desk.workflow import DeskError, Intent, submit, version_token
from workbench.discussion.models import Comment, Kind, Thread
from workbench.discussion.threads import add_comment

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(username: str, **options: object) -> Client:
    client = Client(**options)
    assert client.login(username=username, password=PASSWORD)
    return client


def first(declaration: Declaration) -> Passage:
    passage = declaration.passages.order_by("position").first()
    assert passage is not None
    return passage


def url(declaration: Declaration, passage: Passage, name: str = "desk:discussion", language: str = "fr") -> str:
    return reverse(name, args=[declaration.slug, language, passage.key])


def editor_row(html: str, passage: Passage) -> str:
    start = html.index(f'id="p-{passage.key}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def translator_en(people: dict[str, User]) -> User:
    """A translator of English, the seed's source: no right to the French discussion."""
    user = User.objects.create_user("translator-en", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.TRANSLATOR, language="en")
    return user


def test_a_comment_is_shown_escaped_with_its_mentions_marked(
    seoul: Declaration, people: dict[str, User], translator_en: User
) -> None:
    passage = first(seoul)
    reviewer = logged_in("reviewer-fr")
    text = '<script>alert("x")</script> @translator-fr & @translator-en <b>see</b>\nline two'
    response = reviewer.post(url(seoul, passage), {"text": text})
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#c-{comment.pk}")
    html = logged_in("translator-fr").get(url(seoul, passage)).content.decode()
    shown = html[html.index(f'id="c-{comment.pk}"') :]
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in shown
    marked = '<mark class="mention">@translator-fr</mark> &amp; @translator-en &lt;b&gt;see&lt;/b&gt;<br>line two'
    assert marked in shown and "by reviewer-fr, " in shown


def test_an_added_comment_is_announced(seoul: Declaration, people: dict[str, User]) -> None:
    response = logged_in("translator-fr").post(url(seoul, first(seoul)), {"text": "Une question."}, follow=True)
    assert "Comment added." in response.content.decode() and "Une question." in response.content.decode()


def test_comments_are_listed_oldest_first(seoul: Declaration, people: dict[str, User]) -> None:
    passage = first(seoul)
    logged_in("reviewer-fr").post(url(seoul, passage), {"text": "First, from the reviewer."})
    logged_in("translator-fr").post(url(seoul, passage), {"text": "Then the translator's answer."})
    html = logged_in("coordinator").get(url(seoul, passage)).content.decode()
    assert html.index("First, from the reviewer.") < html.index("Then the translator&#x27;s answer.")
    assert re.search(r"by translator-fr, \w+", html)


@pytest.mark.parametrize("text", ["", "  \n ", "x" * 4001])
def test_an_empty_or_too_long_comment_is_refused_with_a_message(
    seoul: Declaration, people: dict[str, User], text: str
) -> None:
    response = logged_in("translator-fr").post(url(seoul, first(seoul)), {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<p class="error" id="comment-error" role="alert">The comment (is empty|is 4,001)', html)
    assert not Thread.objects.exists() and not Comment.objects.exists()


def test_resolve_then_reopen_through_the_page(seoul: Declaration, people: dict[str, User]) -> None:
    passage = first(seoul)
    translator = logged_in("translator-fr")
    translator.post(url(seoul, passage), {"text": "Is « culture » right here?"})
    page = translator.get(url(seoul, passage)).content.decode()
    assert url(seoul, passage, "desk:discussion-resolve") in page and "Mark resolved" in page
    assert translator.post(url(seoul, passage, "desk:discussion-resolve")).status_code == 302
    thread = Thread.objects.get()
    assert not thread.is_open and thread.resolved_by == people["translator-fr"]
    page = translator.get(url(seoul, passage)).content.decode()
    assert "Discussion resolved" in page and url(seoul, passage, "desk:discussion-reopen") in page
    logged_in("reviewer-fr").post(url(seoul, passage, "desk:discussion-reopen"))
    thread.refresh_from_db()
    assert thread.is_open
    assert list(thread.comments.values_list("kind", flat=True)) == [Kind.COMMENT, Kind.RESOLVED, Kind.REOPENED]
    # Resolving a passage nobody discussed writes nothing.
    other = seoul.passages.order_by("position")[1]
    assert translator.post(url(seoul, other, "desk:discussion-resolve")).status_code == 302
    assert Thread.objects.count() == 1


def test_only_people_who_may_open_the_editor_take_part(
    seoul: Declaration, people: dict[str, User], translator_en: User
) -> None:
    passage = first(seoul)
    add_comment(passage=passage, language="fr", author=people["reviewer-fr"], text="Secret de l'équipe.")
    for username in ("translator-en", "outsider"):
        client = logged_in(username)
        assert client.get(reverse("desk:editor", args=[seoul.slug, "fr"])).status_code == 403  # as the editor
        assert client.get(url(seoul, passage)).status_code == 403
        assert client.post(url(seoul, passage), {"text": "Moi aussi."}).status_code == 403
        assert client.post(url(seoul, passage, "desk:discussion-resolve")).status_code == 403
    assert Comment.objects.count() == 1 and Thread.objects.get().is_open
    coordinator = logged_in("coordinator")
    assert coordinator.get(url(seoul, passage)).status_code == 200
    assert coordinator.get(url(seoul, passage, language="en")).status_code == 404  # the source is no translation
    assert coordinator.get(reverse("desk:discussion", args=["no-such", "fr", passage.key])).status_code == 404
    assert coordinator.get(reverse("desk:discussion", args=[seoul.slug, "fr", "nokey"])).status_code == 404
    assert Client().get(url(seoul, passage)).status_code == 302  # a visitor is sent to log in


def test_a_post_without_the_csrf_token_is_refused(seoul: Declaration, people: dict[str, User]) -> None:
    client = logged_in("translator-fr", enforce_csrf_checks=True)
    assert client.post(url(seoul, first(seoul)), {"text": "Sans jeton."}).status_code == 403
    assert not Comment.objects.exists()
    page = client.get(url(seoul, first(seoul))).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_send_back_opens_the_thread_with_the_reviewers_reason(seoul: Declaration, people: dict[str, User]) -> None:
    one, two, _three = seoul.passages.order_by("position")
    record_change(passage=one, language="fr", text="Du 1er au 4 juin.", state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED, author=people["translator-fr"])  # fmt: skip
    reviewer = logged_in("reviewer-fr")
    response = reviewer.post(reverse("desk:row", args=[seoul.slug, "fr", one.key]), {
        "intent": "send-back", "text": "Du 1er au 4 juin.", "based_on": version_token(one, "fr"),
        "source_digest": one.source_digest, "comment": "Il manque le lieu, @translator-fr.",
    })  # fmt: skip
    assert response.status_code == 302
    comment = Comment.objects.get()
    sent_back = one.revisions.filter(language="fr").latest("pk")
    assert (comment.thread.passage, comment.thread.language, comment.author) == (one, "fr", people["reviewer-fr"])
    assert (comment.text, comment.sent_back, sent_back.action) == (
        "Il manque le lieu, @translator-fr.", sent_back, Action.SENT_BACK,
    )  # fmt: skip
    assert [m.user for m in comment.mentions.all()] == [people["translator-fr"]]
    html = logged_in("translator-fr").get(reverse("desk:editor", args=[seoul.slug, "fr"])).content.decode()
    row = editor_row(html, one)
    assert f'<a class="discussion-link open" href="{url(seoul, one)}">1 comment — open</a>' in row
    assert f'<a class="discussion-link" href="{url(seoul, two)}">Discuss</a>' in editor_row(html, two)
    page = logged_in("translator-fr").get(url(seoul, one)).content.decode()
    assert "Sent back with this comment" in page and '<mark class="mention">@translator-fr</mark>' in page


def test_a_send_back_the_discussion_refuses_is_not_made(seoul: Declaration, people: dict[str, User]) -> None:
    """The reason goes into the thread in the send-back's transaction: if it cannot, the passage is not sent back."""
    one = first(seoul)
    record_change(passage=one, language="fr", text="Traduit.", state=State.TRANSLATED, action=Action.EDITED)
    with pytest.raises(DeskError, match="at most 4,000"):
        submit(passage=one, language="fr", intent=Intent.SEND_BACK, user=people["reviewer-fr"],
               based_on=version_token(one, "fr"), comment="x" * 4001)  # fmt: skip
    one.refresh_from_db()
    assert one.state_in("fr") == State.TRANSLATED and not Comment.objects.exists()


def test_the_history_keeps_the_discussion_among_the_revisions(seoul: Declaration, people: dict[str, User]) -> None:
    one = first(seoul)
    add_comment(passage=one, language="fr", author=people["translator-fr"], text="Avant la révision <i>.")
    record_change(passage=one, language="fr", text="Nouveau texte.", state=State.DRAFT, action=Action.EDITED,
                  author=people["translator-fr"])  # fmt: skip
    thread = add_comment(passage=one, language="fr", author=people["reviewer-fr"], text="Après, @translator-fr.").thread
    logged_in("reviewer-fr").post(url(seoul, one, "desk:discussion-resolve"))
    html = logged_in("translator-fr").get(url(seoul, one, "desk:history")).content.decode()
    history = html[html.index('<ol class="history"') :]
    # Newest first, like the revisions: resolved, the reviewer's comment, the edit, the first comment.
    positions = [history.index(s) for s in ("Discussion resolved", "Après, <mark", "Nouveau texte.",
                                            "Avant la révision &lt;i&gt;.")]  # fmt: skip
    assert positions == sorted(positions)
    assert thread.comments.count() == 3
    # The source's history is the source's alone.
    source = logged_in("translator-fr").get(url(seoul, one, "desk:history") + "?side=source").content.decode()
    assert "Après," not in source


def test_the_editor_shows_open_threads_without_a_query_per_row(make_declaration, people: dict[str, User]) -> None:  # noqa: ANN001
    client = logged_in("translator-fr")
    counts = []
    for slug, size in (("short", 3), ("long", 40)):
        declaration = make_declaration(["One."] * size, slug=slug, translations={"fr": ["Un."] * size})
        for passage in declaration.passages.all():
            add_comment(passage=passage, language="fr", author=people["reviewer-fr"], text="Pourquoi ?")
            add_comment(passage=passage, language="fr", author=people["translator-fr"], text="Parce que.")
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("desk:editor", args=[slug, "fr"])).content.decode()
        assert html.count("2 comments — open") == size and "Discuss<" not in html
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 13
