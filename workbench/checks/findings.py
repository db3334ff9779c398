"""The checks' results kept in the database: what each passage × language fails now, which failures a reviewer
overrode, and which checks a coordinator switched off.

The checks themselves are pure functions of two texts (runner.check_text); this module decides when they run
(on every write, through hooks.check_writes) and stores their failures as Finding rows, so the progress page can
count and filter on them with one EXISTS subquery instead of re-running the checks on 10,000 declarations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from workbench.checks.models import Finding, Override, SwitchedOff
from workbench.checks.omission import LOOK_UP, Lexicon, LookUp
from workbench.checks.registry import CHECKS, Failure
from workbench.checks.runner import check_text
from workbench.declarations.languages import language_codes
from workbench.declarations.models import Declaration, Passage, State, current_condition, digest
from workbench.lexicon.lookup import lexicon_for
from workbench.terms.matching import Glossary, glossary_for

# Passages loaded per query when every finding is recomputed: bounded memory on a large corpus.
RECOMPUTE_BATCH = 500


@dataclass(frozen=True)
class Shown:
    """One failure as a page or the command shows it: the finding, its message in the reader's language, and the
    override that covers it (None while it blocks approval)."""

    finding: Finding
    message: str
    override: Override | None

    @property
    def check_name(self) -> str:
        return self.finding.check_name

    @property
    def label(self) -> str:
        return label_of(self.finding.check_name)

    @property
    def fixable(self) -> bool:
        check = CHECKS.get(self.finding.check_name)
        return bool(check is not None and check.fixable)

    @property
    def overridden(self) -> bool:
        return self.override is not None


def message_of(finding: Finding) -> str:
    """The finding's message in the active language: it is stored untranslated (text + params)."""
    return Failure(finding.check_name, finding.text, finding.params).message()


def switched_off(declaration_ids: Iterable[int]) -> dict[int, set[str]]:
    """The checks switched off per declaration, in one query."""
    off: dict[int, set[str]] = {}
    for declaration_id, name in SwitchedOff.objects.filter(declaration_id__in=set(declaration_ids)).values_list(
        "declaration_id", "check_name"
    ):
        off.setdefault(declaration_id, set()).add(name)
    return off


def failures_for(passage: Passage, language: str, disabled: Iterable[str] = (),
                 glossary: Glossary | None = None, lexicon: Lexicon | None | LookUp = LOOK_UP
                 ) -> list[Failure]:  # fmt: skip
    """What the checks find in `passage`'s current translation into `language` (nothing when there is none)."""
    text = passage.text_in(language)
    if language == passage.declaration.source_language or passage.state_in(language) == State.MISSING:
        return []
    if not text.strip() or not passage.source_text.strip():
        return []
    return check_text(passage.source_text, text, source_language=passage.declaration.source_language,
                      target_language=language, disabled=tuple(disabled), glossary=glossary,
                      lexicon=lexicon)  # fmt: skip


def as_findings(passage: Passage, language: str, text: str, failures: Iterable[Failure]) -> list[Finding]:
    """The failures of `text` as Finding rows (unsaved), each with the digest of the text it was found in."""
    target_digest = digest(text)
    return [Finding(passage=passage, language=language, check_name=failure.check, text=failure.text,
                    params=dict(failure.params), target_digest=target_digest)  # fmt: skip
            for failure in failures]


def _targets(passage: Passage) -> list[str]:
    return [code for code in language_codes() if code != passage.declaration.source_language]


@transaction.atomic
def refresh(pairs: Iterable[tuple[int, str | None]]) -> int:
    """Re-check each (passage id, language) and replace its findings; a language of None (a source write) means
    every target language of that passage. Returns how many findings were written.

    Reads the passages' current texts (one query), the switched-off checks (one query), deletes the old findings
    (one query per language) and inserts the new ones (bulk_create): a bulk import of thousands of passages costs a
    handful of queries besides the checks themselves."""
    wanted: dict[int, set[str | None]] = {}
    for passage_id, language in pairs:
        wanted.setdefault(passage_id, set()).add(language)
    if not wanted:
        return 0
    passages = list(Passage.objects.filter(pk__in=wanted).select_related("declaration"))
    off = switched_off({p.declaration_id for p in passages})
    # One glossary and one lexicon look-up per pair, not one per passage.
    glossaries: dict[tuple[str, str], Glossary] = {}
    lexicons: dict[tuple[str, str], Lexicon | None] = {}
    by_language: dict[str, list[int]] = {}
    new: list[Finding] = []
    for passage in passages:
        asked = wanted[passage.pk]
        source_language = passage.declaration.source_language
        languages = set(_targets(passage)) if None in asked else set(asked)
        for language in sorted(languages - {source_language}):
            by_language.setdefault(language, []).append(passage.pk)
            pair = (source_language, language)
            if pair not in glossaries:
                glossaries[pair], lexicons[pair] = glossary_for(*pair), lexicon_for(*pair)
            failures = failures_for(passage, language, off.get(passage.declaration_id, set()), glossaries[pair],
                                    lexicons[pair])
            new.extend(as_findings(passage, language, passage.text_in(language), failures))
    for language, ids in by_language.items():
        Finding.objects.filter(language=language, passage_id__in=ids).delete()
    Finding.objects.bulk_create(new, batch_size=1000)
    return len(new)


