"""Finding glossary terms in a text, inflected forms included, and telling whether a translation uses them.

Both sides are compared as sequences of lemmas (simplemma, which ships its dictionaries, so nothing is fetched at
run time): "organizations" meets the term "organization", French "organisations" meets "organisation", and a
multi-word term matches a run of lemmas. An elided article or pronoun in front of a word ("l'OMC", "d’un") is not a
token at all, so "l’OMC" meets an approved "OMC" and an approved "l'OMC" meets "OMC"; an English possessive "'s"
is dropped the same way.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from workbench.declarations.languages import base_language
from workbench.terms.models import Entry
from workbench.terms.stopwords import stopwords

# Letters and digits, no underscore: "non-governmental" is two tokens on both sides, so it still matches.
WORD = re.compile(r"[^\W_]+")
APOSTROPHES = "'’ʼ"
# Words that French writes elided before a vowel; followed by an apostrophe they carry no meaning of their own for a
# term. Italian and Catalan elide too, with overlapping forms.
ELIDED = {
    "fr": {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"},
    "it": {"l", "d", "un", "all", "dall", "dell", "nell", "sull", "c", "s", "m", "t", "v", "quest", "quell"},
    "ca": {"l", "d", "m", "t", "s", "n"},
}
# English possessive and contracted "s" ("WTO's").
ENCLITIC = {"en": {"s"}}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    surface: str
    key: str  # the casefolded lemma
    # Only this very word, not its lemma's other forms: set on a glossary word whose lemma is a function word it is
    # not ("été", summer, which simplemma takes for a form of "être"), lest "est" or "sont" count as "été".
    exact: bool = False


@dataclass(frozen=True)
class TermMatch:
    entry: Entry
    start: int  # character span in the source text
    end: int
    text: str  # the source text as found ("organizations")


@dataclass(frozen=True)
class GlossaryProblem:
    match: TermMatch
    kind: str  # "missing" (no approved translation found in the target) or "forbidden"
    found: str | None  # the forbidden translation as found in the target


MISSING = "missing"
FORBIDDEN = "forbidden"


@lru_cache(maxsize=200_000)
def lemma_key(word: str, language: str) -> str:
    """The casefolded lemma of one word; the word itself where simplemma does not know the language."""
    try:
        lemma = simplemma.lemmatize(word, lang=language)
    except ValueError:  # a language simplemma has no dictionary for
        lemma = word
    return lemma.casefold()


def tokenize(text: str, language: str) -> tuple[Token, ...]:
    """The text's words with their spans and lemma keys, elided words and possessives left out."""
    lang = base_language(language)
    elided, enclitic = ELIDED.get(lang, set()), ENCLITIC.get(lang, set())
    tokens: list[Token] = []
    for found in WORD.finditer(text):
        word, start, end = found.group(), found.start(), found.end()
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if after and after in APOSTROPHES and word.casefold() in elided:
            continue
        if before and before in APOSTROPHES and word.casefold() in enclitic and start > 1 and text[start - 2].isalnum():
            continue
        tokens.append(Token(start, end, word, lemma_key(word, lang)))
    return tuple(tokens)


@lru_cache(maxsize=50_000)
def phrase_tokens(phrase: str, language: str) -> tuple[Token, ...]:
    """A term or a translation, tokenized once: glossary phrases come back on every call."""
    stop = stopwords(base_language(language))
    return tuple(Token(t.start, t.end, t.surface, t.key, exact=t.key in stop and t.surface.casefold() not in stop)
                 for t in tokenize(phrase, language))  # fmt: skip


def same_case(found: str, term: str) -> bool:
    """For a case-sensitive term, the letters the found word shares with the term's word are written the same way:
    "WTO" does not meet "wto", while "WTOs" meets "WTO"."""
    shared = 0
    for a, b in zip(found, term, strict=False):
        if a.casefold() != b.casefold():
            break
        shared += 1
    return found[:shared] == term[:shared] and shared > 0


def _matches_at(tokens: tuple[Token, ...], at: int, phrase: tuple[Token, ...], case_sensitive: bool) -> bool:
    if at + len(phrase) > len(tokens):
        return False
    for token, wanted in zip(tokens[at:at + len(phrase)], phrase, strict=True):
        if token.key != wanted.key or (wanted.exact and token.surface.casefold() != wanted.surface.casefold()):
            return False
        if case_sensitive and not same_case(token.surface, wanted.surface):
            return False
    return True


def find_phrase(tokens: tuple[Token, ...], phrase: tuple[Token, ...], *, case_sensitive: bool) -> list[tuple[int, int]]:
    """The character spans where the phrase's lemmas occur in a row."""
    if not phrase:
        return []
    return [(tokens[i].start, tokens[i + len(phrase) - 1].end) for i in range(len(tokens) - len(phrase) + 1)
            if tokens[i].key == phrase[0].key and _matches_at(tokens, i, phrase, case_sensitive)]  # fmt: skip


