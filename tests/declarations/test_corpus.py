"""generate_corpus: deterministic, fast enough, and realistic in the ways the progress page needs."""
from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Max, Min, Q, QuerySet

from workbench.declarations.corpus import generate_corpus
from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import (
    Declaration,
    Edition,
    Passage,
    Progress,
    ReportedVersion,
    Revision,
    progress_conditions,
    translation_conditions,
)

pytestmark = pytest.mark.django_db


def snapshot(prefix: str) -> list[tuple]:
    rows = []
    passages = Passage.objects.filter(declaration__slug__startswith=prefix)
    for passage in passages.order_by("declaration__slug", "position"):
        rows.append((passage.declaration.slug.removeprefix(prefix), passage.position, passage.source_words,
                     *[(passage.text_in(c), passage.state_in(c), passage.is_stale(c)) for c in language_codes()]))
    return rows


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another() -> None:
    generate_corpus(declarations=6, passages=4, seed=5, prefix="one")
    generate_corpus(declarations=6, passages=4, seed=5, prefix="two")
    generate_corpus(declarations=6, passages=4, seed=6, prefix="three")
    assert snapshot("one-") == snapshot("two-")
    assert snapshot("one-") != snapshot("three-")
    assert Passage.objects.count() == 3 * 6 * 4


def test_every_state_in_every_language_with_stale_passages_reports_and_history() -> None:
    now = datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)
    report = generate_corpus(declarations=200, passages=5, seed=1, now=now)
    assert (report.declarations, report.passages) == (200, 1000)
    for language in language_codes():
        conditions = progress_conditions(language)
        for bucket in Progress:
            translations = Passage.objects.exclude(declaration__source_language=language)
            assert translations.filter(conditions[bucket]).exists(), (language, bucket)
        assert ReportedVersion.objects.filter(language=language).exists()
    assert Declaration.objects.values("source_language").distinct().count() == len(language_codes())
    assert Declaration.objects.values("kind").distinct().count() == 3
    assert Declaration.objects.values(column("organisation", "en")).distinct().count() > 5
    lengths = Passage.objects.aggregate(low=Min("source_words"), high=Max("source_words"))
    assert lengths["low"] < 20 and lengths["high"] > 60
    assert Edition.objects.exists()
    # Two years of history by several people, ending at `now`; every passage has its creation recorded.
    span = Revision.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert span["last"] <= now and (now - span["first"]).days > 365
    assert Revision.objects.exclude(author=None).values("author").distinct().count() >= 4
    assert Revision.objects.filter(action="created").count() == 1000
    assert Revision.objects.filter(created_at__gte=now - datetime.timedelta(days=30)).exists()


def test_each_translation_matches_its_last_revision() -> None:
    generate_corpus(declarations=10, passages=5, seed=2)
    for passage in Passage.objects.all():
        for language in language_codes():
            last = passage.revisions.filter(language=language).order_by("-created_at", "-pk").first()
            if last is None:
                assert passage.text_in(language) == ""
            else:
                assert (last.text, last.state, last.basis) == (
                    passage.text_in(language), passage.state_in(language), passage.basis_in(language)
                )  # fmt: skip


def test_command(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("generate_corpus", "--declarations", "3", "--passages", "2", "--seed", "9")
    assert "created 3 declarations, 6 passages" in capsys.readouterr().out
    with pytest.raises(Exception, match="exist already"):
        call_command("generate_corpus", "--declarations", "3", "--passages", "2")


def _pks(passages: QuerySet[Passage], condition: Q) -> set[int]:
    return set(passages.filter(condition).values_list("pk", flat=True))


def test_translation_conditions_agree_with_progress_conditions_and_partition_the_passages() -> None:
    # translation_conditions() leaves out the join to the declaration (the caller excludes declarations written in
    # the language); on the passages it is meant for it must pick exactly what progress_conditions() picks, and the
    # buckets must split those passages with no overlap and no gap.
    generate_corpus(declarations=60, passages=5, seed=3)
    for language in language_codes():
        translations = Passage.objects.exclude(declaration__source_language=language)
        everyone = set(translations.values_list("pk", flat=True))
        seen: set[int] = set()
        for bucket in Progress:
            picked = _pks(translations, translation_conditions(language)[bucket])
            assert picked == _pks(translations, progress_conditions(language)[bucket]), (language, bucket)
            assert not picked & seen, (language, bucket)
            seen |= picked
        assert seen == everyone
        sources = Passage.objects.filter(declaration__source_language=language)
        approved = sources.filter(progress_conditions(language)[Progress.APPROVED])
        assert sources.exists() and approved.count() == sources.count()
