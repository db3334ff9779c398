"""Two writers to one declaration taking turns where the derived tables (summary.py, approved_words.py) read what is
stored, recount and write it back."""
from __future__ import annotations

from collections.abc import Iterable

from workbench.declarations.models import Declaration


def lock_declarations(declaration_ids: Iterable[int]) -> None:
    """Hold these declarations' rows until the transaction ends, taken in id order so two writers never wait for
    each other in a circle. Under PostgreSQL's READ COMMITTED a writer that counted, or read a stored total, while
    another's rows were uncommitted would write back a figure without them. SQLite runs one write transaction at a
    time (IMMEDIATE) and has no row locks: there the statement locks nothing and costs one small read."""
    list(Declaration.objects.select_for_update().filter(pk__in=sorted(set(declaration_ids))).order_by("pk")
         .values_list("pk", flat=True))  # fmt: skip
