"""Exchange at scale: export and import a whole language of 100,000 passages as PO, and export it as XLIFF/TMX.

Builds a throw-away SQLite database with a generated corpus (1,000 declarations × 100 passages, French drafts),
then times each command as a separate process and reports its peak memory. Targets (issue 6): under 20 s and under
1 GB each for export and import.

    .venv/bin/python bench/exchange.py [--declarations 1000] [--passages 100]
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME_LIMIT = 20.0
MEMORY_LIMIT_MB = 1024.0
WORDS = ("cultural diversity convention delegates declaration international organizations policies trade "
         "expressions artistic states sovereign rights UNESCO members conference agreement").split()  # fmt: skip


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 30))]
    return " ".join(words).capitalize() + rng.choice([".", ".", ";", " (2005)."])


def build_corpus(database: Path, declarations: int, passages: int) -> None:
    os.environ["WORKBENCH_SQLITE_PATH"] = str(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction

    from workbench.declarations.models import (
        Action,
        Assignment,
        Declaration,
        Passage,
        Revision,
        Role,
        State,
        count_words,
        digest,
        new_key,
    )

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    with transaction.atomic():
        user = User.objects.create_user("bench-translator")
        Assignment.objects.create(user=user, role=Role.REVIEWER, language="fr")
        made = Declaration.objects.bulk_create(
            Declaration(slug=f"bench-{n:05d}", source_language="en", issued_on="2004-06-03", title_en=f"Bench {n}")
            for n in range(declarations)
        )
        rows = []
        for declaration in made:
            for position in range(passages):
                source = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
                target = "Traduction : " + source.lower()
                rows.append(Passage(
                    declaration=declaration, position=position, key=new_key(), text_en=source, text_fr=target,
                    state_en=State.APPROVED, state_fr=State.DRAFT, basis_en=digest(source), basis_fr=digest(source),
                    source_digest=digest(source), source_words=count_words(source),
                ))  # fmt: skip
        Passage.objects.bulk_create(rows, batch_size=5000)
        Revision.objects.bulk_create(
            (Revision(passage=p, language="fr", text=p.text_fr, state=State.DRAFT, basis=p.basis_fr,
                      action=Action.IMPORTED) for p in Passage.objects.only("pk", "text_fr", "basis_fr").iterator()),
            batch_size=5000,
        )  # fmt: skip


def run(label: str, arguments: list[str], database: Path) -> tuple[float, float]:
    """Run one manage.py command in its own process; return (seconds, peak MB of that process)."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)"
    )
    env = {**os.environ, "WORKBENCH_SQLITE_PATH": str(database), "DJANGO_SETTINGS_MODULE": "workbench.settings"}
    command = [sys.executable, "-c", probe, sys.executable, str(REPO / "manage.py"), *arguments]
    output = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, check=True).stdout.split()
    seconds, peak, code = float(output[0]), float(output[1]), int(output[2])
    verdict = "ok" if seconds < TIME_LIMIT and peak < MEMORY_LIMIT_MB and code == 0 else "OVER TARGET"
    print(f"{label:<38} {seconds:7.2f} s ({seconds / TIME_LIMIT:4.2f} of 20 s)  {peak:7.1f} MB "
          f"({peak / MEMORY_LIMIT_MB:4.2f} of 1 GB)  exit {code}  {verdict}")  # fmt: skip
    return seconds, peak


def edit_every_tenth_entry(source: Path, target: Path) -> int:
    import polib

    catalogue = polib.pofile(str(source), wrapwidth=0)
    edited = 0
    for number, entry in enumerate(catalogue):
        if number % 10 == 0:
            entry.msgstr += " (revu)"
            edited += 1
    catalogue.save(str(target))
    return edited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--declarations", type=int, default=1000)
    parser.add_argument("--passages", type=int, default=100)
    parser.add_argument("--database", type=Path, help="reuse (or keep) the corpus in this SQLite file")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="workbench-bench-") as folder:
        database = options.database or Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        if not database.exists():
            build_corpus(database, options.declarations, options.passages)
        total = options.declarations * options.passages
        print(f"corpus: {total:,} passages in French ({options.declarations:,} declarations), "
              f"built in {time.perf_counter() - started:.1f} s")  # fmt: skip
        po_file, edited_file = Path(folder) / "fr.po", Path(folder) / "fr-edited.po"
        run("export_po --all fr", ["export_po", "--all", "fr", "--output", str(po_file)], database)
        print(f"{'':<38} file: {po_file.stat().st_size / 1048576:.1f} MB")
        run("import_po (unchanged file)", ["import_po", str(po_file), "--user", "bench-translator"], database)
        edited = edit_every_tenth_entry(po_file, edited_file)
        run(f"import_po ({edited:,} entries edited)", ["import_po", str(edited_file), "--user", "bench-translator"],
            database)  # fmt: skip
        run("export_tmx fr (nothing approved yet)", ["export_tmx", "fr", "--output", str(Path(folder) / "fr.tmx")],
            database)  # fmt: skip
        run("export_xliff one declaration", ["export_xliff", "bench-00000", "fr", "--output", "/dev/null"], database)


if __name__ == "__main__":
    main()
