from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from workbench.declarations.models import Declaration, Revision, State

pytestmark = pytest.mark.django_db


def test_po_export_and_import_commands(seoul: Declaration, people: dict, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    path = tmp_path / "seoul.po"
    call_command("export_po", "seoul-declaration-2004", "fr", output=str(path))
    catalogue = polib.pofile(str(path))
    catalogue[1].msgstr = "Deuxième, revue."
    catalogue[1].flags.remove("fuzzy")
    catalogue.save(str(path))
    call_command("import_po", str(path), user="translator-fr", dry_run=True)
    assert "would apply: 1, unchanged: 2" in capsys.readouterr().out
    assert seoul.passages.get(position=1).state_in("fr") == State.DRAFT
    call_command("import_po", str(path), user="translator-fr")
    assert "applied: 1, unchanged: 2" in capsys.readouterr().out
    assert seoul.passages.get(position=1).text_in("fr") == "Deuxième, revue."


def test_whole_language_export_to_standard_output(
    seoul: Declaration, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    call_command("export_po", "fr", all=True)
    assert polib.pofile(capsysbinary.readouterr().out.decode()).metadata["X-Workbench-Declaration"] == "*"


def test_an_import_with_errors_exits_non_zero_and_applies_nothing(
    seoul: Declaration, people: dict, tmp_path: Path
) -> None:
    path = tmp_path / "seoul.po"
    call_command("export_po", "seoul-declaration-2004", "fr", output=str(path))
    catalogue = polib.pofile(str(path))
    catalogue[0].msgstr = "Changé."
    catalogue[1].msgctxt = "unknownkey"
    catalogue.save(str(path))
    before = Revision.objects.count()
    with pytest.raises(CommandError, match="Nothing was applied"):
        call_command("import_po", str(path), user="translator-fr")
    assert Revision.objects.count() == before


def test_xliff_commands_round_trip(seoul: Declaration, people: dict, tmp_path: Path) -> None:
    path = tmp_path / "seoul.xlf"
    call_command("export_xliff", "seoul-declaration-2004", "fr", output=str(path))
    before = Revision.objects.count()
    call_command("import_xliff", str(path), user="reviewer-fr")
    assert Revision.objects.count() == before


def test_tmx_command_writes_valid_tmx(seoul: Declaration, tmp_path: Path, tmx_dtd: etree.DTD) -> None:
    path = tmp_path / "fr.tmx"
    call_command("export_tmx", "fr", output=str(path))
    assert tmx_dtd.validate(etree.parse(str(path)))


@pytest.mark.parametrize(
    ("command", "arguments", "message"),
    [
        ("export_po", ["nope", "fr"], "No declaration with the slug 'nope'"),
        ("export_po", ["seoul-declaration-2004", "en"], "en is the source language"),
        ("export_xliff", ["seoul-declaration-2004", "xx"], "'xx' is not a target language"),
        ("import_po", ["/nonexistent.po", "--user", "translator-fr"], "Cannot read /nonexistent.po"),
        ("import_po", ["/nonexistent.po", "--user", "nobody"], "No user called 'nobody'"),
    ],
)
def test_command_errors_are_clear(seoul: Declaration, people: dict, command: str, arguments: list[str],
                                  message: str) -> None:  # fmt: skip
    with pytest.raises(CommandError, match=message):
        call_command(command, *arguments)
