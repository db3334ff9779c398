"""Publishing rules: only approved, current text becomes an edition; editions never change."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Edition, Role, State
from workbench.declarations.publishing import NotPublishable, Problem, can_publish, publish
from workbench.declarations.seeding import load_seeds

pytestmark = pytest.mark.django_db


def approve(declaration: Declaration, language: str) -> None:
    for passage in declaration.passages.order_by("position"):
        record_change(
            passage=passage, language=language, text=passage.text_in(language), state=State.APPROVED,
            action=Action.APPROVED,
        )  # fmt: skip


def test_publishing_the_source_makes_numbered_snapshots(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["One.", "Two."])
    first = publish(declaration=declaration, language="en", user=None)
    second = publish(declaration=declaration, language="en", user=None)
    assert (first.number, second.number) == (1, 2)
    keys = list(declaration.passages.order_by("position").values_list("key", flat=True))
    assert first.passages == [{"key": keys[0], "text": "One."}, {"key": keys[1], "text": "Two."}]
    assert first.title == "Test"


def test_refused_while_a_passage_is_not_approved_naming_each(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["One.", "Two."], translations={"fr": ["Un.", "Deux."]})
    declaration.title_fr = "Essai"
    declaration.save()
    second = declaration.passages.order_by("position")[1]
    record_change(passage=second, language="fr", text="Deux.", state=State.APPROVED, action=Action.APPROVED)
    with pytest.raises(NotPublishable) as refused:
        publish(declaration=declaration, language="fr", user=None)
    first = declaration.passages.order_by("position")[0]
    assert [(b.problem, b.key) for b in refused.value.blockers] == [(Problem.NOT_APPROVED, first.key)]
    assert f"Passage 1 ({first.key}) is not approved: it is draft." in str(refused.value)
    assert not Edition.objects.exists()


def test_a_stale_approved_translation_is_not_publishable(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["One."], translations={"fr": ["Un."]}, translation_state=State.APPROVED)
    declaration.title_fr = "Essai"
    declaration.save()
    publish(declaration=declaration, language="fr", user=None)
    passage = declaration.passages.get()
    record_change(passage=passage, language="en", text="One, changed.", state=State.APPROVED, action=Action.EDITED)
    with pytest.raises(NotPublishable) as refused:
        publish(declaration=declaration, language="fr", user=None)
    assert [b.problem for b in refused.value.blockers] == [Problem.STALE]
    assert Edition.objects.filter(language="fr").count() == 1


def test_a_language_without_a_title_is_refused(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["One."], translations={"fr": ["Un."]}, translation_state=State.APPROVED)
    with pytest.raises(NotPublishable) as refused:
        publish(declaration=declaration, language="fr", user=None)
    assert [b.problem for b in refused.value.blockers] == [Problem.NO_TITLE]


def test_an_unknown_language_is_refused(make_declaration: Callable[..., Declaration]) -> None:
    with pytest.raises(NotPublishable, match="not one of the configured languages"):
        publish(declaration=make_declaration(), language="xx", user=None)


def test_editions_are_immutable(make_declaration: Callable[..., Declaration]) -> None:
    edition = publish(declaration=make_declaration(), language="en", user=None)
    edition.title = "Rewritten"
    with pytest.raises(TypeError, match="immutable"):
        edition.save()
    with pytest.raises(TypeError, match="immutable"):
        edition.delete()
    with pytest.raises(TypeError, match="immutable"):
        Edition.objects.filter(pk=edition.pk).update(title="Rewritten")
    with pytest.raises(TypeError, match="immutable"):
        Edition.objects.all().delete()
    assert Edition.objects.get().title == "Test"


def test_one_number_per_declaration_and_language(make_declaration: Callable[..., Declaration]) -> None:
    edition = publish(declaration=make_declaration(), language="en", user=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(declaration=edition.declaration, language="en", number=1, title="Copy")


def test_search_text_is_folded_at_publish_time(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["Une DÉCLARATION à Séoul."])
    edition = publish(declaration=declaration, language="en", user=None)
    assert "une declaration a seoul." in edition.search_text


def test_load_seeds_publishes_english_once_and_no_french(seeds_dir: Path) -> None:
    report = load_seeds(seeds_dir)
    assert report.published == ["seoul-declaration-2004[en]#1"]
    edition = Edition.objects.get()
    assert (edition.language, edition.number, edition.published_by) == ("en", 1, None)
    assert edition.title.startswith("Third International Meeting")
    assert len(edition.passages) == 3
    assert load_seeds(seeds_dir).published == []
    assert Edition.objects.count() == 1


def test_a_changed_seed_source_is_published_as_a_new_edition(seeds_dir: Path, tmp_path: Path) -> None:
    directory = Path(shutil.copytree(seeds_dir, tmp_path / "seeds"))
    load_seeds(directory)
    entry = directory / "000_dba64a9451c2ed29.txt"
    entry.write_text(entry.read_text(encoding="utf-8").replace("400 delegates", "four hundred delegates"), "utf-8")
    assert load_seeds(directory).published == ["seoul-declaration-2004[en]#2"]
    latest = Edition.objects.get(number=2)
    assert "four hundred delegates" in latest.passages[0]["text"]
    assert "400 delegates" in Edition.objects.get(number=1).passages[0]["text"]
    assert not Edition.objects.filter(language="fr").exists()


def test_coordinators_and_superusers_may_publish(django_user_model: type[User]) -> None:
    translator = django_user_model.objects.create_user("t")
    Assignment.objects.create(user=translator, role=Role.TRANSLATOR, language="fr")
    coordinator = django_user_model.objects.create_user("c")
    Assignment.objects.create(user=coordinator, role=Role.COORDINATOR, language="")
    admin = django_user_model.objects.create_superuser("a")
    assert [can_publish(u) for u in (translator, coordinator, admin)] == [False, True, True]


def test_publish_command(seeds_dir: Path, django_user_model: type[User], capsys: pytest.CaptureFixture[str]) -> None:
    load_seeds(seeds_dir)
    declaration = Declaration.objects.get()
    coordinator = django_user_model.objects.create_user("coordinator")
    Assignment.objects.create(user=coordinator, role=Role.COORDINATOR, language="")
    with pytest.raises(CommandError, match=r"Passage 1 \(\w+\) is not approved: it is draft"):
        call_command("publish", declaration.slug, "fr", user="coordinator")
    with pytest.raises(CommandError, match="no declaration has the slug 'nope'"):
        call_command("publish", "nope", "fr", user="coordinator")
    with pytest.raises(CommandError, match="'de' is not a configured language"):
        call_command("publish", declaration.slug, "de", user="coordinator")
    django_user_model.objects.create_user("visitor")
    with pytest.raises(CommandError, match="'visitor' may not publish"):
        call_command("publish", declaration.slug, "fr", user="visitor")
    approve(declaration, "fr")
    call_command("publish", declaration.slug, "fr", user="coordinator")
    assert "published seoul-declaration-2004 in fr: edition 1" in capsys.readouterr().out
    edition = Edition.objects.get(language="fr")
    assert edition.published_by == coordinator
    assert edition.passages[0]["text"].startswith("Du 1er au 4 juin 2004")
