"""Migration 0016 refreshes SQLite's statistics on a database that already has passages (issue 26): without them
SQLite planned the progress page's month of activity through the author index (0.8 s instead of 0.2 at 10,000
declarations). PostgreSQL's autovacuum analyses by itself, so there the function does nothing."""
from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbench.declarations.changes import add_passage
from workbench.declarations.models import Declaration, State

migration = importlib.import_module("workbench.declarations.migrations.0016_progress_covering_indexes")


class _Editor:
    connection = connection


def _indexes_with_statistics() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return set()
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'declarations_passage'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_a_database_with_passages_gets_statistics_for_the_new_indexes() -> None:
    declaration = Declaration.objects.create(slug="s", source_language="en", title_en="S",
                                             issued_on=datetime.date(2004, 6, 3))
    add_passage(declaration=declaration, position=0, texts={"en": "One."}, states={"en": State.APPROVED})
    with CaptureQueriesContext(connection) as queries:
        migration.refresh_statistics(None, _Editor())
    if connection.vendor == "sqlite":
        assert "passage_progress_idx" in _indexes_with_statistics()
    else:  # PostgreSQL: not a query, autovacuum's work
        assert queries.captured_queries == []
