"""The French interface catalogue is complete: every string the code marks is translated, none is fuzzy."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_catalogue_passes_msgfmt_check_with_nothing_untranslated_or_fuzzy(tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_every_marked_string_is_in_the_catalogue(tmp_path: Path) -> None:
    # Extract the strings afresh from a copy of the code, so the real catalogue is never touched.
    shutil.copytree(REPO / "workbench", tmp_path / "workbench", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "locale", tmp_path / "locale")
    shutil.copy(REPO / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [(e.msgctxt, e.msgid) for e in fresh if not e.translated() or "fuzzy" in e.flags]
    assert missing == []
