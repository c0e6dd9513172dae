"""Paraat's one settings file, read from environment variables (see the README's table).

PARAAT_ENV selects safe defaults: `production` (the default) refuses to start with a default
secret key or DEBUG on; `demo`, `development` and `test` are for one machine.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


BASE_DIR = Path(__file__).resolve().parent
PARAAT_ENV = envstr("PARAAT_ENV", "production")
if PARAAT_ENV not in {"production", "demo", "development", "test"}:
    raise ImproperlyConfigured(
        f"PARAAT_ENV={PARAAT_ENV!r}: use production, demo, development or test"
    )
IS_PRODUCTION = PARAAT_ENV == "production"

# State lives in the database and the file storage only; var/ holds both for one machine.
DATA_DIR = Path(envstr("PARAAT_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEFAULT_SECRET_KEY = "paraat-insecure-demo-key-do-not-use-in-production"
SECRET_KEY = envstr("SECRET_KEY", "" if IS_PRODUCTION else DEFAULT_SECRET_KEY)
DEBUG = envbool("DEBUG", PARAAT_ENV == "development")
if IS_PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "Production needs SECRET_KEY (at least 40 random characters); "
            "for a local try-out set PARAAT_ENV=demo."
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production (PARAAT_ENV=production).")

ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", "" if IS_PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Paraat's own apps come first so their templates win over contrib's.
    "paraat.core",
    "paraat.accounts",
    "paraat.audit",
    "paraat.regions",
    "paraat.agreements",
    "paraat.dashboard",
    "paraat.programme",
    "paraat.supportpoints",
    "paraat.knowledge",
    "paraat.reports",
    "paraat.sso",
    "paraat.start",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rules.apps.AutodiscoverRulesConfig",
    "paraat.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "paraat.core.middleware.HealthMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # after WhiteNoise (static files come pre-compressed), before everything that writes a body
    "paraat.core.middleware.CompressionMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "paraat.core.middleware.SessionRefreshMiddleware",
    "paraat.core.middleware.LanguageMiddleware",
    # a warm page for the session that saw it, while nothing it was made from has changed
    # (issue 19): before the sign-in and access middleware, see paraat.core.pagecache
    "paraat.core.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "paraat.core.middleware.PrivacyHeadersMiddleware",
    "paraat.audit.middleware.AuditContextMiddleware",
    "paraat.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "paraat.urls"
WSGI_APPLICATION = "paraat.wsgi.application"

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
                "paraat.start.context_processors.paraat",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'paraat.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # Several people at once on the embedded default (Django's SQLite notes): WAL so readers
    # never wait for a writer; IMMEDIATE so a transaction takes the write lock when it starts and
    # waits up to `timeout` seconds for it, instead of failing with "database is locked" when it
    # reads first and another writer got in between (SQLite cannot wait at that point).
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if PARAAT_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor sign-in (TOTP) for administrators, coordinators and the CFG; optional for others.
PARAAT_REQUIRE_2FA = envbool("PARAAT_REQUIRE_2FA", IS_PRODUCTION)
OTP_TOTP_ISSUER = "Paraat"

# Lock-out after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field (axes would guess "email")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_VERBOSE = False

# The cache: rendered dashboard fragments and exports (keyed by data version, so never stale,
# see paraat.core.caching) and the sessions. Redis when REDIS_URL is set -- needed as soon as
# more than one app server (or gunicorn worker) runs, so they share it; memory of the process
# otherwise.
REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "paraat.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "paraat"),
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
# How long a rendered fragment stays in the cache at most (it is keyed by data version and
# date, so this only frees memory).
PARAAT_CACHE_SECONDS = envint("PARAAT_CACHE_SECONDS", 24 * 60 * 60)

# Sessions in the database, read through the cache (no query per request once cached). They
# expire after SESSION_COOKIE_AGE without a request (sliding): instead of writing the session on
# every request (SESSION_SAVE_EVERY_REQUEST), paraat.core.middleware.SessionRefreshMiddleware
# writes it again only when it was last written more than PARAAT_SESSION_REFRESH_SECONDS ago.
# (Through the cache only when it is shared: with one cache per process a sign-out in one would
# not reach the copy in another.)
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
PARAAT_SESSION_REFRESH_SECONDS = envint("PARAAT_SESSION_REFRESH_SECONDS", 5 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", IS_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE


LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Off: with it on, Django writes every integer in a template with a separator, so an id or a
# data attribute built from a primary key above 999 breaks (item-3.007). Large numbers that
# people read use the `intcomma` filter (Dutch: 159.025) explicitly.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if PARAAT_ENV in {"test", "development"}:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
# Leaflet's own files (leaflet.js, .css, images, licence) come from XStatic-Leaflet, a package
# made to ship them; served as static/leaflet/….
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
MEDIA_ROOT = DATA_DIR / "media"
# Uploads are private: Paraat never serves MEDIA_URL; files go out only through views that
# check permissions. (Django needs a value for it.)
MEDIA_URL = "/_private_media_not_served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
PARAAT_MAX_UPLOAD_MB = envint("PARAAT_MAX_UPLOAD_MB", 20)

_static_backend = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if PARAAT_ENV in {"production", "demo"}
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
if envstr("S3_BUCKET"):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            "access_key": envstr("S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {"default": _default_storage, "staticfiles": {"BACKEND": _static_backend}}

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if envstr("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Paraat <noreply@paraat.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER via PROXY_SSL=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = IS_PRODUCTION
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if envbool("PROXY_SSL", IS_PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: only our own scripts and styles, no inline script, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Paraat's own knobs.
PARAAT_DEMO_PASSWORD = "paraat-demo"
# The job queue (django-tasks, Django 6's tasks framework): reports, the emergency binder and
# e-mail are jobs in the database, done by `paraat db_worker` (see paraat.core.jobs). The test
# suite runs jobs at once unless a test chooses the database queue.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if PARAAT_ENV == "test"
        else "django_tasks_db.DatabaseBackend"
    }
}
# A job still running this many minutes after it started lost its worker: it is taken again, or
# marked failed once it was tried PARAAT_JOB_ATTEMPTS times.
PARAAT_JOB_TIMEOUT_MINUTES = envint("PARAAT_JOB_TIMEOUT_MINUTES", 30)
PARAAT_JOB_ATTEMPTS = envint("PARAAT_JOB_ATTEMPTS", 3)
# Administrators are reminded when the latest emergency binder is older than this.
PARAAT_BINDER_MAX_AGE_DAYS = envint("PARAAT_BINDER_MAX_AGE_DAYS", 30)


# --- API (/api/v1/): Django REST framework with drf-spectacular --------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "paraat.api.authentication.TokenAuthentication",
        "paraat.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["paraat.api.guards.ReadOrWriteToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "paraat.api.pagination.LinkedCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["paraat.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": envstr("PARAAT_API_RATE", "600/minute")},
    "EXCEPTION_HANDLER": "paraat.api.problems.problem_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Paraat API",
    "DESCRIPTION": (
        "Read a safety region's resilience figures (for Power BI, Excel and municipal systems) "
        "and record a municipality's own status updates. Same permissions as the pages. "
        "Authenticate with `Authorization: Bearer <token>` (make a token on your profile page)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "paraat.api.schema.add_problem_responses",
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": "paraat.agreements.models.Status",
        "RoundStateEnum": "paraat.agreements.models.RoundState",
        "SubmissionStatusEnum": "paraat.agreements.models.SubmissionStatus",
    },
}
# National reference data (municipalities, boundaries, regions): `gemeenten-<year>.csv` and
# `gemeenten-<year>.geojson` in PARAAT_REFERENCE_DIR (default: the files shipped in regions/data).
PARAAT_REFERENCE_YEAR = envint("PARAAT_REFERENCE_YEAR", 2025)
PARAAT_REFERENCE_DIR = envstr("PARAAT_REFERENCE_DIR", "")
