"""The memory's text index: fuzzy-match candidates and the concordance, on each database's own word index.

SQLite: an FTS5 table over the units' folded source and target (`unicode61` words, kept in step by triggers).
PostgreSQL: GIN indexes over `to_tsvector('simple', …)` of the same folded columns. Both index words, not
trigrams: a trigram of an English or French sentence (" th", "de ") is in most units, so a trigram lookup over
a million units reads most of the index, while a sentence's rarest words are in a few hundred (README, "Translation
memory", has the measurements and the reasons).

A fuzzy lookup asks for the units holding at least two of the query's rarest words (`Term` counts them), or three
or four when two find too many; then scores those few hundred with rapidfuzz. A unit that scores 75 against a
sentence shares most of its words, so it holds two of its five rarest: bench/memory.py measures how many of the
brute-force matches this finds.
"""
from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz, process

from workbench.declarations.folding import fold
from workbench.memory.models import Term, Unit

WORD = re.compile(r"[^\W_]+")
LONGEST_TERM = 64  # Term.term's length; longer "words" (a URL run together) are not counted nor asked for
RAREST = 5  # words of a query the lookup asks for
COMMON = 0.02  # beyond the first three, a word in more than this share of the units is not asked for
ENOUGH = 2000  # candidates worth scoring; more and the lookup asks for more words at once
LEAST = 50  # candidate cut-off: below the suggestion threshold, so that a placeable substituted can lift a match

FTS = "memory_unit_text"
# On PostgreSQL the parser would keep "24-hour", "3.5" or "a/b" whole, and drop "<b>" as a tag, where FTS5 and
# `words` split them: the same expression in the index and in every query turns punctuation into spaces first.
_PG_WORDS = "to_tsvector('simple'::regconfig, regexp_replace({column}, '[[:punct:]]+', ' ', 'g'))"


def words(folded: str) -> list[str]:
    """The words of a folded text, as both indexes split it (letters and digits; everything else separates)."""
    return WORD.findall(folded)


# --- Building -------------------------------------------------------------------------------------------------


def create(on: BaseDatabaseWrapper) -> None:
    """Make the index over the units already there (migrations; bench/memory.py after loading a million)."""
    statements = {"sqlite": _sqlite_create, "postgresql": _postgresql_create}.get(on.vendor)
    if statements is None:
        return  # another database: lookups fall back to scanning (see `candidates`)
    with on.cursor() as cursor:
        for statement in statements():
            cursor.execute(statement)


def drop(on: BaseDatabaseWrapper) -> None:
    statements = {"sqlite": [f"DROP TABLE IF EXISTS {FTS}"] + [f"DROP TRIGGER IF EXISTS {FTS}_{event}"
                                                               for event in ("insert", "delete", "update")],
                  "postgresql": ["DROP INDEX IF EXISTS memory_unit_source_words",
                                 "DROP INDEX IF EXISTS memory_unit_target_words"]}.get(on.vendor, [])  # fmt: skip
    with on.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _sqlite_create() -> list[str]:
    columns = "source_folded, target_folded"
    new = "new.id, new.source_folded, new.target_folded"
    old = "'delete', old.id, old.source_folded, old.target_folded"
    return [
        # External content: the words are indexed, the text stays in memory_unit alone.
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({columns}, content='memory_unit', content_rowid='id', "
        f"tokenize='unicode61 remove_diacritics 0')",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON memory_unit BEGIN "
        f"INSERT INTO {FTS}(rowid, {columns}) VALUES ({new}); END",
        f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON memory_unit BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, {columns}) VALUES ({old}); END",
        f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON memory_unit BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, {columns}) VALUES ({old}); "
        f"INSERT INTO {FTS}(rowid, {columns}) VALUES ({new}); END",
    ]


def _postgresql_create() -> list[str]:
    # A GIN index builds several times faster when its pending lists fit in memory (the default is 64 MB); LOCAL
    # keeps the setting to the migration's (or the bench's) transaction.
    creating = [f"CREATE INDEX IF NOT EXISTS memory_unit_{side}_words ON memory_unit USING gin "
                f"({_PG_WORDS.format(column=side + '_folded')})" for side in ("source", "target")]  # fmt: skip
    return ["SET LOCAL maintenance_work_mem = '256MB'", *creating]


# --- Counting words -------------------------------------------------------------------------------------------


