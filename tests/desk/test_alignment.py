from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, AlignmentReview, Declaration, Passage, ReviewStatus, Revision, State
from workbench.declarations.seeding import parse_entry
from workbench.exchange import tmx
from workbench.reviews import alignment, beads

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
FRENCH_SEED = "000_dba64a9451c2ed29.fr.txt"


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def french_version(seeds_dir: Path) -> list[str]:
    return parse_entry(seeds_dir / FRENCH_SEED).paragraphs


def start(seoul: Declaration, people: dict[str, User], paragraphs: list[str]) -> AlignmentReview:
    return alignment.start_review(declaration=seoul, language="fr", paragraphs=paragraphs, origin="test",
                                  user=people["coordinator"])  # fmt: skip


def test_paragraphs_from_text_and_markdown() -> None:
    text = "# Titre\n\nPremier paragraphe\nsur deux lignes.\n\n> Une citation.\n\n\n- Un point.\n"
    assert alignment.paragraphs_from_text(text) == [
        "Titre", "Premier paragraphe sur deux lignes.", "Une citation.", "Un point.",
    ]  # fmt: skip


def test_intake_of_the_seeds_french_version_proposes_one_to_one(
    seoul: Declaration, people: dict, seeds_dir: Path
) -> None:
    review = start(seoul, people, french_version(seeds_dir))
    rows = alignment.rows_of(review)
    assert [(r.source, r.target) for r in rows] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert all(r.confidence > 0.5 for r in rows)
    # Nothing touches the passages before acceptance.
    assert [p.state_in("fr") for p in seoul.passages.all()] == [State.DRAFT] * 3


def test_accepting_the_seeds_french_version(seoul: Declaration, people: dict, seeds_dir: Path) -> None:
    paragraphs = french_version(seeds_dir)
    paragraphs[0] = paragraphs[0].replace("Du 1er au 4 juin", "Du premier au 4 juin")
    review = start(seoul, people, paragraphs)
    client = logged_in("reviewer-fr")
    url = reverse("desk:align-operate", args=[seoul.slug, "fr", review.pk])
    response = client.post(url, {"version": review.version, "row": 2, "action": "confirm-above"})
    assert response.status_code == 302
    review.refresh_from_db()
    before = Revision.objects.count()
    response = client.post(reverse("desk:align-accept", args=[seoul.slug, "fr", review.pk]),
                           {"version": review.version})  # fmt: skip
    assert response.status_code == 302
    passages = list(seoul.passages.order_by("position"))
    assert [p.text_in("fr") for p in passages] == paragraphs
    assert all(p.state_in("fr") == State.TRANSLATED and not p.is_stale("fr") for p in passages)
    new = Revision.objects.filter(pk__gt=0).order_by("-pk")[:3]
    assert Revision.objects.count() == before + 3
    assert {(r.action, r.author.username, r.language) for r in new} == {(Action.IMPORTED, "reviewer-fr", "fr")}
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED


def test_accept_needs_every_row_confirmed_and_keeps_approved_unless_told(
    seoul: Declaration, people: dict, seeds_dir: Path
) -> None:
    passage = seoul.passages.get(position=0)
    record_change(passage=passage, language="fr", text="Approuvé.", state=State.APPROVED, action=Action.APPROVED)
    review = start(seoul, people, french_version(seeds_dir))
    with pytest.raises(alignment.ReviewError, match="Confirm every row"):
        alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"],
                         replace_approved=True)  # fmt: skip
    review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm-above", row=2)
    alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"], replace_approved=True)
    passage.refresh_from_db()
    assert passage.state_in("fr") == State.TRANSLATED and passage.text_in("fr").startswith("Du 1er au 4 juin")
    assert Revision.objects.filter(passage=passage, text="Approuvé.").exists()  # replaced, not lost


