"""TBX and CSV glossaries: round trips, hostile and bad files refused whole, the command and the archive."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.declarations.test_archive import snapshot, wipe
from workbench.declarations.archive import export_archive, import_archive
from workbench.memory.learning import Origin, make_unit
from workbench.memory.models import Entry as Source
from workbench.memory.models import Unit
from workbench.terms import csv_format, tbx
from workbench.terms.entries import EntryData, GlossaryFileError
from workbench.terms.importing import entry_data, export_entries, import_entries, read_file
from workbench.terms.models import Entry, Proposal, ProposalState

pytestmark = pytest.mark.django_db

ENTRIES = [
    EntryData("WTO", ["OMC", "Organisation mondiale du commerce"], ["Organisation mondiale"],
              "Acronym: keep it as OMC.\nNever “l’O.M.C.”", True),  # fmt: skip
    EntryData("cultural diversity", ["diversité culturelle"], [], "", False),
    EntryData("tariff", ["droit de douane", "tarif"], ["taxe"], "Customs, “ad valorem”, 5 % & more", False),
    EntryData("Republic of Korea", ["République de Corée"], ["Corée du Sud"], "", True),
]


def glossary() -> list[EntryData]:
    return [entry_data(e) for e in Entry.objects.filter(source_language="en", target_language="fr").order_by("term")]


def in_order(entries: list[EntryData]) -> list[EntryData]:
    return sorted(entries, key=lambda e: e.term)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("glossary", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("file_format", ["tbx", "csv"])
def test_an_exported_glossary_imports_into_an_empty_one_unchanged(file_format: str) -> None:
    import_entries(ENTRIES, source_language="en", target_language="fr")
    Entry.objects.create(source_language="en", target_language="es", term="trade", approved=["comercio"])
    data = export_entries(file_format, source_language="en", target_language="fr")
    Entry.objects.all().delete()
    report = import_entries(read_file(data, file_format, source_language="en", target_language="fr"),
                            source_language="en", target_language="fr")  # fmt: skip
    assert report.added == 4
    assert glossary() == in_order(ENTRIES)
    assert not Entry.objects.filter(target_language="es").exists()


def test_a_tbx_file_marks_forbidden_terms_deprecated() -> None:
    data = tbx.write(ENTRIES[:1], source_language="en", target_language="fr").decode()
    assert "<term>Organisation mondiale</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts" in data
    assert "<term>OMC</term><termNote type=\"administrativeStatus\">preferredTerm-admn-sts" in data


def test_a_tbx_file_written_elsewhere_is_read() -> None:
    data = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc>
</martifHeader><text><body>
<termEntry id="c1"><descrip type="definition">An international body.</descrip>
 <langSet xml:lang="en"><tig><term>WTO</term></tig></langSet>
 <langSet xml:lang="fr">
  <tig><term>OMC</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
  <tig><term>O.M.C.</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  <tig><term>GATT</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
  <tig><term>Organisation mondiale du commerce</term></tig></langSet>
 <langSet xml:lang="de"><tig><term>WHO</term></tig></langSet>
</termEntry></body></text></martif>"""
    assert tbx.read(data.encode(), source_language="en", target_language="fr") == [
        EntryData("WTO", ["OMC", "Organisation mondiale du commerce"], ["O.M.C.", "GATT"], "An international body.",
                  False)]


@pytest.mark.parametrize("hostile", [
    b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>',
    b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><martif>&b;</martif>',
    b'<?xml version="1.0"?>\n<!DOCTYPE martif [\n]><martif/>',
    b'<?xml version="1.0"?><!DOCTYPE martif SYSTEM "x.dtd"><martif><text><body><termEntry><langSet xml:lang="en">'
    b'<tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>',
])
def test_a_hostile_tbx_file_is_refused(hostile: bytes) -> None:
    with pytest.raises(GlossaryFileError) as refused:
        tbx.read(hostile, source_language="en", target_language="fr")
    assert "DOCTYPE" in str(refused.value) or "entit" in str(refused.value)


def test_a_tbx_file_that_is_not_tbx_is_refused() -> None:
    with pytest.raises(GlossaryFileError, match="not <martif>"):
        tbx.read(b"<tmx version='1.4'><body/></tmx>", source_language="en", target_language="fr")
    with pytest.raises(GlossaryFileError, match="not well-formed"):
        tbx.read(b"<martif><text>", source_language="en", target_language="fr")
    broken = tbx.write(ENTRIES[:2], source_language="en", target_language="fr").replace(b"<term>WTO</term>",
                                                                                        b"<term> </term>")  # fmt: skip
    with pytest.raises(GlossaryFileError, match="entry 1: no term in en"):
        tbx.read(broken, source_language="en", target_language="fr")


@pytest.mark.parametrize(("content", "message"), [
    ("term,approved,note,case_sensitive\nWTO,OMC,,no\n", "missing: forbidden"),
    ("term,approved,forbidden,note,case_sensitive,colour\nWTO,OMC,,,no,red\n", "unknown or repeated: colour"),
    ("term,approved,forbidden,note,case_sensitive\nWTO,OMC,,,no\n  ,tarif,,,no\n", "line 3: the term is empty"),
    ("term,approved,forbidden,note,case_sensitive\nWTO,OMC,,,no\ntariff,tarif,,,no\nWTO,O.M.C.,,,yes\n",
     "line 4: the term “WTO” is already given at line 2"),
    ("term,approved,forbidden,note,case_sensitive\nWTO,OMC,,,maybe\n", "line 2: case_sensitive is “maybe”"),
    ("term,approved,forbidden,note,case_sensitive\nWTO,OMC,,no\n", "line 2: 4 cells where the header has 5"),
    ("term,approved,forbidden,note,case_sensitive\n", "holds no glossary entry"),
])
def test_a_bad_csv_file_is_refused_whole_and_nothing_is_written(content: str, message: str, tmp_path: Path) -> None:
    import_entries(ENTRIES[1:2], source_language="en", target_language="fr")
    with pytest.raises(GlossaryFileError, match=message):
        csv_format.read(content.encode(), source_language="en", target_language="fr")
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported from bad.csv: .*" + message):
        run("import", str(path), "--source", "en", "--target", "fr")
    assert glossary() == ENTRIES[1:2]


