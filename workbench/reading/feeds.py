"""An Atom feed per language of new editions: what was published in that language, newest first."""
from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from workbench.access import public
from workbench.declarations.languages import column
from workbench.declarations.models import Edition
from workbench.reading.editions import language_label, localized_url
from workbench.reading.freshness import Freshness, public_cache, site_freshness

ENTRIES = 30


class NewEditionsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> str:
        return get_language()

    def title(self, language: str) -> str:
        return _("New editions in %(language)s") % {"language": language_label(language)}

    def subtitle(self, language: str) -> str:
        return _("Declarations, news releases and speeches published in %(language)s, newest first.") % {
            "language": language_label(language)
        }

    def link(self, language: str) -> str:
        return localized_url("index", language)

    def feed_url(self, language: str) -> str:
        return localized_url("feed", language)

    def items(self, language: str) -> QuerySet[Edition]:
        return (
            Edition.objects.filter(language=language)
            .select_related("declaration")
            .defer("search_text")
            .order_by("-published_at", "-pk")[:ENTRIES]
        )

    def item_title(self, item: Edition) -> str:
        return _("%(title)s (edition %(number)s)") % {"title": item.title, "number": item.number}

    def item_description(self, item: Edition) -> str:
        # The opening passage as plain text; the feed writer escapes it.
        first = item.passages[0]["text"] if item.passages else ""
        return Truncator(first).chars(400)

    def item_link(self, item: Edition) -> str:
        return localized_url("edition", item.language, slug=item.declaration.slug, number=item.number)

    def item_pubdate(self, item: Edition) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: Edition) -> datetime.datetime:
        return item.published_at

    def item_author_name(self, item: Edition) -> str:
        declaration = item.declaration
        for code in (item.language, declaration.source_language):
            name = getattr(declaration, column("organisation", code)) or ""
            if name:
                return name
        return ""


# Permission: public. Lists published editions only.
@public
@require_safe
@public_cache(site_freshness)
def feed(request: HttpRequest, freshness: Freshness) -> HttpResponse:
    return NewEditionsFeed()(request)
