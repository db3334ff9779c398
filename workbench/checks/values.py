"""Numbers, amounts, percentages, dates and years carried over from the source into the translation.

Values are recognised by the translation memory's placeables (memory/placeables.py) in each language's own
writing (1,000.5 / 1 000,5; June 3, 2004 / 3 juin 2004) and compared as values, so the notation may change but
the value may not. Reference markers ([63], (1)) are compared by the markers check and left out here.
"""
from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext_noop

from workbench.checks.markers import MARKER
from workbench.checks.registry import Failure
from workbench.memory import placeables
from workbench.memory.placeables import MONTHS

# "3 June 2004": the day-first order British English also uses, which placeables (built for "June 3, 2004")
# reads as the numbers 3 and 2004. Recognised here so the date compares as a date.
_EN_DAY_FIRST = re.compile(
    rf"(?<![\w.,])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?(?P<month>{'|'.join(MONTHS['en'])})"
    rf"(?:,?\s(?P<year>\d{{4}}))?(?!\w)", re.IGNORECASE)  # fmt: skip
# Ranges of days in one month: "June 1 to 4, 2004" and "du 1er au 4 juin 2004" are the dates June 1 and June 4,
# which placeables (one date at a time) would read as a date and a number on one side and a number and a date on
# the other.
_MONTH = {language: "|".join(names) for language, names in MONTHS.items()}
_RANGES = {
    "en": re.compile(rf"(?<![\w.,])(?P<month>{_MONTH['en']})\s(?P<first>\d{{1,2}})(?:st|nd|rd|th)?"
                     rf"\s?(?:to|through|and|-|–)\s?(?P<last>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s(?P<year>\d{{4}}))?(?!\w)",
                     re.IGNORECASE),
    "fr": re.compile(rf"(?<![\w.,])(?P<first>\d{{1,2}})(?:er)?\s?(?:au|et|-|–)\s?(?P<last>\d{{1,2}})(?:er)?"
                     rf"\s(?P<month>{_MONTH['fr']})(?:\s(?P<year>\d{{4}}))?(?!\w)", re.IGNORECASE),
}  # fmt: skip
# A four-digit integer in this range, standing alone, is taken for a year ("in 2004", "en 2004").
_YEARS = range(1000, 2200)


def _masked(text: str, pattern: re.Pattern[str]) -> str:
    """The text with the pattern's matches blanked out (same length, so offsets stay meaningful)."""
    return pattern.sub(lambda m: " " * len(m[0]), text)


def _base(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()


def values(text: str, language: str) -> tuple[Counter[str], Counter[str]]:
    """The numbers (as plain decimals, "1000.5") and the dates ("2004-06-03", "2004", "06-03") of a text."""
    language = _base(language)
    text = _masked(text, MARKER)
    dates: Counter[str] = Counter()
    if language in _RANGES:
        names = [m.lower() for m in MONTHS[language]]
        for match in _RANGES[language].finditer(text):
            month = names.index(match["month"].lower()) + 1
            year = int(match["year"]) if match["year"] else None
            for day in (match["first"], match["last"]):
                dates[_date_key(year, month, int(day))] += 1
        text = _masked(text, _RANGES[language])
    if language == "en":
        for match in _EN_DAY_FIRST.finditer(text):
            month = [m.lower() for m in MONTHS["en"]].index(match["month"].lower()) + 1
            dates[_date_key(int(match["year"]) if match["year"] else None, month, int(match["day"]))] += 1
        text = _masked(text, _EN_DAY_FIRST)
    numbers: Counter[str] = Counter()
    for found in placeables.find(text, language if language in MONTHS else "en"):
        if found.kind == "date":
            year, month, day = found.value
            dates[_date_key(year, month, day)] += 1
        elif not found.grouped and "." not in found.value and int(found.value) in _YEARS:
            dates[found.value] += 1
        else:
            numbers[_plain(found.value)] += 1
    return numbers, dates


def _plain(value: str) -> str:
    """"400.0" and "400" are the same amount; leading zeros ("05") are not meaningful either."""
    whole, _, fraction = value.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _date_key(year: int | None, month: int, day: int) -> str:
    return f"{year}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


def _shown(key: str, language: str) -> str:
    """A date key written for a reader of the message, in the source's own words where possible."""
    parts = key.split("-")
    if len(parts) == 1:
        return key
    year = parts[0] if len(parts) == 3 else None
    month, day = int(parts[-2]), int(parts[-1])
    names = MONTHS.get(_base(language), MONTHS["en"])
    if _base(language) == "fr":
        return " ".join(p for p in (str(day), names[month - 1], year) if p)
    return f"{names[month - 1]} {day}" + (f", {year}" if year else "")


def _differences(source: Counter[str], target: Counter[str]) -> tuple[list[str], list[str]]:
    missing = sorted((source - target).elements())
    extra = sorted((target - source).elements())
    return missing, extra


def check_numbers(source: str, target: str, source_language: str, target_language: str) -> list[Failure]:
    source_numbers, _ = values(source, source_language)
    target_numbers, _ = values(target, target_language)
    missing, extra = _differences(source_numbers, target_numbers)
    # A number missing and another one added are, most often, one number changed: reported once, with both.
    changed = min(len(missing), len(extra))
    failures = [Failure("numbers", gettext_noop("The number %(number)s of the source is %(found)s in the "
                                                "translation."), {"number": n, "found": f})
                for n, f in zip(missing[:changed], extra[:changed], strict=True)]  # fmt: skip
    missing, extra = missing[changed:], extra[changed:]
    failures += [Failure("numbers", gettext_noop("The number %(number)s of the source is missing from the "
                                                 "translation."), {"number": n}) for n in missing]  # fmt: skip
    failures += [Failure("numbers", gettext_noop("The translation has the number %(number)s, which is not in the "
                                                 "source."), {"number": n}) for n in extra]  # fmt: skip
    return failures


def check_dates(source: str, target: str, source_language: str, target_language: str) -> list[Failure]:
    _, source_dates = values(source, source_language)
    _, target_dates = values(target, target_language)
    # A date with its year on one side may be split on the other ("June 3" … "2004"): compare the year and the
    # day-and-month apart when whole dates do not match.
    missing, extra = _differences(_split(source_dates), _split(target_dates))
    changed = min(len(missing), len(extra))
    failures = [Failure("dates", gettext_noop("The date %(date)s of the source is %(found)s in the translation."),
                        {"date": _shown(d, source_language), "found": _shown(f, target_language)})
                for d, f in zip(missing[:changed], extra[:changed], strict=True)]  # fmt: skip
    missing, extra = missing[changed:], extra[changed:]
    failures += [Failure("dates", gettext_noop("The date %(date)s of the source is missing from the translation."),
                         {"date": _shown(d, source_language)}) for d in missing]  # fmt: skip
    failures += [Failure("dates", gettext_noop("The translation has the date %(date)s, which is not in the "
                                               "source."), {"date": _shown(d, target_language)})
                 for d in extra]  # fmt: skip
    return failures


def _split(dates: Counter[str]) -> Counter[str]:
    split: Counter[str] = Counter()
    for key, count in dates.items():
        parts = key.split("-")
        if len(parts) == 3:
            split[parts[0]] += count
            split[f"{parts[1]}-{parts[2]}"] += count
        else:
            split[key] += count
    return split
