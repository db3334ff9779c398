from __future__ import annotations

from django.urls import path

from workbench.exchange import job_views, views

app_name = "exchange"

urlpatterns = [
    path("jobs/", job_views.job_list, name="jobs"),
    path("jobs/export/", job_views.export_language, name="jobs-export"),
    path("jobs/<int:job_id>/download/", job_views.download, name="jobs-download"),
    path("<slug:slug>/<str:language>/files/", views.upload, name="upload"),
    path("<slug:slug>/<str:language>/files/<str:format>/", views.download, name="download"),
    path("<slug:slug>/<str:language>/files/confirm/<int:pending_id>/", views.confirm, name="confirm"),
]
