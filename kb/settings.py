"""The knowledge base's only settings module, configured by the environment.

With nothing set it runs on SQLite in the project folder with DEBUG off. Every variable is
documented in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "django-insecure-development-only-not-secret"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]

INSTALLED_APPS = [
    "kb.apps.KBAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "kb",
    "mechanisms",
    "biomarkers",
    "trials",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kb.delivery.middleware.refuse_unreadable",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kb.delivery.limits.rate_limit",
    "kb.delivery.parameters.canonical_query",
    # Conditional GETs and the shared response cache come before sessions, CSRF and authentication: an
    # anonymous repeat is answered without them (a request with a cookie or credentials is never shared).
    "kb.delivery.middleware.conditional_cache",
    "kb.delivery.middleware.release_header",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Inside the response cache, so that a cached response keeps the policy its view chose.
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

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
                "kb.web.context_processors.site",
            ],
            "libraries": {"kb_tags": "kb.web.templatetags"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Bounds on PostgreSQL (kb/delivery/database.py): a new connection; and in the web server only, a statement the
# server runs (it cancels it itself, a little before) and any wait for the server's answer. A silent database costs
# a request at most about twice KB_DB_WAIT_SECONDS (a kept connection's health check, then a new connection) before
# the 503. Management commands (a load, an index build) run unbounded.
KB_DB_CONNECT_SECONDS = int(os.environ.get("KB_DB_CONNECT_SECONDS", "2"))
KB_DB_STATEMENT_SECONDS = float(os.environ.get("KB_DB_STATEMENT_SECONDS", "1.5"))
KB_DB_WAIT_SECONDS = float(os.environ.get("KB_DB_WAIT_SECONDS", "2"))
if DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", KB_DB_CONNECT_SECONDS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Failed sign-ins are counted per user name and address (django-axes): after KB_LOGIN_FAILURE_LIMIT
# of them that pair is refused (429) for KB_LOGIN_COOLOFF_MINUTES, on the site's form and the admin's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KB_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KB_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True

# HTTPS-only settings, for a deployment behind TLS.
SECURE = os.environ.get("DJANGO_SECURE", "0") == "1"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "kb.delivery.errors.csrf_failure"

# Content-Security-Policy (django-csp): scripts and styles from this site only, nothing inline;
# the API docs (Swagger UI, ReDoc) add inline styles and workers for their own pages (kb/web/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# No request body larger than 1 MB is read (400 with the reason); no form has over 1,000 fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# The shared cache (Redis, CACHE_URL) is an optimisation the site can lose (kb/delivery/cache.py): a lost or silent
# Redis costs a request at most KB_CACHE_TIMEOUT seconds, once per KB_CACHE_RETRY_SECONDS per process, and the site is
# served uncached meanwhile. "local" is each process's own memory: rate limits count there while Redis is away.
KB_CACHE_TIMEOUT = float(os.environ.get("KB_CACHE_TIMEOUT", "0.25"))
KB_CACHE_RETRY_SECONDS = float(os.environ.get("KB_CACHE_RETRY_SECONDS", "5"))
LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kb-local"}
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": KB_CACHE_TIMEOUT,
                "SOCKET_TIMEOUT": KB_CACHE_TIMEOUT,
                "CONNECTION_POOL_CLASS": "kb.delivery.cache.CircuitPool",
            },
        }
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "local": LOCAL_CACHE,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False  # kb.delivery.cache logs one line per outage instead
# How many proxies in front of the site append to X-Forwarded-For (0: clients connect directly; 1 behind nginx),
# and the addresses they connect from: X-Forwarded-For is read only on a request that came from one of them.
KB_TRUSTED_PROXIES = int(os.environ.get("KB_TRUSTED_PROXIES", "0"))
KB_PROXY_ADDRESSES = [
    address.strip() for address in os.environ.get("KB_PROXY_ADDRESSES", "127.0.0.1,::1").split(",") if address.strip()
]
# Requests per client on every page and API call, answers from the shared cache included (kb/delivery/limits.py):
# per address without credentials, per token or session (and per address) with them.
KB_RATE_LIMITS = {
    "anon": os.environ.get("KB_API_ANON_RATE", "600/minute"),
    "user": os.environ.get("KB_API_USER_RATE", "3000/minute"),
}
# A change's reason is kept whole in the history (simple-history's default column holds 100 characters).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Suggested corrections sent without an account, per address (kb.web.views.SuggestView).
KB_SUGGEST_RATE = os.environ.get("KB_SUGGEST_RATE", "5/hour")

# Mail to followers and suggesters goes through Django's mail backend: the console in development, none unless
# configured otherwise (KB_EMAIL_BACKEND, e.g. django.core.mail.backends.smtp.EmailBackend, with EMAIL_HOST...).
EMAIL_BACKEND = os.environ.get(
    "KB_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.dummy.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 5
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "curation@localhost")

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "kb.delivery.pagination.KBPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    # Token first: a request without credentials is told how to authenticate (401, WWW-Authenticate: Token).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "kb.api.errors.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "kb.delivery.renderers.FormatNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "kb.delivery.renderers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "kb.delivery.renderers.CSVRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Breast cancer drug resistance knowledge base API",
    "DESCRIPTION": "Curated records of the molecular mechanisms of drug resistance in breast cancer, each traceable "
    "to the line of the review that printed it. Reads are open; writes need a curator's token or session.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the public validator: the docs make no request to another host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # Every status each operation can answer, open reads, If-Match, the paging bounds (kb/api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "kb.api.schema.document_statuses"],
    "ENUM_NAME_OVERRIDES": {
        "TrialPhaseEnum": "trials.choices.TrialPhase",
        "TrialStatusEnum": "trials.choices.TrialStatus",
        "CurationStatusEnum": "kb.core.choices.CurationStatus",
        "TherapyContextEnum": "kb.core.choices.TherapyContext",
        "SourceKindEnum": "kb.core.choices.SourceKind",
        "StatementRelationKindEnum": "kb.core.choices.StatementRelationKind",
        "StatementDirectionEnum": "kb.core.choices.StatementDirection",
        "EvidenceLevelEnum": "kb.core.choices.EvidenceLevel",
        "BasisEnum": "kb.core.choices.Basis",
        "PredicateEnum": "kb.core.choices.Predicate",
    },
}

# The folder of the review's transcribed tables and of the Django fixtures built from them.
KB_FIXTURES_DIR = BASE_DIR / "fixtures"
# Where export_kb writes the data releases and /downloads/ reads them; requests never write there.
KB_RELEASES_DIR = Path(os.environ.get("KB_RELEASES_DIR", BASE_DIR / "releases"))
# How long a shared (anonymous, cookie-free) response stays in the cache; every write makes it stale anyway.
KB_CACHE_SECONDS = int(os.environ.get("KB_CACHE_SECONDS", "300"))
# The largest response the shared cache keeps, in bytes as sent (a larger one is made for every request that asks).
KB_CACHE_MAX_BYTES = int(os.environ.get("KB_CACHE_MAX_BYTES", str(64 * 1024 * 1024)))
# How long the shared cache keeps its copy of the data version (kb.delivery.versioning); writes drop it at once anyway.
KB_VERSION_SECONDS = int(os.environ.get("KB_VERSION_SECONDS", "1"))
# The site's public address, for the links inside a release's files.
KB_PUBLIC_URL = os.environ.get("KB_PUBLIC_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "kb.delivery.errors.DatabaseOutageFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["database_outage"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
