"""Reading the entries of a PO file that msgfmt has already accepted.

polib reads PO files well but slowly (about 14 s for a whole language of 100,000 entries, most of an import's
budget). Once gettext's own msgfmt has checked the syntax, the structure is known to be sound, and this reader only
has to collect each entry's context, ids, string and flags. tests/exchange/test_poreader.py checks that it reads
exactly what polib reads, on generated files full of escapes and on what tools write.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")


def unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0].isdigit():
            return chr(int(code, 8))
        return ESCAPES.get(code, code)

    return ESCAPE.sub(replace, text)


@dataclass
class RawEntry:
    line: int = 0  # where the entry's msgctxt (or msgid) is
    msgctxt: str | None = None
    msgid: str | None = None
    msgstr: str = ""
    plural: bool = False
    obsolete: bool = False
    flags: list[str] = field(default_factory=list)


BLANKS = " \t\r"


def quoted(text: str) -> str:
    """The content of one "…" string on a line, unescaped."""
    text = text.strip(BLANKS)
    return unescape(text[1:-1]) if len(text) >= 2 and text[0] == '"' and text[-1] == '"' else ""


def read_entries(text: str) -> list[RawEntry]:
    entries: list[RawEntry] = []
    entry = RawEntry()
    current = ""  # the keyword continuation lines belong to

    def finish() -> None:
        nonlocal entry, current
        if entry.msgid is not None and not entry.obsolete:
            entries.append(entry)
        entry, current = RawEntry(), ""

    # Only "\n" ends a line in a PO file; str.splitlines() would also split on characters like U+001E or U+2028,
    # which may legitimately sit inside a string. The same goes for strip(): only blanks around a line are noise.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(BLANKS)
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if current == "msgstr":
                finish()  # a comment after a msgstr starts the next entry even without a blank line
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
            continue
        if line[0] == '"':
            value = quoted(line)
            if current == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif current == "msgid":
                entry.msgid = (entry.msgid or "") + value
            elif current == "msgstr":
                entry.msgstr += value
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and current == "msgstr":
            finish()
        if keyword == "msgctxt":
            entry.line, entry.msgctxt, current = number, quoted(rest), "msgctxt"
        elif keyword == "msgid":
            entry.line = entry.line or number
            entry.msgid, current = quoted(rest), "msgid"
        elif keyword == "msgid_plural":
            entry.plural, current = True, "plural"
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            # Only the first form of a plural entry is kept; plural entries are refused by the caller anyway.
            if keyword in ("msgstr", "msgstr[0]"):
                entry.msgstr = quoted(rest)
            current = "msgstr" if keyword in ("msgstr", "msgstr[0]") else "other"
    finish()
    return entries


def header_fields(entries: list[RawEntry]) -> dict[str, str]:
    """The header's "Name: value" fields (the entry with an empty msgid and no context)."""
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            fields = {}
            for line in entry.msgstr.split("\n"):
                name, separator, value = line.partition(":")
                if separator:
                    fields[name.strip()] = value.strip()
            return fields
    return {}
