"""Limber settings: one module, read from environment variables.

Defaults suit local development on SQLite. Production sets DJANGO_DEBUG=false,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and DJANGO_SECURE=true.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECURE = env_bool("DJANGO_SECURE", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "django-insecure-local-development-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's form templates, for FORM_RENDERER
    "django_htmx",
    "axes",
    "django_tasks_db",
    "accounts",
    "exercises",
    "routines",
    "progress",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.pwa.PersonMiddleware",  # outside sessions: it sees the session cookie set
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.pwa.device_person",
            ],
        },
    },
]

FORM_RENDERER = "config.forms.FormRenderer"

# Databases -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL)
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
# Fail fast: a page waits at most a few seconds on the database, then answers 503 with
# Retry-After (config.views.server_error) instead of queueing every worker behind it.
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 2)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 3)
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 2)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN, so a second writer waits (up to the busy timeout) instead of failing
    # mid-transaction. Writes take milliseconds, so a lock held for seconds is a fault.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": DATABASE_LOCK_TIMEOUT,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # libpq's connect timeout is 2 s at the least. 0 turns a server-side timeout off
    # (e.g. DATABASE_STATEMENT_TIMEOUT=0 for a long migration).
    _db.setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
        f" -c lock_timeout={DATABASE_LOCK_TIMEOUT * 1000}",
    )
else:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
# Persistent connections: no connect (and, for SQLite, no PRAGMAs) on every request. No
# health check by default: on PostgreSQL it is a `SELECT 1` round trip before every
# request's first query. After a database restart each worker's first request answers 503
# with Retry-After (config.views.server_error) and the next one reconnects.
_db["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
_db["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_HEALTH_CHECKS", False)
_db["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME", "") or None}
if _db["ENGINE"] == "django.db.backends.sqlite3" and not _db["TEST"]["NAME"]:
    # A file, not the shared-cache in-memory default: shared cache locks whole tables and
    # ignores the busy timeout, so tests of concurrent writers would fail where production
    # (WAL + IMMEDIATE) waits.
    # One file per test process, so parallel runs never share one.
    _db["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / f"limber-test-{os.getpid()}.sqlite3")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ---------------------------------------------------------------------
# Local memory by default (one process's own); CACHE_URL=redis://host:6379/0 shares one
# Redis between every app server and worker. Cached pages are correct either way (their
# keys carry versions read from the database: config.cache), but sessions and signed-in
# users are only served from the cache when it is shared, since a per-process copy could
# outlive a log-out or a change made through another process.
CACHE_URL = env_str("CACHE_URL", "") or env_str("REDIS_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "limber"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED_CACHE = bool(CACHE_URL)
# Django's database sessions with the person's id in an indexed column (accounts.sessions).
SESSION_ENGINE = "accounts.sessions.cached_db" if SHARED_CACHE else "accounts.sessions.db"

# Accounts ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.CachedUserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "home"

# Five failures for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.views.axes_username"
# Every per-address limit, axes' included, counts against config.http.client_ip(): the
# connection's address, or with DJANGO_PROXY_COUNT proxies in front, X-Forwarded-For's.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "config.http.client_ip"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Mail ----------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Limber <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_URL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "config.mail.SMTPEmailBackend",
            "OPTIONS": {
                "host": EMAIL_URL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "config.mail.ConsoleEmailBackend"}}

# The address links in emails point at (reminders are sent by a worker, outside any request).
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Web Push (reminders/push.py) ---------------------------------------------
# The site's VAPID key pair (`manage.py vapid_keys` makes one) and the contact a push service
# may write to. Unset, push is off and every page hides it; set, all three must be.
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "").strip()
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY", "").strip()
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "").strip()
if bool(VAPID_PRIVATE_KEY) != bool(VAPID_PUBLIC_KEY):
    raise ImproperlyConfigured("VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY must be set together.")
if VAPID_PRIVATE_KEY and not VAPID_SUBJECT:
    raise ImproperlyConfigured("VAPID_SUBJECT must be set with the VAPID keys.")
if VAPID_SUBJECT and not VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(
        f"VAPID_SUBJECT must be a mailto: or https: URL, not {VAPID_SUBJECT!r}."
    )
PUSH_ENABLED = bool(VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY and VAPID_SUBJECT)

# Background tasks ----------------------------------------------------------
# Emails are sent by a worker (`manage.py db_worker`), never inside a request. "database"
# queues tasks in the database (django-tasks-db); "immediate" runs them in-process at once
# (no worker needed, but then the request waits for the email again); "dummy" only records them.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
_task_backend = env_str("TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {_task_backend!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

# Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# Static files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticStorage"
        )
    },
}

# Security ------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
if SECURE:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Logging -------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tokens in paths (share links, the calendar feed, unsubscribe and password-reset
    # links) never reach a log line (config.redact).
    "filters": {"secrets": {"()": "config.redact.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secrets"]}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # runserver's request lines: Django's own handler for them has no filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
