"""The daily deadline sweep at scale (issue 25): 10,000 declarations with a task in each one's target language (the
corpus has two languages, so the tasks are spread over both), due dates around today.

Builds the corpus with `generate_corpus` in a temporary SQLite file (or reuses one with --database PATH), then runs
`deadline_sweep` twice and prints the time, the query count and how many notices and mails each run made: the
second run must make none (idempotence), and the first must stay under 5 s. Mail goes to Django's in-memory
backend, so the time includes writing every mail but not an SMTP server's.

    .venv/bin/python bench/notifications.py [--declarations 10000] [--passages 5] [--database PATH]
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME_LIMIT_S = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--declarations", type=int, default=10_000)
    parser.add_argument("--passages", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", type=Path, help="an SQLite file to build the corpus in once and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["WORKBENCH_SQLITE_PATH"] = str(args.database or Path(scratch) / "notifications.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
        sys.path.insert(0, str(REPO))
        run(args)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workbench.declarations.corpus import generate_corpus
    from workbench.declarations.models import Declaration
    from workbench.notifications.models import Notification
    from workbench.notifications.sweep import deadline_sweep
    from workbench.planning.models import Task

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("migrate", verbosity=0)
    today = datetime.date(2026, 12, 7)
    if not Declaration.objects.exists():
        started = time.perf_counter()
        report = generate_corpus(declarations=args.declarations, passages=args.passages, seed=args.seed)
        people = get_user_model().objects.filter(username__startswith="corpus-")
        for person in people:
            person.email = f"{person.username}@example.org"
        get_user_model().objects.bulk_update(people, ["email"])
        # One task per declaration in its target language, due from five days ago to five days ahead, shared
        # among the corpus's two translators and one reviewer of that language.
        by_name = {person.username: person.pk for person in people}
        tasks = []
        for n, (pk, source) in enumerate(Declaration.objects.values_list("pk", "source_language").order_by("pk")):
            language = "fr" if source == "en" else "en"
            tasks.append(Task(declaration_id=pk, language=language, due_on=today + datetime.timedelta(days=n % 11 - 5),
                              translator_id=by_name[f"corpus-translator-{language}-{n % 2 + 1}"],
                              reviewer_id=by_name[f"corpus-reviewer-{language}-1"]))  # fmt: skip
        Task.objects.bulk_create(tasks, batch_size=1000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"corpus: {report.declarations:,} declarations, {report.passages:,} passages, {len(tasks):,} tasks "
              f"built in {time.perf_counter() - started:.1f} s")  # fmt: skip
    else:
        print(f"corpus: reusing {settings.DATABASES['default']['NAME']}: {Declaration.objects.count():,} "
              f"declarations, {Task.objects.count():,} tasks")  # fmt: skip
    for run_number in (1, 2):
        mail.outbox = []
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = deadline_sweep(today)
            elapsed = time.perf_counter() - started
        print(f"sweep {run_number}: {elapsed:.2f} s (ratio {elapsed / TIME_LIMIT_S:.2f} of {TIME_LIMIT_S:.0f} s), "
              f"{len(queries.captured_queries)} queries, {report.tasks:,} tasks due soon or overdue and not "
              f"approved, {report.made:,} new notices, {len(mail.outbox)} mails")  # fmt: skip
    print(f"notices stored: {Notification.objects.count():,}")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
