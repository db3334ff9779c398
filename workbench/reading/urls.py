"""Public addresses, included under i18n_patterns (/en/…, /fr/…), and the few that carry no language prefix."""
from __future__ import annotations

from django.urls import path, register_converter

from workbench.reading import feeds, publish_views, sitemaps, views


class LanguageCodeConverter:
    """A language code in a URL ("fr", "pt-br"); whether it is configured is checked by the view (clear 404)."""

    regex = "[a-z]{2,3}(?:-[a-z0-9]{2,8})*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageCodeConverter, "language")

app_name = "reading"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.feed, name="feed"),
    path("declarations/<slug:slug>/", views.declaration, name="declaration"),
    path("declarations/<slug:slug>/editions/<int:number>/", views.edition, name="edition"),
    path("declarations/<slug:slug>/compare/<language:other>/", views.compare, name="compare"),
]

# Outside the language prefix: the coordinator's publish action speaks the interface language of the session, and
# the sitemap lists every language itself.
unprefixed = [
    path("publish/<slug:slug>/<language:language>/", publish_views.publish_language, name="reading-publish"),
    path("sitemap.xml", sitemaps.sitemap, name="reading-sitemap"),
]
