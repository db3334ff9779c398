from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from workbench.declarations.models import Action, Declaration, Passage, ReportedVersion, Revision, State
from workbench.declarations.seeding import SeedError, load_seeds, parse_entry, parse_french_date

SEED = "000_dba64a9451c2ed29.txt"
SEED_FR = "000_dba64a9451c2ed29.fr.txt"


def test_parses_every_field_of_the_real_seed(seeds_dir: Path) -> None:
    entry = parse_entry(seeds_dir / SEED)
    assert entry.topic == "Cultural diversity"
    assert entry.category == "News Releases / Speeches / Declarations"
    assert entry.title == (
        "Troisièmes Rencontres internationales des organisations professionnelles de la culture"
        " - Déclaration de Séoul"
    )
    assert entry.organisation == "Korean Coalition for Cultural Diversity"
    assert entry.issued_on == datetime.date(2004, 6, 3)
    assert entry.reference == 63
    assert entry.note == "Available in French"
    assert entry.reported_languages == ["fr"]
    assert len(entry.paragraphs) == 3
    assert entry.paragraphs[0].startswith("From June 1 to 4, 2004, in Seoul")
    assert entry.paragraphs[1].startswith("The delegates adopted a final declaration")
    # The footnote marker and the note are metadata, not text.
    assert entry.paragraphs[2].endswith("UNESCO 33rd General Conference in 2005.”")
    assert not any("[63]" in p or "Available" in p for p in entry.paragraphs)


def test_parses_the_french_companion(seeds_dir: Path) -> None:
    entry = parse_entry(seeds_dir / SEED_FR)
    assert entry.topic == "Diversité culturelle"
    assert entry.organisation == "Coalition coréenne pour la diversité culturelle"
    assert entry.issued_on == datetime.date(2004, 6, 3)
    assert entry.reference == 63
    assert entry.reported_languages == ["fr"]
    assert len(entry.paragraphs) == 3
    assert entry.paragraphs[0].startswith("Du 1er au 4 juin 2004")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 juin 2004", datetime.date(2004, 6, 3)),
        ("1er août 1999", datetime.date(1999, 8, 1)),
        ("31 Décembre 2010", datetime.date(2010, 12, 31)),
        ("31 juin 2004", None),
        ("3 june 2004", None),
        ("juin 2004", None),
    ],
)
def test_french_dates(text: str, expected: datetime.date | None) -> None:
    assert parse_french_date(text) == expected


@pytest.mark.django_db
def test_load_seeds_builds_the_seoul_declaration(seeds_dir: Path) -> None:
    report = load_seeds(seeds_dir)
    assert report.created == ["seoul-declaration-2004"]
    declaration = Declaration.objects.get()
    assert declaration.source_language == "en"
    assert declaration.issued_on == datetime.date(2004, 6, 3)
    assert declaration.reference == 63
    assert declaration.kind == "news-release"
    assert declaration.title_fr.startswith("Troisièmes Rencontres internationales")
    assert declaration.title_en == (
        "Third International Meeting of Cultural Professional Organizations – Seoul Declaration"
    )
    assert declaration.organisation_en == "Korean Coalition for Cultural Diversity"
    assert declaration.organisation_fr == "Coalition coréenne pour la diversité culturelle"
    assert declaration.topic_fr == "Diversité culturelle"
    reported = ReportedVersion.objects.get()
    assert (reported.language, reported.note) == ("fr", "Available in French")

    passages = list(declaration.passages.order_by("position"))
    assert [p.position for p in passages] == [0, 1, 2]
    assert len({p.key for p in passages}) == 3
    assert all(p.state_in("en") == State.APPROVED for p in passages)
    assert all(p.state_in("fr") == State.DRAFT for p in passages)
    assert not any(p.is_stale("fr") for p in passages)
    assert passages[2].text_in("en").endswith("in 2005.”")
    assert passages[0].text_in("fr").startswith("Du 1er au 4 juin 2004")
    # Every text written got its revision: 3 English + 3 French.
    assert Revision.objects.filter(language="en", action=Action.IMPORTED).count() == 3
    assert Revision.objects.filter(language="fr", action=Action.IMPORTED, state=State.DRAFT).count() == 3


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing(seeds_dir: Path) -> None:
    load_seeds(seeds_dir)
    counts = (Declaration.objects.count(), Passage.objects.count(), Revision.objects.count())
    keys = set(Passage.objects.values_list("key", flat=True))
    report = load_seeds(seeds_dir)
    assert report.unchanged == ["seoul-declaration-2004"]
    assert (report.passages_added, report.source_changed, report.translations_added) == (0, 0, 0)
    assert (Declaration.objects.count(), Passage.objects.count(), Revision.objects.count()) == counts
    assert set(Passage.objects.values_list("key", flat=True)) == keys


