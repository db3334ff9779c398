from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "workbench.declarations"
    verbose_name = _("Declarations")
    default_auto_field = "django.db.models.BigAutoField"
    # What the backup archive holds of this app, in load order, and what it leaves out on purpose (archive.py).
    archived_models = ["Declaration", "ReportedVersion", "Passage", "Revision", "Assignment", "Edition",
                       "AlignmentReview"]  # fmt: skip
    transient_models = {
        "PendingImport": "an uploaded file waiting for its uploader to confirm it: transient; re-uploading is trivial",
        "ProgressSummary": "counted from the passages (summary.py): the restore counts it afresh rather than copy it",
        "ApprovedWords": "replayed from the revisions (approved_words.py): the restore replays them afresh",
    }
