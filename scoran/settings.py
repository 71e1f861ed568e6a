"""Settings of the SCORAN BFC portal, driven by environment variables.

Production defaults are the safe ones: DEBUG is off unless asked, HTTPS is
enforced, secrets and server addresses must be given. ``python -m scoran.embedded``
(used by ``make run`` and ``make test``) starts local servers and sets the
variables when they are missing.
"""

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# Said when a variable that the embedded servers would set is missing or wrong:
# typically `manage.py` typed on a development machine.
EMBEDDED_HINT = (
    'On a development machine, run commands with make manage ARGS="…" (e.g. make manage '
    'ARGS="import_arcep FILE"): it starts embedded PostgreSQL and Redis and sets '
    "DATABASE_URL, REDIS_URL and SECRET_KEY; see docs/configuration.md."
)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", hint=EMBEDDED_HINT)
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public identity of the service, shown in the footer and legal pages.
SITE_NAME = "Espace de ressources mutualisées SCORAN BFC"
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "contact@scoran.invalid")
DPO_EMAIL = env_str("DPO_EMAIL", CONTACT_EMAIL)
HOSTING_PROVIDER = env_str("HOSTING_PROVIDER", "")
# The region the portal covers (INSEE code and name): the observatories' imports keep
# its territories, and its figures head every comparison.
REGION_CODE = "27"
REGION_NAME = "Bourgogne-Franche-Comté"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_celery_beat",
    "django_filters",
    "import_export",
    "csp",
    # Django REST framework is used (portal/api) but not installed as an app: its
    # French catalogue would take over Django's own messages in every form of the
    # site (« adresse e-mail » for « adresse de courriel »), and the API, JSON only
    # with French errors of its own, needs none of its templates, static files or
    # translations.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "strategy",
    "django.contrib.postgres",
    "observatories",
    "directory",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "scoran.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "scoran.urls"
WSGI_APPLICATION = "scoran.wsgi.application"

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
                "portal.context_processors.site",
            ],
            # Template tags of the leaf library (``{% load markup %}``).
            "libraries": {"markup": "scoran.lib.markdown", "reports": "scoran.lib.report_links"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", hint=EMBEDDED_HINT),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(f"DATABASE_URL must point to a PostgreSQL server. {EMBEDDED_HINT}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", hint=EMBEDDED_HINT)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "scoran"),
    }
}


def _kombu_url(redis_url: str) -> str:
    """Kombu spells a Unix-socket Redis address ``redis+socket://`` and its database
    ``virtual_host`` (it ignores ``db`` there): ``unix:///run/redis.sock?db=3`` is
    ``redis+socket:///run/redis.sock?virtual_host=3``."""
    if redis_url.startswith("unix://"):
        parts = urlsplit(redis_url)
        query = urlencode(
            [
                ("virtual_host" if key == "db" else key, value)
                for key, value in parse_qsl(parts.query)
            ]
        )
        return f"redis+socket://{parts.path}" + (f"?{query}" if query else "")
    return redis_url


