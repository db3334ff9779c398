from __future__ import annotations

from django.urls import path

from workbench.desk import align_views, memory_views, people, progress, suggestion_views, views

app_name = "desk"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("people/", people.people, name="people"),
    path("people/<int:assignment_id>/remove/", people.remove_assignment, name="remove-assignment"),
    # Before the "<slug>/<language>/" patterns, which would otherwise take "progress" for a slug.
    path("progress/", progress.progress, name="progress"),
    path("progress/declarations.csv", progress.progress_csv, name="progress-csv"),
    path("memory/", memory_views.concordance, name="memory"),
    path("<slug:slug>/<str:language>/", views.editor, name="editor"),
    # The alignment review comes before the "<key>/" patterns, which would otherwise take "align" for a key.
    path("<slug:slug>/<str:language>/align/", align_views.review, name="align"),
    path("<slug:slug>/<str:language>/align/intake/", align_views.intake, name="align-intake"),
    path("<slug:slug>/<str:language>/align/<int:review_id>/", align_views.operate, name="align-operate"),
    path("<slug:slug>/<str:language>/align/<int:review_id>/accept/", align_views.accept, name="align-accept"),
    path("<slug:slug>/<str:language>/align/<int:review_id>/discard/", align_views.discard, name="align-discard"),
    # Before "<key>/" too, which would take "fill-from-memory" for a passage key.
    path("<slug:slug>/<str:language>/fill-from-memory/", memory_views.fill, name="fill-from-memory"),
    path("<slug:slug>/<str:language>/<str:key>/", views.row_action, name="row"),
    path("<slug:slug>/<str:language>/<str:key>/history/", views.history, name="history"),
    path("<slug:slug>/<str:language>/<str:key>/suggestions/", suggestion_views.suggestions, name="suggestions"),
    path("<slug:slug>/<str:language>/<str:key>/restore/<int:revision_id>/", views.restore, name="restore"),
    # The version before the first revision in a language: no translation (undoes a fill from memory).
    path("<slug:slug>/<str:language>/<str:key>/restore/missing/", views.restore, name="restore-missing"),
]
