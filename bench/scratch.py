"""What several benches share: the dev bitexts' English prose, and Django on a throw-away SQLite database.

Imported by the bench scripts as a plain module (a script's own folder is on sys.path when it runs).
"""
from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "align-data" / "transread-en-fr"


def sentences() -> list[str]:
    """Every English sentence of the transread books, in order."""
    found = []
    for path in sorted(DATA.glob("*/source.txt")):
        found += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found


def paragraphs(count: int, rng: random.Random) -> list[str]:
    """`count` paragraphs of one to three real sentences each."""
    pool = sentences()
    return [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 3))) for _ in range(count)]


@contextmanager
def django_on_scratch_database(name: str) -> Iterator[None]:
    """Django set up on a new SQLite file in a temporary folder, migrated, answering the test Client; the folder
    goes when the block ends. The development settings (DEBUG on), as every bench here uses them."""
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["WORKBENCH_SQLITE_PATH"] = str(Path(scratch) / f"{name}.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.ALLOWED_HOSTS = ["testserver"]
        call_command("migrate", verbosity=0)
        yield
