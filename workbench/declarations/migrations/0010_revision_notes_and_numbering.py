"""Revision.notes (issue 21): what the workbench wrote as English prose in `comment` becomes codes shown in the
reader's language, and passage positions become 0, 1, 2… without the gaps merges left, so that a passage's number
(position + 1) is the same in the admin, the desk, the history and the exports."""

import re

from django.db import migrations, models

# The comments the workbench itself wrote before notes existed, and the note each becomes.
REVIEW = re.compile(r"alignment review (\d+)")
MERGED = re.compile(r"(?:alignment review (\d+); )?merged ((?:[0-9a-f]+, )*[0-9a-f]+)")
MERGED_INTO = re.compile(r"merged into ([0-9a-f]+)")
SEED = re.compile(r"seed file (\S+)")
IMPORT = re.compile(r"(po|xliff|tmx)")


def notes_for(comment: str) -> list[dict] | None:
    """The notes a legacy system comment stands for, or None when a person wrote it (it is kept as it is)."""
    if comment == "admin":
        return [{"code": "admin"}]
    if match := REVIEW.fullmatch(comment):
        return [{"code": "alignment-review", "review": int(match[1])}]
    if match := MERGED.fullmatch(comment):
        keys = match[2].split(", ")
        merged = {"code": "merged", "passages": keys, "keys": keys}  # their numbers then are not known: the keys
        return ([{"code": "alignment-review", "review": int(match[1])}] if match[1] else []) + [merged]
    if match := MERGED_INTO.fullmatch(comment):  # the number it had then is not known: its key
        return [{"code": "merged-into", "key": match[1], "passage": match[1]}]
    if match := SEED.fullmatch(comment):
        return [{"code": "seed-file", "file": match[1]}]
    if match := IMPORT.fullmatch(comment):
        return [{"code": "file-import", "format": match[1].upper()}]
    return None


def forwards(apps, schema_editor):
    Passage = apps.get_model("declarations", "Passage")
    Revision = apps.get_model("declarations", "Revision")
    # The base manager is a plain one: the append-only refusal of the real model's manager does not apply to this
    # one-time change of representation (the same facts, stored as codes).
    revisions = Revision._base_manager
    for comment in revisions.exclude(comment="").values_list("comment", flat=True).distinct().iterator():
        notes = notes_for(comment)
        if notes is not None:
            revisions.filter(comment=comment).update(comment="", notes=notes)
    moved = []
    current = Passage._base_manager.filter(merged_into__isnull=True).order_by("declaration_id", "position", "pk")
    declaration, index = None, 0
    for passage in current.only("pk", "declaration_id", "position").iterator(chunk_size=2000):
        if passage.declaration_id != declaration:
            declaration, index = passage.declaration_id, 0
        if passage.position != index:
            passage.position = index
            moved.append(passage)
        index += 1
    Passage._base_manager.bulk_update(moved, ["position"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0009_revision_warnings_and_normalised"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="notes",
            field=models.JSONField(blank=True, db_default=[], default=list, verbose_name="notes"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
