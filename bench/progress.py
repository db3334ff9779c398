"""The coordinator's progress page at scale (issue 8): 10,000 declarations × 30 passages on SQLite.

Builds the corpus with `generate_corpus` in a temporary SQLite file (or reuses one with --database PATH, building it
there first if it is empty), then requests /desk/progress/ through Django's test Client as a coordinator and prints
the server time (median of --requests requests) and the SQL query count, with their ratios to the targets: at most
16 queries (what tests/desk/test_progress.py allows a cold view), under 300 ms. The first request of an empty cache
counts the whole-corpus figures (cold: it reads the progress summary and the approved words by month); later ones
find them in the cache until a passage changes, so both are printed (the cold one --requests times, the cache
cleared before each), and a few filtered views as well. It also times `rebuild_progress_summary` on the corpus and
what keeping the summary costs a write to a declaration of 3,000 passages (rolled back).

    .venv/bin/python bench/progress.py [--declarations 10000] [--passages 30] [--requests 7] [--database PATH]
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
QUERY_LIMIT = 16
TIME_LIMIT_MS = 300.0
VIEWS = ["", "?language=fr&reported_missing=on", "?kind=speech&organisation=unesco",
         "?has_stale=on", "?state=translated&sort=-missing", "?has_failures=on"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--declarations", type=int, default=10_000)
    parser.add_argument("--passages", type=int, default=30)
    parser.add_argument("--requests", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", type=Path, help="an SQLite file to build the corpus in once and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        database = args.database or Path(scratch) / "progress.sqlite3"
        os.environ["WORKBENCH_SQLITE_PATH"] = str(database)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
        # The development settings (DEBUG on): production ones want collected static files and HTTPS. DEBUG keeps a
        # log of queries, which costs microseconds per query here.
        sys.path.insert(0, str(REPO))
        run(args)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from workbench.declarations.corpus import generate_corpus
    from workbench.declarations.models import Declaration, Passage, Revision

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    if not Declaration.objects.exists():
        started = time.perf_counter()
        report = generate_corpus(declarations=args.declarations, passages=args.passages, seed=args.seed)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"corpus: {report.declarations:,} declarations, {report.passages:,} passages, "
              f"{report.revisions:,} revisions built in {time.perf_counter() - started:.1f} s")  # fmt: skip
    else:
        name = settings.DATABASES["default"]["NAME"]
        print(f"corpus: reusing {name}: {Declaration.objects.count():,} declarations, "
              f"{Passage.all_objects.count():,} passages, {Revision.objects.count():,} revisions")  # fmt: skip
    started = time.perf_counter()
    call_command("rebuild_progress_summary", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rebuild = time.perf_counter() - started
    print(f"rebuild_progress_summary: {rebuild:.1f} s")
    write_costs()
    from django.contrib.auth import get_user_model

    coordinator = get_user_model().objects.get(username="corpus-coordinator")
    client = Client()
    client.force_login(coordinator)

    def timed(url: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed, len(queries.captured_queries), len(response.content)

    colds = []
    for _ in range(args.requests):
        cache.clear()
        colds.append(timed("/desk/progress/"))
    cold = statistics.median(run[0] for run in colds)
    cold_queries = max(run[1] for run in colds)
    print(f"cold /desk/progress/ (cache cleared, summary read): median {cold:,.0f} ms (ratio "
          f"{cold / TIME_LIMIT_MS:.2f} of {TIME_LIMIT_MS:.0f} ms), min {min(r[0] for r in colds):,.0f}, "
          f"{cold_queries} queries (query ratio {cold_queries / QUERY_LIMIT:.2f} of {QUERY_LIMIT})")  # fmt: skip
    for query in VIEWS:
        url = "/desk/progress/" + query
        runs = [timed(url) for _ in range(args.requests)]
        median = statistics.median(run[0] for run in runs)
        counts = sorted({run[1] for run in runs})
        print(f"{url:55} median {median:7,.0f} ms (ratio {median / TIME_LIMIT_MS:.2f} of {TIME_LIMIT_MS:.0f} ms), "
              f"min {min(r[0] for r in runs):,.0f}, max {max(r[0] for r in runs):,.0f}, "
              f"queries {counts} (ratio {max(counts) / QUERY_LIMIT:.2f})")  # fmt: skip
    started = time.perf_counter()
    response = client.get("/desk/progress/declarations.csv")
    elapsed = (time.perf_counter() - started) * 1000
    print(f"CSV of every declaration: {elapsed:,.0f} ms, {len(response.content):,} bytes")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


def write_costs() -> None:
    """What the summary costs a write: refresh alone and a whole record_change, on a declaration of 3,000 passages
    made for it and rolled back."""
    import datetime

    from django.db import transaction

    from workbench.declarations import summary
    from workbench.declarations.changes import add_source_passages, record_change
    from workbench.declarations.models import Action, Declaration, State

    with transaction.atomic():
        declaration = Declaration.objects.create(slug="bench-3000", source_language="en",
                                                 issued_on=datetime.date(2020, 1, 1))  # fmt: skip
        texts = [f"Paragraph {number} of the long declaration, in a few words." for number in range(3000)]
        passages = add_source_passages(declaration=declaration, texts=texts)
        refreshes, writes = [], []
        for number, passage in enumerate(passages[:21]):
            started = time.perf_counter()
            summary.refresh([declaration.pk])
            refreshes.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            record_change(passage=passage, language="fr", text=f"Paragraphe {number}.",
                          state=State.APPROVED if number % 2 else State.DRAFT, action=Action.EDITED)  # fmt: skip
            writes.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    print(f"a declaration of 3,000 passages: summary refresh median {statistics.median(refreshes):.1f} ms, "
          f"record_change (with the summary and the approved words kept) median {statistics.median(writes):.1f} ms")


if __name__ == "__main__":
    main()
