"""Load and faults: the workbench served as in production on a generated corpus, loaded with wrk, then an edit storm.

1. A corpus of --declarations × --passages (`generate_corpus`, then ANALYZE) in a temporary SQLite file, or in
   --database PATH once and reused: the run works on a copy, so every run starts from the same corpus.
2. gunicorn (--workers, default 4; DEBUG off, whitenoise, CACHE_URL=db://cache_table so the workers share the
   rendered pages, the progress figures and the login counters) on a free 127.0.0.1 port.
3. wrk, loopback only, for --seconds each: the public declaration page, the desk editor (a translator's session
   cookie, logged in through the real login form) and the progress page (a coordinator's). Requests per second and
   the 99th percentile latency.
4. The edit storm: --clients (50) clients, each logged in as its own French translator, for --storm-seconds (30)
   reload the editor and save a passage: half the time one of --hot passages every client edits (the same passages:
   conflicts), otherwise one of its own declaration's (different passages). Halfway, one gunicorn worker gets
   SIGKILL; the master starts another. Connection errors (the killed worker's requests) are counted apart.
5. With gunicorn stopped: PRAGMA integrity_check and foreign_key_check, every touched passage's current French
   text / state / basis equal to its latest non-conflict revision, every answered save found in the history with
   the action its answer announced (302: edited, 409: conflict), no revision of this run that no client sent, and
   no text recorded twice.

It prints figures; it exits with status 1 only when a check of step 5 fails or a 5xx was answered.

    .venv/bin/python bench/load.py [--declarations 10000] [--passages 30] [--database PATH] [--workers 4]
        [--seconds 10] [--connections 16] [--clients 50] [--storm-seconds 30] [--hot 5]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import html
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from types import FrameType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"  # the only address this bench ever talks to
LANGUAGE = "fr"
REQUEST_TIMEOUT = 40.0  # above gunicorn's 30 s worker timeout: a stuck worker is killed before a client gives up
MAX_SAVES_PER_CLIENT = 100_000  # a bound on the storm loop besides its duration
STORM_PASSWORD = secrets.token_urlsafe(18)


class Stop(Exception):
    """SIGTERM turned into an exception, so the `finally` blocks stop gunicorn and wrk as on Ctrl-C."""


def on_sigterm(_number: int, _frame: FrameType | None) -> None:
    raise Stop("SIGTERM")


# ---------------------------------------------------------------------------------------------------------------------
# Preparing the database (subprocesses, as an operator would run them) and the users (in this process, through Django).


def manage(environment: dict[str, str], *command: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *command], cwd=REPO, env=environment, check=True,
                          capture_output=True, text=True, timeout=3600)  # fmt: skip
    return done.stdout.strip()


def has_corpus(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with sqlite3.connect(path) as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "declarations_declaration" not in tables:
            return False
        return database.execute("SELECT count(*) FROM declarations_declaration").fetchone()[0] > 0


def build_corpus(path: Path, environment: dict[str, str], arguments: argparse.Namespace) -> None:
    """migrate + generate_corpus + ANALYZE in `path` (without statistics SQLite picks poor plans for progress)."""
    here = {**environment, "WORKBENCH_SQLITE_PATH": str(path)}
    started = time.monotonic()
    manage(here, "migrate", "--noinput", "-v", "0")
    report = manage(here, "generate_corpus", "--declarations", str(arguments.declarations),
                    "--passages", str(arguments.passages), "--seed", str(arguments.seed))  # fmt: skip
    with sqlite3.connect(path) as database:
        database.execute("ANALYZE")
        # Folds the WAL into the main file, so the file can be copied on its own.
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"corpus: {report} (with migrate and ANALYZE: {time.monotonic() - started:.0f} s)")


def copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy whether or not the source has a WAL beside it."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


@dataclass
class Plan:
    public_slug: str
    editor_slug: str  # loaded by wrk, not written by the storm
    hot_slug: str
    hot_keys: list[str]
    own: list[tuple[str, list[str]]]  # per storm client: its declaration and that declaration's passage keys
    translators: list[str]
    coordinator: str


def prepare_people_and_plan(arguments: argparse.Namespace) -> Plan:
    """Bench users with a known password (the corpus's own have unusable ones) and the pages and passages to use."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connections

    from workbench.declarations.models import Assignment, Declaration, Edition, Passage, Role

    user_model = get_user_model()
    # One hash for every bench user: hashing 51 times would cost as much as the logins themselves.
    password = make_password(STORM_PASSWORD)
    translators = [f"bench-translator-{number:02d}" for number in range(arguments.clients + 1)]
    for name in translators:
        user, _created = user_model.objects.update_or_create(username=name, defaults={"password": password})
        Assignment.objects.get_or_create(user=user, role=Role.TRANSLATOR, language=LANGUAGE)
    coordinator, _created = user_model.objects.update_or_create(
        username="bench-coordinator", defaults={"password": password}
    )
    Assignment.objects.get_or_create(user=coordinator, role=Role.COORDINATOR, language="")

    published = (
        Edition.objects.filter(language="en", declaration__source_language="en")
        .order_by("declaration__slug")
        .values_list("declaration__slug", flat=True)
        .first()
    )
    if published is None:
        raise SystemExit("the corpus has no published English edition: use more declarations")
    # French is a target language only where the source is English; those declarations are the desk's French work.
    english = list(Declaration.objects.filter(source_language="en").order_by("slug").values_list("slug", flat=True))
    needed = arguments.clients + 2
    if len(english) < needed:
        raise SystemExit(f"{arguments.clients} clients need {needed} English-source declarations; "
                         f"the corpus has {len(english)}: use more declarations")  # fmt: skip
    # Spread over the corpus rather than the first few, so the storm does not write one corner of the tables.
    step = len(english) // needed
    chosen = [english[index * step] for index in range(needed)]

    def keys(slug: str) -> list[str]:
        return list(Passage.objects.filter(declaration__slug=slug).order_by("position").values_list("key", flat=True))

    hot_keys = keys(chosen[1])[: arguments.hot]
    plan = Plan(
        public_slug=published,
        editor_slug=chosen[0],
        hot_slug=chosen[1],
        hot_keys=hot_keys,
        own=[(slug, keys(slug)) for slug in chosen[2:]],
        translators=translators,
        coordinator=coordinator.username,
    )
    connections.close_all()  # nothing of this process stays open on the file while gunicorn writes to it
    return plan


# ---------------------------------------------------------------------------------------------------------------------
# An HTTP client that keeps cookies itself: with DEBUG off they are `Secure`, which http.cookiejar would not send
# back over http://, and the bench has no TLS on loopback.


class Browser:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, timeout: float = REQUEST_TIMEOUT
    ) -> tuple[int, http.client.HTTPMessage, str, float]:
        """(status, headers, body, seconds). Raises OSError / http.client errors when the connection fails."""
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "bench-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        elapsed = time.monotonic() - started
        for line in response.headers.get_all("Set-Cookie") or []:
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(line)
            for name, morsel in parsed.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)  # Django deletes a cookie with Max-Age=0
                else:
                    self.cookies[name] = morsel.coded_value  # sent back exactly as received
        return response.status, response.headers, content, elapsed

    def cookie_header(self) -> str:
        """The session and CSRF cookies, for wrk's Cookie header."""
        kept = ("sessionid", "csrftoken")
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items() if name in kept)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(browser: Browser, username: str) -> None:
    status, _headers, page, _elapsed = browser.request("GET", "/accounts/login/")
    token = CSRF_INPUT.search(page)
    if status != 200 or token is None:
        raise SystemExit(f"the login page answered {status} without a form")
    form = {"username": username, "password": STORM_PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    status, _headers, _page, _elapsed = browser.request("POST", "/accounts/login/", form)
    if status != 302 or "sessionid" not in browser.cookies:
        raise SystemExit(f"logging in as {username} answered {status} (expected 302 and a session cookie)")


def row_form(page: str, key: str) -> dict[str, str] | None:
    """The hidden fields of one passage's translation form in the editor page (None if the row is not there)."""
    section = page.find(f'id="p-{key}"')
    if section < 0:
        return None
    start = page.find('<form class="row-target"', section)
    end = page.find("</form>", start)
    if start < 0 or end < 0:
        return None
    form = page[start:end]
    fields = {}
    for name in ("based_on", "source_digest", "csrfmiddlewaretoken"):
        match = re.search(rf'name="{name}" value="([^"]*)"', form)
        if match is None:
            return None
        fields[name] = html.unescape(match.group(1))
    return fields


# ---------------------------------------------------------------------------------------------------------------------
# gunicorn and wrk: started here, so stopped here whatever happens.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_gunicorn(environment: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    with log.open("ab") as sink:
        return subprocess.Popen(
            [str(gunicorn), "workbench.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", str(workers),
             "--log-level", "warning"],
            cwd=REPO, env=environment, stdout=sink, stderr=sink,
            start_new_session=True,  # its own process group: stopping it stops every worker, and Ctrl-C reaches us only
        )  # fmt: skip


def stop_process_group(process: subprocess.Popen[Any]) -> None:
    """SIGTERM to the whole group (a graceful gunicorn shutdown), SIGKILL if it is still there after 20 s or if the
    wait itself is interrupted (a second Ctrl-C must not leave workers behind)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        pass
    finally:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=10)


def wait_until_serving(port: int, path: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode} before serving")
        try:
            status, _headers, _body, _elapsed = Browser(port).request("GET", path, timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port} within {timeout:.0f} s")


def workers_of(master: int) -> set[int]:
    """The master's children, read from /proc (no ps or psutil needed)."""
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # The command name in parentheses may hold spaces: the fields after its closing parenthesis are fixed.
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == master:
            children.add(int(entry.name))
    return children


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class WrkResult:
    rate: float
    p50_ms: float
    p99_ms: float
    requests: int
    socket_errors: str
    non_2xx_3xx: int


def run_wrk(url: str, *, seconds: int, connections: int, threads: int, cookie: str | None) -> WrkResult:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    # subprocess.run kills wrk if anything (timeout, Ctrl-C, SIGTERM) interrupts the wait.
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60)
    output = done.stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
        if match is None:
            raise SystemExit(f"could not read wrk's output:\n{output}")
        return float(match.group(1)) * UNITS[match.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Socket errors: (.*)", output)
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if rate is None or total is None:
        raise SystemExit(f"could not read wrk's output:\n{output}")
    return WrkResult(float(rate.group(1)), latency("50"), latency("99"), int(total.group(1)),
                     errors.group(1) if errors else "none", int(non_ok.group(1)) if non_ok else 0)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------------
# The edit storm.


@dataclass
class Save:
    client: int
    slug: str
    key: str
    text: str
    outcome: str  # "302", "409", another status, or the connection error's class name
    seconds: float
    at: float  # since the storm started


@dataclass
class StormLog:
    saves: list[Save] = field(default_factory=list)
    reloads: Counter[str] = field(default_factory=Counter)  # editor reloads by outcome
    reload_seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def storm_client(
    number: int, browser: Browser, plan: Plan, token: str, started: float, deadline: float,
    stop: threading.Event, log: StormLog,
) -> None:  # fmt: skip
    rng = random.Random(number)
    own_slug, own_keys = plan.own[number]
    for count in range(MAX_SAVES_PER_CLIENT):
        if stop.is_set() or time.monotonic() >= deadline:
            return
        if rng.random() < 0.5:
            slug, key = plan.hot_slug, rng.choice(plan.hot_keys)
        else:
            slug, key = own_slug, rng.choice(own_keys)
        editor = f"/desk/{slug}/{LANGUAGE}/"
        # Reload the editor, as a translator does before typing: it gives the row's based_on and the CSRF token.
        try:
            status, _headers, page, elapsed = browser.request("GET", editor)
            outcome = str(status)
        except (OSError, http.client.HTTPException) as error:
            status, page, elapsed, outcome = 0, "", 0.0, type(error).__name__
        with log.lock:
            log.reloads[outcome] += 1
            if status == 200:
                log.reload_seconds.append(elapsed)
        fields = row_form(page, key) if status == 200 else None
        if fields is None:
            continue
        # Unique per run, client and save; accents and a dash check that nothing is mangled on the way.
        text = f"Storm {token} client {number:02d} save {count:05d}: la délégation révise ce passage — été."
        form = {**fields, "intent": "save", "text": text}
        sent = time.monotonic()
        try:
            status, _headers, _page, elapsed = browser.request("POST", f"/desk/{slug}/{LANGUAGE}/{key}/", form)
            outcome = str(status)
        except (OSError, http.client.HTTPException) as error:
            outcome, elapsed = type(error).__name__, time.monotonic() - sent
        with log.lock:
            log.saves.append(Save(number, slug, key, text, outcome, elapsed, sent - started))


def kill_one_worker(master: int) -> tuple[int, float, int | None]:
    """SIGKILL one worker; (its pid, seconds until the master had started a replacement or -1, the new pid)."""
    before = workers_of(master)
    if not before:
        raise SystemExit("gunicorn has no workers to kill")
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    while time.monotonic() - killed < 30:
        now = workers_of(master)
        fresh = now - before
        if victim not in now and fresh:
            return victim, time.monotonic() - killed, min(fresh)
        time.sleep(0.05)
    return victim, -1.0, None


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ---------------------------------------------------------------------------------------------------------------------
# The checks, on the database file after gunicorn has stopped.


def check_database(path: Path, plan: Plan, token: str, saves: list[Save]) -> list[str]:
    """Every failure found, as sentences (empty: all checks passed)."""
    from django.db import connection

    from workbench.declarations.history import current_revision
    from workbench.declarations.models import Action, Passage, Revision

    failures = []
    with sqlite3.connect(path) as database:
        integrity = [row[0] for row in database.execute("PRAGMA integrity_check")]
        foreign = database.execute("PRAGMA foreign_key_check").fetchall()
    database.close()
    print(f"  PRAGMA integrity_check: {', '.join(integrity)}; foreign_key_check: {len(foreign)} rows")
    if integrity != ["ok"]:
        failures.append(f"integrity_check: {integrity[:5]}")
    if foreign:
        failures.append(f"foreign_key_check: {foreign[:5]}")

    touched = {(save.slug, save.key) for save in saves}
    passages = {(p.declaration.slug, p.key): p for p in Passage.objects.select_related("declaration").filter(
        declaration__slug__in={slug for slug, _key in touched}, key__in={key for _slug, key in touched})}  # fmt: skip
    mismatched = 0
    for place in sorted(touched):
        passage = passages[place]
        revision = current_revision(passage, LANGUAGE)
        values = (passage.text_in(LANGUAGE), int(passage.state_in(LANGUAGE)), passage.basis_in(LANGUAGE))
        if revision is None or values != (revision.text, revision.state, revision.basis):
            mismatched += 1
            failures.append(f"passage {place}: current values differ from its latest revision")
    print(f"  {len(touched)} passages touched; current text/state/basis = latest non-conflict revision: "
          f"{len(touched) - mismatched} of {len(touched)}")  # fmt: skip

    recorded: dict[str, list[str]] = {}
    rows = Revision.objects.filter(language=LANGUAGE, text__startswith=f"Storm {token} ").values_list("text", "action")
    for text, action in rows:
        recorded.setdefault(text, []).append(action)
    current_texts = {passage.text_in(LANGUAGE) for passage in passages.values()}
    sent = {save.text: save for save in saves}
    expected = {"302": Action.EDITED.value, "409": Action.CONFLICT.value}
    answered = [save for save in saves if save.outcome in expected]
    missing = [
        s for s in answered if s.text not in current_texts and expected[s.outcome] not in recorded.get(s.text, [])
    ]
    twice = [text for text, actions in recorded.items() if len(actions) > 1]
    unknown = [text for text in recorded if text not in sent]
    unanswered = [save for save in saves if save.outcome not in expected]
    kept_anyway = sum(1 for save in unanswered if save.text in recorded)
    print(f"  answered saves found in the history with the announced action: {len(answered) - len(missing)} of "
          f"{len(answered)}; recorded twice: {len(twice)}; recorded but never sent: {len(unknown)}")  # fmt: skip
    print(f"  unanswered saves (connection errors, other statuses): {len(unanswered)}, of which recorded anyway "
          f"(committed before the worker died): {kept_anyway}")  # fmt: skip
    failures += [f"answered {s.outcome} but not in the history: {s.text}" for s in missing[:10]]
    failures += [f"recorded twice: {text}" for text in twice[:10]]
    failures += [f"recorded but never sent: {text!r}" for text in unknown[:10]]
    connection.close()
    return failures


# ---------------------------------------------------------------------------------------------------------------------


def summarise_log(logged: str) -> None:
    """What gunicorn and Django wrote to stderr, by kind of line (times and pids masked), and any traceback."""
    lines = logged.splitlines()
    kinds: Counter[str] = Counter()
    for line in lines:
        if line.startswith("["):  # gunicorn's own: "[time] [pid] [LEVEL] message"
            kinds[re.sub(r"\d+", "#", line[line.find("] ", line.find("] ") + 2) + 2 :])[:100]] += 1
        elif not line.startswith(" "):  # Django's request log, "Conflict: /desk/…": kept by its first words
            kinds[line.split(": ")[0][:60] + ": …"] += 1
    print(f"gunicorn log: {len(lines)} lines, {logged.count('Traceback')} tracebacks")
    for kind, count in kinds.most_common(4):
        print(f"  {count:5} × {kind}")
    if "Traceback" in logged:
        print("  last lines:\n    " + "\n    ".join(lines[-15:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--declarations", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--passages", type=int, default=30, help="passages per declaration (default 30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", type=Path, help="an SQLite file to build the corpus in once and reuse (copied)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--seconds", type=int, default=10, help="wrk time per page (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--clients", type=int, default=50, help="storm clients (default 50)")
    parser.add_argument("--storm-seconds", type=int, default=30, help="storm duration (default 30)")
    parser.add_argument("--hot", type=int, default=5, help="passages every storm client edits (default 5)")
    arguments = parser.parse_args()
    if not 1 <= arguments.seconds <= 600 or not 1 <= arguments.storm_seconds <= 600:
        raise SystemExit("--seconds and --storm-seconds must be between 1 and 600")
    if not 1 <= arguments.clients <= 500 or arguments.hot < 1:
        raise SystemExit("--clients must be between 1 and 500, --hot at least 1")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (Debian)")
    if not Path(PYTHON).with_name("gunicorn").exists():
        raise SystemExit("gunicorn is missing from the virtual environment: make install")
    signal.signal(signal.SIGTERM, on_sigterm)

    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        folder = Path(scratch)
        database = folder / "load.sqlite3"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workbench.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
            "WORKBENCH_SQLITE_PATH": str(database),
            "WORKBENCH_STATIC_ROOT": str(folder / "static"),
            "CACHE_URL": "db://cache_table",
        }
        environment.pop("DATABASE_URL", None)  # the bench's own SQLite file, never a configured database
        if arguments.database:
            source = arguments.database.resolve()
            if has_corpus(source):
                print(f"corpus: reusing {source}")
            else:
                build_corpus(source, environment, arguments)
            started = time.monotonic()
            copy_database(source, database)
            print(f"  copied for this run in {time.monotonic() - started:.0f} s")
        else:
            build_corpus(database, environment, arguments)
        manage(environment, "migrate", "--noinput", "-v", "0")
        manage(environment, "createcachetable")
        manage(environment, "collectstatic", "--noinput", "-v", "0")
        os.environ.update(environment)  # this process reads the same file through Django for the users and checks
        sys.path.insert(0, str(REPO))
        plan = prepare_people_and_plan(arguments)

        port = free_port()
        log = folder / "gunicorn.log"
        server = start_gunicorn(environment, port, arguments.workers, log)
        failures: list[str] = []
        try:
            failures = run(arguments, plan, port, server, database)
        finally:
            stop_process_group(server)
            logged = log.read_text(errors="replace") if log.exists() else ""
        summarise_log(logged)
        if not failures:
            print("checks: all passed")
        else:
            print("checks FAILED:\n  " + "\n  ".join(failures[:30]))
            raise SystemExit(1)


def run(
    arguments: argparse.Namespace, plan: Plan, port: int, server: subprocess.Popen[bytes], database: Path
) -> list[str]:
    public = f"/en/declarations/{plan.public_slug}/"
    editor = f"/desk/{plan.editor_slug}/{LANGUAGE}/"
    progress = "/desk/progress/"
    wait_until_serving(port, public, server)

    translator, coordinator = Browser(port), Browser(port)
    log_in(translator, plan.translators[-1])  # the last translator is not a storm client
    log_in(coordinator, plan.coordinator)
    sizes = {}
    for browser, path, marker in ((translator, public, "<article"), (translator, editor, 'class="row-target"'),
                                  (coordinator, progress, "<svg")):  # fmt: skip
        started = time.monotonic()
        status, _headers, page, _elapsed = browser.request("GET", path)
        # A lost session answers 302 to the login page, which wrk would count as a success: check it here.
        if status != 200 or marker not in page:
            raise SystemExit(f"{path} answered {status} without {marker!r}")
        sizes[path] = len(page.encode())
        if path == progress:
            print(f"progress page, first request (whole-corpus figures counted, then shared through the cache): "
                  f"{time.monotonic() - started:.1f} s")  # fmt: skip

    threads = min(2, arguments.connections)
    print(f"\nwrk: {threads} threads, {arguments.connections} connections, {arguments.seconds} s per page; gunicorn "
          f"{arguments.workers} sync workers, CACHE_URL=db://cache_table; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} before")  # fmt: skip
    for label, path, browser in (("public declaration", public, None), ("desk editor", editor, translator),
                                 ("progress", progress, coordinator)):  # fmt: skip
        result = run_wrk(f"http://{HOST}:{port}{path}", seconds=arguments.seconds, connections=arguments.connections,
                         threads=threads, cookie=browser.cookie_header() if browser else None)  # fmt: skip
        print(f"  {label:18} {path} ({sizes[path]:,} bytes): {result.rate:8,.1f} req/s, p50 {result.p50_ms:7,.1f} ms, "
              f"p99 {result.p99_ms:7,.1f} ms ({result.requests:,} requests; socket errors: {result.socket_errors}; "
              f"non-2xx/3xx: {result.non_2xx_3xx})")  # fmt: skip
    for browser, path in ((translator, editor), (coordinator, progress)):
        status, _headers, _page, _elapsed = browser.request("GET", path)
        if status != 200:
            raise SystemExit(f"after wrk, {path} answered {status}: the session did not hold")

    return storm(arguments, plan, port, server, database)


def storm(
    arguments: argparse.Namespace, plan: Plan, port: int, server: subprocess.Popen[bytes], database: Path
) -> list[str]:
    clients = [Browser(port) for _ in range(arguments.clients)]
    started = time.monotonic()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=8)
    try:
        list(pool.map(log_in, clients, plan.translators[: arguments.clients]))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C, logins not yet started are dropped
    print(f"\nedit storm: {arguments.clients} translators logged in through the form in "
          f"{time.monotonic() - started:.1f} s")  # fmt: skip

    token = secrets.token_hex(4)
    log = StormLog()
    stop = threading.Event()
    started = time.monotonic()
    deadline = started + arguments.storm_seconds
    workers = [
        threading.Thread(target=storm_client, args=(number, browser, plan, token, started, deadline, stop, log),
                         daemon=True)  # daemon: an interrupted run does not wait for them at exit
        for number, browser in enumerate(clients)
    ]  # fmt: skip
    killed: tuple[int, float, int | None] | None = None
    try:
        for worker in workers:
            worker.start()
        time.sleep(max(0.0, started + arguments.storm_seconds / 2 - time.monotonic()))
        killed_at = time.monotonic() - started
        killed = kill_one_worker(server.pid)
        for worker in workers:
            worker.join(timeout=max(0.0, deadline + REQUEST_TIMEOUT + 5 - time.monotonic()))
    finally:
        stop.set()
    elapsed = time.monotonic() - started
    still = sum(worker.is_alive() for worker in workers)
    if still:
        raise SystemExit(f"{still} storm clients did not finish within their time bound")

    saves = log.saves
    outcomes = Counter(save.outcome for save in saves)
    answered = [save for save in saves if save.outcome in ("302", "409")]
    hot = sum(1 for save in saves if save.slug == plan.hot_slug)
    print(f"  {len(saves):,} saves in {elapsed:.1f} s ({len(answered) / elapsed:,.1f} answered saves/s; {hot:,} on "
          f"the {len(plan.hot_keys)} shared passages, {len(saves) - hot:,} on the clients' own)")  # fmt: skip
    print("  save answers: " + ", ".join(f"{name} × {count:,}" for name, count in sorted(outcomes.items())))
    seconds = [save.seconds * 1000 for save in answered]
    if seconds:
        print(f"  save latency: median {statistics.median(seconds):,.0f} ms, p99 {percentile(seconds, 0.99):,.0f} ms, "
              f"max {max(seconds):,.0f} ms")  # fmt: skip
    reloads = [value * 1000 for value in log.reload_seconds]
    timing = (
        f"; median {statistics.median(reloads):,.0f} ms, p99 {percentile(reloads, 0.99):,.0f} ms" if reloads else ""
    )
    print(
        "  editor reloads: " + ", ".join(f"{name} × {count:,}" for name, count in sorted(log.reloads.items())) + timing
    )
    assert killed is not None
    victim, respawn, fresh = killed
    errors_near = [save for save in saves if not save.outcome.isdigit()]
    when = (
        f" (sent at {min(s.at for s in errors_near):.1f}–{max(s.at for s in errors_near):.1f} s)" if errors_near else ""
    )
    print(
        f"  worker {victim} killed (SIGKILL) at {killed_at:.1f} s; "
        + (f"replaced by {fresh} after {respawn:.2f} s" if fresh else "NOT replaced within 30 s")
        + f"; saves that got a connection error: {len(errors_near)}"
        + when
        + f"; reloads: {sum(n for name, n in log.reloads.items() if not name.isdigit())}"
    )
    server_errors = sum(count for name, count in outcomes.items() if name.startswith("5"))
    server_errors += sum(count for name, count in log.reloads.items() if name.startswith("5"))
    print(f"  5xx answers (saves and reloads): {server_errors}")

    stop_process_group(server)  # every write has ended (or died with its worker) before the checks read the file
    print("after the storm, gunicorn stopped:")
    failures = check_database(database, plan, token, saves)
    if server_errors:
        failures.append(f"{server_errors} answers were 5xx")
    if fresh is None:
        failures.append("gunicorn did not replace the killed worker")
    return failures


if __name__ == "__main__":
    try:
        main()
    except (KeyboardInterrupt, Stop) as interruption:
        # The `finally` blocks have stopped gunicorn; wrk, run by subprocess.run, is killed when its wait is cut.
        name = type(interruption).__name__
        print(f"interrupted ({name}); gunicorn stopped, temporary files removed", file=sys.stderr)
        raise SystemExit(130) from None