CELERY_BROKER_URL = _kombu_url(REDIS_URL)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies (killed, out of memory) is not handed to another
# worker: a file that kills one would kill the next, for ever. The upload task opts
# in (``reject_on_worker_lost``): it counts its attempts and quarantines such a file.
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/Paris"
# Housekeeping jobs declared here; celery beat copies them into django-celery-beat's
# tables, where curators see and may tune them.
CELERY_BEAT_SCHEDULE = {
    "purge-unactivated-accounts": {
        "task": "directory.accounts.tasks.purge_unactivated_accounts",
        "schedule": crontab(hour=3, minute=30),
    },
    "reap-dead-imports": {
        "task": "observatories.imports.tasks.reap_dead_imports",
        "schedule": crontab(minute="*/5"),
    },
    # The owner organisations' agents are told 30 days before an aide's deadline.
    "funding-deadline-reminders": {
        "task": "portal.funding.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Freshness (directory/freshness): owners told of their items "à vérifier", one
    # e-mail per person; external links checked, broken ones digested to curators.
    "remind-owners-to-review": {
        "task": "directory.freshness.tasks.send_review_reminders",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    "check-external-links": {
        "task": "directory.freshness.tasks.check_links",
        "schedule": crontab(day_of_week="sun", hour=4, minute=0),
    },
    # The section 8 indicators computed from data (strategy/services.py): after each
    # import already; daily for what changes without one (the guide's downloads).
    "refresh-indicator-values": {
        "task": "strategy.tasks.refresh_indicator_values",
        "schedule": crontab(hour=2, minute=15),
    },
    # E-mail digests of followable lists (portal/subscriptions): daily ones every
    # morning, weekly ones on Monday mornings; unconfirmed subscriptions purged.
    "send-daily-digests": {
        "task": "portal.subscriptions.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    "send-weekly-digests": {
        "task": "portal.subscriptions.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=6, minute=45),
    },
    "purge-unconfirmed-subscriptions": {
        "task": "portal.subscriptions.tasks.purge_unconfirmed_subscriptions",
        "schedule": crontab(hour=3, minute=45),
    },
    # The site's search index (portal/search): kept after each change already;
    # rebuilt nightly for what changes without a save (bulk updates, related rows).
    "rebuild-search-index": {
        "task": "portal.search.tasks.rebuild_search_index",
        "schedule": crontab(hour=2, minute=45),
    },
}

AUTH_USER_MODEL = "directory.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: HTTPS and headers. HSTS is sent on HTTPS responses only.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"  # French, in the portal's layout
X_FRAME_OPTIONS = "DENY"

# FttH map: background tiles only when a tile server is given, e.g.
# "https://tiles.example.fr/{z}/{x}/{y}.png" (Leaflet's URL template). None by default:
# the communes are drawn on a plain background and the map asks nothing of any server
# but ours.
OBSERVATORY_TILES_URL = env_str("OBSERVATORY_TILES_URL", "")
OBSERVATORY_TILES_ATTRIBUTION = env_str("OBSERVATORY_TILES_ATTRIBUTION", "")


def _tiles_origin(url: str) -> str | None:
    """Where the browser fetches the tiles from, for img-src (None: our own origin).
    Leaflet's "{s}" subdomain placeholder becomes a CSP wildcard."""
    if not url or url.startswith("/"):
        return None
    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise ImproperlyConfigured(
            f"OBSERVATORY_TILES_URL={url!r} must be an http(s) URL or a path on this site."
        )
    return f"{parts.scheme}://{parts.netloc}"


# A strict policy: every script and style comes from our own origin; no inline code.
# Images may also come from the map's tile server, when one is configured.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [_tiles_origin(OBSERVATORY_TILES_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Observatory pages are kept this long per data version for visitors without a
# session (observatories/caching.py); 0 turns that off.
OBSERVATORY_PAGE_CACHE_SECONDS = env_int("OBSERVATORY_PAGE_CACHE_SECONDS", 15 * 60)
# The agenda's public calendars, kept per content version (portal/agenda/ical.py).
AGENDA_CALENDAR_CACHE_SECONDS = env_int("AGENDA_CALENDAR_CACHE_SECONDS", 5 * 60)

# Imports: a file with more rejected rows than this share is refused whole.
IMPORT_MAX_REJECT_RATE = env_float("IMPORT_MAX_REJECT_RATE", 0.05)
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 512 * 1024 * 1024)
# A workbook (XLSX) is a zip: its entries and their unpacked size are checked before
# it is opened, so that a small file cannot unpack into gigabytes (zip bomb).
IMPORT_MAX_XLSX_ENTRIES = env_int("IMPORT_MAX_XLSX_ENTRIES", 500)
IMPORT_MAX_XLSX_UNPACKED_BYTES = env_int("IMPORT_MAX_XLSX_UNPACKED_BYTES", 300 * 1024 * 1024)
# Text files (CSV, gzip or not) are checked while they stream, so that a small file
# cannot unpack into gigabytes or hold one endless line: unpacked size, length of a
# line and values per line beyond these are refused whole.
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 1024 * 1024 * 1024)
IMPORT_MAX_LINE_BYTES = env_int("IMPORT_MAX_LINE_BYTES", 1024 * 1024)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 500)
# A JSON export (an API listing) is one value, read whole: larger than this once
# decompressed, it is refused.
IMPORT_MAX_JSON_BYTES = env_int("IMPORT_MAX_JSON_BYTES", 200 * 1024 * 1024)
# Import jobs: killed past this time (seconds); an uploaded file whose job was
# interrupted (worker killed) is run again, this many times at most, then
# quarantined. Imports still "running" whose process is gone are marked failed by
# the job "reap-dead-imports", once this old (seconds).
IMPORT_TASK_TIME_LIMIT = env_int("IMPORT_TASK_TIME_LIMIT", 3 * 3600)
IMPORT_UPLOAD_MAX_ATTEMPTS = env_int("IMPORT_UPLOAD_MAX_ATTEMPTS", 3)
IMPORT_REAP_AFTER_SECONDS = env_int("IMPORT_REAP_AFTER_SECONDS", 60)
# Redis hands an unacknowledged job to another worker after this time: longer than
# any job may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": IMPORT_TASK_TIME_LIMIT + 600}
# Request bodies. Django answers 400 (the CSRF check reads the body before any view)
# to a body whose fields, files aside, exceed DATA_UPLOAD_MAX_MEMORY_SIZE (the longest
# form, a project, holds a few tens of KB of text), or with more fields or files than
# the limits below (the project form sends at most 20 images and 20 documents; the
# admin's bulk actions post one field per selected row). Files are bounded by each
# form (documents, images, logos, data files); above FILE_UPLOAD_MAX_MEMORY_SIZE an
# upload streams to a temporary file instead of memory. The reverse proxy caps the
# whole body first (client_max_body_size, docs/operations.md), above the largest
# upload allowed: IMPORT_MAX_UPLOAD_BYTES for the admin's data files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 50
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Scheduled sources (downloads): timeout (s), attempts on network errors, backoff
# between them (doubling from the base, capped, in seconds), failures in a row
# before a source is switched off, and the largest download.
SOURCE_TIMEOUT = env_int("SOURCE_TIMEOUT", 60)
SOURCE_MAX_RETRIES = env_int("SOURCE_MAX_RETRIES", 4)
SOURCE_RETRY_BACKOFF_BASE = env_int("SOURCE_RETRY_BACKOFF_BASE", 60)
SOURCE_RETRY_BACKOFF_MAX = env_int("SOURCE_RETRY_BACKOFF_MAX", 900)
SOURCE_MAX_FAILURES = env_int("SOURCE_MAX_FAILURES", 3)
SOURCE_MAX_BYTES = env_int("SOURCE_MAX_BYTES", 2 * 1024 * 1024 * 1024)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", CONTACT_EMAIL)
# Rows per page of every filtered list (``scoran.lib.lists``).
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 20)
# The public API (portal/api/): page size asked with ``page_size`` up to this bound,
# and requests per client (its address, or its IPv6 /64) per window of seconds.
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 100)
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_RATE_WINDOW = env_int("API_RATE_WINDOW", 60)
REST_FRAMEWORK = {
    # Read-only and anonymous: the same public rows for everyone, no session, no CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # JSON only: the browsable API's inline scripts would break the CSP.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # ``?format=csv|xlsx`` are the lists' exports, not a renderer override.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.policies.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.policies.ClientThrottle"],
    "EXCEPTION_HANDLER": "portal.api.policies.french_errors",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API publique de l'espace SCORAN BFC",
    "DESCRIPTION": (
        "Lecture seule, sans compte : les contenus publiés du portail (projets, "
        "structures, lieux, ressources, aides, événements, veille), les indicateurs de "
        "la stratégie et les chiffres de chaque territoire. Mêmes filtres que les pages, "
        "pagination (page_size ≤ 100), exports CSV et XLSX des listes (format=csv|xlsx), "
        "ETag et Last-Modified, CORS en lecture, nombre de requêtes limité par client."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.declare_errors",
    ],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "DISABLE_ERRORS_AND_WARNINGS": True,
}
# A curated item not confirmed for this many days is "à vérifier" (scoran.lib.freshness).
REVIEW_AFTER_DAYS = env_int("REVIEW_AFTER_DAYS", 365)
# The weekly check of external links (directory/freshness): timeout per request (s),
# redirects followed, bytes of a body read at most, pause between two requests to
# one host (s), failed checks in a row before a link is shown broken, and whether
# addresses resolving to private or loopback networks may be requested (never in
# production: the server would probe its own network).
LINK_CHECK_TIMEOUT = env_float("LINK_CHECK_TIMEOUT", 10.0)
LINK_CHECK_MAX_REDIRECTS = env_int("LINK_CHECK_MAX_REDIRECTS", 5)
LINK_CHECK_MAX_BYTES = env_int("LINK_CHECK_MAX_BYTES", 8192)
LINK_CHECK_HOST_DELAY = env_float("LINK_CHECK_HOST_DELAY", 1.0)
LINK_CHECK_BROKEN_AFTER = env_int("LINK_CHECK_BROKEN_AFTER", 2)
LINK_CHECK_ALLOW_PRIVATE = env_bool("LINK_CHECK_ALLOW_PRIVATE", False)
# Every e-mail's subject starts with it (``scoran.lib.mail``).
EMAIL_SUBJECT_PREFIX = "[SCORAN BFC] "

