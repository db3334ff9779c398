"""Suggestion providers behind one small interface (GUIDE section 4; issue 22): given a source text and two
languages, a provider returns scored suggestions with their origin, so the desk shows them alike.

Two providers exist: the translation memory (`MemoryProvider`, always on) and a LibreTranslate server
(`LibreTranslateProvider`, on when `WORKBENCH_MT_URL` is set). `gather` asks them all at once under one deadline:
a provider that is slow or fails is reported as unavailable, with a message for people, and never holds up or
breaks the others.

A machine translation has no match score: its suggestions carry `score=None` and `provider="machine"`, and the
desk labels them "machine translation" instead of a percentage (a 100 would claim an exact match that never was).
"""
from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from workbench.memory.suggestions import SentenceMatches, Suggestion, for_passage, suggest

logger = logging.getLogger(__name__)

# The panel must appear while the translator still looks at the row: whatever has not answered by then is
# reported as unavailable (issue 22).
DEADLINE = 2.0
# A LibreTranslate answer is one JSON object holding the translated passage: far below this.
MAX_ANSWER_BYTES = 1024 * 1024
# Remote providers run in these threads. Shared by every request, so a service that hangs occupies at most this
# many threads (each for at most its timeout) instead of one more per request; a request whose call waits in the
# queue past its deadline simply reports the provider unavailable.
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="suggestion-provider")


class ProviderError(Exception):
    """A provider could not answer (an error from the service, an answer it cannot read)."""


@dataclass
class Offer:
    """What one provider offers for a passage: its suggestions (for the memory, the whole-passage matches), its
    matches per sentence (the memory only), or why it is unavailable."""

    name: str
    label: str
    suggestions: list[Suggestion] = field(default_factory=list)
    sentences: list[SentenceMatches] = field(default_factory=list)
    unavailable: str = ""  # a message for people; empty when the provider answered

    @property
    def available(self) -> bool:
        return not self.unavailable


class Provider:
    """The interface: `name` (stable, stored on each suggestion), `label` (for people) and `suggest`.

    `local` providers work in the caller's own thread: the memory reads the database, and a worker thread would open
    a connection of its own on every request and, inside a transaction (a test, a request in ATOMIC_REQUESTS), not
    see what the caller sees. Remote providers (HTTP services) run in the pool, where the deadline can leave them.
    """

    name: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    local: ClassVar[bool] = False

    def suggest(self, text: str, source_language: str, target_language: str) -> list[Suggestion]:
        raise NotImplementedError

    def offer(self, text: str, source_language: str, target_language: str) -> Offer:
        """What the desk's panel shows for a passage; by default the provider's suggestions for the whole text."""
        return Offer(self.name, str(self.label), suggestions=self.suggest(text, source_language, target_language))


class MemoryProvider(Provider):
    """The translation memory (suggestions.py): fuzzy matches of approved units, placeables substituted."""

    name = "memory"
    label = gettext_lazy("Translation memory")
    local = True

    def __init__(self, limit: int = 3) -> None:
        self.limit = limit

    def suggest(self, text: str, source_language: str, target_language: str) -> list[Suggestion]:
        return suggest(text, source_language=source_language, target_language=target_language, limit=self.limit)

    def offer(self, text: str, source_language: str, target_language: str) -> Offer:
        whole, sentences = for_passage(text, source_language=source_language, target_language=target_language,
                                       limit=self.limit)  # fmt: skip
        return Offer(self.name, str(self.label), suggestions=whole, sentences=sentences)


