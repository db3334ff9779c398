"""The public site: every page here is open to anyone and shows published editions only.

Each view is `require_safe` (GET/HEAD only) and served through `public_cache`, which answers conditional GETs and
keeps the rendered page until something it shows changes.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, CharField, Exists, F, OuterRef, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from workbench.access import public
from workbench.declarations.languages import column, is_language, language_codes
from workbench.declarations.models import Declaration, Edition
from workbench.reading.editions import Reading, language_label, load_reading, localized_url
from workbench.reading.excerpts import best_hit, search_terms
from workbench.reading.forms import FilterForm, SearchForm
from workbench.reading.freshness import Freshness, declaration_freshness, public_cache, site_freshness
from workbench.reading.pages import not_found, page_context

PER_PAGE = 20


def shown_organisation(language: str) -> Coalesce:
    """The organisation in `language`, or in the declaration's source language when it has none in `language`."""
    text = CharField()
    in_source = Case(
        *(When(source_language=code, then=F(column("organisation", code))) for code in language_codes()),
        default=Value(""),
        output_field=text,
    )
    return Coalesce(NullIf(F(column("organisation", language)), Value("")), in_source, Value(""), output_field=text)


def published_declarations(language: str) -> QuerySet[Declaration]:
    """Declarations with at least one edition in any language: a French reader is told what exists in English."""
    return Declaration.objects.filter(Exists(Edition.objects.filter(declaration=OuterRef("pk")))).annotate(
        shown_organisation=shown_organisation(language)
    )


@dataclass(frozen=True)
class Listed:
    declaration: Declaration
    title: str
    title_language: str
    languages: list[str]
    url: str


def listed(declarations: list[Declaration], language: str) -> list[Listed]:
    """Each declaration's title from its edition in `language`, else from its source edition (marked as such)."""
    editions = Edition.objects.latest_per_language().filter(declaration__in=declarations)
    titles: dict[int, dict[str, str]] = {}
    for declaration_id, code, title in editions.values_list("declaration_id", "language", "title"):
        titles.setdefault(declaration_id, {})[code] = title
    rows = []
    for declaration in declarations:
        by_language = titles.get(declaration.pk, {})
        published = [code for code in language_codes() if code in by_language]
        shown = language if language in by_language else declaration.source_language
        if shown not in by_language:
            shown = published[0]
        rows.append(
            Listed(
                declaration=declaration,
                title=by_language[shown],
                title_language=shown,
                languages=published,
                url=localized_url("declaration", language, slug=declaration.slug),
            )
        )
    return rows


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for pagination links that keep them."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Permission: public. Lists declarations that have at least one edition; reads editions, never passages.
@public
@require_safe
@public_cache(site_freshness)
def index(request: HttpRequest, freshness: Freshness) -> HttpResponse:
    language = get_language()
    published = published_declarations(language)
    years = [moment.year for moment in published.dates("issued_on", "year", order="DESC")]
    organisations = list(
        published.exclude(shown_organisation="")
        .order_by("shown_organisation")
        .values_list("shown_organisation", flat=True)
        .distinct()
    )
    form = FilterForm(request.GET or None, years=years, organisations=organisations)
    status = 200
    chosen = published
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["kind"]:
                chosen = chosen.filter(kind=form.cleaned_data["kind"])
            if form.cleaned_data["year"]:
                chosen = chosen.filter(issued_on__year=form.cleaned_data["year"])
            if form.cleaned_data["organisation"]:
                chosen = chosen.filter(shown_organisation=form.cleaned_data["organisation"])
        else:
            status = 400
            chosen = published.none()
    page = Paginator(chosen.order_by("-issued_on", "slug"), PER_PAGE).get_page(request.GET.get("page"))
    context = page_context(
        request,
        form=form,
        page=page,
        rows=listed(list(page.object_list), language),
        filters=query_without_page(request),
        filtered=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
    )
    return render(request, "reading/index.html", context, status=status)


# Permission: public. The latest edition in the reader's language; without one, another published language's
# edition, marked with its own lang attribute and a notice (never a draft: passages are not read here).
@public
@require_safe
@public_cache(declaration_freshness)
def declaration(request: HttpRequest, freshness: Freshness, slug: str) -> HttpResponse:
    reading = load_reading(Declaration.objects.get(pk=freshness.subject), get_language())
    return render(request, "reading/declaration.html", page_context(request, reading=reading))


# Permission: public. An earlier (or the current) edition by number; editions are immutable, so links to one hold.
@public
@require_safe
@public_cache(declaration_freshness)
def edition(request: HttpRequest, freshness: Freshness, slug: str, number: int) -> HttpResponse:
    language = get_language()
    chosen = (
        Edition.objects.filter(declaration_id=freshness.subject, language=language, number=number)
        .defer("search_text")
        .first()
    )
    if chosen is None:
        message = _("There is no edition %(number)s of this declaration in %(language)s.") % {
            "number": number,
            "language": language_label(language),
        }
        return not_found(request, message)
    reading = load_reading(Declaration.objects.get(pk=freshness.subject), language, chosen=chosen)
    # Edition numbers differ between languages, so the other languages' links lead to their current edition.
    switch = {code: localized_url("declaration", code, slug=slug) for code in language_codes() if code != language}
    return render(request, "reading/declaration.html", page_context(request, switch=switch, reading=reading))


