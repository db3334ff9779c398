"""The stored findings follow every write (issue 23): a desk save, a source edit, a bulk import; missing
translations have none; a switched-off check is not stored; `check_translations --recompute` refills them."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD
from workbench.checks.findings import refresh
from workbench.checks.models import Finding, SwitchedOff
from workbench.declarations.changes import ChangeSpec, apply_changes, record_change
from workbench.declarations.models import Action, Declaration, Passage, State, digest
from workbench.desk.workflow import version_token
from workbench.terms.models import Entry as GlossaryEntry

pytestmark = pytest.mark.django_db

SOURCE = "The budget rose by 400 million in 2004."
GOOD = "Le budget a augmenté de 400 millions en 2004."
WRONG_NUMBER = "Le budget a augmenté de 450 millions en 2004."


def logged_in(client: Client, username: str) -> Client:
    assert client.login(username=username, password=PASSWORD)
    return client


def findings(passage: Passage, language: str = "fr") -> list[tuple[str, str]]:
    """The checks that failed, once each: one check may fail twice on a text (400 missing, 450 not in the source)."""
    rows = Finding.objects.filter(passage=passage, language=language).values_list("check_name", "target_digest")
    return sorted(set(rows))


def save(client: Client, passage: Passage, text: str, intent: str = "save") -> int:
    response = client.post(reverse("desk:row", args=[passage.declaration.slug, "fr", passage.key]),
                           {"intent": intent, "text": text, "based_on": version_token(passage, "fr"),
                            "source_digest": passage.source_digest})  # fmt: skip
    return response.status_code


def test_a_desk_save_stores_the_failure_of_the_saved_text_and_a_correction_clears_it(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    passage = make_declaration([SOURCE]).passages.get()
    assert findings(passage) == []  # no translation yet: nothing to check
    client = logged_in(client, "translator-fr")
    assert save(client, passage, WRONG_NUMBER) == 302  # a failing draft is saved all the same
    passage.refresh_from_db()
    assert passage.text_in("fr") == WRONG_NUMBER and passage.state_in("fr") == State.DRAFT
    assert findings(passage) == [("numbers", digest(WRONG_NUMBER))]
    stored = Finding.objects.filter(passage=passage, language="fr")
    assert any(item.params.get("number") == "400" for item in stored)  # it says which number went missing
    assert save(client, passage, GOOD) == 302
    assert findings(passage) == []


def test_a_source_edit_rechecks_every_translation_of_the_passage(
    people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    passage = make_declaration([SOURCE], translations={"fr": [GOOD]}).passages.get()
    assert findings(passage, "fr") == []
    record_change(passage=passage, language="en", text=SOURCE.replace("400", "500"), state=State.APPROVED,
                  action=Action.SOURCE_CHANGED, author=people["coordinator"])  # fmt: skip
    assert [name for name, _digest in findings(passage, "fr")] == ["numbers"]
    assert findings(passage, "en") == []  # the source is not checked against itself


def test_a_bulk_write_checks_every_passage_it_wrote(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration([SOURCE] * 30)
    passages = list(declaration.passages.order_by("position"))
    apply_changes([ChangeSpec(passage_id=p.pk, source_language="en", language="fr",
                              text=WRONG_NUMBER if i % 3 == 0 else GOOD, state=State.TRANSLATED,
                              basis=p.source_digest, action=Action.IMPORTED)
                   for i, p in enumerate(passages)])  # fmt: skip
    failing = set(Finding.objects.filter(language="fr", check_name="numbers").values_list("passage_id", flat=True))
    assert failing == {p.pk for i, p in enumerate(passages) if i % 3 == 0}
    # Written again with the right number: the old findings go, nothing is left behind.
    apply_changes([ChangeSpec(passage_id=p.pk, source_language="en", language="fr", text=GOOD,
                              state=State.TRANSLATED, basis=p.source_digest, action=Action.IMPORTED)
                   for p in passages])  # fmt: skip
    assert not Finding.objects.filter(language="fr").exists()


def test_a_translation_put_back_to_missing_has_no_findings(make_declaration: Callable[..., Declaration]) -> None:
    passage = make_declaration([SOURCE], translations={"fr": [WRONG_NUMBER]}).passages.get()
    assert [name for name, _digest in findings(passage)] == ["numbers"]
    record_change(passage=passage, language="fr", text="", state=State.MISSING, action=Action.RESTORED)
    assert findings(passage) == []


def test_a_switched_off_check_is_not_stored_and_recompute_refills_the_rest(
    make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration([SOURCE, SOURCE], translations={"fr": [WRONG_NUMBER, GOOD]})
    first = declaration.passages.get(position=0)
    assert [name for name, _digest in findings(first)] == ["numbers"]
    SwitchedOff.objects.create(declaration=declaration, check_name="numbers")
    record_change(passage=first, language="fr", text=WRONG_NUMBER + " ", state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED)  # fmt: skip
    assert findings(first) == []
    SwitchedOff.objects.all().delete()
    Finding.objects.all().delete()  # as after an archive import of an older workbench
    out = io.StringIO()
    call_command("check_translations", "--recompute", stdout=out)
    assert [name for name, _digest in findings(first)] == ["numbers"]
    assert findings(declaration.passages.get(position=1)) == []
    assert "1 check failure" in out.getvalue()  # 400 became 450, on the first passage


def test_a_bulk_write_asks_for_the_glossary_once_not_once_a_passage(
    make_declaration: Callable[..., Declaration]
) -> None:
    GlossaryEntry.objects.create(source_language="en", target_language="fr", term="budget", approved=["budget"])
    passages = list(make_declaration([SOURCE] * 40).passages.order_by("position"))
    with CaptureQueriesContext(connection) as queries:
        apply_changes([ChangeSpec(passage_id=p.pk, source_language="en", language="fr", text=GOOD,
                                  state=State.TRANSLATED, basis=p.source_digest, action=Action.IMPORTED)
                       for p in passages])  # fmt: skip
    assert len([q for q in queries.captured_queries if "terms_entry" in q["sql"]]) <= 2  # its version, its entries
    assert not Finding.objects.filter(language="fr").exists()  # the glossary term was checked, and is translated


def test_a_recheck_looks_the_lexicon_up_once_not_once_a_passage(
    make_declaration: Callable[..., Declaration]
) -> None:
    # Two source sentences, one target sentence: the omission check needs the aligner, and so the pair's lexicon.
    source, target = SOURCE + " It was a record year for the ministry.", GOOD
    counts = []
    for slug, size in (("short", 3), ("long", 12)):
        declaration = make_declaration([source] * size, slug=slug, translations={"fr": [target] * size})
        ids = list(declaration.passages.values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as queries:
            refresh((pk, "fr") for pk in ids)
        assert Finding.objects.filter(passage_id__in=ids, check_name="omission").count() == size
        assert len([q for q in queries.captured_queries if "lexicon_wordpair" in q["sql"]]) <= 2
        counts.append(len(queries))
    assert counts[0] == counts[1]
