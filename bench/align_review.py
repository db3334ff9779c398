"""The alignment review at book scale (issue 26): a review of 3,000 rows, first view and one row action.

Builds, in a throw-away SQLite database, a declaration of --rows passages from the English side of the dev bitexts
(real prose, consecutive gold beads joined one or two at a time into paragraphs) and brings in their French side
through the real intake path (`reviews.alignment.start_review`, the aligner proposing the rows). One French paragraph
in a hundred is dropped and one in a hundred gets a translator's note after it, so the proposal has uneven and
doubtful rows like a real one. Then, through Django's test Client as a coordinator:

- first view — GET /desk/<slug>/fr/align/ (where a reviewer lands): server time (median of --requests), HTML size,
  SQL queries;
- one row action — POST confirm (and merge, then undo) on the opened row: server time of the POST alone;
- the same two after UNDO_DEPTH confirmations (a full undo history, which every action reads and writes).

Targets: first view under 200 ms and under 500 KB of HTML.

    .venv/bin/python bench/align_review.py [--rows 3000] [--requests 7]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from scratch import DATA, django_on_scratch_database

TIME_LIMIT_MS = 200.0
SIZE_LIMIT = 500_000
SLUG = "book"
BEAD = re.compile(r"\[([\d, ]*)\]:\[([\d, ]*)\]")


def lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_pairs() -> list[tuple[str, str]]:
    """(English, French) for every gold bead with both sides, book after book."""
    pairs = []
    for book in sorted(path for path in DATA.iterdir() if (path / "gold.txt").is_file()):
        source, target = (lines(book / name) for name in ("source.txt", "target.txt"))
        for match in BEAD.finditer((book / "gold.txt").read_text(encoding="utf-8")):
            left = [int(i) for i in match.group(1).split(",") if i.strip()]
            right = [int(j) for j in match.group(2).split(",") if j.strip()]
            if left and right:
                pairs.append((" ".join(source[i] for i in left), " ".join(target[j] for j in right)))
    return pairs


def paragraphs(count: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """`count` English paragraphs and their French version (with a few dropped and a few notes added)."""
    pairs = gold_pairs()
    english: list[str] = []
    french: list[str] = []
    k = 0
    while len(english) < count:
        group = [pairs[(k + n) % len(pairs)] for n in range(rng.randint(1, 2))]
        k += len(group)
        english.append(" ".join(pair[0] for pair in group))
        roll = rng.random()
        if roll < 0.01:
            continue  # the other publisher left this paragraph out
        french.append(" ".join(pair[1] for pair in group))
        if roll > 0.99:
            french.append(f"Note du traducteur {len(english)} : voir l’original.")
    return english, french


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with django_on_scratch_database("align-review"):
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from workbench.declarations.changes import add_source_passages
    from workbench.declarations.models import AlignmentReview, Assignment, Declaration, Kind, Role
    from workbench.reviews import alignment

    english, french = paragraphs(args.rows, random.Random(args.seed))
    coordinator = get_user_model().objects.create_user("bench-coordinator", password="bench-only")
    Assignment.objects.create(user=coordinator, role=Role.COORDINATOR, language="")
    started = time.perf_counter()
    with transaction.atomic():
        declaration = Declaration.objects.create(slug=SLUG, source_language="en", issued_on="2004-06-03",
                                                 kind=Kind.DECLARATION, title_en="A book")  # fmt: skip
        add_source_passages(declaration=declaration, texts=english)
    built = time.perf_counter() - started
    started = time.perf_counter()
    review = alignment.start_review(declaration=declaration, language="fr", paragraphs=french, origin="bench",
                                    user=coordinator)  # fmt: skip
    aligned = time.perf_counter() - started
    low = sum(row["confidence"] < alignment.LOW_CONFIDENCE for row in review.rows)
    print(f"case: {len(english):,} passages ({built:.1f} s), {len(french):,} French paragraphs aligned into "
          f"{len(review.rows):,} rows ({aligned:.1f} s), {low} under {alignment.LOW_CONFIDENCE} "
          "confidence")  # fmt: skip
    client = Client()
    client.force_login(coordinator)
    page_url = f"/desk/{SLUG}/fr/align/"
    operate_url = f"/desk/{SLUG}/fr/align/{review.pk}/"

    def timed(call: Callable[[], object]) -> tuple[float, int, object]:
        reset_queries()  # the log is capped (9,000): building the case filled it
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = call()
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed, len(queries.captured_queries), response

    def first_view(label: str) -> None:
        runs = [timed(lambda: client.get(page_url)) for _ in range(args.requests)]
        for _elapsed, _count, response in runs:
            assert response.status_code == 200, response.status_code  # type: ignore[attr-defined]
        median = statistics.median(run[0] for run in runs)
        size = len(runs[0][2].content)  # type: ignore[attr-defined]
        print(f"first view {label}: median {median:,.0f} ms (ratio {median / TIME_LIMIT_MS:.2f} of "
              f"{TIME_LIMIT_MS:.0f} ms), min {min(r[0] for r in runs):,.0f}, max {max(r[0] for r in runs):,.0f}; "
              f"{size:,} bytes of HTML (ratio {size / SIZE_LIMIT:.2f} of {SIZE_LIMIT:,}); "
              f"queries {sorted({r[1] for r in runs})}")  # fmt: skip

    def action(label: str, row: int, value: str) -> float:
        version = AlignmentReview.objects.values_list("version", flat=True).get(pk=review.pk)
        elapsed, count, response = timed(lambda: client.post(operate_url, {"version": version, "row": row,
                                                                           "action": value}))  # fmt: skip
        assert response.status_code == 302, (response.status_code, response.content[:500])  # type: ignore[attr-defined]
        print(f"  {label:32} {elapsed:7,.0f} ms, {count} queries")
        return elapsed

    def actions(label: str) -> None:
        row = next(i for i, r in enumerate(AlignmentReview.objects.get(pk=review.pk).rows) if not r["confirmed"])
        print(f"one row action {label} (row {row + 1}, POST alone, then the redirect's page is a first view):")
        confirms = [action(f"confirm / unconfirm {n + 1}", row, "confirm" if n % 2 == 0 else "unconfirm")
                    for n in range(4)]  # fmt: skip
        action("merge with next row", row, "merge|both")
        action("undo", row, "undo")
        print(f"  median of confirm / unconfirm: {statistics.median(confirms):,.0f} ms")

    first_view("(fresh review)")
    actions("(fresh review)")
    # Every action reads and writes the undo history; a long session fills it: UNDO_DEPTH confirmations, each
    # through the workflow (as the screen's POST does), down the review.
    started = time.perf_counter()
    for row in range(alignment.UNDO_DEPTH):
        version = AlignmentReview.objects.values_list("version", flat=True).get(pk=review.pk)
        alignment.operate(review_id=review.pk, version=version, operation="confirm", row=row)
    print(f"{alignment.UNDO_DEPTH} confirmations through the workflow: {time.perf_counter() - started:.1f} s")
    first_view(f"(undo history of {alignment.UNDO_DEPTH})")
    actions(f"(undo history of {alignment.UNDO_DEPTH})")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
