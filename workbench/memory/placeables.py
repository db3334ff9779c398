"""Placeables: numbers, years and dates that a translation carries over, substituted into a memory's suggestion.

When the memory's source and the sentence being translated differ in such a value ("400 delegates" / "450
delegates", "June 3, 2004" / "June 10, 2006"), the memory's translation is offered with the new value put where
the old one stood, written the target language's way (450; 10 juin 2006; 1 000,5 for 1,000.5), and the match
scores as what it then is. A value is substituted only where the old value is found in the memory's target, so a
translation that spelled a number out, or left it out, is never changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
}  # fmt: skip
# Thousands separators as written: English a comma; French a space, a no-break or a narrow no-break space.
GROUP = {"en": ",", "fr": "\u00a0"}
DECIMAL = {"en": ".", "fr": ","}
_SPACES = " \u00a0\u202f"


def _month_names(language: str) -> str:
    return "|".join(MONTHS.get(language, MONTHS["en"]))


def _patterns(language: str) -> re.Pattern[str]:
    """Dates first (a date holds numbers), then numbers with the language's grouping and decimal marks."""
    months = _month_names(language)
    if language == "fr":
        date = rf"(?P<day>1er|\d{{1,2}})\s(?P<month>{months})(?:\s(?P<year>\d{{4}}))?"
        number = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    else:
        date = rf"(?P<month>{months})\s(?P<day>\d{{1,2}})(?:,?\s(?P<year>\d{{4}}))?"
        number = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    return re.compile(rf"(?<![\w.,])(?:(?P<date>{date})|(?P<number>{number}))(?![\w]|[.,]\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Placeable:
    start: int
    end: int
    text: str
    kind: str  # "number" or "date"
    value: Any  # a Decimal-like string ("1000.5") or (year | None, month, day)
    grouped: bool = False  # a number written with thousands separators


@dataclass(frozen=True)
class Substitution:
    """A value put into a suggestion's translation: `new` at [start, end) of the offered target replaced `old`."""

    old: str
    new: str
    start: int
    end: int

    def as_json(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "start": self.start, "end": self.end}


def find(text: str, language: str) -> list[Placeable]:
    found = []
    for match in _patterns(language).finditer(text):
        if match["date"]:
            month = [m.lower() for m in MONTHS.get(language, MONTHS["en"])].index(match["month"].lower()) + 1
            day = 1 if match["day"] == "1er" else int(match["day"])
            year = int(match["year"]) if match["year"] else None
            found.append(Placeable(match.start(), match.end(), match[0], "date", (year, month, day)))
        else:
            raw = match[0]
            plain = "".join(c for c in raw if c not in _SPACES and c != GROUP.get(language, ","))
            value = plain.replace(DECIMAL.get(language, "."), ".")
            grouped = any(c in raw for c in _SPACES) or (language != "fr" and "," in raw)
            found.append(Placeable(match.start(), match.end(), raw, "number", value, grouped))
    return found


def write(placeable: Placeable, language: str, like: str = "") -> str:
    """A value written the `language`'s way; `like` is how the memory's target wrote the value it replaces (its
    thousands separator is kept, so a translation with narrow no-break spaces keeps them)."""
    if placeable.kind == "date":
        year, month, day = placeable.value
        name = MONTHS.get(language, MONTHS["en"])[month - 1]
        if language == "fr":
            text = f"{'1er' if day == 1 else day} {name}"
            return f"{text} {year}" if year else text
        return f"{name} {day}, {year}" if year else f"{name} {day}"
    whole, _, decimals = placeable.value.partition(".")
    like_grouped = any(c in like for c in (_SPACES if language == "fr" else ","))
    if len(whole) > 3 and (placeable.grouped or like_grouped):
        separator = next((c for c in like if c in _SPACES), None) if language == "fr" else None
        separator = separator or GROUP.get(language, ",")
        whole = f"{int(whole):,}".replace(",", separator)
    return whole + (DECIMAL.get(language, ".") + decimals if decimals else "")


def _same(a: Placeable, b: Placeable) -> bool:
    return a.kind == b.kind and a.value == b.value


def substitute(query: str, source: str, target: str, source_language: str, target_language: str
               ) -> tuple[str, str, list[Substitution]]:  # fmt: skip
    """The memory's source and target with the query's values put in: (source, target, what was substituted).

    The query's and the memory's placeables are paired in order when both have the same kinds in the same order;
    each pair whose values differ is substituted in the source, and in the target where the old value is found
    there (in the target's own form). Anything else is left as it was.
    """
    asked, stored = find(query, source_language), find(source, source_language)
    if not stored or len(asked) != len(stored) or [p.kind for p in asked] != [p.kind for p in stored]:
        return source, target, []
    in_target = find(target, target_language)
    used: set[int] = set()
    source_edits: list[tuple[Placeable, str]] = []
    target_edits: list[tuple[Placeable, Placeable]] = []
    for new, old in zip(asked, stored, strict=True):
        if _same(new, old):
            continue
        counterpart = next((i for i, p in enumerate(in_target) if i not in used and _same(p, old)), None)
        if counterpart is None:
            continue  # the translation does not show the old value as such: leave both sides alone
        used.add(counterpart)
        source_edits.append((old, new.text))
        target_edits.append((in_target[counterpart], new))
    if not target_edits:
        return source, target, []
    for old, text in sorted(source_edits, key=lambda edit: edit[0].start, reverse=True):
        source = source[: old.start] + text + source[old.end :]
    pieces, substitutions, cursor, length = [], [], 0, 0
    for old, new in sorted(target_edits, key=lambda edit: edit[0].start):
        before = target[cursor : old.start]
        written = write(new, target_language, like=old.text)
        pieces += [before, written]
        length += len(before)
        substitutions.append(Substitution(old.text, written, length, length + len(written)))
        length += len(written)
        cursor = old.end
    pieces.append(target[cursor:])
    return source, "".join(pieces), substitutions
