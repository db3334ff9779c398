"""Suggestion providers and `gather` (issue 22): the LibreTranslate client against a small server this test starts
on 127.0.0.1, so nothing leaves the machine; slow, failing and missing services are reported, never waited for."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from django.utils import translation

from workbench.memory import learning
from workbench.memory.models import Entry
from workbench.memory.providers import (
    DEADLINE,
    LibreTranslateProvider,
    MemoryProvider,
    Provider,
    active_providers,
    gather,
    machine_provider,
)
from workbench.memory.suggestions import Suggestion


class FakeLibreTranslate(BaseHTTPRequestHandler):
    """Answers POST /translate like LibreTranslate, the way the test asks: "good", "slow" (6 s) or "broken"."""

    mode: ClassVar[str] = "good"
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"path": self.path, "content_type": self.headers["Content-Type"], **body})
        if self.mode == "slow":
            time.sleep(6)
        if self.mode == "broken":
            self.answer(500, {"error": "internal error"})
            return
        self.answer(200, {"translatedText": f"[{body['target']}] {body['q']}"})

    def answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            pass  # the client left after its deadline: that is the point of the slow case

    def log_message(self, *args: Any) -> None:
        pass  # keep the test output clean


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # A proxy from the environment would carry even 127.0.0.1 elsewhere: the test talks to its own server only.
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    FakeLibreTranslate.mode = "good"
    FakeLibreTranslate.received = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # The messages asserted are English: a test before may leave French active in this thread, and gather() hands
    # the caller's language to the provider threads.
    with translation.override("en"):
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_good_answer_is_a_machine_suggestion_without_a_score(server: str) -> None:
    provider = LibreTranslateProvider(server + "/", "secret-key")
    [suggestion] = provider.suggest("The delegates met in Seoul.", "en", "fr")
    assert suggestion.target == "[fr] The delegates met in Seoul."
    assert (suggestion.provider, suggestion.score, suggestion.whole) == ("machine", None, False)
    assert suggestion.origin["service"] == "LibreTranslate"
    assert suggestion.origin["host"] == server.removeprefix("http://")
    assert "secret-key" not in json.dumps(suggestion.origin)
    [request] = FakeLibreTranslate.received
    assert request == {"path": "/translate", "content_type": "application/json", "q": "The delegates met in Seoul.",
                       "source": "en", "target": "fr", "format": "text", "api_key": "secret-key"}  # fmt: skip


def test_a_slow_service_is_unavailable_within_the_deadline(server: str) -> None:
    FakeLibreTranslate.mode = "slow"
    started = time.monotonic()
    [offer] = gather("The delegates met.", source_language="en", target_language="fr",
                     providers=[LibreTranslateProvider(server)])  # fmt: skip
    elapsed = time.monotonic() - started
    # The service answers after 6 s; the panel gives up at 2 s (a loaded CI machine may take a moment more).
    assert DEADLINE - 0.1 <= elapsed < DEADLINE + 2
    assert not offer.available and offer.suggestions == []
    assert offer.unavailable == "Machine translation did not answer within 2 seconds."


def test_a_server_error_is_unavailable(server: str) -> None:
    FakeLibreTranslate.mode = "broken"
    [offer] = gather("The delegates met.", source_language="en", target_language="fr",
                     providers=[LibreTranslateProvider(server)])  # fmt: skip
    assert offer.unavailable == "Machine translation is unavailable at the moment."
    assert len(FakeLibreTranslate.received) == 1  # it was asked, and answered 500


def test_nothing_listening_is_unavailable_too(server: str) -> None:
    # The port of a server that has just been shut down: the connection is refused.
    closed = ThreadingHTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    port = closed.server_address[1]
    closed.server_close()
    [offer] = gather("Text.", source_language="en", target_language="fr",
                     providers=[LibreTranslateProvider(f"http://127.0.0.1:{port}")])  # fmt: skip
    assert not offer.available


def test_a_url_that_is_not_http_is_refused_without_reading_anything(tmp_path: Any) -> None:
    secret = tmp_path / "translate"
    secret.write_text('{"translatedText": "read from a file"}')
    [offer] = gather("Text.", source_language="en", target_language="fr",
                     providers=[LibreTranslateProvider(f"file://{tmp_path}")])  # fmt: skip
    assert not offer.available and offer.suggestions == []


def test_machine_translation_is_off_without_a_url(settings: Any, server: str) -> None:
    settings.WORKBENCH_MT_URL = ""
    assert machine_provider() is None
    assert [p.name for p in active_providers()] == ["memory"]
    settings.WORKBENCH_MT_URL, settings.WORKBENCH_MT_KEY = server, "k"
    machine = machine_provider()
    assert isinstance(machine, LibreTranslateProvider) and machine.key == "k"
    assert [p.name for p in active_providers()] == ["memory", "machine"]
    assert FakeLibreTranslate.received == []  # configuring it asks nothing


class Exploding(Provider):
    name = "exploding"
    label = "Exploding"

    def suggest(self, text: str, source_language: str, target_language: str) -> list[Suggestion]:
        raise RuntimeError("boom")


@pytest.mark.django_db
def test_one_failing_or_slow_provider_leaves_the_others_standing(server: str) -> None:
    origin = learning.Origin("en", "fr", Entry.TMX, reference="hand.tmx")
    learning.store([learning.make_unit("The delegates met.", "Les délégués se sont réunis.", origin, whole=False)])
    FakeLibreTranslate.mode = "slow"
    started = time.monotonic()
    memory, exploding, machine = gather(
        "The delegates met.", source_language="en", target_language="fr",
        providers=[MemoryProvider(), Exploding(), LibreTranslateProvider(server)],
    )  # fmt: skip
    assert time.monotonic() - started < DEADLINE + 0.4
    assert memory.available
    assert [s.target for m in memory.sentences for s in m.suggestions] == ["Les délégués se sont réunis."]
    assert exploding.unavailable == "Exploding is unavailable at the moment."
    assert machine.unavailable.startswith("Machine translation did not answer")
