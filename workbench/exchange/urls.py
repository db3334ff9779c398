from __future__ import annotations

from django.urls import path

from workbench.exchange import views

app_name = "exchange"

urlpatterns = [
    path("<slug:slug>/<str:language>/files/", views.upload, name="upload"),
    path("<slug:slug>/<str:language>/files/<str:format>/", views.download, name="download"),
    path("<slug:slug>/<str:language>/files/confirm/<int:pending_id>/", views.confirm, name="confirm"),
]
