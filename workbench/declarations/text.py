"""What a stored passage text is: the one normalisation every write applies (issue 21).

Browsers send textarea text with CRLF line ends, word processors paste zero-width spaces, soft hyphens and byte
order marks, and the same accented letter can arrive composed or decomposed. None of these is visible to a reader,
yet each made a PO entry end in "\\r\\n", an edition differ from its source, or a save of an unchanged text count as
a change (and gettext refuses entries whose msgid and msgstr disagree on a final newline). So a text is stored
in one form: NFC, "\\n" line ends, no invisible format characters, no trailing spaces
on a line, at most one blank line between paragraphs, nothing around it. The no-break spaces of French typography
and the joiners some scripts need (U+200C, U+200D) are kept: they are not invisible to a reader of those texts.
"""
from __future__ import annotations

import re
import unicodedata

# CRLF, lone CR, NEL, and the Unicode line and paragraph separators all mean "new line".
LINE_ENDS = re.compile("\r\n|[\r\u0085\u2028\u2029]")
# Zero-width space, word joiner, soft hyphen, byte order mark / zero-width no-break space, left-to-right and
# right-to-left marks pasted from the web: invisible, and never intended in a paragraph of an official text.
INVISIBLE = re.compile("[\u200b\u2060\u00ad\ufeff\u200e\u200f]")
TRAILING_SPACE = re.compile("[ \t]+\n")
BLANK_LINES = re.compile("\n{3,}")


def normalise_text(text: str) -> str:
    """The stored form of a passage text (see the module docstring). Idempotent."""
    text = unicodedata.normalize("NFC", text)
    text = LINE_ENDS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    text = TRAILING_SPACE.sub("\n", text)
    return BLANK_LINES.sub("\n\n", text).strip()