# Accounts: sign-in page, and failed sign-ins allowed per username and per client
# address in a window (seconds) before further attempts are refused.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "portal:home"
LOGIN_FAILURES_PER_USERNAME = env_int("LOGIN_FAILURES_PER_USERNAME", 5)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 50)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)
# Behind our reverse proxy every request comes from its address: the client's is
# the last one the proxy appended to X-Forwarded-For.
TRUST_X_FORWARDED_FOR = env_bool("BEHIND_TLS_PROXY", False)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset or activation link works one day
# Accounts created by the sign-up form and not activated are deleted after these days.
ACCOUNT_ACTIVATION_DAYS = env_int("ACCOUNT_ACTIVATION_DAYS", 7)
# Forms that send e-mails: requests allowed per hour, per client address and per
# e-mail address (beyond, the address silently gets no more e-mails).
SIGN_UPS_PER_IP = env_int("SIGN_UPS_PER_IP", 10)
PASSWORD_RESETS_PER_IP = env_int("PASSWORD_RESETS_PER_IP", 10)
PASSWORD_RESETS_PER_EMAIL = env_int("PASSWORD_RESETS_PER_EMAIL", 3)
# E-mail digests (portal/subscriptions): subscription requests per hour and client
# address (beyond: 429), confirmation e-mails per day and e-mail address (beyond: none
# sent, the page says the same); days a confirmation link works, after which an
# unconfirmed subscription is deleted; subscriptions per batch of the digests' run
# (one transaction and one ``send_messages`` each).
SUBSCRIPTIONS_PER_IP = env_int("SUBSCRIPTIONS_PER_IP", 10)
SUBSCRIPTION_EMAILS_PER_ADDRESS = env_int("SUBSCRIPTION_EMAILS_PER_ADDRESS", 3)
SUBSCRIPTION_CONFIRM_DAYS = 7
SUBSCRIPTION_DIGEST_BATCH = env_int("SUBSCRIPTION_DIGEST_BATCH", 200)
# Organisation logos: largest upload, and the side of the square they fit in.
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 400