def test_accepting_without_the_tick_keeps_approved_and_says_so(
    seoul: Declaration, people: dict, seeds_dir: Path
) -> None:
    passage = seoul.passages.get(position=1)
    record_change(passage=passage, language="fr", text="Approuvé.", state=State.APPROVED, action=Action.APPROVED)
    review = start(seoul, people, french_version(seeds_dir))
    review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm-above", row=2)
    assert alignment.plan(review).needs_confirmation is False
    client = logged_in("reviewer-fr")
    response = client.post(reverse("desk:align-accept", args=[seoul.slug, "fr", review.pk]),
                           {"version": review.version}, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "Kept the approved translation of passage 2:" in page and "was not ticked" in page
    passage.refresh_from_db()
    assert passage.text_in("fr") == "Approuvé." and passage.state_in("fr") == State.APPROVED
    others = [p for p in seoul.passages.order_by("position") if p.pk != passage.pk]
    assert [p.state_in("fr") for p in others] == [State.TRANSLATED, State.TRANSLATED]


HEADING, NOTE = "Déclaration de Séoul", "Note du traducteur : le texte anglais fait foi."


def pasted_with_heading_and_note(seoul: Declaration, people: dict, seeds_dir: Path) -> AlignmentReview:
    """The new user's paste: a heading before the three paragraphs and a translator's note after them, each on a
    row of its own with nothing in the source (as the reviewer leaves it after emptying cells), all confirmed."""
    review = start(seoul, people, [HEADING, *french_version(seeds_dir), NOTE])
    rows = [beads.Row((), (0,)), beads.Row((0,), (1,)), beads.Row((1,), (2,)), beads.Row((2,), (3,)),
            beads.Row((), (4,))]  # fmt: skip
    review.rows = [replace(row, confirmed=True).as_dict() for row in rows]
    review.save()
    return review


def test_accept_lists_glued_paragraphs_and_needs_them_confirmed(
    seoul: Declaration, people: dict, seeds_dir: Path
) -> None:
    review = pasted_with_heading_and_note(seoul, people, seeds_dir)
    plan = alignment.plan(review)
    assert [(g.numbers, g.paragraphs[0] if g.paragraphs else None) for g in plan.joined] == [([1], HEADING), ([3],
        french_version(seeds_dir)[2])]  # fmt: skip
    assert plan.joined[1].paragraphs[-1] == NOTE and plan.left_out == []
    before = Revision.objects.count()
    with pytest.raises(alignment.ReviewError, match="joined and left-out paragraphs"):
        alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"],
                         replace_approved=False)  # fmt: skip
    assert Revision.objects.count() == before
    page = logged_in("reviewer-fr").get(reverse("desk:align", args=[seoul.slug, "fr"])).content.decode()
    assert "Passages that will hold more than one paragraph of the translation" in page
    assert "Passage 1: 2 paragraphs" in page and "Passage 3: 2 paragraphs" in page
    assert 'name="plan_confirmed"' in page


def test_left_out_paragraphs_stay_in_the_review_and_out_of_the_passages(
    seoul: Declaration, people: dict, seeds_dir: Path
) -> None:
    review = pasted_with_heading_and_note(seoul, people, seeds_dir)
    for row in (0, 4):
        review = alignment.operate(review_id=review.pk, version=review.version, operation="leave-out", row=row)
        review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm", row=row)
    plan = alignment.plan(review)
    assert plan.joined == [] and plan.left_out == [HEADING, NOTE]
    with pytest.raises(alignment.ReviewError, match="joined and left-out paragraphs"):
        alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"],
                         replace_approved=False)  # fmt: skip
    response = logged_in("reviewer-fr").post(reverse("desk:align-accept", args=[seoul.slug, "fr", review.pk]),
                                             {"version": review.version, "plan_confirmed": "yes"})  # fmt: skip
    assert response.status_code == 302
    texts = [p.text_in("fr") for p in seoul.passages.order_by("position")]
    assert texts == french_version(seeds_dir)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED and review.target_units[0] == HEADING
    assert [row["left_out"] for row in review.rows] == [True, False, False, False, True]


def test_only_a_row_without_source_can_be_left_out(seoul: Declaration, people: dict, seeds_dir: Path) -> None:
    review = start(seoul, people, french_version(seeds_dir))
    with pytest.raises(alignment.ReviewError, match="empty its source cell first"):
        alignment.operate(review_id=review.pk, version=review.version, operation="leave-out", row=0)


