"""The editor at book scale (issue 26): a 3,000-passage declaration opened, scrolled and saved in place.

Builds a throw-away SQLite database with one declaration of --passages passages of real prose (the English side of
the dev bitexts, one to three sentences each), the first 40% approved in French through record_change (so the
translation memory has learnt them and the checks have run), then, through Django's test Client as a coordinator:

- first view  — GET the editor (it opens at the first passage needing work): server time and HTML size;
- next window — GET the next window of rows, as htmx asks for it when the translator scrolls;
- save        — POST "save and go to next" from htmx on --saves passages needing work, one after another (the checks
                run and the memory hooks are told on each): server time per save;
- whole page  — the same first view with the window widened to the whole declaration: what the editor sent before
                windowing (the peer in this run), for the ratio.

Targets: first view under 150 ms and under 300 KB; an in-place save under 100 ms median.

    .venv/bin/python bench/editor.py [--passages 3000] [--requests 7] [--saves 40]
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from scratch import django_on_scratch_database, paragraphs

VIEW_MS, VIEW_KB, SAVE_MS = 150.0, 300.0, 100.0


def timed(call) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=7)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--profile", action="store_true", help="print a profile of one first view")
    args = parser.parse_args()
    with django_on_scratch_database("editor"):
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.contrib.auth.models import User
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from workbench.declarations.changes import add_source_passages, record_change
    from workbench.declarations.models import Action, Declaration, Kind, State
    from workbench.desk import window
    from workbench.desk.workflow import version_token

    rng = random.Random(1)
    start = time.perf_counter()
    declaration = Declaration.objects.create(slug="book", source_language="en", issued_on="2026-01-01",
                                             kind=Kind.DECLARATION, title_en="A long report")  # fmt: skip
    passages = add_source_passages(declaration=declaration, texts=paragraphs(args.passages, rng))
    approved = int(len(passages) * 0.4)
    for passage in passages[:approved]:
        record_change(passage=passage, language="fr", text=f"Traduction approuvée {passage.position}.",
                      state=State.APPROVED, action=Action.APPROVED)  # fmt: skip
    print(f"corpus: {len(passages)} passages, {approved} approved in French, built in "
          f"{time.perf_counter() - start:.1f} s")

    User.objects.create_superuser("coordinator", password="bench")
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    url = "/desk/book/fr/"
    htmx = {"HTTP_HX_REQUEST": "true"}

    def view(query: str = "", **headers: str) -> tuple[float, int, int]:
        reset_queries()  # the corpus's own queries filled Django's log of them
        with CaptureQueriesContext(connection) as queries:
            elapsed, response = timed(lambda: client.get(url + query, **headers))
        assert response.status_code == 200, response.status_code
        return elapsed, len(response.content), len(queries)

    view()  # warm the templates and the connection
    first = [view() for _ in range(args.requests)]
    median = statistics.median(t for t, _size, _q in first)
    size_kb = first[0][1] / 1024
    print(f"first view: {median:.0f} ms median of {args.requests} (target {VIEW_MS:.0f} ms, ratio "
          f"{median / VIEW_MS:.2f}); {size_kb:.0f} KB (target {VIEW_KB:.0f} KB, ratio {size_kb / VIEW_KB:.2f}); "
          f"{first[0][2]} queries; {window.WINDOW} rows")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(view)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    more = [view(f"?at={approved + 51}&rows=1", **htmx) for _ in range(args.requests)]
    print(f"next window (htmx, as the translator scrolls): {statistics.median(t for t, _s, _q in more):.0f} ms, "
          f"{more[0][1] / 1024:.0f} KB, {more[0][2]} queries")

    times = []
    for passage in passages[approved:approved + args.saves]:
        data = {"intent": "save", "text": f"Brouillon du passage {passage.position}.",
                "based_on": version_token(passage, "fr"), "source_digest": passage.source_digest}  # fmt: skip
        elapsed, response = timed(lambda: client.post(f"{url}{passage.key}/?next=1", data, **htmx))  # noqa: B023
        assert response.status_code == 200 and b"data-focus" in response.content, response.status_code
        times.append(elapsed)
    save = statistics.median(times)
    print(f"in-place save: {save:.0f} ms median of {len(times)}, p90 {sorted(times)[int(len(times) * 0.9)]:.0f} ms "
          f"(target {SAVE_MS:.0f} ms median, ratio {save / SAVE_MS:.2f})")

    # The peer: the same page with the window widened to the whole declaration, as the editor rendered it before.
    window.WINDOW = len(passages) + 1
    whole = [view("?at=1") for _ in range(max(1, args.requests // 3))]
    whole_ms = statistics.median(t for t, _s, _q in whole)
    print(f"whole declaration in one page (before windowing): {whole_ms:.0f} ms, {whole[0][1] / 1024:.0f} KB — the "
          f"window is {whole_ms / median:.1f}× faster and {whole[0][1] / first[0][1]:.0f}× smaller")


if __name__ == "__main__":
    main()
