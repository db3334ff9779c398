"""A passage text for readers: paragraphs and line breaks as Django's linebreaks filter makes them, and the inline
tags of documents (declarations/inline.py) as safe HTML from a fixed allow-list; everything else escaped."""
from __future__ import annotations

import re
from collections.abc import Mapping

from django import template
from django.utils.safestring import SafeString, mark_safe

from workbench.declarations.inline import to_html

register = template.Library()
_PARAGRAPHS = re.compile(r"\n{2,}")


@register.filter
def passage_html(text: str, footnotes: Mapping[str, str] | None = None) -> SafeString:
    """`footnotes` (number → passage key, Edition.footnotes) makes each footnote reference a link to its footnote."""
    parts = [part for part in _PARAGRAPHS.split(str(text or "")) if part.strip()]
    # to_html escapes every character of the text, so the only markup here is what it writes and the <p>/<br>.
    return mark_safe("\n\n".join(f"<p>{to_html(part, footnotes=footnotes or None).replace(chr(10), '<br>')}</p>"
                                   for part in parts))  # noqa: S308
