"""Brackets, quotation marks, French punctuation spacing, end punctuation and double spaces, with the mechanical
fix-ups for the last three kinds of slip (spacing, straight quotes in French, a double space)."""
from __future__ import annotations

import re

from django.utils.translation import gettext_noop

from workbench.checks.markers import _EMAIL, _URL
from workbench.checks.registry import Failure

NBSP, NNBSP = "\u00a0", "\u202f"
_FIXED_SPACES = NBSP + NNBSP
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _base(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()


def _bracket_problem(text: str) -> str | None:
    """The first bracket left unclosed or closed without being opened, or None when all are balanced."""
    stack: list[str] = []
    for char in text:
        if char in _PAIRS:
            stack.append(char)
        elif char in _CLOSERS:
            if not stack or stack[-1] != _CLOSERS[char]:
                return char
            stack.pop()
    return stack[-1] if stack else None


def check_brackets(source: str, target: str) -> list[Failure]:
    # Only a target unbalanced where the source is not: an enumeration "a) … b)" written alike on both sides, or a
    # bracket the translator added and closed ("(République de Corée)"), is not a slip.
    problem = _bracket_problem(target)
    if problem is None or _bracket_problem(source) is not None:
        return []
    return [Failure("brackets", gettext_noop("The bracket “%(bracket)s” in the translation is not balanced."),
                    {"bracket": problem})]  # fmt: skip


def _quote_problem(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in text:
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


_STRAIGHT_PAIR = re.compile(r'"\s*([^"]*?)\s*"')


# A single quotation mark as English uses them ('yes', ‘yes’): one not between two letters, which would make it an
# apostrophe (it's, l'accord).
_SINGLE_QUOTE = re.compile(r"(?<![^\W\d_])['’‘]|['’‘](?![^\W\d_])")


def _open_quotation(text: str) -> bool:
    """Whether the text starts or ends inside a quotation marked with « », “ ” or straight double quotes."""
    return _quote_problem(text, "«", "»") or _quote_problem(text, "“", "”") or text.count('"') % 2 == 1


# French dialogue keeps one quotation open over a whole exchange, the replies set off by dashes, where English closes
# each reply: « Monsieur ? me dit-il. — Lui-même, répondis-je. » A passage cut inside such an exchange has a « that
# opens a speech and is closed in a later passage, or a » that closes one opened in an earlier passage. Those are
# not slips; a « opening a quoted word in the middle of a sentence and never closed is.
_DIALOGUE_DASH = re.compile(r"(?:^|\s)(?:--|—|–)\s")
_SENTENCE_END = re.compile(r"[.!?…]\s")


def _speech_opening(text: str, at: int) -> bool:
    """Whether the quotation mark at `at` opens a speech: first in its sentence, or after a colon."""
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?…:;—-_"


def _unclosed_slip(text: str, opening: str, closing: str, starts_inside: bool) -> bool:
    """A quotation left open or closed without being opened that the dialogue convention does not explain.
    `starts_inside`: the source starts or ends inside a quotation, so a closing mark with no opening one is its
    counterpart."""
    opened: list[int] = []
    for at, char in enumerate(text):
        if char == opening:
            opened.append(at)
        elif char == closing:
            if opened:
                opened.pop()
            elif not (starts_inside or _DIALOGUE_DASH.search(text[:at]) or not _SENTENCE_END.search(text[:at])):
                return True  # closes, after the passage's first sentence, a quotation no dialogue explains
    return any(not _speech_opening(text, at) for at in opened)


def check_quotes(source: str, target: str, source_language: str, target_language: str) -> list[Failure]:
    """Quotation marks left open or closed without being opened, in the translation only."""
    # A passage that starts or ends inside a quotation (a speech running over several paragraphs) has an unbalanced
    # source too: its translation may close a quotation it never opened, and its straight quotes (which do not say
    # whether they open or close) are not judged; a quoted word opened in mid-sentence and never closed still is.
    inside = _open_quotation(source)
    # English quoting with single marks ('yes') uses the apostrophe's character (the girls' books, 'tis): whether
    # such a source leaves a quotation open cannot be told, and neither can whether the translation's straight
    # quotes, which stand for them, should balance.
    singles = _base(source_language) == "en" and bool(_SINGLE_QUOTE.search(source))
    failures = []
    if _unclosed_slip(target, "«", "»", inside):
        failures.append(Failure("quotes", gettext_noop("The quotation marks « » in the translation are not "
                                                       "balanced."), {}))  # fmt: skip
    if _unclosed_slip(target, "“", "”", inside):
        failures.append(Failure("quotes", gettext_noop("The quotation marks “ ” in the translation are not "
                                                       "balanced."), {}))  # fmt: skip
    if target.count('"') % 2 and not (inside or singles or _straight_dialogue(target)):
        failures.append(Failure("quotes", gettext_noop("The straight quotation marks \" in the translation are "
                                                       "not balanced."), {}))  # fmt: skip
    return failures


def _straight_dialogue(text: str) -> bool:
    """An odd number of straight quotes the dialogue convention explains: replies set off by dashes, or a speech
    opened at the start of the passage's first or last sentence."""
    if _DIALOGUE_DASH.search(text):
        return True
    first, last = text.find('"'), text.rfind('"')
    return _speech_opening(text, first) or _speech_opening(text, last)


def check_french_quotes(target: str, target_language: str) -> list[Failure]:
    """Straight quotes in French, where « » belong: typography rather than a slip, so a check of its own."""
    if _base(target_language) != "fr" or not target.count('"'):
        return []
    return [Failure("french-quotes", gettext_noop("The translation uses straight quotation marks \"…\" where "
                                                  "French uses « »."), {})]  # fmt: skip


def fix_quotes(target: str, target_language: str) -> str:
    """Straight quotes in pairs become « » with their no-break spaces (French only; an odd one is left alone)."""
    if _base(target_language) != "fr" or target.count('"') % 2:
        return target
    return _STRAIGHT_PAIR.sub(lambda m: f"«{NBSP}{m[1]}{NBSP}»", target)


# The places a French spacing rule does not apply: addresses (http://, ?query, mailto), times and ratios (10:30,
# 3:2), and "?!" where the second mark follows the first.
def _protected(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _URL.finditer(text)] + [m.span() for m in _EMAIL.finditer(text)]
    spans += [m.span() for m in re.finditer(r"\d:\d", text)]
    return spans


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in spans)


def spacing_faults(text: str) -> list[tuple[int, str]]:
    """Where French spacing is wrong: (offset of the mark, the mark) for ; : ! ? not preceded by a no-break space,
    « not followed by one and » not preceded by one."""
    protected = _protected(text)
    faults = []
    for at, char in enumerate(text):
        if _inside(at, protected):
            continue
        if char in ";:!?":
            before = text[at - 1] if at else ""
            if at == 0 or before in _FIXED_SPACES or before in "?!;:…\n":
                continue
            faults.append((at, char))
        elif char == "«" and (at + 1 >= len(text) or text[at + 1] not in _FIXED_SPACES):
            faults.append((at, char))
        elif char == "»" and (at == 0 or text[at - 1] not in _FIXED_SPACES):
            faults.append((at, char))
    return faults


def check_french_spacing(target: str, target_language: str) -> list[Failure]:
    if _base(target_language) != "fr":
        return []
    faults = spacing_faults(target)
    if not faults:
        return []
    at, mark = faults[0]
    context = target[max(0, at - 15):at + 15].strip()
    return [Failure("french-spacing", gettext_noop("A no-break space is missing at “%(mark)s” in “…%(context)s…” "
                                                   "(%(count)s place(s) in all)."),
                    {"mark": mark, "context": context, "count": str(len(faults))})]  # fmt: skip


def fix_french_spacing(target: str, target_language: str) -> str:
    """Each fault mended: an ordinary space there becomes a no-break one, a missing one is put in."""
    if _base(target_language) != "fr":
        return target
    chars = list(target)
    for at, mark in reversed(spacing_faults(target)):
        if mark == "«":
            if at + 1 < len(chars) and chars[at + 1] == " ":
                chars[at + 1] = NBSP
            else:
                chars.insert(at + 1, NBSP)
        elif at > 0 and chars[at - 1] == " ":
            chars[at - 1] = NBSP
        else:
            chars.insert(at, NBSP)
    return "".join(chars)


_END = re.compile(r"[\s.…?!:;»”’\"')\]]*$")
_END_MARKS = {".": ".", "…": "…", "?": "?", "!": "!", ":": ":", ";": ";"}


def end_marks(text: str) -> str:
    """The sentence-ending marks in the run of punctuation, quotes and brackets that ends the text ("." for
    “yes.” as for « oui »., "…" for "...")."""
    tail = _END.search(text.replace("...", "…"))
    run = tail[0] if tail else ""
    return "".join(dict.fromkeys(c for c in run if c in _END_MARKS))


def check_end_punctuation(source: str, target: str) -> list[Failure]:
    source_end, target_end = end_marks(source.strip()), end_marks(target.strip())
    if source_end == target_end:
        return []
    return [Failure("end-punctuation", gettext_noop("The source ends with “%(source_end)s” and the translation with "
                                                    "“%(target_end)s”."),
                    {"source_end": source_end or "—", "target_end": target_end or "—"})]  # fmt: skip


_DOUBLE = re.compile(r"[ \u00a0\u202f]{2,}")


def check_double_space(target: str) -> list[Failure]:
    match = _DOUBLE.search(target)
    if not match:
        return []
    context = target[max(0, match.start() - 15):match.end() + 15].strip()
    return [Failure("double-space", gettext_noop("The translation has a double space in “…%(context)s…”."),
                    {"context": context})]  # fmt: skip


def fix_double_space(target: str) -> str:
    """A run of spaces becomes one: the no-break one if the run has one (it is there for a reason)."""
    def one(match: re.Match[str]) -> str:
        run = match[0]
        return NNBSP if NNBSP in run else NBSP if NBSP in run else " "
    return _DOUBLE.sub(one, target)
