"""The content model: declarations, their passages in every language, and the history of every change.

Per-language fields (title, organisation, topic, category on Declaration; text, state, basis on Passage) are
registered in translation.py, so each gets one column per configured language (`text_en`, `text_fr`, …).
Code reads and writes those columns through `languages.column()` and the accessors below; it never names them.
"""
from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbench.declarations.inline import strip_tags
from workbench.declarations.languages import column, language_codes
from workbench.declarations.text import normalise_text


class State(models.IntegerChoices):
    # Gaps between values leave room for states added later without renumbering (Weblate does the same).
    MISSING = 0, pgettext_lazy("translation state", "missing")
    DRAFT = 10, pgettext_lazy("translation state", "draft")
    TRANSLATED = 20, pgettext_lazy("translation state", "translated")
    APPROVED = 30, pgettext_lazy("translation state", "approved")


class Kind(models.TextChoices):
    NEWS_RELEASE = "news-release", _("news release")
    SPEECH = "speech", _("speech")
    DECLARATION = "declaration", _("declaration")


class Action(models.TextChoices):
    CREATED = "created", pgettext_lazy("revision action", "created")
    EDITED = "edited", pgettext_lazy("revision action", "edited")
    MARKED_TRANSLATED = "translated", pgettext_lazy("revision action", "marked translated")
    APPROVED = "approved", pgettext_lazy("revision action", "approved")
    SENT_BACK = "sent-back", pgettext_lazy("revision action", "sent back")
    IMPORTED = "imported", pgettext_lazy("revision action", "imported")
    ALIGNED = "aligned", pgettext_lazy("revision action", "aligned")
    RESTORED = "restored", pgettext_lazy("revision action", "restored")
    CONFLICT = "conflict", pgettext_lazy("revision action", "conflict")
    SOURCE_CHANGED = "source-changed", pgettext_lazy("revision action", "source changed")
    KEPT_CURRENT = "kept-current", pgettext_lazy("revision action", "kept current after a minor source change")
    MERGED = "merged", pgettext_lazy("revision action", "merged")
    NORMALISED = "normalised", pgettext_lazy("revision action", "invisible characters normalised")
    # A coordinator filled missing passages with 100% matches of the translation memory (issue 22): a draft.
    FILLED_FROM_MEMORY = "filled", pgettext_lazy("revision action", "filled from memory")
    # A new version of the source left the paragraph out (issue 24): the passage leaves the current text.
    RETIRED = "retired", pgettext_lazy("revision action", "removed from the current text")


def digest(text: str) -> str:
    """A fingerprint of a source text; a translation's basis is the digest of the source it answers.

    The text is taken in its stored form (text.normalise_text: NFC, "\n" line ends, no invisible characters, no
    outer whitespace), so invisible differences never make a translation stale.
    """
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:32]


def count_words(text: str) -> int:
    """Words as translators count them: runs of characters between spaces (the unit progress is measured in), inline
    tags left out."""
    return len(strip_tags(text).split())


def new_key() -> str:
    """A short random token naming a passage from outside (PO msgctxt, XLIFF id, URL anchors)."""
    return secrets.token_hex(5)


class Progress(models.TextChoices):
    """Where one passage stands in one language; stale outranks the stored state (it needs work whatever it was)."""

    APPROVED = "approved", pgettext_lazy("progress", "approved")
    TRANSLATED = "translated", pgettext_lazy("progress", "translated")
    DRAFT = "draft", pgettext_lazy("progress", "draft")
    STALE = "stale", pgettext_lazy("progress", "stale")
    MISSING = "missing", pgettext_lazy("progress", "missing")


def current_condition(prefix: str = "") -> models.Q:
    """Passages that are part of their declaration's current text: not merged into another (alignment review), not
    retired by a new version of the source (documents). Both keep their history; every ordinary query leaves them
    out."""
    return models.Q(**{f"{prefix}merged_into__isnull": True, f"{prefix}retired_at__isnull": True})


