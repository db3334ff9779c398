"""Settings for the workbench.

Defaults suit a developer's machine (DEBUG on, an embedded SQLite file in the project root); production values come
from the environment so that no secret ever lives in the repository.
"""
from __future__ import annotations

import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from workbench.configuration import cache_from_url, database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", True)

# A development key is generated per checkout rather than committed: without DEBUG a real key is required.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-only-" + BASE_DIR.name

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch the right forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "workbench.declarations",
    "workbench.reading",
    "workbench.desk",
    "workbench.exchange",
    "workbench.jobs",
    "workbench.memory",
    "workbench.terms",
    "workbench.lexicon",
    "workbench.checks",
    "workbench.documents",
    "workbench.planning",
    "workbench.notifications",
    "workbench.discussion",
    # Background jobs (exports of a whole language, large imports) through Django's tasks framework, stored in
    # the database and run by `manage.py db_worker`.
    "django_tasks_db",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (SECURE_CSP below): no inline script can run.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files are answered here, before sessions, locale and the rest have any work to do (gunicorn serves
    # the project without a separate web server; see bench/public.py).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Kept public pages are answered here, before the rest of the stack (workbench/reading/middleware.py).
    "workbench.reading.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: the desk answers htmx's requests with a fragment (a saved row, the next window of rows).
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "workbench.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workbench" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The unread count in the header: lazy, so a page that does not show it (the public site) queries
                # nothing for it.
                "workbench.notifications.context.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "workbench.wsgi.application"

# DATABASE_URL: sqlite:///db.sqlite3 (the default, relative to the project) or postgres://user:password@host/name.
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL")
        or "sqlite:///" + os.environ.get("WORKBENCH_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        base_dir=BASE_DIR,
    )
}
# CACHE_URL: locmem:// (the default, one process), db://cache_table or redis://host:6379/0 for several workers.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
# Without DEBUG (gunicorn in production), each worker keeps its database connection between requests: opening one
# (with the pragmas above) costs more than serving a cached public page (bench/public.py). The development server
# starts a thread per request, so it would gain nothing.
DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = not DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages of the content and of the interface. Adding one here (then makemigrations, migrate) adds its
# columns to every translated field; code loops over this list instead of naming columns.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Status and exchange code reads explicit columns; fallbacks are only for what the public reads.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("WORKBENCH_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "workbench" / "static"]

# modeltranslation's admin tabs load jQuery UI from a CDN unless told otherwise. The value is a path relative to
# STATIC_URL (the admin prefixes it), so the vendored copy is served with everything else.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# A form post may carry a long passage: a browser urlencodes a 1 MB paste of accented text to about 6 MB. Allow that
# much so the desk can answer with its own clear "too long" message (workflow.MAX_TEXT_CHARS) instead of a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

# Machine translation in the desk's suggestion panel (issue 22): a LibreTranslate server, off unless its URL is set
# (no model can be installed offline here; nothing is sent anywhere by default). The key, if the server wants one,
# is sent with each request and never shown (workbench/memory/providers.py).
WORKBENCH_MT_URL = os.environ.get("WORKBENCH_MT_URL", "").strip()
WORKBENCH_MT_KEY = os.environ.get("WORKBENCH_MT_KEY", "").strip()

# Mail (issue 25: notifications), through Django 6.1's MAILERS (the EMAIL_* settings are deprecated; the same
# names are read from the environment). With EMAIL_HOST set, mail goes out through that SMTP server; without it the
# development server prints each mail (console) and production hands it to the machine's own mail server
# (localhost:25). SITE_URL is what links in mails start with (a mail has no request to build them from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "587" if os.environ.get("EMAIL_HOST") else "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_flag("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
        "timeout": 20,
    }}}  # fmt: skip
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "workbench@localhost")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:overview"
LOGOUT_REDIRECT_URL = "home"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Scripts and styles come only from our own static files: no inline script, no CDN. Inline style *attributes* stay
# allowed for the progress bars' widths, which carry no code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if not DEBUG:
    # Production: cookies only over HTTPS, browsers told to stay on HTTPS for a year, plain HTTP redirected.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_flag("DJANGO_BEHIND_TLS_PROXY", False):
        # Only behind a proxy that sets this header itself; otherwise a client could claim HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Hashed, compressed static files (collectstatic), served by WhiteNoise with far-future caching.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