class LibreTranslateProvider(Provider):
    """A LibreTranslate server (https://libretranslate.com/docs): POST /translate with q, source, target,
    format=text and api_key; the answer is {"translatedText": …} or {"error": …}. Standard library only."""

    name = "machine"
    label = gettext_lazy("Machine translation")
    service = "LibreTranslate"

    # A second beyond the panel's deadline: the panel gives up first and says "did not answer within 2 seconds";
    # the socket's own timeout only ends the thread left behind (equal, the two raced on a loaded machine).
    def __init__(self, url: str, key: str = "", timeout: float = DEADLINE + 1.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        # urllib would also open file:// and ftp:// URLs: a misconfigured variable must not read local files. It is
        # refused when asked (the panel says unavailable, the log says why) rather than breaking every page.
        self.usable = parsed.scheme in ("http", "https") and bool(parsed.hostname)
        self.endpoint = url.rstrip("/") + "/translate"
        self.host = parsed.netloc.rpartition("@")[2]  # what the origin names: never a user or password in the URL
        self.key = key
        self.timeout = timeout
        # Environment proxies are honoured, as for any urllib client; no cookies, no redirects to follow by hand.
        self.opener = urllib.request.build_opener()

    def suggest(self, text: str, source_language: str, target_language: str) -> list[Suggestion]:
        if not self.usable:
            raise ProviderError("WORKBENCH_MT_URL is not an http(s) URL")
        if not text.strip():
            return []
        body = json.dumps({"q": text, "source": source_language, "target": target_language, "format": "text",
                           "api_key": self.key}).encode()  # fmt: skip
        request = urllib.request.Request(self.endpoint, data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                answer = json.loads(response.read(MAX_ANSWER_BYTES))
        except urllib.error.HTTPError as error:
            error.close()  # it holds the answer's open connection
            raise ProviderError(f"{self.service} answered HTTP {error.code}") from error
        except (OSError, ValueError) as error:  # URLError, timeouts and refused connections are OSErrors
            raise ProviderError(f"{self.service} could not be read: {error}") from error
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str) or not translated.strip():
            raise ProviderError(f"{self.service} sent no translation")
        # The origin names the service and its host, never the key.
        origin = {"entry": "machine", "entry_label": str(self.label), "service": self.service, "host": self.host}
        return [Suggestion(source=text, target=translated, score=None, origin=origin, provider=self.name)]


def machine_provider() -> LibreTranslateProvider | None:
    """The configured machine translation, or None when it is off (no WORKBENCH_MT_URL: the default)."""
    url = getattr(settings, "WORKBENCH_MT_URL", "")
    if not url:
        return None
    return LibreTranslateProvider(url, getattr(settings, "WORKBENCH_MT_KEY", ""))


def active_providers() -> list[Provider]:
    """Every provider that is on, the memory first."""
    machine = machine_provider()
    return [MemoryProvider(), *([machine] if machine else [])]


def _unavailable(provider: Provider, message: str) -> Offer:
    return Offer(provider.name, str(provider.label), unavailable=message)


def _failed(provider: Provider, error: BaseException) -> Offer:
    # The person sees that the provider is unavailable; the reason goes to the log for whoever runs the service.
    logger.warning("suggestion provider %s failed: %s", provider.name, error)
    return _unavailable(provider, _("%(provider)s is unavailable at the moment.") % {"provider": provider.label})


def _offer_in(language: str | None, provider: Provider, text: str, source_language: str, target_language: str
              ) -> Offer:  # fmt: skip
    # The active language is per thread: a worker speaks the request's language only when told.
    with translation.override(language):
        return provider.offer(text, source_language, target_language)


def gather(text: str, *, source_language: str, target_language: str, providers: Sequence[Provider] | None = None,
           deadline: float = DEADLINE) -> list[Offer]:  # fmt: skip
    """Every provider's offer for `text`, in the providers' order, within `deadline` seconds of the call.

    Remote providers start first, in the pool, so they work while the local ones (the memory) run here. A remote
    provider that has not answered when the deadline comes is left behind (its thread ends with its own timeout)
    and reported unavailable; one that raises is reported unavailable. Nothing a provider does reaches the others.
    """
    chosen = list(providers) if providers is not None else active_providers()
    started = time.monotonic()
    language = translation.get_language()
    pending: dict[int, Future[Offer]] = {
        i: _POOL.submit(_offer_in, language, p, text, source_language, target_language)
        for i, p in enumerate(chosen) if not p.local
    }  # fmt: skip
    offers: list[Offer] = []
    for i, provider in enumerate(chosen):
        if provider.local:
            try:
                offers.append(provider.offer(text, source_language, target_language))
            except Exception as error:  # any failure of one provider leaves the others standing
                offers.append(_failed(provider, error))
            continue
        future = pending[i]
        try:
            offers.append(future.result(timeout=max(0.0, deadline - (time.monotonic() - started))))
        except FutureTimeout:
            future.cancel()  # if it still waits in the queue, it never runs
            logger.warning("suggestion provider %s did not answer within %s s", provider.name, deadline)
            seconds = f"{deadline:g}"
            message = ngettext("%(provider)s did not answer within %(seconds)s second.",
                               "%(provider)s did not answer within %(seconds)s seconds.",
                               round(deadline) or 1)  # fmt: skip
            offers.append(_unavailable(provider, message % {"provider": provider.label, "seconds": seconds}))
        except Exception as error:
            offers.append(_failed(provider, error))
    return offers
