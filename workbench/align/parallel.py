"""Two-way thread parallelism for the aligner's numpy-heavy stages.

numpy releases the GIL inside its array loops, so independent pieces of work on large
arrays (the row blocks of the bead-cost grid, the two sides' key extraction, the
forward and backward recursions) overlap on a second core.  Every piece computes
exactly what it computes alone, so results do not depend on the number of threads.
``WORKBENCH_ALIGN_THREADS=1`` runs everything in the calling thread.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar


def _workers() -> int:
    try:
        wanted = int(os.environ.get("WORKBENCH_ALIGN_THREADS", "2"))
    except ValueError:
        wanted = 2
    return max(1, min(wanted, os.cpu_count() or 1))


WORKERS = _workers()
# Set while aligning something small (a passage's sentences): starting threads there costs more than it saves.
_SERIAL: ContextVar[bool] = ContextVar("serial", default=False)


@contextmanager
def serial() -> Iterator[None]:
    """Everything in the calling thread for the duration (results are the same either way)."""
    token = _SERIAL.set(True)
    try:
        yield
    finally:
        _SERIAL.reset(token)


def map_parallel[T, R](fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[fn(x) for x in items]``, on up to ``WORKERS`` threads (results in order)."""
    items = list(items)
    if WORKERS <= 1 or len(items) <= 1 or _SERIAL.get():
        return [fn(x) for x in items]
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(items))) as pool:
        return list(pool.map(fn, items))


def run_parallel[R](*tasks: Callable[[], R]) -> list[R]:
    """Run independent zero-argument tasks, concurrently if threads are allowed."""
    return map_parallel(lambda task: task(), tasks)
