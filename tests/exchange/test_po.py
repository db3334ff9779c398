from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import User

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.exchange import po
from workbench.exchange.applying import apply_file
from workbench.exchange.units import ExchangeError

pytestmark = pytest.mark.django_db


def export_seoul(language: str = "fr") -> str:
    return po.export(Declaration.objects.filter(slug="seoul-declaration-2004"), language)


def import_po(content: str | bytes, user: User, **kwargs: object):  # noqa: ANN201 - an ImportReport
    data = content.encode("utf-8") if isinstance(content, str) else content
    return apply_file(parsed=po.parse(data), user=user, label_for=po.label_for, state_for=po.state_for, **kwargs)


def snapshot() -> tuple[int, list[tuple[str, str, int]]]:
    return Revision.objects.count(), list(Passage.objects.order_by("pk").values_list("key", "text_fr", "state_fr"))


def test_export_names_declaration_and_language_and_keys_every_entry(seoul: Declaration) -> None:
    catalogue = polib.pofile(export_seoul())
    assert catalogue.metadata["Language"] == "fr"
    assert catalogue.metadata["X-Workbench-Declaration"] == "seoul-declaration-2004"
    passages = list(seoul.passages.order_by("position"))
    assert [e.msgctxt for e in catalogue] == [p.key for p in passages]
    assert [e.msgid for e in catalogue] == [p.text_in("en") for p in passages]
    assert [e.msgstr for e in catalogue] == [p.text_in("fr") for p in passages]
    assert all("fuzzy" in e.flags for e in catalogue)  # the seed's French is draft
    assert all(e.tcomment.startswith("state: draft; last change: workbench") for e in catalogue)


def test_stale_entry_is_fuzzy_with_the_previous_source(seoul: Declaration, people: dict) -> None:
    passage = seoul.passages.get(position=0)
    old_source = passage.text_in("en")
    record_change(passage=passage, language="fr", text="Approuvé.", state=State.APPROVED, action=Action.APPROVED)
    record_change(passage=passage, language="en", text="A new source.", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED)  # fmt: skip
    entry = polib.pofile(export_seoul())[0]
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == old_source
    assert entry.tcomment.startswith("state: stale")
    approved = seoul.passages.get(position=1)
    record_change(passage=approved, language="fr", text="Bon.", state=State.APPROVED, action=Action.APPROVED)
    assert "fuzzy" not in polib.pofile(export_seoul())[1].flags


def test_exported_files_pass_msgfmt_check(seoul: Declaration, tmp_path: Path) -> None:
    for name, content in (("one.po", export_seoul()),
                          ("all.po", po.export(Declaration.objects.all(), "fr", whole_language=True))):  # fmt: skip
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "warning" not in result.stderr


def test_whole_language_export_holds_every_declaration(seoul: Declaration, paris: Declaration) -> None:
    french = polib.pofile(po.export(Declaration.objects.all(), "fr", whole_language=True))
    english = polib.pofile(po.export(Declaration.objects.all(), "en", whole_language=True))
    assert french.metadata["X-Workbench-Declaration"] == "*"
    assert len(french) == 3  # Paris is written in French: it has nothing to translate into French
    assert [e.msgctxt for e in english] == [p.key for p in paris.passages.all()]


def test_importing_the_unchanged_export_changes_nothing(seoul: Declaration, people: dict) -> None:
    before = snapshot()
    report = import_po(export_seoul(), people["translator-fr"])
    assert report.ok and report.applied == [] and report.unchanged == 3
    assert snapshot() == before


def test_exactly_the_entries_edited_in_a_tool_apply(seoul: Declaration, people: dict) -> None:
    catalogue = polib.pofile(export_seoul())
    catalogue[0].msgstr = "Première, revue dans Poedit."
    catalogue[0].flags.remove("fuzzy")  # the translator says: done
    catalogue[2].msgstr = "Troisième, encore à revoir."  # still fuzzy
    before = Revision.objects.count()
    report = import_po(str(catalogue), people["translator-fr"])
    assert report.ok and len(report.applied) == 2 and report.unchanged == 1
    assert Revision.objects.count() == before + 2
    one, two, three = seoul.passages.order_by("position")
    assert (one.text_in("fr"), one.state_in("fr")) == ("Première, revue dans Poedit.", State.TRANSLATED)
    assert two.state_in("fr") == State.DRAFT and two.text_in("fr").startswith("Les délégués")
    assert (three.text_in("fr"), three.state_in("fr")) == ("Troisième, encore à revoir.", State.DRAFT)
    revision = Revision.objects.latest("pk")
    assert (revision.action, revision.author, revision.comment) == (Action.IMPORTED, people["translator-fr"], "")
    assert revision.note_messages() == ["imported from a PO file"]


def test_an_entry_whose_source_changed_imports_as_draft_with_a_warning(seoul: Declaration, people: dict) -> None:
    catalogue = polib.pofile(export_seoul())
    passage = seoul.passages.get(position=0)
    record_change(passage=passage, language="en", text="Changed meanwhile.", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED)  # fmt: skip
    catalogue[0].msgstr = "Traduit d'après l'ancienne source."
    catalogue[0].flags.remove("fuzzy")
    report = import_po(str(catalogue), people["translator-fr"])
    assert report.ok and [n.key for n in report.warnings] == [passage.key]
    assert "source text has changed" in report.warnings[0].message
    passage.refresh_from_db()
    assert passage.state_in("fr") == State.DRAFT and passage.is_stale("fr")