def test_a_row_with_two_source_passages_merges_them_on_accept(
    seoul: Declaration, people: dict, seeds_dir: Path
) -> None:
    french = french_version(seeds_dir)
    review = start(seoul, people, [french[0] + " " + french[1], french[2]])
    rows = alignment.rows_of(review)
    if len(rows[0].source) == 1:  # make the merge explicit whatever the aligner proposed
        review = alignment.operate(review_id=review.pk, version=review.version, operation="merge", row=0,
                                   side="source")  # fmt: skip
    review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm-above",
                               row=len(alignment.rows_of(review)) - 1)  # fmt: skip
    first, second, third = seoul.passages.order_by("position")
    alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"], replace_approved=False)

    assert list(seoul.passages.order_by("position")) == [first, third]
    first.refresh_from_db()
    assert first.source_text.split("\n\n")[1] == second.source_text
    assert first.text_in("fr") == french[0] + " " + french[1]
    assert first.state_in("fr") == State.TRANSLATED and not first.is_stale("fr")
    assert Passage.all_objects.get(pk=second.pk).merged_into_id == first.pk
    absorbed = Revision.objects.get(passage=second, action=Action.MERGED)
    assert (absorbed.comment, absorbed.note_messages()) == ("", ["merged into passage 1"])
    survivor = Revision.objects.get(passage=first, action=Action.MERGED, language="en")
    assert survivor.note_messages() == [f"from alignment review {review.pk}", "merged passages 1, 2"]
    assert [p.number for p in seoul.passages.order_by("position")] == [1, 2]  # the third passage is now the second
    with translation.override("fr"):
        assert survivor.note_messages() == [f"depuis la revue d’alignement {review.pk}", "passages 1, 2 fusionnés"]


def test_undo_and_redo_restore_exactly(seoul: Declaration, people: dict, seeds_dir: Path) -> None:
    review = start(seoul, people, french_version(seeds_dir))
    original = review.rows
    review = alignment.operate(review_id=review.pk, version=review.version, operation="merge", row=0)
    merged = review.rows
    review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm", row=0)
    review = alignment.operate(review_id=review.pk, version=review.version, operation="undo")
    assert review.rows == merged
    review = alignment.operate(review_id=review.pk, version=review.version, operation="undo")
    assert review.rows == original
    review = alignment.operate(review_id=review.pk, version=review.version, operation="redo")
    assert review.rows == merged
    with pytest.raises(alignment.ReviewError, match="nothing to undo"):
        for _ in range(5):
            review = alignment.operate(review_id=review.pk, version=review.version, operation="undo")


def test_two_reviewers_cannot_overwrite_each_other(seoul: Declaration, people: dict, seeds_dir: Path) -> None:
    review = start(seoul, people, french_version(seeds_dir))
    url = reverse("desk:align-operate", args=[seoul.slug, "fr", review.pk])
    seen = review.version
    first = logged_in("reviewer-fr").post(url, {"version": seen, "row": 0, "action": "merge|both"})
    assert first.status_code == 302
    second = logged_in("coordinator").post(url, {"version": seen, "row": 1, "action": "confirm"})
    assert second.status_code == 409
    assert "Someone else changed this review" in second.content.decode()
    review.refresh_from_db()
    assert not any(row["confirmed"] for row in review.rows)


def test_review_screen_marks_doubtful_rows_and_checks(seoul: Declaration, people: dict) -> None:
    review = start(seoul, people, ["Un paragraphe sans rapport.", "Sans chiffres.", "Rien ici non plus."])
    # Whatever the aligner proposed, the screen must flag a doubtful, uneven row with its missing numbers.
    review.rows = [{"source": [0], "target": [0, 1], "confidence": 0.2, "confirmed": False},
                   {"source": [1, 2], "target": [2], "confidence": 0.9, "confirmed": False}]  # fmt: skip
    review.save()
    html = logged_in("reviewer-fr").get(reverse("desk:align", args=[seoul.slug, "fr"])).content.decode()
    views = alignment.row_views(review)
    assert [v.low for v in views] == [True, False]
    assert html.count("⚠ low confidence") == 1
    assert [v.shape for v in views] == ["1:2", "2:1"]
    assert views[0].only_source == ["1", "2004", "4", "400", "57"]  # June 1 to 4, 2004 … 400 delegates, 57 countries
    assert "only in the source: 1, 2004, 4, 400, 57" in html
    assert 'lang="fr"' in html and 'lang="en"' in html


def test_tmx_intake_joins_sentence_units_of_one_passage(make_declaration) -> None:  # noqa: ANN001
    declaration = make_declaration(
        ["One. Two. Three."], translations={"fr": ["Un. Deux. Trois."]}, translation_state=State.APPROVED
    )
    content = tmx.export("fr")
    assert alignment.paragraphs_from_tmx(content, "fr") == [declaration.passages.get().text_in("fr")]


