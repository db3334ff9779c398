"""A realistic synthetic corpus for benchmarks and tests (issue 8): `manage.py generate_corpus`.

What "realistic" means here: declarations of every kind from a dozen organisations over thirty years, most written
in the first configured language and some in another; passages of one to five sentences (6 to 175 words); in every
target language some declarations untouched, some in progress with every state mixed, some approved (and some of
those published as an edition), some waiting for review; stale translations whose source was edited after them;
versions reported at the source ("Available in French") whether or not the workbench has them; and a revision history
spread over the two years before `now`, written by several translators and reviewers.

Speed: everything is generated in Python from one seeded `random.Random` (the same seed gives the same corpus), then
written with prepared multi-row INSERTs (`executemany`) naming explicit columns, with explicit primary keys so that
revisions can point at passages without reading them back. 10,000 declarations × 30 passages (300,000 passages,
about 700,000 revisions) build in about a minute and a half on a 2-core machine; see bench/progress.py. The text
comes from a pool of parallel sentences, so generating it costs a random choice per sentence, not per word.
"""
from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from workbench.declarations import summary
from workbench.declarations.folding import fold
from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import (
    Action,
    Assignment,
    Declaration,
    Edition,
    Kind,
    Passage,
    ReportedVersion,
    Revision,
    Role,
    State,
    digest,
)

# Parallel vocabulary: the French column is a word-for-word rendering, with the accents a real corpus has.
VOCABULARY = [
    ("the", "la"), ("delegates", "délégués"), ("states", "États"), ("members", "membres"),
    ("conference", "conférence"), ("declaration", "déclaration"), ("cultural", "culturelle"),
    ("diversity", "diversité"), ("international", "internationale"), ("cooperation", "coopération"),
    ("education", "éducation"), ("heritage", "patrimoine"), ("development", "développement"),
    ("agreed", "ont convenu"), ("recalling", "rappelant"), ("recognizing", "reconnaissant"),
    ("policies", "politiques"), ("rights", "droits"), ("sovereign", "souverains"), ("artistic", "artistiques"),
    ("expressions", "expressions"), ("governments", "gouvernements"), ("society", "société"),
    ("civil", "civile"), ("trade", "commerce"), ("programme", "programme"), ("secretariat", "secrétariat"),
    ("committee", "comité"), ("report", "rapport"), ("urges", "exhorte"), ("welcomes", "se félicite de"),
    ("commitment", "engagement"), ("future", "avenir"), ("youth", "jeunesse"), ("science", "science"),
    ("peace", "paix"), ("dialogue", "dialogue"), ("regional", "régionale"), ("meeting", "réunion"),
    ("of", "de"), ("and", "et"), ("for", "pour"), ("in", "en"), ("with", "avec"), ("all", "tous les"),
]  # fmt: skip
ORGANISATIONS = [
    ("UNESCO", "UNESCO"),
    ("International Network on Cultural Policy", "Réseau international sur la politique culturelle"),
    ("International Network for Cultural Diversity", "Réseau international pour la diversité culturelle"),
    ("Council of Europe", "Conseil de l'Europe"),
    ("International Organisation of La Francophonie", "Organisation internationale de la Francophonie"),
    ("European Commission", "Commission européenne"),
    ("Coalition for Cultural Diversity", "Coalition pour la diversité culturelle"),
    ("World Trade Organization", "Organisation mondiale du commerce"),
    ("African Union", "Union africaine"),
    ("Organization of American States", "Organisation des États américains"),
    ("Canadian Heritage", "Patrimoine canadien"),
    ("Québec Ministry of Culture", "Ministère de la Culture du Québec"),
]
TOPICS = [("Cultural diversity", "Diversité culturelle"), ("Trade and culture", "Commerce et culture"),
          ("Heritage", "Patrimoine"), ("Education", "Éducation"), ("Media", "Médias")]  # fmt: skip
