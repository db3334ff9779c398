"""A lexicon given to the aligner (dictionary.py) and the FreeDict reader (freedict.py)."""
from __future__ import annotations

import gzip
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.align import AlignOptions, align, aligner, cli, freedict
from workbench.align.dictionary import compiled
from workbench.align.features import word_stem

from .helpers import PARA, assert_valid, lines

DATA = Path(__file__).resolve().parents[1] / "data" / "align-lexicon"
REPO = Path(__file__).resolve().parents[2]
LEXICON = {"ship": ["navire"], "harbour": ["port"], "dawn": ["aube"], "captain": ["capitaine"], "asleep": ["endormi"],
           "dog": ["chien"], "door": ["porte"]}
INSTALLED = freedict.load("en", "fr") is not None


def pairs(beads: list) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def test_the_lexicon_decides_where_the_lengths_mislead() -> None:
    src, tgt = lines(DATA / "source.txt"), lines(DATA / "target.txt")
    plain = pairs(align(src, tgt))
    given = align(src, tgt, options=AlignOptions(lexicon=LEXICON))
    assert_valid(given, len(src), len(tgt))
    assert ((3, 4), (3,)) in plain, "the lengths alone should mislead here"
    assert ((3,), (3,)) in pairs(given) and ((4, 5), (4,)) in pairs(given)


def test_no_lexicon_or_an_empty_one_changes_nothing() -> None:
    src, tgt = lines(PARA / "source.txt"), lines(PARA / "target.txt")
    plain = align(src, tgt)
    assert align(src, tgt, options=AlignOptions(lexicon={})) == plain
    assert align(src, tgt, options=AlignOptions(lexicon={"zzzz": ["qqqq"]})) == plain


def test_without_the_text_lexicon_none_is_learnt(monkeypatch: pytest.MonkeyPatch) -> None:
    src, tgt = lines(PARA / "source.txt"), lines(PARA / "target.txt")

    def refuse(*args: object) -> list[tuple[int, int, float]]:
        raise AssertionError("the in-text lexicon is learnt although switched off")

    monkeypatch.setattr(aligner, "_learn", refuse)
    assert_valid(align(src, tgt, options=AlignOptions(learn_lexicon=False)), len(src), len(tgt))


def test_words_become_the_aligners_stems() -> None:
    assert word_stem("Portes") == "porte" and word_stem("rivière") == "rivie"
    assert word_stem("de") is None and word_stem("chou-fleur") is None and word_stem("1866") is None
    stems = compiled({"door": ["porte", "portail"], "agile": ["agile", "vif"], "a": ["un"]})
    # agile/agile already share their prefix key; "a" is too short to be a stem.
    assert stems == {"door": frozenset({"porte", "porta"}), "agile": frozenset({"vif"})}
    everything = compiled({"door": ["porte", "portail"], "agile": ["agile", "vif"], "a": ["un"]}, drop_cognates=False)
    assert everything == {"door": frozenset({"porte", "porta"}), "agile": frozenset({"agile", "vif"})}


def b64(value: int) -> str:
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = digits[value % 64]
    while value >= 64:
        value //= 64
        out = digits[value % 64] + out
    return out


def write_dictd(folder: Path, name: str, entries: list[tuple[str, str]], compress: bool = True) -> None:
    """A dictd dictionary: the .index (headword, base64 offset and length) and the .dict(.dz)."""
    body, index, offset = b"", [], 0
    for head, text in [("00databaseinfo", "made in a test\n"), *entries]:
        raw = text.encode("utf-8")
        index.append(f"{head}\t{b64(offset)}\t{b64(len(raw))}")
        body += raw
        offset += len(raw)
    (folder / f"{name}.index").write_text("\n".join(sorted(index)) + "\n", encoding="utf-8")
    if compress:
        (folder / f"{name}.dict.dz").write_bytes(gzip.compress(body))
    else:
        (folder / f"{name}.dict").write_bytes(body)