# The glossary of a pair, indexed by the lemma key of each term's first word. Rebuilt when the pair's version
# (count, last change, last id) moves, which catches edits from other processes and bulk imports (no signals), and
# dropped at once by the signals below for edits in this process that keep the version (a changed_at left alone).
@dataclass(frozen=True)
class Indexed:
    entry: Entry
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Glossary:
    """A pair's glossary, loaded and indexed: find terms in any number of texts without asking the database again
    (an editor page, a bulk re-check). `glossary_for` hands one out, checking once that it is current."""

    source_language: str
    target_language: str
    index: dict[str, list[Indexed]]

    def find(self, text: str) -> list[TermMatch]:
        """The glossary terms found in a source text, in order. Where two found terms overlap the longer one wins
        ("World Trade Organization" over "Trade"); at equal length, the earlier."""
        if not self.index:
            return []
        tokens = tokenize(text, self.source_language)
        found: list[tuple[int, int, Indexed]] = []  # (first token, token count, term)
        for i, token in enumerate(tokens):
            for indexed in self.index.get(token.key, ()):
                if _matches_at(tokens, i, indexed.tokens, indexed.entry.case_sensitive):
                    found.append((i, len(indexed.tokens), indexed))
                    break  # the candidates are longest first: the first that fits is the longest here
        taken: set[int] = set()
        kept: list[tuple[int, int, Indexed]] = []
        for i, length, indexed in sorted(found, key=lambda item: (-item[1], item[0])):
            if taken.isdisjoint(range(i, i + length)):
                taken.update(range(i, i + length))
                kept.append((i, length, indexed))
        kept.sort(key=lambda item: item[0])
        matches = []
        for i, length, indexed in kept:
            start, end = tokens[i].start, tokens[i + length - 1].end
            matches.append(TermMatch(entry=indexed.entry, start=start, end=end, text=text[start:end]))
        return matches

    def problems(self, source: str, target: str, matches: list[TermMatch] | None = None) -> list[GlossaryProblem]:
        """Each glossary term of the source whose target has none of its approved translations ("missing"), or has
        one of its forbidden ones ("forbidden"). Reported once per term, at its first occurrence in the source. A
        forbidden form inside an approved one found in the target (forbidden "Organisation" within "Organisation
        mondiale du commerce") does not count. `matches`: the source's terms, when the caller has found them."""
        if matches is None:
            matches = self.find(source)
        if not matches:
            return []
        target_tokens = tokenize(target, self.target_language)
        problems: list[GlossaryProblem] = []
        seen: set[int] = set()
        for match in matches:
            entry = match.entry
            if entry.pk in seen:
                continue
            seen.add(entry.pk)
            sensitive = entry.case_sensitive
            approved_spans = [span for translation in entry.approved
                              for span in find_phrase(target_tokens, phrase_tokens(translation, self.target_language),
                                                      case_sensitive=sensitive)]  # fmt: skip
            if entry.approved and not approved_spans:
                problems.append(GlossaryProblem(match=match, kind=MISSING, found=None))
            for forbidden in entry.forbidden:
                spans = find_phrase(target_tokens, phrase_tokens(forbidden, self.target_language),
                                    case_sensitive=sensitive)  # fmt: skip
                outside = [(s, e) for s, e in spans if not any(a <= s and e <= b for a, b in approved_spans)]
                if outside:
                    start, end = outside[0]
                    problems.append(GlossaryProblem(match=match, kind=FORBIDDEN, found=target[start:end]))
        return problems


_cache: dict[tuple[str, str], tuple[tuple[object, ...], Glossary]] = {}
_lock = threading.Lock()


def clear_cache(**_: object) -> None:
    with _lock:
        _cache.clear()


post_save.connect(clear_cache, sender=Entry, dispatch_uid="terms.matching.save")
post_delete.connect(clear_cache, sender=Entry, dispatch_uid="terms.matching.delete")


def _version(source_language: str, target_language: str) -> tuple[object, ...]:
    found = Entry.objects.filter(source_language=source_language, target_language=target_language).aggregate(
        count=Count("id"), changed=Max("changed_at"), last=Max("id"))  # fmt: skip
    return (found["count"], found["changed"], found["last"])


def glossary_for(source_language: str, target_language: str) -> Glossary:
    """The pair's glossary as it is now: one query for its version, and one more to load it when it moved."""
    pair = (source_language, target_language)
    version = _version(source_language, target_language)
    with _lock:
        cached = _cache.get(pair)
    if cached is not None and cached[0] == version:
        return cached[1]
    index: dict[str, list[Indexed]] = {}
    if version[0]:  # an empty glossary (most pairs at first) needs no second query
        for entry in Entry.objects.filter(source_language=source_language, target_language=target_language):
            tokens = phrase_tokens(entry.term, source_language)
            if tokens:
                index.setdefault(tokens[0].key, []).append(Indexed(entry, tokens))
    for candidates in index.values():
        candidates.sort(key=lambda indexed: -len(indexed.tokens))  # longest first
    glossary = Glossary(source_language, target_language, index)
    with _lock:
        _cache[pair] = (version, glossary)
    return glossary


def find_terms(text: str, *, source_language: str, target_language: str) -> list[TermMatch]:
    """The glossary terms found in one source text (Glossary.find, on the pair's current glossary)."""
    return glossary_for(source_language, target_language).find(text)


def translation_found(target: str, translation: str, *, language: str, case_sensitive: bool) -> bool:
    """Whether a translation (one word or several) occurs in the target, in any inflected form."""
    phrase = phrase_tokens(translation, language)
    return bool(find_phrase(tokenize(target, language), phrase, case_sensitive=case_sensitive))


def glossary_problems(source: str, target: str, *, source_language: str,
                      target_language: str) -> list[GlossaryProblem]:
    """What the glossary says is wrong in one pair of texts (Glossary.problems, on the pair's current glossary)."""
    return glossary_for(source_language, target_language).problems(source, target)
