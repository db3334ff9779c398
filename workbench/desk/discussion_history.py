"""A passage's discussion as the desk shows it (issue 25): comments with their mentions marked, and the thread's
entries placed among the revisions of the passage's history."""

from __future__ import annotations

import datetime
import heapq
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from workbench.declarations.models import Passage
from workbench.discussion.mentions import pieces
from workbench.discussion.models import Comment
from workbench.discussion.threads import entries_of


def comment_html(comment: Comment) -> SafeString:
    """The comment's text escaped, with the @names it mentions (people holding the language) marked; any other
    @name is left as the text it is."""
    mentioned = {mention.user.get_username() for mention in comment.mentions.all()}
    parts = [format_html('<mark class="mention">{}</mark>', piece) if is_mention else escape(piece)
             for piece, is_mention in pieces(comment.text, mentioned)]  # fmt: skip
    return mark_safe("".join(parts))  # every piece was escaped just above


def shown(comments: list[Comment]) -> list[dict[str, Any]]:
    return [{"comment": comment, "html": comment_html(comment)} for comment in comments]


def merge_comments(entries: list[dict[str, Any]], passage: Passage, language: str) -> list[dict[str, Any]]:
    """`entries` (revisions and overrides, oldest first) with the discussion's entries placed by date. A send-back's
    reason is shown on its revision already, so its copy in the thread is not listed twice."""
    comments = shown([c for c in entries_of(passage, language) if c.sent_back_id is None])
    return list(heapq.merge(entries, comments, key=_when))


def _when(entry: dict[str, Any]) -> datetime.datetime:
    for name in ("revision", "override", "comment"):
        if name in entry:
            return entry[name].created_at
    raise KeyError("an entry of the history without a date")