def recompute(declarations: QuerySet[Declaration] | None = None) -> int:
    """Every finding anew (after an archive import, an upgrade of the checks, or a switch): returns how many."""
    passages = Passage.objects.order_by("pk")
    if declarations is not None:
        passages = passages.filter(declaration__in=declarations)
    ids = list(passages.values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), RECOMPUTE_BATCH):
        total += refresh((pk, None) for pk in ids[start : start + RECOMPUTE_BATCH])
    return total


def overrides_of(passage_ids: Iterable[int], language: str) -> dict[tuple[int, str, str], Override]:
    """The newest override per (passage id, check, digest), so a finding finds whether it is covered in O(1)."""
    found: dict[tuple[int, str, str], Override] = {}
    for override in (Override.objects.filter(passage_id__in=set(passage_ids), language=language)
                     .select_related("author").order_by("pk")):  # fmt: skip
        found[(override.passage_id, override.check_name, override.target_digest)] = override
    return found


def shown(findings: Sequence[Finding], language: str) -> list[Shown]:
    """The findings with their messages and overrides (one query for the overrides)."""
    covering = overrides_of({f.passage_id for f in findings}, language) if findings else {}
    return [Shown(finding=f, message=message_of(f),
                  override=covering.get((f.passage_id, f.check_name, f.target_digest)))  # fmt: skip
            for f in findings]


def shown_by_passage(passage_ids: Iterable[int], language: str) -> dict[int, list[Shown]]:
    """The failures of many passages in one language, grouped per passage (two queries)."""
    findings = list(Finding.objects.filter(passage_id__in=set(passage_ids), language=language)
                    .order_by("passage_id", "check_name", "pk"))  # fmt: skip
    grouped: dict[int, list[Shown]] = {}
    for item in shown(findings, language):
        grouped.setdefault(item.finding.passage_id, []).append(item)
    return grouped


def blocking(passage: Passage, language: str, text: str) -> list[str]:
    """The names of the checks `text` fails in `passage` that no override covers: approval waits for these.

    Computed from the text about to be approved, not from stored findings, so an approval that also changes the
    text is judged on what it approves."""
    disabled = switched_off([passage.declaration_id]).get(passage.declaration_id, set())
    target_digest = digest(text)
    failing = {f.check for f in check_text(passage.source_text, text,
                                           source_language=passage.declaration.source_language,
                                           target_language=language, disabled=tuple(disabled))}  # fmt: skip
    if not failing:
        return []
    covered = set(Override.objects.filter(passage=passage, language=language, target_digest=target_digest,
                                          check_name__in=failing).values_list("check_name", flat=True))  # fmt: skip
    return sorted(failing - covered)


def label_of(name: str) -> str:
    check = CHECKS.get(name)
    return str(check.label) if check is not None else name


def open_findings() -> QuerySet[Finding]:
    """Findings no override covers, as a queryset the progress page nests in its EXISTS and counts (the override
    must be for the same check and the same text: an edit re-opens the failure)."""
    covered = Override.objects.filter(
        passage=OuterRef("passage"), language=OuterRef("language"), check_name=OuterRef("check_name"),
        target_digest=OuterRef("target_digest"),
    )
    # A passage merged into another or retired keeps its old rows but is no longer read: its findings are not counted.
    return Finding.objects.filter(~Exists(covered), current_condition("passage__"))


def failing_declaration(language: str) -> Q:
    """True for a declaration with an open failure in `language`. An IN over the findings rather than an EXISTS per
    declaration: failures are few beside the passages, so reading them (by the language index) and their passages'
    declarations beats probing 30 passages of each of 10,000 declarations (bench/progress.py)."""
    return Q(pk__in=open_findings().filter(language=language).values("passage__declaration_id"))


def open_count(language: str) -> Coalesce:
    """The number of open failures of a declaration (the outer query's row) in `language`, as an annotation."""
    counted = (open_findings().filter(language=language, passage__declaration=OuterRef("pk")).order_by()
               .values("language").annotate(count=Count("pk")).values("count"))  # fmt: skip
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
