"""Numbers, amounts, percentages, dates and years carried over from the source into the translation.

Values are recognised by the translation memory's placeables (memory/placeables.py) in each language's own
writing (1,000.5 / 1 000,5; June 3, 2004 / 3 juin 2004) and compared as values, so the notation may change but
the value may not. Reference markers ([63], (1)) are compared by the markers check and left out here.
"""
from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext_noop
from text_to_num import alpha2digit

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
# Ordinals written with digits ("the 27th", "le 27e", "1er") are the numbers they carry; placeables skips a number
# glued to letters.
_ORDINALS = {
    "en": re.compile(r"(?<![\w.,])(\d+)(?:st|nd|rd|th)\b", re.IGNORECASE),
    "fr": re.compile(r"(?<![\w.,])(\d+)(?:er|re|ère|e|ème|eme|è)\b", re.IGNORECASE),
}
# French "mille" the numeral never takes an s: "milles" is the noun (nautical miles), which text2num would read as
# a thousand ("deux cents milles" → 200000).
_NOT_NUMERALS = {"fr": re.compile(r"\bmilles\b", re.IGNORECASE)}
# Numbers text2num leaves in words. French collective numerals ("une centaine de navires" for "some 100 ships")…
_COLLECTIVE = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
               "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000}  # fmt: skip
_COLLECTIVES = re.compile(rf"\bune?\s+({'|'.join(_COLLECTIVE)})\b", re.IGNORECASE)
# … decimals said as fractions, once text2num has read their parts ("dix-huit milles et trois dixièmes" → "18 milles
# et 3 10èmes", 18.3; "three tenths" → "3 10ths")…
_FRACTION = re.compile(r"(?<![\d.,])(\d+)\s+(?:[^\s\d]+\s+){0,2}?(\d+)\s+(10|100|1000)(?:èmes|ème|ths|th)\b")
# … and chapter numbers in Roman numerals (CHAPTER 1, CHAPITRE I), except in English, where I is a word.
_ROMAN = re.compile(r"\b(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
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
    if language in _ORDINALS:
        text = _ORDINALS[language].sub(r"\1", text)
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


def spelt_numbers(text: str, language: str) -> Counter[str]:
    """The numbers of a text once those written in words are read as numbers ("deux cent cinquante pieds" is 250),
    by text2num, for the languages it knows."""
    language = _base(language)
    romans = Counter(str(_roman(m[0])) for m in _ROMAN.finditer(text) if m[0]) if language != "en" else Counter()
    if language == "fr":
        text = _NOT_NUMERALS["fr"].sub(lambda m: "#" * len(m[0]), text)
        text = _COLLECTIVES.sub(lambda m: str(_COLLECTIVE[m[1].lower()]), text)
    try:
        converted = alpha2digit(text, language)
    except (ValueError, TypeError):  # a language text2num does not read: only the digits count
        return romans
    # Written back the language's way (18,3 in French), so that values() reads it as one number.
    comma = "," if language in ("fr", "de", "es", "it", "pt", "nl") else "."
    converted = _FRACTION.sub(lambda m: _decimal(m, comma), converted)
    numbers, dates = values(converted, language)
    # "deux mille" is read as 2000, which standing alone passes for a year: here it is the number it spells.
    return numbers + romans + Counter({key: count for key, count in dates.items() if "-" not in key})


def _decimal(match: re.Match[str], separator: str) -> str:
    whole, part, denominator = match[1], match[2], match[3]
    if int(part) >= int(denominator):
        return match[0]
    return f"{whole}{separator}{part.zfill(len(denominator) - 1)}"


def _roman(numeral: str) -> int:
    total = 0
    for at, letter in enumerate(numeral):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[numeral[at + 1]] if at + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def check_numbers(source: str, target: str, source_language: str, target_language: str) -> list[Failure]:
    source_numbers, _ = values(source, source_language)
    target_numbers, _ = values(target, target_language)
    missing, extra = _differences(source_numbers, target_numbers)
    # A number in digits on one side may be in words on the other (200 miles, deux cents milles): a number counts
    # as carried over when the other side has it either way. Asked only on a mismatch, which is rare.
    if missing:
        missing = sorted((Counter(missing) - spelt_numbers(target, target_language)).elements())
    if extra:
        extra = sorted((Counter(extra) - spelt_numbers(source, source_language)).elements())
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
