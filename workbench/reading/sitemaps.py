"""sitemap.xml: every published declaration once per published language, each with its hreflang alternates.

Only published languages are listed (get_languages_for_item): the page a French reader gets before the French
edition exists shows the English text, which search engines should not index as French.
"""
from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Max
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.views.decorators.http import require_safe

from workbench.access import public
from workbench.declarations.languages import language_codes
from workbench.declarations.models import Declaration, Edition
from workbench.reading.freshness import Freshness, public_cache, site_freshness


class DeclarationSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def __init__(self) -> None:
        # Instantiated per request by the sitemap view, so this never outlives one response.
        self._published: dict[int, dict[str, datetime.datetime]] | None = None

    def published(self) -> dict[int, dict[str, datetime.datetime]]:
        """Declaration id -> {language: time of its latest edition}, in one query."""
        if self._published is None:
            self._published = {}
            rows = Edition.objects.values("declaration_id", "language").annotate(last=Max("published_at"))
            for row in rows.order_by():
                self._published.setdefault(row["declaration_id"], {})[row["language"]] = row["last"]
        return self._published

    def items(self) -> list[Declaration]:
        return list(Declaration.objects.filter(pk__in=list(self.published())).order_by("-issued_on", "slug"))

    def get_languages_for_item(self, item: Declaration) -> list[str]:
        published = self.published().get(item.pk, {})
        return [code for code in language_codes() if code in published]

    def location(self, item: Declaration) -> str:
        # Called with the item's language active, so reverse() gives the /<language>/ prefix.
        return reverse("reading:declaration", kwargs={"slug": item.slug})

    def lastmod(self, item: Declaration) -> datetime.datetime:
        # Every language's page lists the others, so each changes when any of them is published.
        return max(self.published()[item.pk].values())


# Permission: public. Lists published declarations only.
@public
@require_safe
@public_cache(site_freshness)
def sitemap(request: HttpRequest, freshness: Freshness) -> HttpResponseBase:
    return sitemap_view(request, sitemaps={"declarations": DeclarationSitemap})
