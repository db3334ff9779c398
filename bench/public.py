"""How fast the public declaration page is served, compared with a small static file in the same run.

The project is served as in production: gunicorn, DEBUG off, static files by whitenoise, on a temporary SQLite
database built here (migrate, load_seeds, which publishes the seed's English edition). `wrk` (Debian package) loads
the declaration page and a small static file, on loopback only, for a bounded time each. The static file is the
peer: the ratio page / static says how close a cached Django page comes to the cheapest thing the same server does.
Target (issue 5): ratio >= 0.5.

The time is split into rounds that alternate page and static (ABBA order), so a change in the machine's load during
the run (other processes) weighs on both figures alike instead of on whichever ran second.

    .venv/bin/python bench/public.py [--seconds 10] [--rounds 5] [--connections 16] [--workers N]
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGE = "/en/declarations/seoul-declaration-2004/"
STATIC = "/static/reading/reading.js"
TARGET = 0.5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(environment: dict[str, str]) -> None:
    """A database and collected static files of the bench's own, in its temporary folder."""
    for command in (["migrate", "--noinput", "-v", "0"], ["load_seeds"], ["collectstatic", "--noinput", "-v", "0"]):
        manage = [PYTHON, "manage.py", *command]
        subprocess.run(manage, cwd=REPO, env=environment, check=True, stdout=subprocess.DEVNULL)


def wait_until_serving(base: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode} before serving")
        try:
            with urllib.request.urlopen(base + PAGE, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {base} within {timeout:.0f} s")


def check(url: str) -> int:
    """The size of a 200 response, so the report says what was loaded (and a broken page fails loudly)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return len(response.read())


def load(url: str, *, seconds: int, connections: int, threads: int) -> float:
    """Requests per second wrk measured; refuses a run with socket errors or non-2xx answers."""
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    if "Non-2xx or 3xx responses" in result.stdout or "Socket errors" in result.stdout:
        raise SystemExit(f"wrk saw errors loading {url}:\n{result.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if not match:
        raise SystemExit(f"could not read wrk's output:\n{result.stdout}")
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="total load time per address (default 10)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds the time is split into (default 5)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (default: CPUs)")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (Debian)")
    gunicorn = Path(PYTHON).with_name("gunicorn")
    if not gunicorn.exists():
        raise SystemExit(f"{gunicorn} is missing: install the project (make install)")

    with tempfile.TemporaryDirectory(prefix="bench-public-") as folder:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workbench.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on loopback: no redirect to HTTPS (production settings would send one).
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "WORKBENCH_SQLITE_PATH": str(Path(folder) / "bench.sqlite3"),
            "WORKBENCH_STATIC_ROOT": str(Path(folder) / "static"),
        }
        prepare(environment)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(gunicorn), "workbench.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(arguments.workers), "--log-level", "warning"],
            cwd=REPO,
            env=environment,
            start_new_session=True,  # its own process group, so stopping it stops every worker
        )  # fmt: skip
        try:
            wait_until_serving(base, server)
            page_bytes, static_bytes = check(base + PAGE), check(base + STATIC)
            threads = min(2, arguments.connections)
            each = max(1, arguments.seconds // arguments.rounds)
            options = {"seconds": each, "connections": arguments.connections, "threads": threads}
            rates: dict[str, list[float]] = {PAGE: [], STATIC: []}
            for number in range(arguments.rounds):
                order = (PAGE, STATIC) if number % 2 == 0 else (STATIC, PAGE)
                for path in order:
                    rates[path].append(load(base + path, **options))
            page_rate = sum(rates[PAGE]) / len(rates[PAGE])
            static_rate = sum(rates[STATIC]) / len(rates[STATIC])
            per_round = [page / static for page, static in zip(rates[PAGE], rates[STATIC], strict=True)]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()

    ratio = page_rate / static_rate
    print(f"gunicorn {arguments.workers} workers, wrk {threads} threads {arguments.connections} connections, "
          f"{arguments.rounds} rounds of {each} s per address, loopback")  # fmt: skip
    print(f"declaration page {PAGE} ({page_bytes} bytes): {page_rate:,.0f} req/s")
    print(f"static file      {STATIC} ({static_bytes} bytes): {static_rate:,.0f} req/s")
    print(f"ratio page / static: {ratio:.2f} (target >= {TARGET}: {'met' if ratio >= TARGET else 'NOT met'}); "
          f"per round {min(per_round):.2f} to {max(per_round):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
