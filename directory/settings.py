"""Settings of the government directory portal, all read from the environment.

Variables (all optional on a developer machine):

- ``DATABASE_URL``: ``postgres://user:password@host:port/name``. Unset: an embedded
  PostgreSQL server is started in ``DIRECTORY_DATA_DIR`` (default ``.data/postgres``).
- ``SECRET_KEY``: unset, a key made once and kept in ``.data/secret_key`` is used (set
  one shared key when several app servers serve the portal).
- ``DEBUG``: ``1``/``true`` for Django's debugging pages; off by default, also in the demo.
- ``ALLOWED_HOSTS``: comma-separated host names (default: the local host names).
- ``CSRF_TRUSTED_ORIGINS``: comma-separated origins (https://directory.gov.uz).
- ``REDIS_URL``: use Redis as the cache (rate limits, sessions cache) instead of memory.
- ``DATABASE_REPLICA_URL``: a streaming read replica; reads go there, writes to the
  primary; a browser that wrote reads from the primary for ``REPLICA_PIN_SECONDS``
  (15) after (``directory/routers.py``).
- ``SECURE_SSL``: ``1`` behind HTTPS: secure cookies, HSTS, redirect to HTTPS.
- ``MEDIA_ROOT``, ``STATIC_ROOT``: where uploads and collected static files live.
- ``EMAIL_HOST`` (with ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``,
  ``EMAIL_USE_TLS``, ``EMAIL_USE_SSL``): the SMTP server for reminders and answers to
  citizens. Unset: mail is printed to the console (the demo). ``DEFAULT_FROM_EMAIL``:
  the sender. ``SITE_URL``: the portal's address, for links in mail.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key(path: Path) -> str:
    """A secret key made once for this checkout and kept in ``.data/`` (git-ignored), so
    the demo and a single server need no setup and keep their sessions across restarts.
    Several app servers must share one: set ``SECRET_KEY``."""
    if not path.exists():
        import secrets
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent)  # mode 0600
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
        try:
            os.link(temporary, path)  # whole, or not at all if another process won
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


# Production behaviour unless DEBUG=1 is asked for: no technical error pages.
DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key(BASE_DIR / ".data" / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, as its documentation requires
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "treebeard",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "organizations",
    "directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "directory.middleware.SafeParametersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous pages from the cache, before sessions, sign-in and CSRF (pagecache.py).
    "directory.pagecache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "directory.middleware.ViewerMiddleware",
    # Signed-in readers' pages from the cache, once sign-in is known (pagecache.py).
    "directory.pagecache.SignedInPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "directory.middleware.DatabaseUnavailableMiddleware",
    # last, as django-axes requires
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "directory.urls"
WSGI_APPLICATION = "directory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.context_processors.portal",
            ],
        },
    },
]

# Database ------------------------------------------------------------------------------

# Both go through directory.db, Django's PostgreSQL backend that waits a few seconds for a
# database coming back (a restart) instead of failing the request. A persistent
# connection is checked before a request uses it (CONN_HEALTH_CHECKS), so one that a
# restart broke is replaced instead of failing the request.
RESILIENT = {"ENGINE": "directory.db", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {**dj_database_url.parse(os.environ["DATABASE_URL"]), **RESILIENT}}
else:
    # directory.db starts (or joins) the embedded server when a connection is first needed
    # and fills in its socket directory and port.
    DATABASES = {
        "default": {**RESILIENT, "EMBEDDED": True, "NAME": "directory", "USER": "postgres"}
    }
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"]),
        **RESILIENT,
    }
    # django-multidb-router: reads go to the replica, except for a browser that wrote in
    # the last REPLICA_PIN_SECONDS (directory/routers.py).
    DATABASE_ROUTERS = ["directory.routers.ReplicaRouter"]
    REPLICA_DATABASES = ["replica"]
    MULTIDB_PINNING_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "15"))
    MULTIDB_PINNING_COOKIE = "primary"
    MULTIDB_PINNING_COOKIE_HTTPONLY = True
    MULTIDB_PINNING_COOKIE_SECURE = env_bool("SECURE_SSL")
    # First, so that every middleware's reads (sessions, sign-in) follow the pin.
    MIDDLEWARE.insert(0, "multidb.middleware.PinningRouterMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ---------------------------------------------------------------------------------

if os.environ.get("REDIS_URL"):
    # Shared by every app server: kept pages, rate-limit counters and sessions.
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "directory"),
        }
    }
    # Sessions read from Redis, written through to the database (kept over a restart).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Django's database sessions, read in one plain statement (directory/sessions.py).
    SESSION_ENGINE = "directory.sessions"
    # One cache per server process; with several processes or servers, set REDIS_URL.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "1000"))},
        }
    }

# Anonymous pages kept in the cache (directory/pagecache.py) for at most this many
# seconds (0: never), and how long browsers, proxies and CDNs may reuse them.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
if "replica" in DATABASES:
    # Pages read from a replica may lag the change counter, which is read from the
    # primary: a page could be kept under a number newer than what it shows. Until the
    # counter is read where the pages are read, a replica turns the page cache off.
    PAGE_CACHE_SECONDS = 0
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "60"))

# Authentication ------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's rights with the user: one query.
    "directory.auth.DirectoryBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "directory.views.errors.locked_out"

GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None  # anonymous visitors get no object permissions at all

# Internationalisation ------------------------------------------------------------------

# Uzbek is written in Latin (the default) and Cyrillic; Django knows only "uz".
LANG_INFO.setdefault(
    "uz-cyrl",
    {"bidi": False, "code": "uz-cyrl", "name": "Uzbek (Cyrillic)", "name_local": "Ўзбекча"},
)
LANG_INFO["uz"] = {**LANG_INFO.get("uz", {}), "name_local": "Oʻzbekcha"}

LANGUAGE_CODE = "uz"
LANGUAGES = [
    ("uz", _("Uzbek (Latin)")),
    ("uz-cyrl", _("Uzbek (Cyrillic)")),
    ("ru", _("Russian")),
    ("en", _("English")),
    ("ko", _("Korean")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Tashkent"

MODELTRANSLATION_DEFAULT_LANGUAGE = "uz"
MODELTRANSLATION_LANGUAGES = ("uz", "uz-cyrl", "ru", "en", "ko")
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("uz", "ru", "en"),
    "ko": ("en", "uz", "ru"),
    "en": ("en", "ru", "uz"),
}

PHONENUMBER_DEFAULT_REGION = "UZ"

# Static and media files ----------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Collected files (``collectstatic``: hashed names, compressed, cached for a year) when
# they are there, as in production and the demo; otherwise straight from the apps.
COLLECTED_STATIC = not DEBUG and (STATIC_ROOT / "staticfiles.json").exists()
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if COLLECTED_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security ------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("SECURE_SSL"):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # Django admin widgets set a few inline styles; scripts stay 'self' only.
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# Portal --------------------------------------------------------------------------------

# Shown on every page: the demo command sets it to say that all people are fictional.
PORTAL_NOTICE = os.environ.get("PORTAL_NOTICE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Mail: reminders to editors, answers to citizens (organizations/mail.py) ----------------

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "directory@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# send_reminders: a vacant post needs its editors after this many days; what stays
# undone this many weeks after a digest goes to the editors above (then administrators).
REMINDER_VACANT_DAYS = int(os.environ.get("REMINDER_VACANT_DAYS", "30"))
REMINDER_ESCALATE_WEEKS = int(os.environ.get("REMINDER_ESCALATE_WEEKS", "3"))

# Rate limits per client (directory/ratelimit.py): scope → (requests, seconds), or None.
# With several server processes, set REDIS_URL so that they share the counters.
RATE_LIMITS = {
    "search": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), 60),
    "api": (int(os.environ.get("RATE_LIMIT_API", "300")), 60),
    "export": (int(os.environ.get("RATE_LIMIT_EXPORT", "20")), 3600),
    "suggest": (int(os.environ.get("RATE_LIMIT_SUGGEST", "10")), 3600),
}
# Behind a reverse proxy that sets X-Forwarded-For, limit by the address it reports.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR")

# Imports uploaded as a ZIP in admin: at most this much unpacked, this many files.
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "200")) * 1024 * 1024
IMPORT_MAX_FILES = int(os.environ.get("IMPORT_MAX_FILES", "2000"))
