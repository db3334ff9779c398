"""Production settings come from the environment and pass Django's deployment checklist."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.configuration import ConfigurationError, cache_from_url, database_from_url

REPO = Path(__file__).resolve().parent.parent


def production_environment(**extra: str) -> dict[str, str]:
    # The test run itself sets DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "workbench.example.org",
        **extra,
    }


def test_check_deploy_reports_nothing_with_production_settings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=REPO, env=production_environment(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=REPO, env=environment,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_database_urls(tmp_path: Path) -> None:
    assert database_from_url("sqlite:///db.sqlite3", base_dir=tmp_path)["NAME"] == str(tmp_path / "db.sqlite3")
    assert database_from_url("sqlite:////var/lib/wb.sqlite3", base_dir=tmp_path)["NAME"] == "/var/lib/wb.sqlite3"
    postgres = database_from_url("postgres://wb:s%40cret@db.internal:5433/workbench?sslmode=require",
                                 base_dir=tmp_path)  # fmt: skip
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["NAME"], postgres["USER"], postgres["PASSWORD"], postgres["HOST"], postgres["PORT"]) == (
        "workbench", "wb", "s@cret", "db.internal", "5433",
    )  # fmt: skip
    assert postgres["OPTIONS"] == {"sslmode": "require"}
    with pytest.raises(ConfigurationError, match="DATABASE_URL must start with"):
        database_from_url("mysql://x/y", base_dir=tmp_path)


def test_cache_urls() -> None:
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("db://workbench_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "workbench_cache",
    }  # fmt: skip
    assert cache_from_url("redis://cache:6379/1")["LOCATION"] == "redis://cache:6379/1"
    with pytest.raises(ConfigurationError, match="CACHE_URL"):
        cache_from_url("memcached://x")


@pytest.mark.django_db
def test_every_response_carries_a_content_security_policy(client: object) -> None:
    response = client.get("/")  # type: ignore[attr-defined]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