@dataclass(frozen=True)
class Row:
    """One passage side by side; a side is None when that edition has no such passage (added or removed since)."""

    key: str
    left: str | None
    right: str | None
    note: str = ""  # the footnote number when the passage is a footnote


def paired_rows(left: Edition, right: Edition) -> list[Row]:
    """Rows in the reading order of `left`, then any passage only `right` has, aligned by passage key."""
    right_texts = dict(right.texts())
    notes = {key: note for key, _text, note in [*left.reading_items(), *right.reading_items()] if note}
    rows = [Row(key, text, right_texts.pop(key, None), notes.get(key, "")) for key, text in left.texts()]
    rows += [Row(key, None, text, notes.get(key, "")) for key, text in right.texts() if key in right_texts]
    return rows


# Permission: public. Two published editions paragraph by paragraph.
@public
@require_safe
@public_cache(declaration_freshness)
def compare(request: HttpRequest, freshness: Freshness, slug: str, other: str) -> HttpResponseBase:
    language = get_language()
    if not is_language(other):
        return not_found(request, _("“%(code)s” is not a language of this site.") % {"code": other})
    if other == language:
        return redirect(localized_url("declaration", language, slug=slug))
    reading: Reading = load_reading(Declaration.objects.get(pk=freshness.subject), language)
    missing = [code for code in (language, other) if code not in reading.latest]
    if missing:
        message = _("This declaration is not published in %(language)s yet, so it cannot be read side by side.") % {
            "language": language_label(missing[0])
        }
        return not_found(request, message)
    left, right = reading.latest[language], reading.latest[other]
    # Switching the interface language swaps the columns rather than comparing a language with itself.
    switch = {other: localized_url("compare", other, slug=slug, other=language)}
    context = page_context(
        request, switch=switch, reading=reading, left=left, right=right, rows=paired_rows(left, right)
    )
    return render(request, "reading/compare.html", context)


# PostgreSQL's text search configurations per language; others fall back to "simple" (no stemming).
SEARCH_CONFIGURATIONS = {"en": "english", "fr": "french"}


def matching(editions: QuerySet[Edition], terms: list[str], language: str) -> QuerySet[Edition]:
    """Editions containing every term. On PostgreSQL: full-text search with the language's configuration (so
    "declarations" also finds "declaration") over the accent-folded text, which is what unaccent would give; on
    SQLite: every term as a substring of the folded text."""
    if connection.vendor == "postgresql":
        configuration = SEARCH_CONFIGURATIONS.get(language, "simple")
        query = SearchQuery(" ".join(terms), config=configuration, search_type="plain")
        vector = SearchVector("search_text", config=configuration)
        return editions.annotate(found=vector).filter(found=query)
    for term in terms:
        editions = editions.filter(search_text__contains=term)
    return editions


@dataclass(frozen=True)
class Result:
    edition: Edition
    url: str
    excerpt: SafeString


# Permission: public. Searches the latest published edition of every declaration in the reader's language.
@public
@require_safe
@public_cache(site_freshness)
def search(request: HttpRequest, freshness: Freshness) -> HttpResponse:
    language = get_language()
    # No query (or only spaces: the header's search box sends "?q=" when submitted empty) is a reader arriving at
    # the search page, not a bad request: the empty form, answered 200.
    form = SearchForm(request.GET if request.GET.get("q", "").strip() else None)
    terms: list[str] = []
    status = 200
    if form.is_bound:
        if form.is_valid():
            terms = search_terms(form.cleaned_data["q"])
            if not terms:
                form.add_error("q", _("Type a word or a phrase to search for."))
        if not form.is_valid():
            status = 400
    editions = Edition.objects.none()
    if terms:
        editions = matching(Edition.objects.latest_per_language().filter(language=language), terms, language)
        editions = editions.select_related("declaration").defer("search_text")
        editions = editions.order_by("-declaration__issued_on", "declaration__slug")
    page = Paginator(editions, PER_PAGE).get_page(request.GET.get("page"))
    results = []
    for found in page.object_list:
        hit = best_hit(found.title, found.texts(), terms)
        url = localized_url("declaration", language, slug=found.declaration.slug)
        results.append(Result(found, f"{url}#p-{hit.key}" if hit.key else url, hit.excerpt))
    elsewhere = [
        (language_label(code), translate_url(request.get_full_path(), code))
        for code in language_codes()
        if code != language
    ]
    context = page_context(
        request,
        form=form,
        page=page,
        results=results,
        searched=bool(terms),
        elsewhere=elsewhere,
        filters=query_without_page(request),
        language_name=language_label(language),
    )
    return render(request, "reading/search.html", context, status=status)
