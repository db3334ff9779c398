"""The discussion of a passage in one language (issue 25): one thread per passage × language, its comments, and
the people each comment mentions.

One thread row per passage × language, resolved and reopened in place, rather than a new thread each time: the
discussion of a passage is one conversation whose earlier turns stay in context when it starts again, the history
page lists it in one piece, and a plain unique constraint (no partial index) keeps two people who write at once
from opening two threads. Resolving and reopening are kept as entries of the thread (Comment.kind), so the thread
row holds only the current state and nothing of its past is lost."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbench.declarations.models import Passage, Revision

# A comment is a remark, not a document: the limit keeps a stray paste out of the history, where it would stay.
MAX_COMMENT_CHARS = 4000


class Thread(models.Model):
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="+", verbose_name=_("passage"))
    language = models.CharField(_("language"), max_length=12)
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("resolved by"))  # fmt: skip

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [models.UniqueConstraint(fields=["passage", "language"], name="discussion_one_thread")]
        # The editor asks for the open threads of one language's passages.
        indexes = [models.Index(fields=["language", "passage"])]

    def __str__(self) -> str:
        return f"{self.passage_id} {self.language}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Kind(models.TextChoices):
    COMMENT = "comment", _("comment")
    RESOLVED = "resolved", _("resolved")
    REOPENED = "reopened", _("reopened")


class Comment(models.Model):
    """One entry of a thread: a comment (plain text, shown escaped), or the thread being resolved or reopened."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments",
                               verbose_name=_("discussion"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMMENT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))  # fmt: skip
    text = models.TextField(_("text"), max_length=MAX_COMMENT_CHARS, blank=True)
    # The send-back this comment was the reason of (desk/workflow.py): the history shows it on that revision.
    sent_back = models.ForeignKey(Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("send-back"))  # fmt: skip
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} in {self.thread_id}"

    @property
    def author_name(self) -> str:
        return self.author.get_username() if self.author else ""


class Mention(models.Model):
    """An @name in a comment naming someone who holds the thread's language (mentions.mentions_in). A model of its
    own rather than a ManyToManyField so the backup archive, which reads concrete columns, keeps it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions",
                                verbose_name=_("comment"))  # fmt: skip
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("person"))  # fmt: skip

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="discussion_one_mention")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.comment_id}"