def copy_seeds(seeds_dir: Path, target: Path) -> Path:
    shutil.copytree(seeds_dir, target)
    return target


@pytest.mark.django_db
def test_changed_source_paragraph_updates_it_and_makes_its_translation_stale(seeds_dir: Path, tmp_path: Path) -> None:
    directory = copy_seeds(seeds_dir, tmp_path / "seeds")
    load_seeds(directory)
    path = directory / SEED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("brought together 400 delegates", "brought together 401 delegates"), encoding="utf-8")

    report = load_seeds(directory)

    assert report.source_changed == 1
    assert Passage.objects.count() == 3
    first, second, third = Passage.objects.order_by("position")
    assert "401 delegates" in first.text_in("en")
    assert first.state_in("en") == State.APPROVED
    assert first.is_stale("fr")
    assert not second.is_stale("fr") and not third.is_stale("fr")
    # The French draft itself is untouched: stale means "answers an older source", not "erased".
    assert first.text_in("fr").startswith("Du 1er au 4 juin 2004")
    change = Revision.objects.get(passage=first, action=Action.SOURCE_CHANGED)
    assert change.language == "en" and "401 delegates" in change.text


@pytest.mark.django_db
def test_reload_never_overwrites_work_done_in_the_workbench(seeds_dir: Path, tmp_path: Path) -> None:
    from workbench.declarations.changes import record_change

    directory = copy_seeds(seeds_dir, tmp_path / "seeds")
    load_seeds(directory)
    passage = Passage.objects.order_by("position").first()
    assert passage is not None
    record_change(passage=passage, language="fr", text="Révisé.", state=State.TRANSLATED, action=Action.EDITED)
    path = directory / SEED_FR
    path.write_text(path.read_text(encoding="utf-8").replace("Du 1er au 4", "Du premier au 4"), encoding="utf-8")
    load_seeds(directory)
    passage.refresh_from_db()
    assert passage.text_in("fr") == "Révisé."
    assert passage.state_in("fr") == State.TRANSLATED


def break_seed(seeds_dir: Path, tmp_path: Path, old: str, new: str, name: str = SEED) -> Path:
    directory = copy_seeds(seeds_dir, tmp_path / "seeds")
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, "the test's replacement must apply"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return directory


BYLINE = "Korean Coalition for Cultural Diversity – 3 juin 2004 – 2004/06/03\u00a0\n\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "name", "line", "message"),
    [
        (BYLINE, "", SEED, 7, "expected a byline"),
        ("3 juin 2004 – 2004/06/03", "4 juin 2004 – 2004/06/03", SEED, 7, "the two dates disagree"),
        ("3 juin 2004", "3 jiun 2004", SEED, 7, "expected a French-style date"),
        ("(Available in French)", "(Available in Klingon)", SEED, 11, "'Klingon', which is not a configured language"),
        ("Les délégués ont adopté", "Intrus.\nLes délégués ont adopté", SEED_FR, None, "expected 3 body paragraphs"),
    ],
)
def test_malformed_seed_names_file_line_and_expectation_and_writes_nothing(
    seeds_dir: Path, tmp_path: Path, old: str, new: str, name: str, line: int | None, message: str
) -> None:
    directory = break_seed(seeds_dir, tmp_path, old, new, name)
    with pytest.raises(SeedError) as caught:
        load_seeds(directory)
    assert caught.value.path.name == name
    assert caught.value.line == line
    assert message in str(caught.value)
    assert (Declaration.objects.count(), Passage.objects.count(), Revision.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_empty_body_is_refused(seeds_dir: Path, tmp_path: Path) -> None:
    directory = copy_seeds(seeds_dir, tmp_path / "seeds")
    path = directory / SEED
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"line 7: expected at least one body paragraph after the byline"):
        load_seeds(directory)
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused(seeds_dir: Path, tmp_path: Path) -> None:
    directory = copy_seeds(seeds_dir, tmp_path / "seeds")
    path = directory / SEED
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    with pytest.raises(SeedError, match=r"line 5: is not valid UTF-8"):
        load_seeds(directory)
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
def test_command_reports_the_error_and_loads_nothing(seeds_dir: Path, tmp_path: Path) -> None:
    directory = break_seed(seeds_dir, tmp_path, BYLINE, "")
    with pytest.raises(CommandError, match=rf"{SEED}, line 7: expected a byline .*nothing was loaded"):
        call_command("load_seeds", directory=directory)
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
def test_command_loads_and_reports(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_seeds", directory=seeds_dir)
    out = capsys.readouterr().out
    assert "declarations created: 1 seoul-declaration-2004" in out
    assert "passages added: 3" in out
