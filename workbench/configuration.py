"""Reading the deployment's configuration from the environment (DATABASE_URL, CACHE_URL).

Kept free of Django imports so settings.py can use it before Django is set up.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigurationError(ValueError):
    """A setting from the environment that cannot be used; the message names the variable."""


def database_from_url(url: str, *, base_dir: Path) -> dict[str, Any]:
    """A DATABASES entry from `sqlite:///relative/or//absolute/path` or `postgres://user:password@host:port/name`."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        name = Path(path) if path.startswith("/") else base_dir / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(name),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two saves of one passage queue up
                # instead of both reading the old version and one failing with "database is locked" on upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file rather than shared-cache memory for tests: only a file honours the busy timeout, which the
            # concurrent-save tests against the live server rely on.
            "TEST": {"NAME": str(base_dir / ".test-db.sqlite3")},
        }
    if parts.scheme in ("postgres", "postgresql"):
        if not parts.path.strip("/"):
            raise ConfigurationError("DATABASE_URL names no database (postgres://user:password@host:port/NAME)")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.strip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
        }
    raise ConfigurationError(f"DATABASE_URL must start with sqlite:// or postgres://, not {parts.scheme or url!r}")


def cache_from_url(url: str) -> dict[str, Any]:
    """A CACHES entry from `locmem://`, `db://table_name`, `redis://host:port/0` or `dummy://`."""
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": parts.netloc or "workbench"}
    if parts.scheme == "db":
        # `manage.py createcachetable` makes the table (`make serve` runs it).
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": parts.netloc or "cache_table"}
    if parts.scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ConfigurationError(f"CACHE_URL must start with locmem://, db://, redis:// or dummy://, not {url!r}")