def translation_conditions(language: str, prefix: str = "") -> dict[Progress, models.Q]:
    """progress_conditions() for passages of declarations *not* written in `language`, which the caller ensures.

    Without the test on the declaration's source language they need no join to the declaration, so a filter on a
    declaration's passages (an EXISTS or a correlated sum per declaration) stays on the passage table: twice as fast
    on 10,000 declarations.
    """
    state = prefix + column("state", language)
    basis = prefix + column("basis", language)
    source_digest = models.F(prefix + "source_digest")
    kept = current_condition(prefix)
    present = kept & models.Q(**{f"{state}__gt": State.MISSING})
    current = present & models.Q(**{basis: source_digest})
    return {
        Progress.APPROVED: current & models.Q(**{state: State.APPROVED}),
        Progress.TRANSLATED: current & models.Q(**{state: State.TRANSLATED}),
        Progress.DRAFT: current & models.Q(**{state: State.DRAFT}),
        Progress.STALE: present & ~models.Q(**{basis: source_digest}),
        Progress.MISSING: kept & (models.Q(**{state: State.MISSING}) | models.Q(**{f"{state}__isnull": True})),
    }


def progress_conditions(language: str, prefix: str = "") -> dict[Progress, models.Q]:
    """Mutually exclusive conditions on passages, one per Progress bucket, for counting in the database.

    `prefix` reaches passages through a relation ("passages__" from Declaration). A passage whose declaration is
    written in `language` counts as approved source text.
    """
    kept = current_condition(prefix)
    is_source = models.Q(**{f"{prefix}declaration__source_language": language})
    translated = translation_conditions(language, prefix)
    conditions = {bucket: ~is_source & condition for bucket, condition in translated.items()}
    conditions[Progress.APPROVED] = (kept & is_source) | conditions[Progress.APPROVED]
    return conditions


def progress_aggregates(language: str, prefix: str = "") -> dict[str, models.Aggregate]:
    """Count and word-sum expressions per bucket, named "<language>_<bucket>_passages" / "…_words"."""
    aggregates: dict[str, models.Aggregate] = {}
    for bucket, condition in progress_conditions(language, prefix).items():
        aggregates[f"{language}_{bucket.value}_passages"] = models.Count(prefix + "pk", filter=condition)
        aggregates[f"{language}_{bucket.value}_words"] = models.Sum(
            prefix + "source_words", filter=condition, default=0
        )
    return aggregates


