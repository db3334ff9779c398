"""Term pairs proposed from the approved bitext, for a reviewer to accept into the glossary or dismiss.

The bitext is the memory's sentence pairs (memory/bitext.py: approved passages split by pairs.py, accepted alignment
reviews, TMX imports), one pair each. Candidates are recurring source phrases of one to three words, compared as lemmas
(matching.tokenize: "organizations" and "organization" count together), that neither start nor end with a function
word; each is paired with the target phrase most associated with it by the Dice coefficient over sentence pairs,
2·both / (source + target), which favours a phrase found where the source phrase is and rarely elsewhere.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from workbench.align.dictionary import compiled
from workbench.align.features import word_stem
from workbench.declarations.languages import base_language
from workbench.lexicon.lookup import lexicon_for
from workbench.memory.bitext import bitext
from workbench.terms.matching import Token, tokenize
from workbench.terms.models import Entry, Proposal, ProposalState
from workbench.terms.stopwords import stopwords

MAX_WORDS = 3
MIN_COUNT = 3  # sentence pairs a source phrase, and the pair, must be found in
MIN_DICE = 0.3
# A phrase found this share of its times inside one longer recurring phrase is left to the longer one.
NESTED_SHARE = 0.8


@dataclass(frozen=True)
class Candidate:
    source_phrase: str
    target_phrase: str
    source_count: int
    pair_count: int
    score: float


def _phrases(tokens: tuple[Token, ...], stop: frozenset[str]) -> dict[tuple[str, ...], tuple[int, int]]:
    """Every phrase of 1–3 words of a sentence, by lemma keys, with its first occurrence's token span; a phrase
    neither starts nor ends with a function word nor holds a number."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    for i in range(len(tokens)):
        if tokens[i].key in stop or not tokens[i].surface.isalpha():
            continue
        for n in range(1, MAX_WORDS + 1):
            j = i + n - 1
            if j >= len(tokens):
                break
            if not tokens[j].surface.isalpha():
                break
            if tokens[j].key in stop:
                continue
            found.setdefault(tuple(t.key for t in tokens[i:j + 1]), (i, j))
    return found


def _confirmed(source: tuple[str, ...], target: tuple[str, ...], lexicon: Mapping[str, Collection[str]]) -> bool:
    """Whether the lexicon gives the target word as a translation of the source word (one word each, compared as
    the aligner's stems)."""
    if len(source) != 1 or len(target) != 1:
        return False
    s, t = word_stem(source[0]), word_stem(target[0])
    return bool(s and t and t in compiled(lexicon, drop_cognates=False).get(s, ()))


def candidates(pairs: Iterable[tuple[str, str]], source_language: str, target_language: str, *,
               min_count: int = MIN_COUNT, lexicon: Mapping[str, Collection[str]] | None = None
               ) -> list[Candidate]:  # fmt: skip
    """The best target phrase for each recurring source phrase, best associated first.

    With a `lexicon` (lexicon/lookup.py), a target word the lexicon gives as a translation of a one-word source
    phrase is the candidate whenever one is found with it often enough, and it needs only half the usual
    association: the lexicon already says the two are translations, the memory only that this one is used."""
    source_stop, target_stop = stopwords(base_language(source_language)), stopwords(base_language(target_language))
    sides: list[tuple[dict[tuple[str, ...], tuple[int, int]], dict[tuple[str, ...], tuple[int, int]]]] = []
    source_count: Counter[tuple[str, ...]] = Counter()
    target_count: Counter[tuple[str, ...]] = Counter()
    surfaces: dict[tuple[str, tuple[str, ...]], Counter[str]] = defaultdict(Counter)
    for source, target in pairs:
        source_tokens, target_tokens = tokenize(source, source_language), tokenize(target, target_language)
        source_phrases, target_phrases = _phrases(source_tokens, source_stop), _phrases(target_tokens, target_stop)
        for side, text, tokens, phrases in (("s", source, source_tokens, source_phrases),
                                            ("t", target, target_tokens, target_phrases)):  # fmt: skip
            for phrase, (i, j) in phrases.items():
                surfaces[side, phrase][text[tokens[i].start:tokens[j].end]] += 1
        source_count.update(source_phrases.keys())
        target_count.update(target_phrases.keys())
        sides.append((source_phrases, target_phrases))
    recurring_source = _not_nested({p: c for p, c in source_count.items() if c >= min_count})
    recurring_target = _not_nested({p: c for p, c in target_count.items() if c >= min_count})
    both: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for source_phrases, target_phrases in sides:
        kept_target = [p for p in target_phrases if p in recurring_target]
        for phrase in source_phrases:
            if phrase in recurring_source:
                both[phrase].update(kept_target)
    found: list[Candidate] = []
    for phrase, together in both.items():
        scored = [(2 * c / (source_count[phrase] + target_count[t]), t) for t, c in together.items() if c >= min_count]
        if not scored:
            continue
        confirmed = [item for item in scored if lexicon and _confirmed(phrase, item[1], lexicon)]
        # At equal association, the target as long as the source phrase, then the shorter.
        dice, best = max(confirmed or scored,
                         key=lambda item: (item[0], -abs(len(item[1]) - len(phrase)), -len(item[1])))
        if dice < (MIN_DICE / 2 if confirmed else MIN_DICE):
            continue
        found.append(Candidate(source_phrase=_surface(surfaces[("s", phrase)], source_language),
                               target_phrase=_surface(surfaces[("t", best)], target_language),
                               source_count=source_count[phrase],
                               pair_count=together[best], score=round(dice, 4)))  # fmt: skip
    found.sort(key=lambda c: (-c.score, -c.pair_count, c.source_phrase))
    return found


