"""Term proposals and glossary matching (issue 23).

Proposals: the gold one-to-one sentence pairs of ../shared/align-data/transread-en-fr (six books, English →
French) go through proposals.candidates, the function `glossary propose` runs over the memory; the 50 best are
judged against the hand-made list tests/data/term_pairs_en_fr.csv (compared as lemmas). Printed: precision of the
top 50, each of them with its verdict (--show), and the time taken.

Matching: glossary_problems on one passage (three sentences, seven glossary terms in it) with a 500-entry glossary
in a temporary SQLite database, median and p95 over --runs calls.

    .venv/bin/python bench/terms.py [--show] [--runs 500]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "align-data" / "transread-en-fr"
JUDGED = REPO / "tests" / "data" / "term_pairs_en_fr.csv"
TOP = 50

SOURCE = ("The WTO members discussed market access for agricultural products and trade in services. Developing "
          "countries asked for special and differential treatment. The General Council adopted the decisions of "
          "the ministerial conference on tariffs.")  # fmt: skip
TARGET = ("Les membres de l’OMC ont examiné l’accès aux marchés pour les produits agricoles et le commerce des "
          "services. Les pays en développement ont demandé un traitement spécial et différencié. Le Conseil "
          "général a adopté les décisions de la conférence ministérielle sur les droits de douane.")  # fmt: skip
TERMS = {"WTO": "OMC", "market access": "accès aux marchés", "agricultural product": "produit agricole",
         "trade in services": "commerce des services", "developing country": "pays en développement",
         "General Council": "Conseil général", "tariff": "droit de douane"}  # fmt: skip


def bench_proposals(show: bool) -> None:
    from workbench.terms.evaluation import gold_sentence_pairs, judged_pairs, precision
    from workbench.terms.proposals import candidates

    pairs = [pair for folder in sorted(DEV.iterdir()) if folder.is_dir() for pair in gold_sentence_pairs(folder)]
    started = time.perf_counter()
    found = candidates(pairs, "en", "fr")
    elapsed = time.perf_counter() - started
    share, verdicts = precision(found, judged_pairs(JUDGED), top=TOP)
    print(f"proposals: {len(pairs)} sentence pairs, {len(found)} candidates in {elapsed:.2f} s")
    print(f"precision of the top {TOP}: {share:.2f} ({sum(ok for _c, ok in verdicts)}/{len(verdicts)})")
    if show:
        for candidate, ok in verdicts:
            print(f"  {'ok ' if ok else 'NO '} {candidate.source_phrase} → {candidate.target_phrase} "
                  f"({candidate.pair_count}/{candidate.source_count}, {candidate.score})")  # fmt: skip


def bench_matching(runs: int) -> None:
    from django.core.management import call_command

    from workbench.terms.matching import glossary_problems
    from workbench.terms.models import Entry

    call_command("migrate", verbosity=0)
    entries = [Entry(source_language="en", target_language="fr", term=term, approved=[approved])
               for term, approved in TERMS.items()]  # fmt: skip
    entries += [Entry(source_language="en", target_language="fr", term=f"filler term {n}", approved=[f"terme {n}"],
                      forbidden=[f"mauvais {n}"]) for n in range(500 - len(entries))]  # fmt: skip
    Entry.objects.bulk_create(entries)
    problems = glossary_problems(SOURCE, TARGET, source_language="en", target_language="fr")
    assert problems == [], problems
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        glossary_problems(SOURCE, TARGET, source_language="en", target_language="fr")
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"glossary_problems, 500 entries, one passage: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1]:.2f} ms over {runs} calls")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="list the top proposals with their verdicts")
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "workbench.settings"
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["WORKBENCH_SQLITE_PATH"] = str(Path(scratch) / "bench.sqlite3")
        import django

        django.setup()
        bench_proposals(args.show)
        bench_matching(args.runs)


if __name__ == "__main__":
    main()