class Declaration(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    source_language = models.CharField(_("source language"), max_length=12, choices=settings.LANGUAGES)
    issued_on = models.DateField(_("date issued"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECLARATION)
    reference = models.PositiveIntegerField(
        _("digest reference"), null=True, blank=True, help_text=_("The footnote number in the digest, e.g. 63.")
    )
    # Per-language through translation.py.
    title = models.CharField(_("title"), max_length=400, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-issued_on", "slug"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")

    def __str__(self) -> str:
        return self.title_in(self.source_language) or self.slug

    def title_in(self, language: str) -> str:
        return getattr(self, column("title", language)) or ""

    def target_languages(self) -> list[str]:
        return [code for code in language_codes() if code != self.source_language]

    def reported_language_codes(self) -> list[str]:
        return [version.language for version in self.reported_versions.all()]


class ReportedVersion(models.Model):
    """A language version the source says exists ("(Available in French)"), whether or not we have it yet."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="reported_versions", verbose_name=_("declaration")
    )
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    note = models.CharField(_("note at the source"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "language"], name="one_report_per_language"),
        ]
        verbose_name = _("version reported at the source")
        verbose_name_plural = _("versions reported at the source")

    def __str__(self) -> str:
        return f"{self.declaration.slug} [{self.language}]"


class PassageQuerySet(models.QuerySet["Passage"]):
    def current(self) -> PassageQuerySet:
        """Passages that are part of their declaration's current text (current_condition)."""
        return self.filter(current_condition())

    def progress(self, language: str) -> dict[str, int]:
        """Passages and source words per Progress bucket in `language`, in one query."""
        return self.aggregate(**progress_aggregates(language))


class CurrentPassageManager(models.Manager.from_queryset(PassageQuerySet)):  # type: ignore[misc]
    """The default manager (and so `declaration.passages`): merged and retired passages are gone from every screen
    and count."""

    def get_queryset(self) -> PassageQuerySet:
        return super().get_queryset().current()


class Passage(models.Model):
    """One aligned unit of a declaration: a source paragraph and its counterpart in every language."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="passages", verbose_name=_("declaration")
    )
    position = models.PositiveIntegerField(_("position"))
    key = models.CharField(_("key"), max_length=16, unique=True, default=new_key, editable=False)
    # Per-language through translation.py: text, state, basis.
    text = models.TextField(_("text"), blank=True)
    state = models.PositiveSmallIntegerField(_("state"), choices=State.choices, default=State.MISSING)
    basis = models.CharField(_("basis"), max_length=64, blank=True, editable=False)
    # The digest of the current source text, kept beside it so "stale" (basis != source_digest) can be
    # computed in the database for many passages at once.
    source_digest = models.CharField(_("source digest"), max_length=64, blank=True, editable=False)
    # Kept beside the source text for the same reason: progress in words is summed in the database.
    source_words = models.PositiveIntegerField(_("source words"), default=0, editable=False)
    # Set when an accepted alignment merged this passage into another: it leaves its declaration but keeps its
    # history (revisions are never deleted), and every ordinary query stops seeing it.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="absorbed", editable=False,
        verbose_name=_("merged into"),
    )  # fmt: skip
    # A passage that is a footnote of its declaration carries the footnote's number (as its text's references write
    # it, <fn n="3"/>): readers follow a reference to it, and an edition keeps the number beside the text.
    footnote = models.CharField(_("footnote number"), max_length=20, blank=True, db_default="")
    # Set when a new version of the source document no longer has this paragraph: the same, for a removal.
    retired_at = models.DateTimeField(_("removed from the current text"), null=True, blank=True, editable=False)
    # When the source last changed: the time of the passage's newest revision in its declaration's language, kept
    # by the write functions (changes.py) so the progress page dates every stale translation without looking up a
    # revision for each (issue 26); summary.fill_source_changes() sets it from the history.
    source_changed_at = models.DateTimeField(_("source last changed"), null=True, blank=True, editable=False)

    objects = CurrentPassageManager()
    all_objects = PassageQuerySet.as_manager()

    class Meta:
        base_manager_name = "all_objects"  # revisions of merged passages still reach their passage
        ordering = ["declaration", "position", "pk"]
        indexes = [
            # The passages of a declaration in order, and everything progress_conditions() reads, so that the
            # progress page's scan for stale translations reads the index alone instead of every passage's texts
            # (issue 26: 128 → 63 ms at 10,000 declarations). A language added to settings adds its columns here.
            models.Index(
                fields=["declaration", "position", "merged_into", "retired_at", "source_digest", "source_changed_at",
                        *[column(name, code) for code in language_codes() for name in ("state", "basis")]],
                name="passage_progress_idx",
            ),
        ]  # fmt: skip
        verbose_name = _("passage")
        verbose_name_plural = _("passages")

    def __str__(self) -> str:
        return f"{self.declaration.slug} §{self.number} ({self.key})"

    @property
    def number(self) -> int:
        """The passage's number in its declaration, counted from 1 as every screen and export shows it. Positions
        of current passages are kept 0, 1, 2… without gaps (changes.renumber), so this needs no query."""
        return self.position + 1

    @property
    def source_language(self) -> str:
        return self.declaration.source_language

    def text_in(self, language: str) -> str:
        return getattr(self, column("text", language)) or ""

    def state_in(self, language: str) -> State:
        return State(getattr(self, column("state", language)) or State.MISSING)

    def basis_in(self, language: str) -> str:
        return getattr(self, column("basis", language)) or ""

    @property
    def source_text(self) -> str:
        return self.text_in(self.source_language)

    def progress_in(self, language: str) -> Progress:
        """The same bucket progress_conditions() counts this passage in, for one row."""
        if language == self.source_language:
            return Progress.APPROVED
        state = self.state_in(language)
        if state == State.MISSING:
            return Progress.MISSING
        if self.is_stale(language):
            return Progress.STALE
        return {State.DRAFT: Progress.DRAFT, State.TRANSLATED: Progress.TRANSLATED}.get(state, Progress.APPROVED)

    def is_stale(self, language: str) -> bool:
        """A translation is stale when the source changed after it was written (it answers an older source)."""
        if language == self.source_language or self.state_in(language) == State.MISSING:
            return False
        return self.basis_in(language) != self.source_digest


class ProgressSummary(models.Model):
    """A declaration's progress in one target language, per Progress bucket: the count of its current passages and
    their source words, exactly what progress_aggregates() counts from the passages.

    Derived data the write functions keep (summary.refresh, called by every function of changes.py in the write's
    own transaction), so whole-corpus figures (the progress page's totals, filters and sorts) read one row per
    declaration and language instead of counting 300,000 passages. A declaration has a row for each language it is
    not written in, once it has a current passage; none for its own language (its source counts as approved
    everywhere, which no figure that reads this table wants). `manage.py rebuild_progress_summary` recounts it all.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="progress_summary",
                                    verbose_name=_("declaration"))  # fmt: skip
    language = models.CharField(_("language"), max_length=12)
    approved_passages = models.PositiveIntegerField(default=0)
    approved_words = models.PositiveIntegerField(default=0)
    translated_passages = models.PositiveIntegerField(default=0)
    translated_words = models.PositiveIntegerField(default=0)
    draft_passages = models.PositiveIntegerField(default=0)
    draft_words = models.PositiveIntegerField(default=0)
    stale_passages = models.PositiveIntegerField(default=0)
    stale_words = models.PositiveIntegerField(default=0)
    missing_passages = models.PositiveIntegerField(default=0)
    missing_words = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "language"], name="one_progress_summary_per_language"),
        ]
        verbose_name = _("progress summary")
        verbose_name_plural = _("progress summaries")

    def __str__(self) -> str:
        return f"{self.declaration_id} [{self.language}]"