def count_terms(units: Iterable[Unit]) -> None:
    """Add the words of newly stored units to the counts (each word once per unit)."""
    counts: Counter[tuple[str, str]] = Counter()
    for unit in units:
        counts[unit.source_language, ""] += 1
        counts.update((unit.source_language, term) for term in set(words(unit.source_folded))
                      if len(term) <= LONGEST_TERM)  # fmt: skip
    _add(counts)


def recount() -> int:
    """Count every unit's words again (after `memory rebuild`); returns how many words are counted."""
    Term.objects.all().delete()
    counts: Counter[tuple[str, str]] = Counter()
    for language, folded in Unit.objects.values_list("source_language", "source_folded").iterator(chunk_size=5000):
        counts[language, ""] += 1
        counts.update((language, term) for term in set(words(folded)) if len(term) <= LONGEST_TERM)
    _add(counts)
    return len(counts)


def _add(counts: Counter[tuple[str, str]]) -> None:
    if not counts:
        return
    table = Term._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (language, term, units) VALUES (%s, %s, %s) "
            f"ON CONFLICT (language, term) DO UPDATE SET units = {table}.units + excluded.units",
            [(language, term, n) for (language, term), n in counts.items()],
        )


def _counted(terms: Sequence[str], language: str) -> tuple[dict[str, int], int]:
    """How many units hold each of `terms` (those no unit holds left out), and how many units there are."""
    known = dict(Term.objects.filter(language=language, term__in=[*set(terms), ""]).values_list("term", "units"))
    return known, known.pop("", 0)


def _ranked(terms: Sequence[str], known: dict[str, int], total: int) -> list[str]:
    ranked = sorted((t for t in set(terms) if t in known), key=lambda t: (t.isdigit(), known[t], t))
    return [t for i, t in enumerate(ranked) if i < 3 or known[t] <= total * COMMON][:RAREST]


def rarest(terms: Sequence[str], language: str) -> list[str]:
    """The words of a query to ask the index for: the rarest first, numbers last (a placeable may differ), leaving
    out the very common beyond the first three and words no unit holds (they can only narrow the search)."""
    return _ranked(terms, *_counted(terms, language))


# --- Fuzzy candidates -----------------------------------------------------------------------------------------


def _holding(on: str, terms: Sequence[str], at_least: int, common: Collection[str] = ()) -> str:
    """A query for the units holding `at_least` of `terms`, in the database's own syntax. A group made only of
    `common` words is left out while another remains: two words in tens of thousands of units each ("we", "and")
    make the index intersect long lists for units that share nothing rarer with the query (PostgreSQL spent 70 ms
    of a lookup on one such pair), and a unit that scores 75 shares a rarer word too."""
    groups = [terms] if at_least == 1 else list(itertools.combinations(terms, at_least))
    if len(terms) > at_least > 1:
        groups = [g for g in groups if not all(t in common for t in g)] or groups
    if connection.vendor == "postgresql":
        quoted = ["'" + t + "'" for t in terms]  # words are letters and digits only: nothing to escape
        by = dict(zip(terms, quoted, strict=True))
        joined = (" | ".join(by[t] for t in group) if at_least == 1 else " & ".join(by[t] for t in group)
                  for group in groups)  # fmt: skip
        return " | ".join(f"({j})" for j in joined)
    inner = (" OR ".join(f'"{t}"' for t in group) if at_least == 1 else " AND ".join(f'"{t}"' for t in group)
             for group in groups)  # fmt: skip
    return f"{on} : (" + " OR ".join(f"({i})" for i in inner) + ")"


def _matching_sql(side: str) -> str:
    if connection.vendor == "postgresql":
        return f"SELECT id FROM memory_unit WHERE {_PG_WORDS.format(column=side)} @@ to_tsquery('simple', %s)"
    return f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"


