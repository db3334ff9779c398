"""`manage.py memory rebuild | import | export | suggest` (workbench/memory/management/commands/memory.py), and the
memory in a backup archive: restored exactly, serving suggestions at once."""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from tests.declarations.test_archive import snapshot, wipe
from workbench.declarations.archive import MANIFEST, export_archive, import_archive
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, State
from workbench.memory import learning
from workbench.memory.models import Entry, Unit

pytestmark = pytest.mark.django_db

DTD = Path(__file__).resolve().parents[1] / "data" / "schemas" / "tmx14.dtd"
SOURCE = "The delegates met in Seoul. They adopted a declaration on cultural diversity."
TARGET = "Les délégués se sont réunis à Séoul. Ils ont adopté une déclaration sur la diversité culturelle."
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="none"
 adminlang="en" srclang="en" datatype="plaintext"/>
<body>
<tu tuid="c1" creationdate="20040603T101500Z"><tuv xml:lang="en-GB"><seg>Culture is a common good.</seg></tuv>
<tuv xml:lang="fr-FR"><seg>La culture est un bien commun.</seg></tuv></tu>
<tu tuid="c2" segtype="paragraph"><tuv xml:lang="en"><seg>Heritage belongs to all.</seg></tuv>
<tuv xml:lang="fr"><seg>Le patrimoine appartient à tous.</seg></tuv></tu>
</body></tmx>
"""


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("memory", *args, stdout=out)
    return out.getvalue()


def approve(passage: Passage, text: str) -> None:
    record_change(passage=passage, language="fr", text=text, state=State.APPROVED, action=Action.APPROVED)


@pytest.fixture
def tmx_file(tmp_path: Path) -> Path:
    path = tmp_path / "culture.tmx"
    path.write_text(TMX, encoding="utf-8")
    return path


def learnt() -> set[tuple[Any, ...]]:
    return set(Unit.objects.exclude(entry=Entry.TMX).values_list(
        "source", "target", "whole", "entry", "passage_key", "declaration_id", "revision_id", "author_id",
        "created_at", "digest", "source_folded"))  # fmt: skip


def test_import_prints_what_it_imported(tmx_file: Path) -> None:
    out = run("import", str(tmx_file))
    assert out.startswith("2 units imported (en → fr, from 2 translation units; 0 already in the memory")
    assert set(Unit.objects.values_list("reference", "entry", "whole")) == {
        ("culture.tmx#c1", Entry.TMX, False), ("culture.tmx#c2", Entry.TMX, True),
    }  # fmt: skip
    assert run("import", str(tmx_file), "--source", "EN", "--target", "fr").startswith("0 units imported")
    assert Unit.objects.count() == 2


def test_a_refused_import_exits_non_zero_with_the_reason_and_writes_nothing(tmx_file: Path, tmp_path: Path) -> None:
    run("import", str(tmx_file))
    evil = tmp_path / "evil.tmx"
    evil.write_text(TMX.replace("<tmx ", '<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<tmx ', 1))
    with pytest.raises(CommandError, match=r"Nothing imported from evil.tmx: The TMX file declares a DOCTYPE or "
                                           r"entities \(line 2\)") as refused:  # fmt: skip
        run("import", str(evil))
    assert refused.value.returncode == 1
    partial = tmp_path / "partial.tmx"
    partial.write_text(TMX.replace('<tuv xml:lang="fr"><seg>Le patrimoine appartient à tous.</seg></tuv>', ""))
    with pytest.raises(CommandError, match=r"Translation unit 2 \(line 7, tuid “c2”\) has no fr variant"):
        run("import", str(partial))
    with pytest.raises(CommandError, match=r"Unknown language “es”"):
        run("import", str(tmx_file), "--target", "es")
    with pytest.raises(CommandError, match=r"Cannot read .*missing.tmx"):
        run("import", str(tmp_path / "missing.tmx"))
    assert Unit.objects.count() == 2  # the first import only


def test_export_writes_valid_tmx_that_imports_back(make_declaration: Callable[..., Declaration], tmx_file: Path,
                                                   tmp_path: Path) -> None:  # fmt: skip
    approve(make_declaration([SOURCE]).passages.get(), TARGET)
    run("import", str(tmx_file))
    target = tmp_path / "out" / "memory.tmx"
    target.parent.mkdir()
    assert run("export", "--source", "en", "--target", "fr", str(target)).strip() == (
        f"5 units (en → fr) written to {target}."
    )
    root = etree.parse(str(target), etree.XMLParser(no_network=True, load_dtd=False)).getroot()
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    assert len(root.findall("body/tu")) == 5
    assert [p.name for p in target.parent.iterdir()] == ["memory.tmx"]  # no partial file left beside it
    Unit.objects.all().delete()
    assert run("import", str(target)).startswith("5 units imported")


def test_a_refused_export_writes_no_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Unknown language “de”"):
        run("export", "--source", "de", "--target", "fr", str(tmp_path / "x.tmx"))
    assert list(tmp_path.iterdir()) == []


def test_suggest_prints_the_best_matches_as_json(make_declaration: Callable[..., Declaration]) -> None:
    """A memory made by hand: one TMX unit, one approval, one unrelated unit and one of the other direction."""
    origin = learning.Origin("en", "fr", Entry.TMX, reference="hand.tmx#7")
    learning.store([
        learning.make_unit("The delegates met in Seoul.", "Les délégués se sont réunis à Séoul.", origin, whole=False),
        learning.make_unit("Nothing alike at all here.", "Rien de semblable.", origin, whole=False),
        learning.make_unit("The delegates met in Seoul.", "Hello.", learning.Origin("fr", "en", Entry.TMX),
                           whole=False),
    ])  # fmt: skip
    declaration = make_declaration(["The delegates met in Paris."], slug="paris-meeting")
    approve(declaration.passages.get(), "Les délégués se sont réunis à Paris.")

    found = json.loads(run("suggest", "--source", "en", "--target", "fr", "The delegates met in Seoul."))

    assert [(s["source"], s["target"], s["score"]) for s in found] == [
        ("The delegates met in Seoul.", "Les délégués se sont réunis à Séoul.", 100),
        # Indel similarity by hand: 21 shared characters plus ".", 54 − 2 × 22 = 10 edits of 54 → 81.5, rounded down.
        ("The delegates met in Paris.", "Les délégués se sont réunis à Paris.", 81),
    ]
    assert all(0 <= s["score"] <= 100 for s in found)
    assert found[0]["origin"]["entry"] == "tmx" and found[0]["origin"]["reference"] == "hand.tmx#7"
    assert found[1]["origin"]["entry"] == "approved" and found[1]["origin"]["declaration"] == "paris-meeting"
    assert found[1]["origin"]["passage"] == declaration.passages.get().key
    limited = json.loads(run("suggest", "--source", "EN", "--target", "fr", "--limit", "1",
                             "The delegates met in Seoul."))
    assert [s["target"] for s in limited] == ["Les délégués se sont réunis à Séoul."]
    assert json.loads(run("suggest", "--source", "en", "--target", "fr", "Entirely unrelated words.")) == []


def test_suggest_refuses_an_unknown_language_and_a_limit_below_one() -> None:
    with pytest.raises(CommandError, match=r"Unknown language “es”"):
        run("suggest", "--source", "en", "--target", "es", "Hello.")
    with pytest.raises(CommandError, match=r"argument --limit: 0 is not a number of matches \(1 or more\)"):
        run("suggest", "--source", "en", "--target", "fr", "--limit", "0", "Hello.")


def test_rebuild_restores_what_approvals_taught_and_keeps_tmx_units(make_declaration: Callable[..., Declaration],
                                                                     tmx_file: Path) -> None:  # fmt: skip
    approve(make_declaration([SOURCE]).passages.get(), TARGET)
    run("import", str(tmx_file))
    taught = learnt()
    imported = list(Unit.objects.filter(entry=Entry.TMX).order_by("pk").values())
    assert len(taught) == 3 and len(imported) == 2  # the whole passage and its two sentences; the file's two units

    Unit.objects.exclude(entry=Entry.TMX).delete()
    assert run("rebuild").strip() == ("Memory rebuilt (learnt from the history: 0 removed, 3 relearnt; TMX units "
                                      "kept: 2): 5 units in the memory.")  # fmt: skip
    assert learnt() == taught
    assert list(Unit.objects.filter(entry=Entry.TMX).order_by("pk").values()) == imported  # untouched, same rows
    # Rebuilding a complete memory replaces the learnt units with the same ones.
    assert "learnt from the history: 3 removed, 3 relearnt" in run("rebuild")
    assert learnt() == taught


def test_an_archive_restores_the_memory_exactly_and_it_suggests_at_once(
    make_declaration: Callable[..., Declaration], tmx_file: Path, tmp_path: Path
) -> None:
    approve(make_declaration([SOURCE]).passages.get(), TARGET)
    run("import", str(tmx_file))
    # An imported unit whose text was decomposed in the file: stored composed, and restored byte for byte.
    (tmp_path / "nfd.tmx").write_text(TMX.replace("c1", "d1").replace("c2", "d2").replace(
        "Culture is a common good.", "Culture is shared.").replace(
        "Heritage belongs to all.", "Heritage is ours.").replace(
        "à tous", unicodedata.normalize("NFD", "à nous")), encoding="utf-8")  # fmt: skip
    run("import", str(tmp_path / "nfd.tmx"))
    before = snapshot()["memory.unit"]
    assert len(before) == 7 and sum(row["entry"] == Entry.TMX for row in before) == 4
    export_archive(path=tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert {e["model"]: e["rows"] for e in manifest["files"]}["memory.unit"] == 7

    wipe()
    assert not Unit.objects.exists()
    assert json.loads(run("suggest", "--source", "en", "--target", "fr", "Culture is a common good.")) == []
    import_archive(path=tmp_path / "backup")

    assert snapshot()["memory.unit"] == before  # every column of every unit, TMX references and dates included
    found = json.loads(run("suggest", "--source", "en", "--target", "fr", "Culture is a common good."))
    assert (found[0]["target"], found[0]["score"]) == ("La culture est un bien commun.", 100)
    assert found[0]["origin"]["reference"] == "culture.tmx#c1" and found[0]["origin"]["date"] == "2004-06-03"
    found = json.loads(run("suggest", "--source", "en", "--target", "fr", "The delegates met in Seoul."))
    assert found[0]["target"] == "Les délégués se sont réunis à Séoul." and found[0]["origin"]["entry"] == "approved"
    assert json.loads(run("suggest", "--source", "en", "--target", "fr", "Heritage is ours."))[0]["target"] == (
        unicodedata.normalize("NFC", "Le patrimoine appartient à nous.")
    )