class ApprovedWords(models.Model):
    """Source words a month added to or took away from those approved in one language, for one declaration: what
    approved_words.replay() counts from the revision history, kept by the write functions (approved_words.py)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="approved_words",
                                    verbose_name=_("declaration"))  # fmt: skip
    language = models.CharField(_("language"), max_length=12)
    month = models.CharField(_("month"), max_length=7)  # "2004-06", in UTC like the chart
    words = models.IntegerField(_("words"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "language", "month"], name="one_approved_words_per_month"),
        ]
        verbose_name = _("approved words in a month")
        verbose_name_plural = _("approved words by month")

    def __str__(self) -> str:
        return f"{self.declaration_id} [{self.language}] {self.month}: {self.words:+}"


def summary_fields() -> list[str]:
    """The figure columns of ProgressSummary, "<bucket>_passages" and "<bucket>_words" for every bucket."""
    return [f"{bucket.value}_{unit}" for bucket in Progress for unit in ("passages", "words")]


class WriteOnceQuerySet(models.QuerySet[Any]):
    """Rows written once (history, published editions): bulk updates and deletes are refused like single ones."""

    refusal = "These rows are written once"

    def update(self, **kwargs: Any) -> int:
        raise TypeError(f"{self.refusal}: they cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self.refusal}: they cannot be deleted.")


class WriteOnceModel(models.Model):
    """A row that, once saved, is never changed or deleted; `refusal` says why in the error."""

    refusal = "These rows are written once"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError(f"{self.refusal}: an existing one cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self.refusal}: they cannot be deleted.")


# Revision.warnings codes and what they say: numbers, years and footnote markers that survive translation unchanged,
# found on one side of an accepted alignment only (the review showed them on its row).
WARNING_MESSAGES = {
    "only-source": _("only in the source: %(marks)s"),
    "only-target": _("only in the translation: %(marks)s"),
}


# Revision.notes codes: what the workbench itself says about a change (where it came from, what it merged), stored as
# codes and shown in the reader's language; `comment` is only ever what a person typed.
NOTE_MESSAGES = {
    "alignment-review": _("from alignment review %(review)s"),
    "merged": _("merged passages %(passages)s"),
    "merged-into": _("merged into passage %(passage)s"),
    "seed-file": _("from the seed file %(file)s"),
    "admin": _("edited in the admin"),
    "file-import": _("imported from a %(format)s file"),
    "document": _("from the document %(file)s"),
    "document-version": _("from the new version %(file)s"),
    "document-version-removed": _("left out of the new version %(file)s"),
}


class RevisionQuerySet(WriteOnceQuerySet):
    refusal = "Revisions are append-only"


class Revision(WriteOnceModel):
    """One change to one passage in one language. Append-only: the history is never rewritten."""

    refusal = "Revisions are append-only"

    passage = models.ForeignKey(
        Passage, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("passage")
    )
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    text = models.TextField(_("text"), blank=True)
    state = models.PositiveSmallIntegerField(_("state"), choices=State.choices)
    basis = models.CharField(_("basis"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("author"),
    )
    comment = models.TextField(_("comment"), blank=True)
    # What the write knew was doubtful about this text, for the editor and the publish page to show: e.g. the numbers
    # an alignment review found on one side only, [{"code": "only-source", "values": ["450"]}] (issue 21). Carried
    # to the next revision while the text stays the same; a changed text starts with none.
    # db_default: the bulk writers (imports, the synthetic corpus) insert revisions with SQL that names no warnings.
    warnings = models.JSONField(_("warnings"), default=list, db_default=[], blank=True)
    # What the workbench says about the change, as codes of NOTE_MESSAGES with their values, e.g.
    # [{"code": "alignment-review", "review": 4}]: rendered in the reader's language, never stored as English prose.
    notes = models.JSONField(_("notes"), default=list, db_default=[], blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["passage", "language", "created_at", "pk"]
        indexes = [
            models.Index(fields=["passage", "language", "created_at"]),
            # Revisions by time, with what the progress page's people table counts (issue 26), so that a month of
            # activity is read from the index alone, not from rows that carry every text (82 → 17 ms at 800,000
            # revisions). The plain index on created_at stays: its order is (time, id), which the oldest-first
            # lists read without sorting.
            models.Index(fields=["created_at", "action", "state", "author", "language", "passage"],
                         name="revision_activity_idx"),
            # The send-backs alone (a partial index: a few rows among hundreds of thousands), for the desk's list of
            # those waiting for their translator, which otherwise read every revision (133 ms at 800,000).
            models.Index(fields=["passage", "language"], condition=models.Q(action=Action.SENT_BACK.value),
                         name="revision_sent_back_idx"),
        ]  # fmt: skip
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.passage.key} [{self.language}] {self.action} {self.created_at:%Y-%m-%d %H:%M}"

    def warning_messages(self) -> list[str]:
        """The warnings in the reader's language (unknown codes are shown by their code rather than dropped)."""
        return [WARNING_MESSAGES.get(w.get("code", ""), w.get("code", "")) % {"marks": ", ".join(w.get("values", []))}
                for w in self.warnings]  # fmt: skip

    def note_messages(self) -> list[str]:
        """The workbench's notes in the reader's language (an unknown code is shown as itself)."""
        messages = []
        for note in self.notes:
            values = {name: ", ".join(map(str, value)) if isinstance(value, list) else value
                      for name, value in note.items()}  # fmt: skip
            template = NOTE_MESSAGES.get(note.get("code", ""))
            try:
                messages.append(str(template) % values if template else note.get("code", ""))
            except KeyError:  # a note written without a value its message names
                messages.append(note.get("code", ""))
        return messages

    @property
    def author_name(self) -> str:
        """Who made the change, or "" for the workbench itself (seed loading, migrations)."""
        return self.author.get_username() if self.author else ""


