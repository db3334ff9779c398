"""What a public declaration page shows, gathered in as few queries as possible.

The public side reads Edition rows only (plus the declaration's metadata and the languages reported at the source):
drafts and unapproved edits live on Passage, which nothing here touches, so they cannot leak.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import Declaration, Edition


def language_label(code: str) -> str:
    """The language's name in the reader's language, lower-case as in a sentence ("French", "français")."""
    return str(dict(settings.LANGUAGES)[code])


def language_own_name(code: str) -> str:
    """The language's name in itself, as a link to it is labelled ("English", "Français")."""
    return str(get_language_info(code)["name_local"]).capitalize()


def localized_url(name: str, language: str, **kwargs: str | int) -> str:
    with translation.override(language):
        return reverse(f"reading:{name}", kwargs=kwargs)


def latest_editions(declaration: Declaration) -> dict[str, Edition]:
    """The newest edition in every published language, in the configured order (one query)."""
    rows = (
        Edition.objects.filter(declaration=declaration)
        .latest_per_language()
        .defer("search_text")  # the folded copy of the whole text is for searching only
    )
    by_language = {edition.language: edition for edition in rows}
    return {code: by_language[code] for code in language_codes() if code in by_language}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in the language itself, as language links are labelled
    url: str
    current: bool
    compare_url: str = ""
    label: str = ""  # in the reader's language, for sentences


@dataclass
class Reading:
    """One declaration as the reader of `language` sees it."""

    declaration: Declaration
    language: str
    latest: dict[str, Edition]
    reported: list[str]
    # An earlier edition the reader asked for by number; by default the newest one in their language.
    chosen: Edition | None = None
    edition: Edition = field(init=False)

    def __post_init__(self) -> None:
        self.edition = self.chosen or self.latest.get(self.language) or self.fallback_edition()

    def fallback_edition(self) -> Edition:
        """Shown when the reader's language has no edition: the source if published, else the first published."""
        source = self.latest.get(self.declaration.source_language)
        return source or next(iter(self.latest.values()))

    @property
    def is_fallback(self) -> bool:
        return self.edition.language != self.language

    @property
    def published_languages(self) -> list[str]:
        return list(self.latest)

    @property
    def pending(self) -> list[str]:
        """Languages the source says exist that are not published here yet ("Available in French")."""
        return [code for code in self.reported if code not in self.latest]

    @property
    def pending_labels(self) -> list[str]:
        return [language_label(code) for code in self.pending]

    @property
    def language_name(self) -> str:
        return language_label(self.language)

    @property
    def shown_language_name(self) -> str:
        return language_label(self.edition.language)

    @property
    def reader_language_pending(self) -> bool:
        return self.language in self.pending

    def published_links(self) -> list[LanguageLink]:
        links = []
        slug = self.declaration.slug
        can_compare = self.language in self.latest
        for code in self.latest:
            links.append(
                LanguageLink(
                    code=code,
                    name=language_own_name(code),
                    label=language_label(code),
                    url=localized_url("declaration", code, slug=slug),
                    current=code == self.language,
                    compare_url=(
                        localized_url("compare", self.language, slug=slug, other=code)
                        if can_compare and code != self.language
                        else ""
                    ),
                )
            )
        return links

    def alternates(self) -> list[tuple[str, str]]:
        """(hreflang, path) for every published language, plus x-default as the sitemap gives it."""
        slug = self.declaration.slug
        pairs = [(code, localized_url("declaration", code, slug=slug)) for code in self.latest]
        # Django's sitemap names the unprefixed address x-default (the server picks the reader's language) when
        # the default language is published; the page says the same so both agree.
        if settings.LANGUAGE_CODE in self.latest:
            default = localized_url("declaration", settings.LANGUAGE_CODE, slug=slug)
            pairs.append(("x-default", default.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)))
        return pairs

    @property
    def organisation(self) -> tuple[str, str]:
        """(organisation, its language): in the reader's language when known, else in the source language."""
        for code in (self.language, self.declaration.source_language):
            value = getattr(self.declaration, column("organisation", code)) or ""
            if value:
                return value, code
        return "", self.language

    @property
    def current_edition(self) -> Edition:
        """The newest edition in the language shown (differs from `edition` on an earlier edition's page)."""
        return self.latest[self.edition.language]

    @property
    def is_current(self) -> bool:
        return self.edition.pk == self.current_edition.pk

    @property
    def current_url(self) -> str:
        return localized_url("declaration", self.edition.language, slug=self.declaration.slug)

    def other_editions(self) -> list[tuple[int, str]]:
        """(number, address) of every other edition in the language shown; numbers run 1, 2, … without gaps.

        The addresses are in the shown edition's language: on a French page showing the English text, edition 1 is
        the English edition 1.
        """
        newest = self.current_edition.number
        slug = self.declaration.slug
        language = self.edition.language
        return [
            (number, localized_url("edition", language, slug=slug, number=number))
            for number in range(newest, 0, -1)
            if number != self.edition.number
        ]


def load_reading(declaration: Declaration, language: str, chosen: Edition | None = None) -> Reading:
    """Two queries: the latest editions, and the languages reported at the source."""
    latest = latest_editions(declaration)
    reported = list(declaration.reported_versions.values_list("language", flat=True))
    return Reading(declaration=declaration, language=language, latest=latest, reported=reported, chosen=chosen)