KINDS = [(Kind.NEWS_RELEASE, 5), (Kind.SPEECH, 2), (Kind.DECLARATION, 3)]
# Per declaration and target language, where the work stands (weights out of 20).
PROFILES = [("untouched", 4), ("in-progress", 9), ("approved", 2), ("published", 3), ("waiting", 2)]
# Within a declaration in progress, one passage's state (weights).
PASSAGE_STATES = [(State.MISSING, 3), (State.DRAFT, 3), (State.TRANSLATED, 2), (State.APPROVED, 3)]
STALE_SHARE = 0.15  # of the translations in a declaration in progress, how many answer an older source
HISTORY_DAYS = 730
BATCH = 2000
APPROVED = int(State.APPROVED)


@dataclass
class CorpusReport:
    declarations: int = 0
    passages: int = 0
    revisions: int = 0
    editions: int = 0
    reported: int = 0
    people: list[str] = field(default_factory=list)


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _weight in weighted], weights=[weight for _value, weight in weighted])[0]


def _sentence_pool(rng: random.Random, languages: list[str], size: int = 600) -> list[dict[str, str]]:
    """Parallel sentences: {"en": …, "fr": …, other languages: a tagged copy of the English}."""
    pool = []
    for _ in range(size):
        chosen = [rng.choice(VOCABULARY) for _ in range(rng.randint(6, 35))]
        english = " ".join(pair[0] for pair in chosen).capitalize() + "."
        french = " ".join(pair[1] for pair in chosen)
        french = french[0].upper() + french[1:] + "."
        sentence = {"en": english, "fr": french}
        for code in languages:
            sentence.setdefault(code, f"[{code}] {english}")
        # Folded once here: an edition's search text is then joined, not folded character by character.
        for code in languages:
            sentence[f"folded-{code}"] = fold(sentence[code])
        pool.append(sentence)
    return pool


def _people(languages: list[str]) -> dict[str, dict[str, list[Any]]]:
    """Two translators and one reviewer per language, and a coordinator: the corpus's authors (unusable passwords)."""
    user_model = get_user_model()
    authors: dict[str, dict[str, list[Any]]] = {"translator": {}, "reviewer": {}}
    for code in languages:
        for role, count in ((Role.TRANSLATOR, 2), (Role.REVIEWER, 1)):
            for number in range(1, count + 1):
                user, created = user_model.objects.get_or_create(username=f"corpus-{role.value}-{code}-{number}")
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                Assignment.objects.get_or_create(user=user, role=role, language=code)
                authors[role.value].setdefault(code, []).append(user)
    coordinator, _created = user_model.objects.get_or_create(username="corpus-coordinator")
    Assignment.objects.get_or_create(user=coordinator, role=Role.COORDINATOR, language="")
    authors["coordinator"] = {"": [coordinator]}
    return authors


