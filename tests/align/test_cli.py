from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench.align", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=60)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "src.txt"
    tgt = tmp_path / "tgt.txt"
    src.write_text("Chapter 1.\n\nAlice sat by the river in 1865.\nShe was bored.\n\nThen a rabbit came.\n",
                   encoding="utf-8")
    tgt.write_text("Chapitre 1.\n\nAlice était assise près de la rivière en 1865. Elle s'ennuyait.\n\n"
                   "Puis un lapin arriva.\n", encoding="utf-8")
    return src, tgt


def test_default_output_format(pair: tuple[Path, Path]) -> None:
    proc = run(str(pair[0]), str(pair[1]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[0]:[0]", "[1, 2]:[1]", "[3]:[2]"]


def test_confidence_suffix(pair: tuple[Path, Path]) -> None:
    lines = run("--confidence", str(pair[0]), str(pair[1])).stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        value = float(line.rsplit(":", 1)[1])
        assert 0.0 <= value <= 1.0


def test_json_output(pair: tuple[Path, Path]) -> None:
    data = json.loads(run("--json", str(pair[0]), str(pair[1])).stdout)
    assert [(d["source"], d["target"]) for d in data] == [([0], [0]), ([1, 2], [1]), ([3], [2])]
    assert all(0.0 <= d["confidence"] <= 1.0 for d in data)


def test_paragraph_units(pair: tuple[Path, Path]) -> None:
    proc = run("--unit", "paragraph", str(pair[0]), str(pair[1]))
    assert proc.stdout.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


def test_empty_side_prints_empty_list(tmp_path: Path) -> None:
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_text("One 1.\nTwo 2.\nA long extra sentence that has no counterpart at all in the other file.\n"
                   "Three 3.\n", encoding="utf-8")
    tgt.write_text("Un 1.\nDeux 2.\nTrois 3.\n", encoding="utf-8")
    assert "[2]:[]" in run(str(src), str(tgt)).stdout.splitlines()


def _assert_one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_file(pair: tuple[Path, Path], tmp_path: Path) -> None:
    _assert_one_line_error(run(str(tmp_path / "nope.txt"), str(pair[1])), "no such file")


def test_not_utf8(pair: tuple[Path, Path], tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Élève à Paris.\n".encode("latin-1"))
    _assert_one_line_error(run(str(pair[0]), str(bad)), "UTF-8")


def test_empty_file(pair: tuple[Path, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    _assert_one_line_error(run(str(empty), str(pair[1])), "empty")


def test_help_mentions_options() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for word in ("SOURCE", "TARGET", "--unit", "--json", "--confidence"):
        assert word in proc.stdout


def test_no_django_imported() -> None:
    code = ("import sys, workbench.align, workbench.align.cli\n"
            "workbench.align.align(['a 1.'], ['b 1.'])\n"
            "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
            "print(bad)\nsys.exit(1 if bad else 0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "[]"
