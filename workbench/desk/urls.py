from __future__ import annotations

from django.urls import path

from workbench.desk import (
                            align_views,
                            check_views,
                            discussion_views,
                            document_views,
                            download_views,
                            glossary_views,
                            inbox_views,
                            memory_views,
                            people,
                            planning_views,
                            progress,
                            suggestion_views,  # fmt: skip
                            version_views,
                            views,
)

app_name = "desk"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("people/", people.people, name="people"),
    path("new/", document_views.new_document, name="new-document"),
    path("people/<int:assignment_id>/remove/", people.remove_assignment, name="remove-assignment"),
    # Before the "<slug>/<language>/" patterns, which would otherwise take "progress" for a slug.
    path("progress/", progress.progress, name="progress"),
    path("progress/declarations.csv", progress.progress_csv, name="progress-csv"),
    path("progress/assign/", planning_views.assign_listed, name="assign-listed"),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/read/", inbox_views.mark_all_read, name="inbox-read"),
    path("inbox/<int:notification_id>/", inbox_views.open_notice, name="inbox-open"),
    path("memory/", memory_views.concordance, name="memory"),
    # The glossary of a pair: source, then target (the `language` whose reviewers edit it; access.py).
    path("glossary/", glossary_views.glossaries, name="glossaries"),
    path("glossary/<str:other>/<str:language>/", glossary_views.glossary, name="glossary"),
    path("glossary/<str:other>/<str:language>/save/", glossary_views.save, name="glossary-save"),
    path("glossary/<str:other>/<str:language>/delete/", glossary_views.delete, name="glossary-delete"),
    path("glossary/<str:other>/<str:language>/upload/", glossary_views.upload, name="glossary-upload"),
    path("glossary/<str:other>/<str:language>/download/<str:format>/", glossary_views.download,
         name="glossary-download"),
    path("glossary/<str:other>/<str:language>/proposals/", glossary_views.proposals, name="glossary-proposals"),
    path("glossary/<str:other>/<str:language>/proposals/run/", glossary_views.run_proposals,
         name="glossary-proposals-run"),
    path("glossary/<str:other>/<str:language>/proposals/decide/", glossary_views.decide_proposal,
         name="glossary-proposals-decide"),
    path("<slug:slug>/new-version/", version_views.new_version, name="new-version"),
    path("<slug:slug>/<str:language>/assign/", planning_views.assign_one, name="assign"),
    path("<slug:slug>/<str:language>/", views.editor, name="editor"),
    # The alignment review comes before the "<key>/" patterns, which would otherwise take "align" for a key.
    path("<slug:slug>/<str:language>/align/", align_views.review, name="align"),
    path("<slug:slug>/<str:language>/align/intake/", align_views.intake, name="align-intake"),
    path("<slug:slug>/<str:language>/align/<int:review_id>/", align_views.operate, name="align-operate"),
    path("<slug:slug>/<str:language>/align/<int:review_id>/accept/", align_views.accept, name="align-accept"),
    path("<slug:slug>/<str:language>/align/<int:review_id>/discard/", align_views.discard, name="align-discard"),
    # Before "<key>/" too, which would take "fill-from-memory" for a passage key.
    path("<slug:slug>/<str:language>/fill-from-memory/", memory_views.fill, name="fill-from-memory"),
    # The checks' list and switches, before "<key>/" too, which would take "checks" for a passage key.
    path("<slug:slug>/<str:language>/checks/", check_views.checks, name="checks"),
    path("<slug:slug>/<str:language>/checks/switch/", check_views.switch, name="checks-switch"),
    # The documents a language is downloaded as, before "<key>/" too, which would take "download" for a key.
    path("<slug:slug>/<str:language>/download/", download_views.download_page, name="download"),
    path("<slug:slug>/<str:language>/download/<str:format>/", download_views.download_file, name="download-file"),
    path("<slug:slug>/<str:language>/<str:key>/", views.row_action, name="row"),
    path("<slug:slug>/<str:language>/<str:key>/override/", check_views.override, name="override"),
    path("<slug:slug>/<str:language>/<str:key>/fix/", check_views.fix, name="fix"),
    path("<slug:slug>/<str:language>/<str:key>/checks/", check_views.preview, name="check-preview"),
    path("<slug:slug>/<str:language>/<str:key>/history/", views.history, name="history"),
    # A passage's discussion (issue 25): its own suffix, so the "<key>/" pattern above does not take it.
    path("<slug:slug>/<str:language>/<str:key>/discussion/", discussion_views.discussion, name="discussion"),
    path("<slug:slug>/<str:language>/<str:key>/discussion/resolve/", discussion_views.resolve_thread,
         name="discussion-resolve"),
    path("<slug:slug>/<str:language>/<str:key>/discussion/reopen/", discussion_views.reopen_thread,
         name="discussion-reopen"),
    path("<slug:slug>/<str:language>/<str:key>/suggestions/", suggestion_views.suggestions, name="suggestions"),
    path("<slug:slug>/<str:language>/<str:key>/restore/<int:revision_id>/", views.restore, name="restore"),
    # The version before the first revision in a language: no translation (undoes a fill from memory).
    path("<slug:slug>/<str:language>/<str:key>/restore/missing/", views.restore, name="restore-missing"),
]
