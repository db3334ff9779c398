"""What the workbench tells people (issue 25): a notice per event in the person's inbox, and how each person wants
each kind mailed (at once, in a daily digest, or not at all). The content model knows nothing of it; events.py
decides who is told, delivery.py mails, sweep.py runs the daily work."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("work assigned to me")
    SENT_BACK = "sent-back", _("my translation sent back")
    MENTION = "mention", _("mentioned in a comment")
    STALE = "stale", _("my translation went stale")
    DUE_SOON = "due-soon", _("a deadline in two days")
    OVERDUE = "overdue", _("a deadline passed")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("at once by e-mail")
    DIGEST = "digest", _("in a daily digest")
    # The notice still waits in the inbox: "off" stops the mail, not the record of what happened.
    OFF = "off", _("inbox only")


class Notification(models.Model):
    """One thing one person is told. `params` hold what the message needs (declaration slug and title, language,
    passage number and key, who did it…), so the text is written in the reader's language when it is shown or
    mailed, never stored in one. `dedupe` names the event for the notices that must never be repeated (a deadline
    notice per task and due date); blank for the others."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("person"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    dedupe = models.CharField(_("event"), max_length=200, blank=True, default="")
    # How it was to be mailed when it was made: the digest collects the "digest" ones not mailed yet.
    delivery = models.CharField(_("delivery"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "dedupe"], condition=~models.Q(dedupe=""),
                                               name="one_notice_per_event")]  # fmt: skip
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["delivery", "emailed_at"]),
                   models.Index(fields=["user", "-created_at"])]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.created_at:%Y-%m-%d}"


class Preference(models.Model):
    """How a person wants one kind of notice mailed; no row means at once (Mode.IMMEDIATE)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("person"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mode}"


class Recipient(models.Model):
    """The language a person's mail is written in. The interface language is otherwise only the browser's choice
    (a cookie), which a mail sent by the worker at night cannot see; no row means settings.LANGUAGE_CODE."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("person"))  # fmt: skip
    language = models.CharField(_("language of my e-mails"), max_length=12, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("mail language")
        verbose_name_plural = _("mail languages")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class Digest(models.Model):
    """The daily digest mailed to one person on one day: the row is taken before the mail is sent, so running the
    digest twice (or two workers at once) mails each person at most once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("person"))  # fmt: skip
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("notifications"), default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