class Role(models.TextChoices):
    TRANSLATOR = "translator", _("translator")
    REVIEWER = "reviewer", _("reviewer")
    COORDINATOR = "coordinator", _("coordinator")


class Assignment(models.Model):
    """Who works on which language in which role. A coordinator's assignment has no language: it covers all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "language"], name="one_assignment_per_role_language"),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} {self.language}".rstrip()


class EditionQuerySet(WriteOnceQuerySet):
    refusal = "Editions are immutable"

    def latest_per_language(self) -> EditionQuerySet:
        """Only the newest edition of each declaration in each language: what the public reads by default."""
        newest = (
            Edition.objects.filter(declaration=models.OuterRef("declaration"), language=models.OuterRef("language"))
            .order_by("-number")
            .values("number")[:1]
        )
        return self.filter(number=models.Subquery(newest))


class Edition(WriteOnceModel):
    """What the public reads: an immutable snapshot of one declaration in one language.

    The passages are kept in one JSON list ([{"key": …, "text": …}, …] in reading order) rather than a child table so
    a public page loads its whole text in one row whatever its length. `search_text` is the title and text folded
    (accents and case removed) at publish time, so accent-insensitive search is a plain `contains` on any database.
    """

    refusal = "Editions are immutable"

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="editions", verbose_name=_("declaration")
    )
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    number = models.PositiveIntegerField(_("edition number"))
    title = models.CharField(_("title"), max_length=400)
    passages = models.JSONField(_("passages"), default=list)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["declaration", "language", "number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "language", "number"], name="one_edition_number"),
        ]
        indexes = [models.Index(fields=["language", "published_at"])]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self) -> str:
        return f"{self.declaration.slug} [{self.language}] #{self.number}"

    def texts(self) -> list[tuple[str, str]]:
        """(key, text) of every passage, in reading order."""
        return [(item["key"], item["text"]) for item in self.passages]

    def reading_items(self) -> list[tuple[str, str, str]]:
        """(key, text, footnote number or "") of every passage, in reading order."""
        return [(item["key"], item["text"], item.get("footnote", "")) for item in self.passages]

    def footnotes(self) -> dict[str, str]:
        """The key of each footnote passage by its number, for the references in the text to link to."""
        return {item["footnote"]: item["key"] for item in self.passages if item.get("footnote")}


class PendingImport(models.Model):
    """An uploaded file that has been checked (dry run) and waits for its uploader to confirm it.

    Kept server-side so that what is confirmed is exactly what was previewed; deleted once applied or abandoned.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("person"))
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, verbose_name=_("declaration"))
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    format = models.CharField(_("format"), max_length=10)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return f"{self.filename} → {self.declaration.slug} [{self.language}]"


class ReviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("alignment review", "open")
    ACCEPTED = "accepted", pgettext_lazy("alignment review", "accepted")
    DISCARDED = "discarded", pgettext_lazy("alignment review", "discarded")


class AlignmentReview(models.Model):
    """A translation made elsewhere, aligned to a declaration's passages and waiting for a reviewer to confirm it.

    Nothing here touches the passages until the review is accepted. `rows` holds the beads (see reviews/beads.py);
    `undo`/`redo` hold earlier and undone states of the rows; `version` grows with every change and is what a
    reviewer's form must name, so two reviewers cannot overwrite each other.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="alignment_reviews",
                                    verbose_name=_("declaration"))  # fmt: skip
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    origin = models.CharField(_("origin"), max_length=255, blank=True)
    # The passages' keys and source texts as aligned, and the other version's paragraphs.
    source_units = models.JSONField(_("source units"), default=list)
    target_units = models.JSONField(_("target units"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    undo = models.JSONField(default=list, editable=False)
    redo = models.JSONField(default=list, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "language"], condition=models.Q(status="open"),
                                    name="one_open_review_per_language"),
        ]  # fmt: skip
        verbose_name = _("alignment review")
        verbose_name_plural = _("alignment reviews")

    def __str__(self) -> str:
        return f"{self.declaration.slug} [{self.language}] {self.status} v{self.version}"