def test_a_csv_file_reads_several_translations_and_any_column_order() -> None:
    content = ("case_sensitive,term,forbidden,approved,note\r\nyes,WTO,Organisation mondiale,"
               "OMC | Organisation mondiale du commerce ,\"Acronym: keep it as OMC.\nNever “l’O.M.C.”\"\r\n\r\n")
    assert csv_format.read(("\ufeff" + content).encode(), source_language="en", target_language="fr") == ENTRIES[:1]


def test_a_csv_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(GlossaryFileError, match="not UTF-8"):
        csv_format.read("term,approved,forbidden,note,case_sensitive\nthé,é,,,no\n".encode("latin-1"),
                        source_language="en", target_language="fr")  # fmt: skip


def test_importing_merges_and_replace_deletes_what_the_file_lacks() -> None:
    user = User.objects.create(username="coordinator")
    import_entries(ENTRIES[:2], source_language="en", target_language="fr", user=user)
    changed = EntryData("WTO", ["OMC"], [], "", True)
    report = import_entries([changed, ENTRIES[2]], source_language="en", target_language="fr")
    assert (report.added, report.updated, report.unchanged, report.deleted) == (1, 1, 0, 0)
    assert glossary() == in_order([changed, ENTRIES[1], ENTRIES[2]])
    assert Entry.objects.get(term="cultural diversity").added_by == user
    report = import_entries([changed], source_language="en", target_language="fr", replace=True)
    assert (report.added, report.updated, report.unchanged, report.deleted) == (0, 0, 1, 2)
    assert glossary() == [changed]


def test_the_command_imports_and_exports_by_extension(tmp_path: Path) -> None:
    import_entries(ENTRIES, source_language="en", target_language="fr")
    out = run("export", "--source", "en", "--target", "fr", str(tmp_path / "g.tbx"))
    assert "written to" in out and (tmp_path / "g.tbx").read_bytes().startswith(b"<?xml")
    run("export", "--source", "en", "--target", "fr", str(tmp_path / "g.csv"))
    header = (tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "term,approved,forbidden,note,case_sensitive"
    Entry.objects.all().delete()
    assert "4 added, 0 updated, 0 unchanged, 0 deleted" in run("import", str(tmp_path / "g.tbx"), "--source", "en",
                                                               "--target", "fr")  # fmt: skip
    again = run("import", str(tmp_path / "g.csv"), "--source", "en", "--target", "fr")
    assert "0 added, 0 updated, 4 unchanged" in again
    assert glossary() == in_order(ENTRIES)
    with pytest.raises(CommandError, match="neither a .tbx nor a .csv"):
        run("export", "--source", "en", "--target", "fr", str(tmp_path / "g.xlsx"))
    with pytest.raises(CommandError, match="Unknown language"):
        run("import", str(tmp_path / "g.csv"), "--source", "en", "--target", "xx")
    with pytest.raises(CommandError, match="Cannot read"):
        run("import", str(tmp_path / "missing.csv"), "--source", "en", "--target", "fr")


def test_the_archive_restores_the_glossary_and_its_proposals_exactly(tmp_path: Path) -> None:
    user = User.objects.create(username="reviewer")
    import_entries(ENTRIES, source_language="en", target_language="fr", user=user)
    Proposal.objects.create(source_language="en", target_language="fr", source_phrase="frigate",
                            target_phrase="frégate", source_count=4, pair_count=3, score=0.75,
                            state=ProposalState.DISMISSED, decided_by=user)  # fmt: skip
    before = snapshot()
    assert len(before["terms.entry"]) == 4 and len(before["terms.proposal"]) == 1
    export_archive(path=tmp_path / "backup")
    wipe()
    assert not Entry.objects.exists() and not Proposal.objects.exists()
    import_archive(path=tmp_path / "backup")
    after = snapshot()
    assert after["terms.entry"] == before["terms.entry"] and after["terms.proposal"] == before["terms.proposal"]


def test_the_command_proposes_from_the_memory_and_prints_the_open_proposals() -> None:
    from_memory = [("The tariff on steel.", "Le droit de douane sur l'acier."),
                   ("A new tariff applies.", "Un nouveau droit de douane s'applique."),
                   ("Each tariff is published.", "Chaque droit de douane est publié.")]  # fmt: skip
    origin = Origin(source_language="en", target_language="fr", entry=Source.TMX)
    Unit.objects.bulk_create([make_unit(s, t, origin, whole=False) for s, t in from_memory])
    out = run("propose", "--source", "en", "--target", "fr")
    assert out.splitlines() == ["1.00\t3/3\ttariff\tdroit de douane", "1 open proposal."]
    assert Proposal.objects.filter(source_phrase="tariff", state=ProposalState.OPEN).count() == 1