def _insert(model: type[models.Model], names: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Prepared INSERTs of `rows` into `model`'s table, by field name, `BATCH` rows per executemany call."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    statement = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    total = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(statement, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            total += len(batch)
    return total


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


@transaction.atomic
def generate_corpus(
    *,
    declarations: int,
    passages: int,
    seed: int = 1,
    prefix: str = "corpus",
    now: datetime.datetime | None = None,
) -> CorpusReport:
    """Create `declarations` declarations of `passages` passages each; the same arguments give the same corpus."""
    if declarations < 1 or passages < 1:
        raise ValueError("a corpus needs at least one declaration and one passage")
    if Declaration.objects.filter(slug__startswith=f"{prefix}-").exists():
        raise ValueError(f"declarations named {prefix}-… exist already; choose another prefix")
    rng = random.Random(seed)
    now = now or timezone.now()
    languages = language_codes()
    default_language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    pool = _sentence_pool(rng, languages)
    authors = _people(languages)
    coordinator = authors["coordinator"][""][0]
    everyone = {user.username for group in authors.values() for users in group.values() for user in users}
    report = CorpusReport(people=sorted(everyone))

    made = Declaration.objects.bulk_create(_declarations(rng, declarations, prefix, languages, now), batch_size=BATCH)
    report.declarations = len(made)

    passage_names = ["id", "declaration", "position", "key", "source_digest", "source_words", "text", "state", "basis"]
    for code in languages:
        passage_names += [column("text", code), column("state", code), column("basis", code)]
    revision_names = ["id", "passage", "language", "text", "state", "basis", "action", "author", "comment",
                      "created_at"]  # fmt: skip
    passage_rows: list[tuple[Any, ...]] = []
    revision_rows: list[tuple[Any, ...]] = []
    editions: list[Edition] = []
    reported: list[ReportedVersion] = []
    passage_id = _next_id(Passage)
    revision_id = _next_id(Revision)
    keys: set[str] = set()
    as_time = Revision._meta.get_field("created_at")

    def stamp(moment: datetime.datetime) -> Any:
        return as_time.get_db_prep_value(moment, connection)

    for declaration in made:
        source = declaration.source_language
        targets = [code for code in languages if code != source]
        profiles = {code: _pick(rng, PROFILES) for code in targets}
        for code in targets:
            # The source reports some languages, done or not (the seed reports French and has only drafts).
            if rng.random() < 0.35:
                reported.append(ReportedVersion(declaration=declaration, language=code, note=f"(Available in {code})"))
        # The work on this declaration happened within the two years before `now`.
        started = now - datetime.timedelta(days=rng.uniform(1, HISTORY_DAYS))
        published_texts: dict[str, list[dict[str, str]]] = {code: [] for code in languages}
        folded_texts: dict[str, list[str]] = {code: [] for code in languages}
        for position in range(passages):
            sentences = [rng.choice(pool) for _ in range(_pick(rng, [(1, 4), (2, 4), (3, 3), (4, 2), (5, 1)]))]
            texts = {code: " ".join(s[code] for s in sentences) for code in languages}
            source_text = texts[source]
            source_digest = digest(source_text)
            # Derived from the slug, so two corpora (prefixes) never share a key and one seed gives the same keys.
            key = hashlib.blake2b(f"{declaration.slug}/{position}".encode(), digest_size=6).hexdigest()
            while key in keys:
                key = f"{rng.getrandbits(48):012x}"
            keys.add(key)
            values: dict[str, tuple[str, int, str]] = {source: (source_text, APPROVED, source_digest)}
            created = started + datetime.timedelta(minutes=position)
            revision_rows.append(
                (revision_id, passage_id, source, source_text, APPROVED, source_digest, Action.CREATED.value,
                 None, "", stamp(created))
            )  # fmt: skip
            revision_id += 1
            source_edited: datetime.datetime | None = None
            for code in targets:
                state = _state_for(rng, profiles[code])
                if state == State.MISSING:
                    values[code] = ("", 0, "")
                    continue
                stale = profiles[code] == "in-progress" and rng.random() < STALE_SHARE
                basis = digest("earlier version: " + source_text) if stale else source_digest
                values[code] = (texts[code], int(state), basis)
                moment = created
                steps = [(Action.EDITED, State.DRAFT, "translator")]
                if state >= State.TRANSLATED:
                    steps.append((Action.MARKED_TRANSLATED, State.TRANSLATED, "translator"))
                if state == State.APPROVED:
                    steps.append((Action.APPROVED, State.APPROVED, "reviewer"))
                for action, step_state, role in steps:
                    moment = min(moment + datetime.timedelta(hours=rng.uniform(1, 24 * 20)), now)
                    author = rng.choice(authors[role][code])
                    revision_rows.append(
                        (revision_id, passage_id, code, texts[code], int(step_state), basis, action.value,
                         author.pk, "", stamp(moment))
                    )  # fmt: skip
                    revision_id += 1
                if stale:
                    source_edited = max(source_edited or moment, moment)
            if source_edited is not None:
                # The source was edited after its translations: that edit is what made them stale.
                edited_at = min(source_edited + datetime.timedelta(hours=rng.uniform(1, 24 * 30)), now)
                revision_rows.append(
                    (revision_id, passage_id, source, source_text, APPROVED, source_digest,
                     Action.SOURCE_CHANGED.value, coordinator.pk, "", stamp(edited_at))
                )  # fmt: skip
                revision_id += 1
            default = values.get(default_language, ("", 0, ""))
            row: list[Any] = [passage_id, declaration.pk, position, key, source_digest, len(source_text.split())]
            row += list(default)
            for code in languages:
                row += list(values[code])
            passage_rows.append(tuple(row))
            for code in languages:
                published_texts[code].append({"key": key, "text": values[code][0]})
                folded_texts[code].append(" ".join(s[f"folded-{code}"] for s in sentences) if values[code][0] else "")
            passage_id += 1
        for code in targets:
            if profiles[code] == "published":
                for language in (source, code):
                    title = declaration.title_in(language)
                    texts_in = published_texts[language]
                    editions.append(Edition(
                        declaration=declaration, language=language, number=1, title=title, passages=texts_in,
                        search_text=fold(title) + "\n" + "\n".join(folded_texts[language]),
                        published_by=coordinator, published_at=min(started + datetime.timedelta(days=60), now),
                    ))  # fmt: skip
        if len(passage_rows) >= 20 * BATCH:
            report.passages += _insert(Passage, passage_names, passage_rows)
            report.revisions += _insert(Revision, revision_names, revision_rows)
            passage_rows, revision_rows = [], []
    report.passages += _insert(Passage, passage_names, passage_rows)
    report.revisions += _insert(Revision, revision_names, revision_rows)
    # One edition per declaration and language: a source published for two targets is published once.
    unique = {(e.declaration_id, e.language): e for e in editions}
    report.editions = len(Edition.objects.bulk_create(unique.values(), batch_size=500))
    report.reported = len(ReportedVersion.objects.bulk_create(reported, batch_size=BATCH))
    _reset_sequences()
    # The passages were inserted with SQL, past the write functions that keep the summary: count them once here.
    summary.recount(declaration.pk for declaration in made)
    return report


def _state_for(rng: random.Random, profile: str) -> State:
    if profile == "untouched":
        return State.MISSING
    if profile in ("approved", "published"):
        return State.APPROVED
    if profile == "waiting":
        return State.TRANSLATED
    return _pick(rng, PASSAGE_STATES)


def _declarations(
    rng: random.Random, count: int, prefix: str, languages: list[str], now: datetime.datetime
) -> list[Declaration]:
    made = []
    first, others = languages[0], languages[1:]
    for number in range(count):
        source = rng.choice(others) if others and rng.random() < 0.2 else first
        organisation = rng.choice(ORGANISATIONS)
        topic = rng.choice(TOPICS)
        kind = _pick(rng, KINDS)
        issued = datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 30))
        fields: dict[str, Any] = {
            "slug": f"{prefix}-{number:05d}",
            "source_language": source,
            "issued_on": issued,
            "kind": kind,
            "reference": rng.randint(1, 120),
            "created_at": now - datetime.timedelta(days=HISTORY_DAYS),
        }
        for code in languages:
            position = {"en": 0, "fr": 1}.get(code, 0)
            name = organisation[position] if code in ("en", "fr") else organisation[0]
            subject = topic[position] if code in ("en", "fr") else topic[0]
            fields[column("organisation", code)] = name
            fields[column("topic", code)] = subject
            fields[column("title", code)] = f"{subject}: {name} {issued.year} ({number})"
        made.append(Declaration(**fields))
    return made


def _reset_sequences() -> None:
    """Explicit primary keys leave PostgreSQL's sequences behind; SQLite needs nothing."""
    statements = connection.ops.sequence_reset_sql(_NoStyle(), [Passage, Revision])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


class _NoStyle:
    def __getattr__(self, name: str) -> Any:
        return lambda text: text
