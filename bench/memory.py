"""The translation memory's lookups against brute force, over a million sentence pairs (issue 22).

Builds a memory of --units sentence pairs (bench/memory_corpus.py: the dev bitexts' English–French sentences,
varied so that near-duplicates exist) in a temporary SQLite file, or with --postgresql in a database of its own
beside DATABASE_URL's. The rows are loaded first, then the text index is built over them and the words counted
(`index.create`, `index.recount`): both are timed, and the index's size on disk is printed.

Then 200 realistic lookups (exact, fuzzy, unseen) go through `suggestions.suggest`, the desk's own path, and
through the peer: rapidfuzz's `process.extract` over every unit's source (held in memory, which favours the peer),
`fuzz.ratio`, cut-off 75, five best. Printed: median and p95 of both, the ratio, and the recall — the share of
the peer's matches (score ≥ 75) that the index found too (the i-th best the index's candidates offer scores at
least as well as the peer's i-th; ties between near-duplicates make unit ids arbitrary).

    .venv/bin/python bench/memory.py [--units 1000000] [--queries 200] [--postgresql]
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory_approve import bench_database, percentile  # noqa: E402 - bench scripts import each other by path
from memory_corpus import queries, real_pairs, units, unseen_sentences  # noqa: E402

TARGET_P95_MS = 50.0
TARGET_RATIO = 5.0
TARGET_RECALL = 0.98
TARGET_BUILD_S = 120.0
CUT_OFF = 75
BEST = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgresql", action="store_true", help="on PostgreSQL (DATABASE_URL's server and role)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as scratch:
        if not args.postgresql:
            os.environ.pop("DATABASE_URL", None)
            os.environ["WORKBENCH_SQLITE_PATH"] = str(Path(scratch) / "memory.sqlite3")
            run(args, Path(os.environ["WORKBENCH_SQLITE_PATH"]))
            return
        with bench_database(os.environ["DATABASE_URL"], "_memory_bench") as url:
            os.environ["DATABASE_URL"] = url
            run(args, None)


def postgresql_index_size() -> int:
    """Bytes the two GIN indexes and the word counts take."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('memory_unit_source_words') + pg_relation_size('memory_unit_target_"
                       "words') + pg_total_relation_size('memory_term')")  # fmt: skip
        return int(cursor.fetchone()[0])


def load(count: int, pairs: list[tuple[str, str]]) -> None:
    """The units, inserted as `memory import` would (folded, digested, in batches), with the index dropped."""
    from django.db import transaction

    from workbench.memory.learning import BATCH, Origin, make_unit
    from workbench.memory.models import Entry, Unit

    origin = Origin("en", "fr", Entry.TMX, reference="bench")
    batch: list[Unit] = []
    with transaction.atomic():
        for source, target in units(count, pairs):
            batch.append(make_unit(source, target, origin, whole=False))
            if len(batch) >= BATCH * 5:
                Unit.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)
                batch = []
        Unit.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)


def run(args: argparse.Namespace, sqlite_path: Path | None) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from rapidfuzz import fuzz, process

    from workbench.declarations.folding import fold
    from workbench.memory import index, suggestions
    from workbench.memory.models import Unit

    call_command("migrate", verbosity=0)
    index.drop(connection)
    pairs = real_pairs()
    started = time.perf_counter()
    load(args.units, pairs)
    loaded = time.perf_counter() - started
    total = Unit.objects.count()
    size_before = sqlite_path.stat().st_size if sqlite_path else 0
    started = time.perf_counter()
    with transaction.atomic():
        index.create(connection)
        words = index.recount()
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE memory_unit")
        size = postgresql_index_size()
    else:
        size = sqlite_path.stat().st_size - size_before if sqlite_path else 0
    print(f"{connection.vendor}: {total:,} units loaded in {loaded:.1f} s; text index and {words:,} word counts "
          f"built in {built:.1f} s (ratio {built / TARGET_BUILD_S:.2f} of the {TARGET_BUILD_S:.0f} s target; "
          f"load + index {loaded + built:.1f} s); index on disk {size / 2**20:.0f} MiB")

    sources = dict(Unit.objects.values_list("pk", "source").iterator(chunk_size=10000))
    looked = queries(pairs, unseen_sentences(), count=args.queries)
    ours_ms: list[float] = []
    peer_ms: list[float] = []
    found = wanted = 0
    kinds: dict[str, list[float]] = {}
    for query in looked:
        started = time.perf_counter()
        suggestions.suggest(query.text, source_language="en", target_language="fr", limit=BEST)
        ours_ms.append((time.perf_counter() - started) * 1000)
        kinds.setdefault(query.kind, []).append(ours_ms[-1])
        started = time.perf_counter()
        peer = process.extract(query.text, sources, scorer=fuzz.ratio, limit=BEST, score_cutoff=CUT_OFF)
        peer_ms.append((time.perf_counter() - started) * 1000)
        # Recall: what the index offers, scored exactly as the peer scores, against the peer's own best five.
        offered = index.candidates(fold(" ".join(query.text.split())), source_language="en", target_language="fr")
        ours = sorted((fuzz.ratio(query.text, sources[pk]) for pk in offered), reverse=True)[:BEST]
        for rank, (_text, score, _pk) in enumerate(peer):
            wanted += 1
            found += rank < len(ours) and ours[rank] >= score
    p95, peer_p95 = percentile(ours_ms, 0.95), percentile(peer_ms, 0.95)
    median, peer_median = statistics.median(ours_ms), statistics.median(peer_ms)
    recall = found / wanted if wanted else 1.0
    print(f"lookups ({len(looked)}): median {median:.1f} ms, p95 {p95:.1f} ms "
          f"(ratio {p95 / TARGET_P95_MS:.2f} of the {TARGET_P95_MS:.0f} ms target); "
          + ", ".join(f"{kind} p95 {percentile(times, 0.95):.1f} ms" for kind, times in sorted(kinds.items())))
    print(f"brute force (rapidfuzz process.extract, fuzz.ratio, cut-off {CUT_OFF}): median {peer_median:.1f} ms, "
          f"p95 {peer_p95:.1f} ms; the index is {peer_median / median:.1f}x faster at the median, "
          f"{peer_p95 / p95:.1f}x at p95 (target {TARGET_RATIO:.0f}x)")
    print(f"recall of the peer's matches >= {CUT_OFF}: {found}/{wanted} = {recall:.1%} "
          f"(target {TARGET_RECALL:.0%})")
    load_average = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_average[0]:.1f} {load_average[1]:.1f} "
          f"{load_average[2]:.1f}")


if __name__ == "__main__":
    main()