def _not_nested(counts: dict[tuple[str, ...], int]) -> set[tuple[str, ...]]:
    """The phrases that are not, nearly always, part of one longer recurring phrase: "Lincoln", found 34 times,
    each inside "Abraham Lincoln", is not a term of its own; nor is "douane" inside "droit de douane"."""
    kept = set(counts)
    for longer, count in counts.items():
        for n in range(1, len(longer)):
            for i in range(len(longer) - n + 1):
                part = longer[i:i + n]
                if part in kept and count >= NESTED_SHARE * counts[part]:
                    kept.discard(part)
    return kept


def _surface(forms: Counter[str], language: str) -> str:
    """The phrase as a glossary writes it: in its dictionary form where the text has it ("sailor" rather than the
    more frequent "sailors"), and in lower case unless always capitalised (a name, an acronym), since a capital at
    the start of a sentence is not the term's. Otherwise as most often written."""
    if any(f[:1].islower() for f in forms):
        forms = Counter({f: c for f, c in forms.items() if f[:1].islower()})
    base = Counter({f: c for f, c in forms.items() if _is_base(f, language)})
    return (base or forms).most_common(1)[0][0]


def _is_base(form: str, language: str) -> bool:
    """Whether each word of the phrase is its own lemma ("sailor", "centimètre carré"), as far as simplemma
    knows."""
    return all(token.key == token.surface.casefold() for token in tokenize(form, language))


@transaction.atomic
def propose(source_language: str, target_language: str, *, limit: int = 50) -> list[Proposal]:
    """Store up to `limit` new open proposals, best first, and return the open proposals of the pair, best first.
    A source phrase already in the glossary, or a pair proposed before (open, accepted or dismissed), is skipped:
    a dismissed pair is never proposed again."""
    pair = {"source_language": source_language, "target_language": target_language}
    in_glossary = {term.casefold() for term in Entry.objects.filter(**pair).values_list("term", flat=True)}
    known = {(s.casefold(), t.casefold())
             for s, t in Proposal.objects.filter(**pair).values_list("source_phrase", "target_phrase")}  # fmt: skip
    new: list[Proposal] = []
    lexicon = lexicon_for(source_language, target_language)
    for candidate in candidates(bitext(source_language, target_language), source_language, target_language,
                                lexicon=lexicon):
        if len(new) >= limit:
            break
        if candidate.source_phrase.casefold() in in_glossary:
            continue
        if (candidate.source_phrase.casefold(), candidate.target_phrase.casefold()) in known:
            continue
        new.append(Proposal(source_language=source_language, target_language=target_language,
                            source_phrase=candidate.source_phrase[:200], target_phrase=candidate.target_phrase[:200],
                            source_count=candidate.source_count, pair_count=candidate.pair_count,
                            score=candidate.score))  # fmt: skip
    Proposal.objects.bulk_create(new)
    return list(Proposal.objects.filter(source_language=source_language, target_language=target_language,
                                        state=ProposalState.OPEN).order_by("-score", "source_phrase"))  # fmt: skip


@transaction.atomic
def accept(proposal: Proposal, user: AbstractBaseUser | None) -> Entry:
    """The proposal becomes a glossary entry (its target phrase the approved translation; added to an entry the
    term has already), and is marked accepted."""
    entry, created = Entry.objects.select_for_update().get_or_create(
        source_language=proposal.source_language, target_language=proposal.target_language,
        term=proposal.source_phrase, defaults={"approved": [proposal.target_phrase], "added_by": user})  # fmt: skip
    if not created and proposal.target_phrase not in entry.approved:
        entry.approved = [*entry.approved, proposal.target_phrase]
        entry.changed_at = timezone.now()
        entry.save(update_fields=["approved", "changed_at"])
    _decide(proposal, ProposalState.ACCEPTED, user)
    return entry


def dismiss(proposal: Proposal, user: AbstractBaseUser | None) -> None:
    """The pair is never proposed again: the row stays, dismissed."""
    _decide(proposal, ProposalState.DISMISSED, user)


def _decide(proposal: Proposal, state: str, user: AbstractBaseUser | None) -> None:
    proposal.state, proposal.decided_by, proposal.decided_at = state, user, timezone.now()
    proposal.save(update_fields=["state", "decided_by", "decided_at"])
