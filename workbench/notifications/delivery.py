"""Making notices and mailing them (issue 25).

`notify_many` writes any number of notices in one statement (executemany, whatever their number, so the daily sweep
costs the same few queries at 10 tasks or 20,000) and skips the ones already made for the same event (a unique
`dedupe` per person and kind: the database refuses the repeat, so two sweeps at once cannot both make it). Notices
a person wants at once are mailed when the transaction commits, so a write that is rolled back mails nothing; a
person told several things at once gets one mail listing them. The words are written in the recipient's language
(Recipient, else settings.LANGUAGE_CODE).
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from workbench.notifications.models import Mode, Notification, Preference, Recipient
from workbench.notifications.texts import describe, subject

# A mail lists this many notices at most (a coordinator assigning 2,000 declarations at once would otherwise send
# a mail of 4,000 lines); the rest wait in the inbox, which the mail links to.
LISTED = 50


@dataclass(frozen=True)
class Notice:
    """One notice to make: for whom (a user id), what kind, what the message needs, where it leads."""

    user_id: int
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    dedupe: str = ""


def modes(user_ids: Iterable[int] | None = None) -> dict[tuple[int, str], str]:
    """The mode each (person, kind) chose; a pair missing from the answer is Mode.IMMEDIATE. With no user ids,
    every stored choice (rows exist only for what people changed, so there are few)."""
    rows = Preference.objects.all() if user_ids is None else Preference.objects.filter(user_id__in=set(user_ids))
    return {(user_id, kind): mode for user_id, kind, mode in rows.values_list("user_id", "kind", "mode")}


def languages(user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's mail language; settings.LANGUAGE_CODE for those who chose none."""
    chosen = dict(Recipient.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "language"))
    return defaultdict(lambda: settings.LANGUAGE_CODE, chosen)


def absolute(url: str) -> str:
    """A link for a mail: SITE_URL (from the environment) and the notice's path."""
    return settings.SITE_URL + url if url.startswith("/") else url


def notify_many(notices: Sequence[Notice], *, preferences: dict[tuple[int, str], str] | None = None) -> int:
    """Make the notices (those whose event was told before are skipped) and mail the immediate ones once the
    transaction commits; return how many were made. `preferences` may be given by a caller that read them for
    many people at once (modes())."""
    if not notices:
        return 0
    chosen = modes(n.user_id for n in notices) if preferences is None else preferences
    moment = timezone.now()
    params_field = Notification._meta.get_field("params")
    rows = [(n.user_id, str(n.kind), params_field.get_db_prep_value(n.params, connection), n.url[:500],
             n.dedupe[:200], chosen.get((n.user_id, str(n.kind)), Mode.IMMEDIATE),
             connection.ops.adapt_datetimefield_value(moment)) for n in notices]  # fmt: skip
    quote = connection.ops.quote_name
    names = ["user_id", "kind", "params", "url", "dedupe", "delivery", "created_at"]
    # ON CONFLICT DO NOTHING (SQLite and PostgreSQL) without a target: the partial unique index on (user, kind,
    # dedupe) is what refuses a repeat, and only notices with a dedupe key can meet it.
    insert = (f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(quote(n) for n in names)}) "
              f"VALUES ({', '.join(['%s'] * len(names))}) ON CONFLICT DO NOTHING")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(insert, rows)
        made = max(cursor.rowcount, 0)
    if any(row[5] == Mode.IMMEDIATE for row in rows):
        transaction.on_commit(lambda: deliver(Q(created_at=moment)), robust=True)
    return made


def deliver(which: Q) -> int:
    """Mail the immediate notices matching `which` that are not mailed yet, one mail per person (a few queries
    whatever their number); return how many mails were sent. Called after the commit that made them."""
    pending = (Notification.objects.filter(which, delivery=Mode.IMMEDIATE, emailed_at__isnull=True)
               .exclude(user__email="").order_by("user_id", "created_at", "pk"))  # fmt: skip
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notice in pending:
        by_user[notice.user_id].append(notice)
    if not by_user:
        return 0
    sent = send_mails(by_user, digest=False)
    last = max(notice.pk for notices in by_user.values() for notice in notices)
    pending.filter(pk__lte=last).update(emailed_at=timezone.now())
    return sent


def send_mails(by_user: dict[int, list[Notification]], *, digest: bool) -> int:
    """One mail per person, written in their language, sent over one connection."""
    people = get_user_model().objects.in_bulk(list(by_user))
    spoken = languages(by_user)
    messages = []
    for user_id, notices in by_user.items():
        with translation.override(spoken[user_id]):
            title, body = compose(notices, digest=digest)
        messages.append(EmailMessage(title, body, settings.DEFAULT_FROM_EMAIL, [people[user_id].email]))
    with mailers.default as mailer:
        return mailer.send_messages(messages) or 0


def compose(notices: Sequence[Notification], *, digest: bool = False) -> tuple[str, str]:
    """The subject and plain-text body of a mail telling one person these notices, in the active language."""
    if len(notices) == 1 and not digest:
        notice = notices[0]
        lines = [describe(notice.kind, notice.params), "", absolute(notice.url)]
        title = subject(notice.kind, notice.params)
    else:
        if digest:
            title = ngettext("Your daily digest: %(count)s notice", "Your daily digest: %(count)s notices",
                             len(notices)) % {"count": len(notices)}  # fmt: skip
        else:
            title = ngettext("%(count)s new notice", "%(count)s new notices", len(notices)) % {"count": len(notices)}
        lines = []
        for notice in notices[:LISTED]:
            lines += [f"- {describe(notice.kind, notice.params)}", f"  {absolute(notice.url)}"]
        if len(notices) > LISTED:
            more = len(notices) - LISTED
            lines += ["", ngettext("And %(count)s more in your inbox.", "And %(count)s more in your inbox.", more)
                      % {"count": more}]  # fmt: skip
    lines += ["", gettext("All your notices, and how you want them mailed: %(inbox)s")
              % {"inbox": absolute(reverse("desk:inbox"))}]  # fmt: skip
    return title, "\n".join(lines) + "\n"


def digest_day_end(today: datetime.date) -> datetime.datetime:
    """The first moment after `today` in the workbench's time zone: a digest takes what was made before it."""
    start = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start)
