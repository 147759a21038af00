"""Tousu settings: one module, every deployment difference read from the environment.

What differs per organisation (categories, deadlines, routing) is policy data in the
database, never a setting here.
"""

from pathlib import Path

import dj_database_url

from tousu.channels.mailboxes import mailboxes_from_env
from tousu.env import SettingError, env_bool, env_int, env_list, env_str
from tousu.notify.mailconfig import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TOUSU_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("TOUSU_DEBUG", False)
SECRET_KEY = env_str("TOUSU_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("TOUSU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TOUSU_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before django.contrib.admin: its admin templates override the admin's own.
    "tousu.adminpages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "tousu.core",
    "tousu.org",
    "tousu.workcal",
    "tousu.policies",
    "tousu.cases",
    "tousu.portal",
    "tousu.printing",
    "tousu.web",
    "tousu.reports",
    "tousu.search",
    "tousu.jobs",
    "tousu.notify",
    "tousu.deadlines",
    "tousu.channels",
    "tousu.audit",
    "tousu.improve",
    "tousu.library",
    "tousu.security",
]
TOUSU_BENCH = env_bool("TOUSU_BENCH", False)
if TOUSU_BENCH:
    INSTALLED_APPS.append("bench.bareapp")

MIDDLEWARE = [
    "tousu.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "tousu.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "tousu.security.sessions.SessionLimitsMiddleware",
]

ROOT_URLCONF = "tousu.urls"
WSGI_APPLICATION = "tousu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite is the embedded default. Measured on this stack: with Django's default SQLite
# options most concurrent read-then-write transactions fail with "database is locked";
# WAL + IMMEDIATE transactions + a busy timeout make them queue instead.
SQLITE_PATH = VAR_DIR / "tousu.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("TOUSU_DB_CONN_MAX_AGE", 600))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=30000;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-32000;"
            "PRAGMA temp_store=MEMORY;"
        ),
    }
    # A file (not memory) so that server processes started by the tests share it.
    _db["TEST"] = {"NAME": str(VAR_DIR / env_str("TOUSU_TEST_SQLITE_NAME", "test-tousu.sqlite3"))}
else:
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("TOUSU_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tousu.security.passwords.MixedCharactersValidator"},
]

# --- Language and time: Chinese first ---------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "tousu" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve from the apps' static folders too, so a fresh checkout works before collectstatic.
WHITENOISE_USE_FINDERS = True
TOUSU_ATTACHMENT_MAX_BYTES = env_int("TOUSU_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = TOUSU_ATTACHMENT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TOUSU_LOG_LEVEL", "WARNING")},
}

# --- Background jobs and notifications (docs/jobs.md, docs/notifications.md) -------------
# The embedded runner (`tousu worker`, started by `tousu serve`) needs only the database;
# with REDIS_URL set, Celery workers and Celery beat run the same jobs.
REDIS_URL = env_str("REDIS_URL", "")
TOUSU_JOBS_RUNNER = env_str("TOUSU_JOBS_RUNNER", "celery" if REDIS_URL else "embedded")
if TOUSU_JOBS_RUNNER not in {"embedded", "celery"}:
    raise SettingError(f"TOUSU_JOBS_RUNNER={TOUSU_JOBS_RUNNER!r}: use embedded or celery")
if TOUSU_JOBS_RUNNER == "celery" and not REDIS_URL:
    raise SettingError("TOUSU_JOBS_RUNNER=celery needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
# Seconds before a failed job's first retry; doubled on each further failure (6 h at most).
TOUSU_JOBS_BACKOFF_SECONDS = float(env_str("TOUSU_JOBS_BACKOFF_SECONDS", "30"))
# Links in messages to complainants (tracking, satisfaction) start with this address.
TOUSU_BASE_URL = env_str("TOUSU_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
_email = email_settings()
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"], _email["EMAIL_PORT"]
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_USER"], _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT = _email["EMAIL_USE_TLS"], _email["EMAIL_USE_SSL"], _email["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = env_str("TOUSU_MAIL_FROM", "Tousu <noreply@localhost>")
# SMS: "file" appends each message to a file (or "-" for the console); "http" posts to a
# generic SMS gateway (docs/notifications.md).
TOUSU_SMS_BACKEND = env_str("TOUSU_SMS_BACKEND", "file")
TOUSU_SMS_FILE = env_str("TOUSU_SMS_FILE", str(VAR_DIR / "sms.log"))
TOUSU_SMS_URL = env_str("TOUSU_SMS_URL", "")
TOUSU_SMS_TOKEN = env_str("TOUSU_SMS_TOKEN", "")
TOUSU_SMS_SENDER = env_str("TOUSU_SMS_SENDER", "")

# --- Channels in (docs/channels.md) --------------------------------------------------------
# Which IMAP mailbox feeds which policy: TOUSU_MAILBOXES="POLICY=imaps://user:pass@host/INBOX ...".
TOUSU_MAILBOXES = mailboxes_from_env()
# Open311 GeoReport v2 (/open311/v2/): the policy served when a client sends no jurisdiction_id.
TOUSU_OPEN311_JURISDICTION = env_str("TOUSU_OPEN311_JURISDICTION", "")

# --- Security (docs/security.md, docs/deployment.md) ---------------------------------------
# Staff sessions: an idle limit and an absolute limit (Django's two weeks is too long for
# a desk holding people's names and phones). Both are enforced server-side.
TOUSU_SESSION_IDLE_SECONDS = env_int("TOUSU_SESSION_IDLE_SECONDS", 30 * 60)
TOUSU_SESSION_ABSOLUTE_SECONDS = env_int("TOUSU_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = TOUSU_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Failed staff logins: at most this many per account (and per address) in the window, then
# a cool-off until the window ends; never a permanent lock.
TOUSU_LOGIN_FAILURES_PER_ACCOUNT = env_int("TOUSU_LOGIN_FAILURES_PER_ACCOUNT", 10)
TOUSU_LOGIN_FAILURES_PER_ADDRESS = env_int("TOUSU_LOGIN_FAILURES_PER_ADDRESS", 50)
TOUSU_LOGIN_WINDOW_SECONDS = env_int("TOUSU_LOGIN_WINDOW_SECONDS", 15 * 60)
# The public form and lookup: requests per window per client address and per phone number.
TOUSU_PUBLIC_PER_ADDRESS = env_int("TOUSU_PUBLIC_PER_ADDRESS", 30)
TOUSU_PUBLIC_PER_PHONE = env_int("TOUSU_PUBLIC_PER_PHONE", 10)
TOUSU_PUBLIC_WINDOW_SECONDS = env_int("TOUSU_PUBLIC_WINDOW_SECONDS", 15 * 60)
# Behind a reverse proxy that sets X-Forwarded-For, trust its last hop for the client address.
TOUSU_TRUST_FORWARDED_FOR = env_bool("TOUSU_TRUST_FORWARDED_FOR", False)

# TLS: set TOUSU_TLS=1 in production (HSTS, secure cookies, redirect to https); off by
# default so that `make run` and the tests work over plain HTTP on the loopback.
TOUSU_TLS = env_bool("TOUSU_TLS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if TOUSU_TLS:
    SECURE_SSL_REDIRECT = env_bool("TOUSU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TOUSU_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TOUSU_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("TOUSU_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("TOUSU_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The health check answers plain HTTP on the loopback for the process supervisor.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy: no inline scripts or styles anywhere, every asset from here.
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
