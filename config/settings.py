"""Django settings for the IOP administration system.

Everything comes from environment variables (see README, "Configuration"). A `.env` file in the
project root is read when present; `make run` writes one for development. With DEBUG off the
settings refuse to load unless SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are given.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
import xstatic.pkg.bootstrap as xstatic_bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.object_store import object_store

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"), overwrite=False)

# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

if not DEBUG:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not env.str(name, "")]
    if missing:
        raise ImproperlyConfigured(
            "DEBUG is off and these environment variables are missing: "
            + ", ".join(missing)
            + ". Set them (production) or set DEBUG=true (development)."
        )

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
LOCAL_APPS = [
    "iop",
    "participants",
    "followup",
    "programmes",
    "reporting",
    "invoicing",
    # The benchmark's load-data command (generate_load_data); no models, no pages.
    "bench",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every response, static files included (iop/security.py).
    "iop.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The app's own 404 page also with DEBUG on (iop/middleware.py).
    "iop.middleware.NotFoundPageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # 12-hour absolute session limit and the optional two-factor step (iop/security.py).
    "iop.security.SessionLifetimeMiddleware",
    "iop.security.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Deny by default: every view must declare who may use it (iop/permissions.py).
    "participants.middleware.DeniedAccessLogMiddleware",
    "iop.permissions.AccessPolicyMiddleware",
    # Turns a locked-out login into the lockout page; must be last (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "iop.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iop.context_processors.navigation",
                "iop.context_processors.session_timeout",
            ],
            # {% scrollregion %}: every scrollable table is a named, focusable region (iop/templatetags/iop_a11y.py).
            "builtins": ["iop.templatetags.iop_a11y"],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0)
# Reconnect transparently after a database restart instead of failing requests.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default (`make run`) serves a handful of users from one file. Django's default
    # deferred transactions start as readers and fail at once with "database is locked" when two of
    # them upgrade to writers (every page with personal data writes an access-log row), whatever the
    # busy timeout; IMMEDIATE takes the write lock at BEGIN, so a second writer waits instead. WAL lets
    # readers go on while one writes; the busy timeout is how long a writer waits for the lock.
    # An in-memory database (the test suite) ignores the journal mode.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault(
        "init_command",
        f"PRAGMA journal_mode=WAL;PRAGMA busy_timeout={env.int('SQLITE_BUSY_TIMEOUT_MS', default=20000)}",
    )
POSTGRES_WORK_MEM = env.str("POSTGRES_WORK_MEM", default="16MB")
if IS_POSTGRES:  # per-session settings, why each: docs/deployment.md (an empty value keeps the server's)
    session = {
        "jit": "" if env.bool("POSTGRES_JIT", default=False) else "off",
        "work_mem": POSTGRES_WORK_MEM,
        "random_page_cost": env.str("POSTGRES_RANDOM_PAGE_COST", default="1.1"),
    }
    options = DATABASES["default"].setdefault("OPTIONS", {})
    flags = " ".join(f"-c {name}={value}" for name, value in session.items() if value)
    options["options"] = f"{options.get('options', '')} {flags}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Several processes or hosts (docs/deployment.md) need one shared cache: CACHE_URL=redis://… . The
# per-process default suits one process (`make run`); `manage.py check --deploy` warns about it.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Passwords and sessions -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Catches what the similarity check lets through: the username repeated (iop/security.py).
    {"NAME": "iop.security.PasswordWithoutUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after 30 minutes without activity (Django's default is two weeks). The expiry is pushed
# forward at most once a minute (iop.security.SessionLifetimeMiddleware) instead of a database write on
# every page, so a session ends between SESSION_IDLE_SECONDS and one minute more after the last request.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_TOUCH_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + SESSION_TOUCH_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
# Sessions live in the database, which every web process on every host shares (never per process).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# ...and at the latest this long after login, however active (iop.security.SessionLifetimeMiddleware).
SESSION_MAX_AGE_SECONDS = env.int("SESSION_MAX_AGE_SECONDS", default=12 * 60 * 60)
# Pages warn this long before the idle limit, with a button that extends the session (WCAG 2.2.1;
# static/js/session-timeout.js).
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=5 * 60)

# --- Login throttling and two-factor (see docs/security.md) -----------------------------------
# The lockout check comes first; it authenticates nobody (django-axes). RoleLoadingBackend is Django's
# ModelBackend loading each request's user with the user's roles in one query (iop/auth.py). Sessions
# name the backend that logged them in: ModelBackend stays last so that sessions made before RoleLoadingBackend
# replaced it stay valid (it authenticates nobody new: RoleLoadingBackend answers first).
AUTHENTICATION_BACKENDS = [
    "iop.security.LoginThrottlingBackend",
    "iop.auth.RoleLoadingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ...and one address, whatever the usernames, after this many failures within the cool-off
# (iop.security.LoginThrottlingBackend): no trying four passwords against every username.
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
# A lockout lasts AXES_COOLOFF_MINUTES from the lockout; attempts meanwhile do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "iop.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "iop.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
OTP_TOTP_ISSUER = "IOP Malmö stad"
# The public accessibility feedback form: at most this many posts per address and window (HTTP 429 after).
ACCESSIBILITY_REPORT_LIMIT = env.int("ACCESSIBILITY_REPORT_LIMIT", default=5)
ACCESSIBILITY_REPORT_WINDOW_SECONDS = env.int("ACCESSIBILITY_REPORT_WINDOW_SECONDS", default=3600)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska"))]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["iop.formats"]

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from a Python package (no CDN).
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic_bootstrap.BASE_DIR)]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded and generated files are private: they are served only through views that check access
# (iop/storage.py). By default they are kept on the local disk under MEDIA_ROOT (one machine). With
# OBJECT_STORE_BUCKET set they go to an S3-compatible object store (django-storages), which every web
# process and worker on every host shares (docs/deployment.md). The bucket stays private: objects get no
# ACL of their own and no storage URL is ever handed out.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "files")))
OBJECT_STORE_BUCKET = env.str("OBJECT_STORE_BUCKET", default="")
if OBJECT_STORE_BUCKET:
    STORAGES["default"] = object_store(env, bucket=OBJECT_STORE_BUCKET)
MEDIA_URL = "/filer/"  # never routed directly
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# acks_late alone loses the task when the pool child is killed; this puts it back on the queue.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With kombu's defaults a publish to a hanging Redis blocks a request for 40 s or more.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_MAX_RETRIES = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 1,
    # Must exceed the longest task, or Redis redelivers a task that is still running.
    "visibility_timeout": 2 * 60 * 60,
}
CELERY_TASK_PUBLISH_RETRY = False

# --- Periodic tasks (beat) --------------------------------------------------------------------
# Every periodic task of the project, in one place. Beat runs django-celery-beat's DatabaseScheduler, which
# reads the rows; `iop.schedules.sync_periodic_tasks` writes these entries there after every `migrate` (a
# post_migrate receiver, so a new entry needs no migration), and an administrator may pause one in the
# admin. Crontab times are Europe/Stockholm.
PERIODIC_TASKS = {
    # Reminders at 06:00, the e-mail digest of them at 06:30.
    "followup: dagliga påminnelser": {
        "task": "followup.tasks.create_daily_reminders",
        "crontab": {"minute": "0", "hour": "6"},
    },
    "followup: daglig e-postsammanfattning": {
        "task": "followup.tasks.send_digests",
        "crontab": {"minute": "30", "hour": "6"},
    },
    # Publishes report jobs the broker never received.
    "reporting: dispatch pending reports": {
        "task": "reporting.tasks.dispatch_pending_reports",
        "interval": {"every": 1, "period": "minutes"},
    },
    # Computes the default dashboards ahead of their first viewer when the data changed (cheap otherwise).
    "reporting: förberäkna översikter": {
        "task": "reporting.tasks.warm_dashboards",
        "interval": {"every": 1, "period": "minutes"},
    },
    # The quarterly board report 15 days after each quarter; the annual reports and overview on 20 January.
    "reporting: kvartalsrapport till nämnden": {
        "task": "reporting.tasks.request_scheduled_reports",
        "crontab": {"minute": "0", "hour": "6", "day_of_month": "15", "month_of_year": "1,4,7,10"},
        "args": ["quarterly"],
    },
    "reporting: årsrapporter per partnerskap": {
        "task": "reporting.tasks.request_scheduled_reports",
        "crontab": {"minute": "0", "hour": "6", "day_of_month": "20", "month_of_year": "1"},
        "args": ["annual"],
    },
    "reporting: årsöversikt över alla partnerskap": {
        "task": "reporting.tasks.request_scheduled_reports",
        "crontab": {"minute": "0", "hour": "6", "day_of_month": "20", "month_of_year": "1"},
        "args": ["overview"],
    },
    # Export files (exportfiler) are deleted EXPORT_RETENTION_DAYS after they were made.
    "reporting: gallra exportfiler": {
        "task": "reporting.tasks.expire_export_files",
        "crontab": {"minute": "15", "hour": "3"},
    },
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="iop@malmo.example")

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy: no inline scripts anywhere (charts are server-side SVG, htmx is a static file).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Absolute base URL for links in e-mails (reminder digests); empty: relative links.
SITE_URL = env.str("SITE_URL", default="")

# --- Domain settings --------------------------------------------------------------------------
# Counts from 1 up to (but not including) this threshold are shown as "<3" in outputs that leave the administration.
DISCLOSURE_THRESHOLD = env.int("DISCLOSURE_THRESHOLD", default=3)
# Access-log rows are kept at least this many years, independent of participant retention.
ACCESS_LOG_RETENTION_YEARS = env.int("ACCESS_LOG_RETENTION_YEARS", default=5)
# Personal data is removed this many months after a participant's last placement ended.
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=24)
# An export job's file (exportfil: access log, approved invoices, dashboard data) is deleted from the storage
# this many days after it was made; the board's generated reports are kept.
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
# The quarterly board report flags a budget deviation when the invoiced amount is more than this many percent
# above or below the budget pro rata of the periods invoiced.
BUDGET_DEVIATION_MARGIN_PERCENT = env.int("BUDGET_DEVIATION_MARGIN_PERCENT", default=15)

# --- Logging (fontTools is WeasyPrint's font subsetting, dozens of INFO lines per PDF) ---------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Personnummer-like strings are masked before anything is written (iop/logging.py).
    "filters": {"redact_pnr": {"()": "iop.logging.RedactPersonalNumbersFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_pnr"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("django.db.backends", "axes", "fontTools")},
}
