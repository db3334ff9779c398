"""What feeding the translation memory adds to an approval (issue 22: at most 50 ms).

Builds a synthetic corpus (`generate_corpus`) in a temporary SQLite file, or with --postgresql in a database of
its own (`<name>_approve_bench`, made and dropped with the role of DATABASE_URL, which needs CREATEDB), fills the
memory from its whole history with `memory rebuild` (timed), then approves --approvals passages through
`record_change` twice over — with the memory's after_write hook and with no hook, each approval a fresh
translation — and prints the median and 95th percentile of both and of their difference, with the ratio to the
50 ms limit.

    .venv/bin/python bench/memory_approve.py [--declarations 300] [--passages 30] [--approvals 200] [--postgresql]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
LIMIT_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--declarations", type=int, default=300)
    parser.add_argument("--passages", type=int, default=30)
    parser.add_argument("--approvals", type=int, default=200)
    parser.add_argument("--postgresql", action="store_true", help="on PostgreSQL (DATABASE_URL's server and role)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as scratch:
        if not args.postgresql:
            os.environ.pop("DATABASE_URL", None)
            os.environ["WORKBENCH_SQLITE_PATH"] = str(Path(scratch) / "approve.sqlite3")
            run(args)
            return
        with bench_database(os.environ["DATABASE_URL"]) as url:
            os.environ["DATABASE_URL"] = url
            run(args)


@contextlib.contextmanager
def bench_database(url: str, suffix: str = "_approve_bench") -> Iterator[str]:
    """A PostgreSQL database of the bench's own beside DATABASE_URL's, dropped afterwards: never the one in use."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from workbench.declarations import changes
    from workbench.declarations.corpus import generate_corpus
    from workbench.declarations.models import Action, Passage, State
    from workbench.memory import learning
    from workbench.memory.models import Unit

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    report = generate_corpus(declarations=args.declarations, passages=args.passages, seed=3, prefix="approve")
    print(f"{connection.vendor}: corpus of {report.passages:,} passages, {report.revisions:,} revisions "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    started = time.perf_counter()
    rebuilt = learning.rebuild()
    print(f"memory rebuild: {rebuilt['units']:,} units in {time.perf_counter() - started:.1f} s")

    candidates = list(Passage.objects.select_related("declaration").order_by("?")[: 2 * args.approvals])
    hooked, bare = candidates[: args.approvals], candidates[args.approvals :]
    hook = changes._after_write

    def approve(passages: list[Passage], label: str) -> list[float]:
        times = []
        for number, passage in enumerate(passages):
            # A fresh text each time, so every approval is a change and the memory has something new to learn.
            text = f"{passage.text_in('fr') or passage.source_text} Phrase {number} de {label}."
            started = time.perf_counter()
            changes.record_change(passage=passage, language="fr", text=text, state=State.APPROVED,
                                  action=Action.APPROVED)  # fmt: skip
            times.append((time.perf_counter() - started) * 1000)
        return times

    before = Unit.objects.count()
    with_memory = approve(hooked, "avec")
    learnt = Unit.objects.count() - before
    changes._after_write = lambda: ()  # type: ignore[assignment]  # the same write with no app listening
    try:
        without = approve(bare, "sans")
    finally:
        changes._after_write = hook  # type: ignore[assignment]
    median = statistics.median(with_memory) - statistics.median(without)
    p95 = percentile(with_memory, 0.95) - percentile(without, 0.95)
    print(f"approval with the memory: median {statistics.median(with_memory):.1f} ms, "
          f"p95 {percentile(with_memory, 0.95):.1f} ms ({learnt:,} units learnt from {len(hooked)} approvals)")
    print(f"approval without:         median {statistics.median(without):.1f} ms, "
          f"p95 {percentile(without, 0.95):.1f} ms")
    print(f"added by the memory: median {median:.1f} ms, p95 {p95:.1f} ms "
          f"(ratio {max(median, p95) / LIMIT_MS:.2f} of the {LIMIT_MS:.0f} ms limit)")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
