from __future__ import annotations

from django.urls import path

from workbench.desk import people, views

app_name = "desk"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("people/", people.people, name="people"),
    path("people/<int:assignment_id>/remove/", people.remove_assignment, name="remove-assignment"),
    path("<slug:slug>/<str:language>/", views.editor, name="editor"),
    path("<slug:slug>/<str:language>/<str:key>/", views.row_action, name="row"),
    path("<slug:slug>/<str:language>/<str:key>/history/", views.history, name="history"),
    path("<slug:slug>/<str:language>/<str:key>/restore/<int:revision_id>/", views.restore, name="restore"),
]