@pytest.mark.parametrize("username", ["outsider", "reviewer-fr"])
def test_import_respects_the_persons_languages(seoul: Declaration, paris: Declaration, people: dict,
                                               username: str) -> None:  # fmt: skip
    # Paris's target is English, which neither the outsider nor the French reviewer works on.
    content = po.export(Declaration.objects.filter(slug="appel-de-paris"), "en")
    catalogue = polib.pofile(content)
    catalogue[0].msgstr = "First paragraph."
    before = snapshot()
    report = import_po(str(catalogue), people[username])
    assert not report.ok and "you are not assigned to translate into en" in str(report.errors[0])
    assert snapshot() == before


def test_unknown_keys_and_another_declarations_file_are_reported_and_nothing_applies(
    seoul: Declaration, paris: Declaration, people: dict
) -> None:
    catalogue = polib.pofile(export_seoul())
    catalogue[0].msgstr = "Would apply."
    catalogue[1].msgctxt = "nosuchkey1"
    before = snapshot()
    report = import_po(str(catalogue), people["coordinator"])
    assert [n.key for n in report.errors] == ["nosuchkey1"]
    assert "no passage has this key" in report.errors[0].message
    assert snapshot() == before
    report = import_po(export_seoul(), people["coordinator"], declaration=paris, language="fr")
    assert not report.ok and "this file is for seoul-declaration-2004, not appel-de-paris" in str(report.errors[0])
    report = import_po(export_seoul(), people["coordinator"], declaration=seoul, language="en")
    assert "this file is in fr, not en" in str(report.errors[0])
    assert snapshot() == before


def test_a_dry_run_reports_and_writes_nothing(seoul: Declaration, people: dict) -> None:
    catalogue = polib.pofile(export_seoul())
    catalogue[0].msgstr = "Changed."
    before = snapshot()
    report = import_po(str(catalogue), people["translator-fr"], dry_run=True)
    assert report.ok and len(report.applied) == 1
    assert snapshot() == before


GOOD_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"X-Workbench-Declaration: seoul-declaration-2004\\n"\n\n'
)


def bad_files(key: str) -> dict[str, bytes]:
    entry = f'msgctxt "{key}"\nmsgid "Source"\nmsgstr "Cible"\n\n'
    return {
        "syntax error": (GOOD_HEADER + 'msgctxt "k"\nmsgid "x"\nmsgstr "y"\nnonsense here\n').encode(),
        "unterminated string": (GOOD_HEADER + f'msgctxt "{key}"\nmsgid "Source"\nmsgstr "Cible\n').encode(),
        "duplicate msgctxt": (GOOD_HEADER + entry + entry.replace('"Source"', '"Other"')).encode(),
        "binary garbage": b"\x00\x01\x02PO\xff\xfe" * 50,
        "not UTF-8": (GOOD_HEADER + entry).replace("Cible", "Cibl\u00e9").encode("latin-1"),
        "another language": (GOOD_HEADER.replace("Language: fr", "Language: en") + entry).encode(),
        "no key": (GOOD_HEADER + 'msgid "Source"\nmsgstr "Cible"\n').encode(),
        "empty": b"   \n",
    }


@pytest.mark.parametrize("case", list(bad_files("k")))
def test_bad_files_are_refused_with_a_clear_message_and_change_nothing(
    seoul: Declaration, people: dict, case: str
) -> None:
    key = seoul.passages.get(position=0).key
    content = bad_files(key)[case]
    before = snapshot()
    try:
        report = import_po(content, people["coordinator"], declaration=seoul, language="fr")
    except ExchangeError as error:
        message = str(error)
    else:
        assert not report.ok
        message = " ".join(str(n) for n in report.errors)
    expected = {
        "syntax error": "line 10: keyword \"nonsense\" unknown",
        "unterminated string": "end-of-line within string",
        "duplicate msgctxt": "the same key appears again",
        "binary garbage": "binary data",
        "not UTF-8": "not UTF-8 (first bad byte on line 9)",
        "another language": "this file is in en, not fr",
        "no key": "no msgctxt",
        "empty": "is empty",
    }[case]
    assert expected in message
    assert snapshot() == before


def test_a_file_over_the_size_limit_is_refused(seoul: Declaration, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.exchange import units

    monkeypatch.setattr(units, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(ExchangeError, match="files over 0 MB are refused"):
        po.parse(export_seoul().encode())


def test_uploaded_text_is_never_taken_for_a_path(seoul: Declaration, tmp_path: Path) -> None:
    # A perfectly valid PO file on disk: if the upload "/…/real.po" were handed to polib as a string, polib would
    # read that file. Parsing the upload as content instead finds it is not a PO file.
    real = tmp_path / "real.po"
    real.write_text(export_seoul(), encoding="utf-8")
    with pytest.raises(ExchangeError, match="Not a valid PO file"):
        po.parse(str(real).encode())
