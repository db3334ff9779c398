"""`@name` in a comment: who it mentions, and the comment cut into plain text and mentions for showing it.

Only people who hold the thread's language are mentioned (its translators and reviewers, coordinators, who hold
every language, and superusers, as access.has_right decides for Right.WORK): a mention tells someone to look, and
pointing someone at a passage they may not open would be noise, or a leak of the discussion's existence. Any other
@name stays plain text."""
from __future__ import annotations

import re
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from workbench.declarations.models import Role

# Django's usernames are letters, digits and @ . + - _. Not after a name character, so an e-mail address is not a
# mention; a dot only inside the name, so "@ann." at the end of a sentence mentions "ann".
MENTION = re.compile(r"(?<![\w.@+-])@((?:[\w@+-]|\.(?=[\w@+-]))+)")


def names_in(text: str) -> list[str]:
    """Every @name in the text, in order, each once."""
    return list(dict.fromkeys(match.group(1) for match in MENTION.finditer(text)))


def holders_of(language: str) -> Q:
    """The people who may open the editor in `language`, as a filter on users."""
    working = Q(assignments__language=language, assignments__role__in=[Role.TRANSLATOR, Role.REVIEWER])
    return Q(is_superuser=True) | Q(assignments__role=Role.COORDINATOR) | working


def mentions_in(text: str, language: str) -> list[AbstractBaseUser]:
    """The people the text mentions who hold `language`, in the order they are first named."""
    names = names_in(text)
    if not names:
        return []
    users = get_user_model().objects.filter(holders_of(language), is_active=True, username__in=names).distinct()
    found = {user.get_username(): user for user in users}
    return [found[name] for name in names if name in found]


def pieces(text: str, mentioned: set[str]) -> Iterator[tuple[str, bool]]:
    """The text as (piece, is_mention) in order: a piece is "@name" for a name in `mentioned`, plain text otherwise,
    so a screen can escape each piece and mark the mentions."""
    start = 0
    for match in MENTION.finditer(text):
        if match.group(1) not in mentioned:
            continue
        if match.start() > start:
            yield text[start : match.start()], False
        yield match.group(0), True
        start = match.end()
    if start < len(text):
        yield text[start:], False