def test_freedict_reader_on_a_tiny_dictionary(tmp_path: Path) -> None:
    write_dictd(tmp_path, "freedict-eng-fra", [
        ("door", "door /dɔːr/\nporte\n"),
        ("run", "run /rʌn/\n1. fonctionner\n2. fuite\n3. s'élancer, se précipiter\n4. courir\n"),
        ("a lot", "a lot /əlɔt/\nbeaucoup\n"),
        ("victoria", "Victoria /viktɔʀja/ <n>\nVictoria\n"),
    ])
    write_dictd(tmp_path, "freedict-fra-eng", [
        ("maison", "maison /mɛzɔ̃/ <n, fem>\nhouse\n"),
        ("sélancer", "s'élancer /selɑ̃se/ <v>\nrush\n"),
        ("porte", "porte /pɔʀt/ <n, fem>\ndoor, gate (of a town)\n"),
    ], compress=False)
    got = freedict.load("en", "fr", tmp_path)
    assert got is not None
    # Phrases ("a lot", "s'élancer", "se précipiter") are left out; the French-English
    # dictionary is read inverted; grammar notes and pronunciations are dropped.
    assert got == {"door": {"porte"}, "run": {"fonctionner", "fuite", "courir"}, "victoria": {"victoria"},
                   "house": {"maison"}, "gate": {"porte"}}


def test_freedict_absent_is_none(tmp_path: Path) -> None:
    assert freedict.load("en", "fr", tmp_path) is None
    assert freedict.b64_number("LOB") == 11 * 64 * 64 + 14 * 64 + 1


def test_freedict_index_lines_that_do_not_decode_are_skipped(tmp_path: Path) -> None:
    write_dictd(tmp_path, "freedict-eng-fra", [("door", "door /dɔːr/\nporte\n"), ("house", "house\nmaison\n")])
    index = tmp_path / "freedict-eng-fra.index"
    # "!" and "*" are no dictd base64 digits; the last line is Latin-1, not UTF-8.
    index.write_bytes(index.read_bytes() + b"gate\tA!\tB\nship\tA\t*\nporte\xe9\tA\tB\n")
    assert freedict.load("en", "fr", tmp_path) == {"door": {"porte"}, "house": {"maison"}}


@pytest.mark.parametrize("damage", [lambda body: b"not gzip at all", lambda body: body[:20],
                                    lambda body: body[:10] + b"\xff" * 30 + body[-8:]],
                         ids=["not-gzip", "truncated", "corrupt-stream"])
def test_freedict_damaged_dict_dz_is_left_out_with_a_warning(
        tmp_path: Path, damage: Callable[[bytes], bytes], caplog: pytest.LogCaptureFixture) -> None:
    write_dictd(tmp_path, "freedict-eng-fra", [("door", "door /dɔːr/\nporte\n" * 20)])
    data = tmp_path / "freedict-eng-fra.dict.dz"
    data.write_bytes(damage(data.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="workbench.align.freedict"):
        assert freedict.load("en", "fr", tmp_path) is None
    assert "cannot be read" in caplog.text


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench.align", *args], capture_output=True, text=True,
                          cwd=REPO, check=False)


def test_cli_without_freedict_installed_aligns_as_without_the_flag(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # An empty folder in place of /usr/share/dictd: the machine without the packages.
    monkeypatch.setattr(freedict, "DICTD", tmp_path)
    files = [str(DATA / "source.txt"), str(DATA / "target.txt")]
    assert cli.main(files) == 0
    plain = capsys.readouterr().out
    assert cli.main(["--freedict", "en-fr", *files]) == 0
    flagged = capsys.readouterr()
    assert flagged.out == plain and "no FreeDict dictionary" in flagged.err


# CI installs the packages and sets WORKBENCH_REQUIRE_FREEDICT=1 (.ci/run): there the test fails instead of skipping.
needs_freedict = pytest.mark.skipif(not INSTALLED and os.environ.get("WORKBENCH_REQUIRE_FREEDICT") != "1",
                                    reason="needs Debian's dict-freedict-eng-fra / dict-freedict-fra-eng")


@needs_freedict
def test_cli_with_freedict_installed_uses_it() -> None:
    given = freedict.load("en", "fr")
    assert given is not None and "porte" in given["door"] and "house" in given and len(given) > 5000
    src, tgt = PARA / "source.txt", PARA / "target.txt"
    flagged = run_cli("--freedict", "en-fr", "-c", str(src), str(tgt))
    assert flagged.returncode == 0 and flagged.stderr == ""
    expected = align(lines(src), lines(tgt), options=AlignOptions(lexicon=given))
    assert flagged.stdout.splitlines() == [b.format(True) for b in expected]
    assert expected != align(lines(src), lines(tgt))


def test_cli_rejects_a_bad_pair() -> None:
    bad = run_cli("--freedict", "enfr", str(DATA / "source.txt"), str(DATA / "target.txt"))
    assert bad.returncode == 2 and "SRC-TGT" in bad.stderr