def test_intake_by_upload_and_its_rights(seoul: Declaration, people: dict) -> None:
    url = reverse("desk:align-intake", args=[seoul.slug, "fr"])
    upload = SimpleUploadedFile("fr.md", "Premier.\n\nDeuxième.\n\nTroisième.\n".encode())
    assert logged_in("reviewer-fr").post(url, {"file": upload}).status_code == 403
    assert logged_in("translator-fr").get(reverse("desk:align", args=[seoul.slug, "fr"])).status_code == 403
    upload = SimpleUploadedFile("fr.md", "Premier.\n\nDeuxième.\n\nTroisième.\n".encode())
    assert logged_in("coordinator").post(url, {"file": upload}).status_code == 302
    review = AlignmentReview.objects.get()
    assert review.target_units == ["Premier.", "Deuxième.", "Troisième."] and review.origin == "fr.md"
    again = logged_in("coordinator").post(url, {"text": "Autre."})
    assert again.status_code == 400 and "already open" in again.content.decode()
    empty = Client()
    assert empty.get(reverse("desk:align", args=[seoul.slug, "fr"])).status_code == 302


def test_an_operation_that_does_not_apply_changes_nothing(seoul: Declaration, people: dict, seeds_dir: Path) -> None:
    review = start(seoul, people, french_version(seeds_dir))
    url = reverse("desk:align-operate", args=[seoul.slug, "fr", review.pk])
    response = logged_in("reviewer-fr").post(url, {"version": review.version, "row": 2, "action": "merge|both"})
    assert response.status_code == 400 and "The last row has no next row" in response.content.decode()
    before = review.rows
    review.refresh_from_db()
    assert review.rows == before and review.undo == []


def test_rows_always_cover_the_units_after_view_operations(seoul: Declaration, people: dict, seeds_dir: Path) -> None:
    review = start(seoul, people, french_version(seeds_dir))
    client = logged_in("reviewer-fr")
    url = reverse("desk:align-operate", args=[seoul.slug, "fr", review.pk])
    for row, action in [(0, "insert-empty|target"), (1, "move|target|up"), (0, "split|target|1"), (1, "realign"),
                        (0, "merge|source")]:  # fmt: skip
        review.refresh_from_db()
        client.post(url, {"version": review.version, "row": row, "action": action})
    review.refresh_from_db()
    beads.check(alignment.rows_of(review), 3, 3)


def test_numbers_found_on_one_side_stay_with_the_accepted_passage(
    seoul: Declaration, people: dict, seeds_dir: Path
) -> None:
    french = french_version(seeds_dir)
    assert "400" in seoul.passages.get(position=0).source_text and "400" in french[0]
    french[0] = french[0].replace("400", "450")  # the new user's paste: 450 where the source says 400
    review = start(seoul, people, french)
    review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm-above", row=2)
    alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"], replace_approved=False)
    passage = seoul.passages.get(position=0)
    revision = Revision.objects.filter(passage=passage, language="fr").latest("pk")
    assert revision.warnings == [{"code": "only-source", "values": ["400"]}, {"code": "only-target", "values": ["450"]}]
    with translation.override("fr"):
        source_only, target_only = revision.warning_messages()
    assert source_only.startswith("seulement dans la source") and source_only.endswith("400")
    assert target_only.startswith("seulement dans la traduction") and target_only.endswith("450")
    # Marking it translated keeps the text, so the warning stays; correcting the text clears it.
    record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.APPROVED,
                  action=Action.APPROVED)  # fmt: skip
    assert Revision.objects.filter(passage=passage, language="fr").latest("pk").warnings == revision.warnings
    record_change(passage=passage, language="fr", text=french_version(seeds_dir)[0], state=State.DRAFT,
                  action=Action.EDITED)  # fmt: skip
    assert Revision.objects.filter(passage=passage, language="fr").latest("pk").warnings == []
    assert [r.warnings for r in Revision.objects.filter(passage=seoul.passages.get(position=1), language="fr")
            .order_by("-pk")[:1]] == [[]]  # fmt: skip


def test_the_french_intake_asks_for_the_text_in_french(seoul: Declaration, people: dict) -> None:
    client = logged_in("coordinator")  # who brings a version in
    html = client.get(reverse("desk:align", args=[seoul.slug, "fr"]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Collez le texte en français" in html
    assert "Collez la version (français)" not in html