# Projects: when on, an agent's edit of a published project is a revision that a
# curator reviews before it replaces the public version; off, edits are public at once.
PROJECTS_REVIEW_UPDATES = env_bool("PROJECTS_REVIEW_UPDATES", True)
# Projects' images (re-encoded as JPEG within PROJECT_IMAGE_MAX_SIDE pixels) and
# attached documents: largest upload of each.
PROJECT_IMAGE_MAX_BYTES = env_int("PROJECT_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
PROJECT_IMAGE_MAX_SIDE = 1600
PROJECT_DOCUMENT_MAX_BYTES = env_int("PROJECT_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Office documents are zips: bounded as workbooks are (entries, unpacked size), so that
# no one downloads a zip bomb from a project's page.
PROJECT_DOCUMENT_MAX_ENTRIES = env_int("PROJECT_DOCUMENT_MAX_ENTRIES", 1000)
PROJECT_DOCUMENT_MAX_UNPACKED_BYTES = env_int(
    "PROJECT_DOCUMENT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024
)
# Files of the resource library (guides, contract models, studies, slides, images,
# zip kits): largest upload, and the bounds of a zip (entries, unpacked size).
RESOURCE_FILE_MAX_BYTES = env_int("RESOURCE_FILE_MAX_BYTES", 50 * 1024 * 1024)
RESOURCE_FILE_MAX_ENTRIES = env_int("RESOURCE_FILE_MAX_ENTRIES", 2000)
RESOURCE_FILE_MAX_UNPACKED_BYTES = env_int("RESOURCE_FILE_MAX_UNPACKED_BYTES", 300 * 1024 * 1024)

# Aides-Territoires (the State's funding finder): the API key its team gives, sent
# once per fetch to /api/connexion/ (header X-AUTH-TOKEN) for a bearer token (secret:
# AIDES_TERRITOIRES_API_TOKEN_FILE also works; never logged); a fetch follows at most
# this many pages of results.
AIDES_TERRITOIRES_API_TOKEN = env_str("AIDES_TERRITOIRES_API_TOKEN", "")
AIDES_TERRITOIRES_MAX_PAGES = env_int("AIDES_TERRITOIRES_MAX_PAGES", 200)
