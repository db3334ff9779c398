from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Passage, Revision, Role, State
from workbench.desk.workflow import version_token

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(client: Client, username: str) -> Client:
    assert client.login(username=username, password=PASSWORD)
    return client


def first(declaration: Declaration) -> Passage:
    passage = declaration.passages.order_by("position").first()
    assert passage is not None
    return passage


def row_url(declaration: Declaration, passage: Passage, language: str = "fr") -> str:
    return reverse("desk:row", args=[declaration.slug, language, passage.key])


def save_data(passage: Passage, text: str, intent: str = "save") -> dict[str, object]:
    return {
        "intent": intent,
        "text": text,
        "based_on": version_token(passage, "fr"),
        "source_digest": passage.source_digest,
    }


def test_overview_shows_progress_in_words_and_passages(client: Client, people: dict, seoul: Declaration) -> None:
    html = logged_in(client, "translator-fr").get(reverse("desk:overview")).content.decode()
    words = sum(p.source_words for p in seoul.passages.all())
    assert words == 389  # the seed's three paragraphs, counted independently with wc -w
    # The seed's French is all draft: 3 passages, every word.
    assert re.search(rf"draft\s+3 passages, {words} words", html)
    assert re.search(r"approved\s+0 passages, 0 words", html)
    assert reverse("desk:editor", args=[seoul.slug, "fr"]) in html


def test_someone_without_assignment_is_told_so(client: Client, people: dict, seoul: Declaration) -> None:
    html = logged_in(client, "outsider").get(reverse("desk:overview")).content.decode()
    assert "You are not assigned to any language yet" in html
    assert reverse("desk:editor", args=[seoul.slug, "fr"]) not in html


def test_editor_shows_source_and_target_side_by_side_with_state_and_last_change(
    client: Client, people: dict, seoul: Declaration
) -> None:
    passage = first(seoul)
    record_change(passage=passage, language="fr", text="Du 1er au 4 juin.", state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED, author=people["translator-fr"])  # fmt: skip
    response = logged_in(client, "reviewer-fr").get(reverse("desk:editor", args=[seoul.slug, "fr"]))
    html = response.content.decode()
    rows = re.findall(r'<section class="editor-row state-(\w+)[^"]*" id="p-(\w+)"', html)
    assert [key for _state, key in rows] == [p.key for p in seoul.passages.order_by("position")]
    assert [state for state, _key in rows] == ["translated", "draft", "draft"]
    assert "marked translated by translator-fr" in html
    assert 'lang="en"' in html and 'lang="fr"' in html
    assert 'value="approve"' in html  # reviewers see the review actions
    translator_html = logged_in(Client(), "translator-fr").get(reverse("desk:editor", args=[seoul.slug, "fr"]))
    assert 'value="approve"' not in translator_html.content.decode()


def test_a_stale_row_shows_how_the_source_changed_word_by_word(
    client: Client, people: dict, seoul: Declaration
) -> None:
    passage = first(seoul)
    record_change(passage=passage, language="en", text=passage.source_text.replace("400 delegates", "401 delegates"),
                  state=State.APPROVED, action=Action.SOURCE_CHANGED)  # fmt: skip
    html = logged_in(client, "translator-fr").get(reverse("desk:editor", args=[seoul.slug, "fr"])).content.decode()
    assert 'class="editor-row state-stale' in html
    assert "<del>400 </del><ins>401 </ins>" in html


def test_save_redirects_to_the_row_and_next_goes_to_the_next_passage_needing_work(
    client: Client, people: dict, seoul: Declaration
) -> None:
    one, two, three = seoul.passages.order_by("position")
    record_change(passage=two, language="fr", text="Approuvé.", state=State.APPROVED, action=Action.APPROVED)
    client = logged_in(client, "translator-fr")
    response = client.post(row_url(seoul, one), save_data(one, "Premier."))
    assert response.status_code == 302 and response["Location"].endswith(f"#p-{one.key}")
    response = client.post(row_url(seoul, one) + "?next=1", save_data(one, "Premier, revu.", "translate"))
    assert response["Location"].endswith(f"#p-{three.key}")  # the approved second passage is skipped


