"""What a declaration brought in as a file keeps of it: the original (to write a translation back in its own
format and styles) and, per passage, which block of the file it came from."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbench.declarations.models import Declaration, Passage


class Format(models.TextChoices):
    DOCX = "docx", "DOCX"
    ODT = "odt", "ODT"
    HTML = "html", "HTML"
    MARKDOWN = "markdown", "Markdown"
    TEXT = "text", _("plain text")


class BlockKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("paragraph")
    HEADING = "heading", _("heading")
    LIST_ITEM = "list-item", _("list item")
    TABLE_CELL = "table-cell", _("table cell")
    FOOTNOTE = "footnote", _("footnote")


class SourceDocument(models.Model):
    declaration = models.OneToOneField(Declaration, on_delete=models.CASCADE, related_name="source_document",
                                       verbose_name=_("declaration"))  # fmt: skip
    language = models.CharField(_("language"), max_length=12)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("original file"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("added by"))  # fmt: skip
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.filename


class PassageBlock(models.Model):
    """The block of the original a passage came from: `order` is its place among the file's blocks as the reader
    yields them (reading.py), which is how a translation finds its way back into the file."""

    passage = models.OneToOneField(Passage, on_delete=models.CASCADE, related_name="block",
                                   verbose_name=_("passage"))  # fmt: skip
    order = models.PositiveIntegerField(_("order in the file"))
    kind = models.CharField(_("kind"), max_length=12, choices=BlockKind.choices, default=BlockKind.PARAGRAPH)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    note = models.CharField(_("footnote number"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("passage block")
        verbose_name_plural = _("passage blocks")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.kind} {self.order}"