def _holding_rows(terms: Sequence[str], at_least: int, *, source_language: str, target_language: str,
                  least: int, most: int, common: Collection[str] = ()) -> list[tuple[int, str]]:  # fmt: skip
    """(id, folded source) of up to ENOUGH + 1 units of the pair holding `at_least` of `terms`, of a length that
    can score LEAST. Written out so that the index leads: as a subquery, SQLite scans the units instead."""
    if connection.vendor == "postgresql":
        words_held = f"{_PG_WORDS.format(column='u.source_folded')} @@ to_tsquery('simple', %s)"
        sql = f"SELECT u.id, u.source_folded FROM memory_unit u WHERE {words_held} AND "
    else:
        # CROSS JOIN keeps the index as the outer loop: SQLite's planner would rather walk the pair's units.
        sql = (f"SELECT u.id, u.source_folded FROM {FTS} CROSS JOIN memory_unit u ON u.id = {FTS}.rowid "
               f"WHERE {FTS} MATCH %s AND ")  # fmt: skip
    sql += ("u.source_language = %s AND u.target_language = %s AND length(u.source_folded) BETWEEN %s AND %s "
            "LIMIT %s")  # fmt: skip
    with connection.cursor() as cursor:
        held = _holding("source_folded", terms, at_least, common)
        cursor.execute(sql, [held, source_language, target_language, least, most, ENOUGH + 1])
        return cursor.fetchall()


def indexed() -> bool:
    return connection.vendor in ("sqlite", "postgresql")


def candidates(folded: str, *, source_language: str, target_language: str, limit: int = 50) -> list[int]:
    """Ids of the units whose folded source is most like `folded` (a folded source sentence), best first."""
    least, most = len(folded) * LEAST // (200 - LEAST), len(folded) * (200 - LEAST) // LEAST + 1
    rows: list[tuple[int, str]] = []
    terms: list[str] = []
    common: set[str] = set()
    if indexed():
        known, total = _counted(words(folded), source_language)
        terms = _ranked(list(known), known, total)
        if not terms:
            return []  # no word of it is in the memory
        common = {t for t in terms if known[t] > total * COMMON}
    for at_least in (1,) if len(terms) <= 2 else (2, 3, 4):
        if at_least > len(terms):
            break
        rows = _holding_rows(terms, at_least, source_language=source_language, target_language=target_language,
                             least=least, most=most, common=common)  # fmt: skip
        if len(rows) <= ENOUGH:
            break
    if not indexed():
        rows = list(Unit.objects.filter(source_language=source_language, target_language=target_language)
                    .values_list("pk", "source_folded"))  # fmt: skip
    scored = process.extract(folded, dict(rows), scorer=fuzz.ratio, limit=limit, score_cutoff=LEAST)
    return [key for _text, _score, key in scored]


# --- Concordance ----------------------------------------------------------------------------------------------


def _phrase(on: Sequence[str], terms: Sequence[str]) -> str:
    """The query's words in order, the last one as a beginning ("cultural divers" finds "cultural diversity")."""
    if connection.vendor == "postgresql":
        return " <-> ".join([*(f"'{t}'" for t in terms[:-1]), f"'{terms[-1]}':*"])
    return "{" + " ".join(on) + '} : "' + " ".join(terms) + '" *'


def concordance(text: str, *, source_language: str, target_language: str, side: str = "both",
                declaration_id: int | None = None, since: datetime.date | None = None,
                until: datetime.date | None = None, limit: int = 100) -> QuerySet[Unit]:  # fmt: skip
    """Units of a language pair whose source (side "source"), target ("target") or either ("both") contains
    `text`, accents and case ignored; newest first. The index finds the units holding its words in order, from
    the beginning of a word; the folded text then confirms the exact characters. An empty search finds nothing."""
    folded = " ".join(fold(text).split())
    terms = words(folded)
    if not folded:
        return Unit.objects.none()
    sides = ["source_folded", "target_folded"] if side == "both" else [f"{side}_folded"]
    found = Q()
    for column in sides:
        found |= Q(**{f"{column}__contains": folded})
    units = Unit.objects.filter(found, source_language=source_language, target_language=target_language)
    if indexed() and terms and all(len(t) <= LONGEST_TERM for t in terms):
        if connection.vendor == "postgresql":
            held = Q()
            for column in sides:
                held |= Q(pk__in=RawSQL(_matching_sql(column), [_phrase([column], terms)]))
            units = units.filter(held)
        else:
            units = units.filter(pk__in=RawSQL(_matching_sql(""), [_phrase(sides, terms)]))
    if declaration_id is not None:
        units = units.filter(declaration_id=declaration_id)
    if since is not None:
        units = units.filter(created_at__date__gte=since)
    if until is not None:
        units = units.filter(created_at__date__lte=until)
    return units.select_related("declaration", "author").order_by("-created_at", "-pk")[:limit]