def test_html_and_script_are_shown_escaped_everywhere(client: Client, people: dict, seoul: Declaration) -> None:
    passage = first(seoul)
    evil = '<script>alert("x")</script><b>bold</b>'
    client = logged_in(client, "coordinator")
    assert client.post(row_url(seoul, passage), save_data(passage, evil)).status_code == 302
    for url in (
        reverse("desk:editor", args=[seoul.slug, "fr"]),
        reverse("desk:history", args=[seoul.slug, "fr", passage.key]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_empty_text_is_refused_with_a_message_and_nothing_changes(
    client: Client, people: dict, seoul: Declaration
) -> None:
    passage = first(seoul)
    before = Revision.objects.count()
    response = logged_in(client, "translator-fr").post(row_url(seoul, passage), save_data(passage, "   "))
    assert response.status_code == 400
    assert "The text is empty" in response.content.decode()
    assert Revision.objects.count() == before


def test_a_one_megabyte_paste_is_refused_and_what_was_typed_is_not_stored(
    client: Client, people: dict, seoul: Declaration
) -> None:
    passage = first(seoul)
    before = Revision.objects.count()
    response = logged_in(client, "translator-fr").post(row_url(seoul, passage), save_data(passage, "é" * 1_048_576))
    assert response.status_code == 400
    assert "1,048,576 characters long; a passage can hold at most 50,000" in response.content.decode()
    assert Revision.objects.count() == before
    passage.refresh_from_db()
    assert len(passage.text_in("fr")) < 1000


def test_a_missing_csrf_token_is_refused(people: dict, seoul: Declaration) -> None:
    client = Client(enforce_csrf_checks=True)
    passage = first(seoul)
    before = Revision.objects.count()
    assert logged_in(client, "translator-fr").post(row_url(seoul, passage), save_data(passage, "x")).status_code == 403
    assert Revision.objects.count() == before


def test_the_same_form_submitted_twice_makes_one_revision(client: Client, people: dict, seoul: Declaration) -> None:
    passage = first(seoul)
    data = save_data(passage, "Une seule fois.", "translate")
    client = logged_in(client, "translator-fr")
    before = Revision.objects.count()
    assert client.post(row_url(seoul, passage), data).status_code == 302
    assert client.post(row_url(seoul, passage), data).status_code == 302
    assert Revision.objects.count() == before + 1


def test_a_conflict_shows_both_texts_and_keeps_mine(client: Client, people: dict, seoul: Declaration) -> None:
    passage = first(seoul)
    stale_form = save_data(passage, "Ma version.")
    logged_in(Client(), "reviewer-fr").post(row_url(seoul, passage), save_data(passage, "Version du réviseur."))
    response = logged_in(client, "translator-fr").post(row_url(seoul, passage), stale_form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone changed this passage while you were editing it" in html
    assert "Version du réviseur." in html and "Ma version." in html
    assert Revision.objects.filter(action=Action.CONFLICT, text="Ma version.").exists()
    # "Use my text instead" carries the current version, so it applies.
    token = re.search(r'name="based_on" value="(\d+)"', html)
    assert token is not None
    retry = {
        "intent": "save",
        "text": "Ma version.",
        "based_on": token.group(1),
        "source_digest": passage.source_digest,
    }
    assert client.post(row_url(seoul, passage), retry).status_code == 302
    passage.refresh_from_db()
    assert passage.text_in("fr") == "Ma version."


def test_history_lists_every_revision_with_a_diff_and_restores(
    client: Client, people: dict, seoul: Declaration
) -> None:
    passage = first(seoul)
    client = logged_in(client, "translator-fr")
    client.post(row_url(seoul, passage), save_data(passage, "Version un."))
    passage.refresh_from_db()
    client.post(row_url(seoul, passage), save_data(passage, "Version deux."))
    html = client.get(reverse("desk:history", args=[seoul.slug, "fr", passage.key])).content.decode()
    assert html.index("Version deux.") < html.index("Version un.")  # newest first
    assert "<del>un.</del><ins>deux.</ins>" in html
    version_one = Revision.objects.get(passage=passage, text="Version un.")
    restore = reverse("desk:restore", args=[seoul.slug, "fr", passage.key, version_one.pk])
    assert restore in html
    response = client.post(restore, {"based_on": version_token(passage, "fr")})
    assert response.status_code == 302
    passage.refresh_from_db()
    assert passage.text_in("fr") == "Version un."
    assert Revision.objects.latest("pk").action == Action.RESTORED


def test_coordinator_edits_the_source_from_the_editor(client: Client, people: dict, seoul: Declaration) -> None:
    passage = first(seoul)
    client = logged_in(client, "coordinator")
    html = client.get(reverse("desk:editor", args=[seoul.slug, "fr"])).content.decode()
    assert "Minor change — keep translations current" in html
    data = {"intent": "edit-source", "text": "A better source.", "based_on": version_token(passage, "en")}
    assert client.post(row_url(seoul, passage), data).status_code == 302
    passage.refresh_from_db()
    assert passage.source_text == "A better source." and passage.is_stale("fr")


def test_people_screen_assigns_and_refuses_nonsense(client: Client, people: dict) -> None:
    client = logged_in(client, "coordinator")
    outsider = people["outsider"]
    response = client.post(reverse("desk:people"), {"user": outsider.pk, "role": "translator", "language": ""})
    assert response.status_code == 400
    assert "Translators and reviewers work on one language" in response.content.decode()
    assert not outsider.assignments.exists()
    client.post(reverse("desk:people"), {"user": outsider.pk, "role": "translator", "language": "fr"})
    assert list(outsider.assignments.values_list("role", "language")) == [("translator", "fr")]


def test_editor_query_count_does_not_grow_with_the_declaration(
    client: Client,
    people: dict,
    make_declaration,
    django_assert_max_num_queries,  # noqa: ANN001
) -> None:
    client = logged_in(client, "coordinator")
    short = make_declaration(["One."] * 3, slug="short", translations={"fr": ["Un."] * 3})
    long = make_declaration(["One."] * 40, slug="long", translations={"fr": ["Un."] * 40})
    counts = []
    for declaration in (short, long):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("desk:editor", args=[declaration.slug, "fr"])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # 12, the header's unread-notification count and the rows' open discussions (issue 25), and the outline that
    # numbers the passages and finds the work in a long declaration without reading its text (issue 26).
    assert counts[1] <= 15


# ------------------------------------------------------------------ send-back reasons on the row and on the desk
def sent_back(passage: Passage, reviewer: object, reason: str, translator: object = None) -> Revision:
    """The translator marks `passage` translated, then the reviewer sends it back saying `reason`."""
    record_change(passage=passage, language="fr", text=f"Traduit {passage.position}.", state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED, author=translator)  # fmt: skip
    return record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.DRAFT,
                         action=Action.SENT_BACK, author=reviewer, comment=reason)  # fmt: skip


def editor_row(html: str, passage: Passage) -> str:
    """The HTML of one editor row (its <section>)."""
    start = html.index(f'id="p-{passage.key}"')
    return html[start : html.index("</section>", start)]


def test_the_editor_shows_the_send_back_reason_on_its_row(client: Client, people: dict, seoul: Declaration) -> None:
    one, two, _three = seoul.passages.order_by("position")
    record_change(passage=one, language="fr", text="Du 1er au 4 juin.", state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED, author=people["translator-fr"])  # fmt: skip
    reviewer = logged_in(Client(), "reviewer-fr")
    response = reviewer.post(row_url(seoul, one), {**save_data(one, "Du 1er au 4 juin.", "send-back"),
                                                   "comment": "Il manque le lieu : Séoul."})  # fmt: skip
    assert response.status_code == 302
    html = logged_in(client, "translator-fr").get(reverse("desk:editor", args=[seoul.slug, "fr"])).content.decode()
    row = editor_row(html, one)
    assert "Il manque le lieu : Séoul." in row
    assert re.search(r"Sent back by reviewer-fr, \w+", row)  # who and when (the date follows)
    assert "Il manque le lieu" not in editor_row(html, two)


def test_the_reason_stands_until_the_translation_changes_or_is_approved(
    client: Client, people: dict, seoul: Declaration
) -> None:
    one, _two, _three = seoul.passages.order_by("position")
    sent_back(one, people["reviewer-fr"], "Le chiffre est faux.")
    editor = reverse("desk:editor", args=[seoul.slug, "fr"])
    client = logged_in(client, "coordinator")

    # A minor source change carries the translation forward (a "kept current" revision): the reason still stands.
    record_change(passage=one, language="en", text=one.source_text + " (Seoul)", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED, minor=True)  # fmt: skip
    assert Revision.objects.filter(passage=one, language="fr").latest("pk").action == Action.KEPT_CURRENT
    assert "Le chiffre est faux." in editor_row(client.get(editor).content.decode(), one)
    # Marked translated again unchanged: the reviewer still sees what the objection was.
    one.refresh_from_db()
    record_change(passage=one, language="fr", text=one.text_in("fr"), state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED)  # fmt: skip
    assert "Le chiffre est faux." in editor_row(client.get(editor).content.decode(), one)
    # Approving that very text overrules it.
    record_change(passage=one, language="fr", text=one.text_in("fr"), state=State.APPROVED, action=Action.APPROVED)
    assert "Le chiffre est faux." not in client.get(editor).content.decode()
    # Sent back again, then the translator changes the text: the reason has been answered.
    record_change(passage=one, language="fr", text=one.text_in("fr"), state=State.DRAFT, action=Action.SENT_BACK,
                  comment="Toujours faux.")  # fmt: skip
    assert "Toujours faux." in editor_row(client.get(editor).content.decode(), one)
    record_change(passage=one, language="fr", text="Le chiffre corrigé.", state=State.DRAFT, action=Action.EDITED)
    assert "Toujours faux." not in client.get(editor).content.decode()


def test_a_send_back_reason_is_shown_escaped(client: Client, people: dict, seoul: Declaration) -> None:
    passage = first(seoul)
    sent_back(passage, people["reviewer-fr"], '<script>alert("x")</script><b>bold</b>')
    client = logged_in(client, "translator-fr")
    for url in (reverse("desk:editor", args=[seoul.slug, "fr"]), reverse("desk:overview")):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_desk_lists_what_was_sent_back_in_my_languages(client: Client, people: dict, seoul: Declaration) -> None:
    _one, two, three = seoul.passages.order_by("position")
    sent_back(two, people["reviewer-fr"], "Le chiffre est faux.")
    sent_back(three, people["reviewer-fr"], "Déjà repris.")
    record_change(passage=three, language="fr", text="Repris.", state=State.DRAFT, action=Action.EDITED)
    html = logged_in(client, "translator-fr").get(reverse("desk:overview")).content.decode()
    section = html[html.index("Sent back to you") : html.index('<ul class="desk-list">')]
    assert "Le chiffre est faux." in section
    assert "Sent back by reviewer-fr" in section
    assert "Passage 2" in section  # counted from 1, as the editor numbers its rows
    assert str(seoul) in section and "French" in section
    assert f'href="{reverse("desk:editor", args=[seoul.slug, "fr"])}?p={two.key}#p-{two.key}"' in section
    assert "Déjà repris." not in html  # changed since it was sent back: the translator has taken it up

    # Someone who works in English only, or in no language, is not shown French send-backs.
    english = User.objects.create_user("translator-en", password=PASSWORD)
    Assignment.objects.create(user=english, role=Role.TRANSLATOR, language="en")
    for username in ("translator-en", "outsider"):
        html = logged_in(Client(), username).get(reverse("desk:overview")).content.decode()
        assert "Le chiffre est faux." not in html and "Sent back to you" not in html


def test_the_desk_leaves_out_send_backs_the_translator_has_answered(
    client: Client, people: dict, seoul: Declaration
) -> None:
    passage = first(seoul)
    sent_back(passage, people["reviewer-fr"], "Le chiffre est faux.")
    client = logged_in(client, "translator-fr")
    assert "Le chiffre est faux." in client.get(reverse("desk:overview")).content.decode()
    # Marked translated again (unchanged): it is the reviewer's turn, not the translator's.
    record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED)  # fmt: skip
    assert "Sent back to you" not in client.get(reverse("desk:overview")).content.decode()


def test_the_desk_shows_fifty_send_backs_and_counts_the_rest(
    client: Client,
    people: dict,
    make_declaration,  # noqa: ANN001
) -> None:
    declaration = make_declaration(["One."] * 53, slug="long", translations={"fr": ["Un."] * 53})
    for passage in declaration.passages.all():
        sent_back(passage, people["reviewer-fr"], f"Raison {passage.position + 1}.")
    html = logged_in(client, "translator-fr").get(reverse("desk:overview")).content.decode()
    assert html.count('class="sent-back-note"') == 50
    assert "Raison 53." in html and "Passage 53" in html  # newest first
    assert "Raison 3." not in html
    assert "And 3 more." in html


def test_editor_and_desk_query_counts_do_not_grow_with_the_send_backs(
    client: Client,
    people: dict,
    make_declaration,  # noqa: ANN001
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in(client, "translator-fr")
    counts: dict[str, list[int]] = {"editor": [], "desk": []}
    for slug, size in (("short", 3), ("long", 40)):
        declaration = make_declaration(["One."] * size, slug=slug, translations={"fr": ["Un."] * size})
        for passage in declaration.passages.all():
            sent_back(passage, people["reviewer-fr"], "Non.", people["translator-fr"])
        for name, url in (("editor", reverse("desk:editor", args=[slug, "fr"])), ("desk", reverse("desk:overview"))):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200 and response.content.decode().count("Non.") >= size
            counts[name].append(len(queries))
    assert counts["editor"][0] == counts["editor"][1] <= 14  # 12, the unread count and open discussions (issue 25)
    assert counts["desk"][0] == counts["desk"][1] <= 10


def test_the_editor_row_shows_the_warnings_of_its_current_text(client: Client, people: dict,
                                                                seoul: Declaration) -> None:  # fmt: skip
    first_passage, second = seoul.passages.order_by("position")[:2]
    record_change(passage=first_passage, language="fr", text=first_passage.text_in("fr").replace("400", "450"),
                  state=State.TRANSLATED, action=Action.IMPORTED,
                  warnings=[{"code": "only-source", "values": ["400"]}, {"code": "only-target", "values": ["450"]}],
                  )  # fmt: skip
    page = logged_in(client, "translator-fr").get(reverse("desk:editor", args=[seoul.slug, "fr"])).content.decode()
    rows = re.split(r"<section class=\"editor-row", page)
    warned = [row for row in rows if "row-warnings" in row]
    assert len(warned) == 1 and first_passage.key in warned[0] and second.key not in warned[0]
    assert "only in the source: 400; only in the translation: 450" in warned[0]
    # Editing the text clears them, and the row says nothing any more.
    record_change(passage=first_passage, language="fr", text=first_passage.text_in("fr").replace("450", "400"),
                  state=State.DRAFT, action=Action.EDITED)  # fmt: skip
    page = client.get(reverse("desk:editor", args=[seoul.slug, "fr"])).content.decode()
    assert "row-warnings" not in page


def test_history_names_the_passage_by_number_and_says_where_a_change_came_from_in_the_readers_language(
    client: Client, people: dict, seoul: Declaration
) -> None:
    passage = seoul.passages.order_by("position")[1]
    client = logged_in(client, "translator-fr")
    url = reverse("desk:history", args=[seoul.slug, "fr", passage.key])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    meta = html.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    assert "Passage 2" in meta and passage.key not in meta  # the header shows the number, not the internal key
    assert "depuis le fichier de départ 000_dba64a9451c2ed29.fr.txt" in html
    assert "seed file" not in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "from the seed file 000_dba64a9451c2ed29.fr.txt" in english
