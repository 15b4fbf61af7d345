"""Settings for the metadata catalogue, read from the environment (see `.env.example`).

The defaults give a working local setup on an SQLite file with no server to install. Setting
`PRODUCTION=true` switches on the hardened defaults that `manage.py check --deploy` expects.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable off production; production refuses to start without one.
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY.strip():
        raise ImproperlyConfigured("PRODUCTION=true needs a SECRET_KEY in the environment (a long random string)")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

#: Origins allowed to send unsafe requests on a cookie session (contract §4); the served host is always allowed.
ALLOWED_ORIGINS = env.list("ALLOWED_ORIGINS", default=[])

PRODUCT_VERSION = "0.1.0"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "catalogue",
]

MIDDLEWARE = [
    "config.api.middleware.RequestIdMiddleware",
    "config.api.security_headers.SecurityHeadersMiddleware",
    "config.api.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.api.middleware.ApiCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionExpiryMiddleware",
    # After authentication: an upload route's limit depends on who is calling (headers only, body unread).
    "config.api.middleware.BodySizeLimitMiddleware",
    "accounts.middleware.RepeatedLoginMiddleware",
    "config.api.middleware.MaintenanceModeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
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

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let several gunicorn workers share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
# Persistent connections (per worker thread): opening one, and on SQLite running its pragmas, cost more than
# the queries of a small read.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UserBackend"]

# The admin's messages live in the session: the default cookie-then-session storage builds two stores on
# every request, API requests included.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # A database cache, shared by every worker. (Throttle counters live in their own table, counted atomically.)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "mdm_cache"}}
    SESSION_ENGINE = "accounts.session_store"

# Sessions: the cookie lives for the absolute lifetime; the idle timeout is enforced by
# accounts.middleware.SessionExpiryMiddleware so an expired session answers 401 rather than
# silently becoming anonymous.
SESSION_IDLE_TIMEOUT_SECONDS = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_LIFETIME_SECONDS = env.int("SESSION_ABSOLUTE_LIFETIME_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME_SECONDS
SESSION_COOKIE_NAME = "JSESSIONID"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

#: Trust X-Real-IP from the nginx front for the client address (only when nginx is the sole way in).
TRUST_PROXY_HEADERS = env.bool("TRUST_PROXY_HEADERS", default=False)

# Failed-login throttling (429): per account and per client address, in a fixed window from the first failure.
# The API login and the admin site's login share the counters (kept in the database, see accounts.services.throttle).
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = env.int("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", default=5)
LOGIN_FAILURE_LIMIT_PER_CLIENT = env.int("LOGIN_FAILURE_LIMIT_PER_CLIENT", default=20)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)

# Account workflows: password-reset links expire; self-registration and reset-link requests are rate limited.
PASSWORD_RESET_TOKEN_LIFETIME_SECONDS = env.int("PASSWORD_RESET_TOKEN_LIFETIME_SECONDS", default=24 * 60 * 60)
REGISTRATION_LIMIT_PER_CLIENT = env.int("REGISTRATION_LIMIT_PER_CLIENT", default=10)
RESET_LINK_LIMIT_PER_ACCOUNT = env.int("RESET_LINK_LIMIT_PER_ACCOUNT", default=3)
RESET_LINK_LIMIT_PER_CLIENT = env.int("RESET_LINK_LIMIT_PER_CLIENT", default=20)
ACCOUNT_REQUEST_WINDOW_SECONDS = env.int("ACCOUNT_REQUEST_WINDOW_SECONDS", default=60 * 60)

# Request bodies: a body over its route's limit gets 413 from its headers, before any of it is read
# (config/api/middleware.py, BodySizeLimitMiddleware; the nginx front applies the same split).
#: Largest body on an upload route (LARGE_BODY_ROUTES) from a logged-in caller.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=100 * 1024 * 1024)
#: Largest body on every other route (logins, registrations, creates, updates, facets), and on the upload
#: routes for anonymous callers. A value above MAX_REQUEST_BODY_BYTES counts as that.
MAX_SMALL_BODY_BYTES = env.int("MAX_SMALL_BODY_BYTES", default=1024 * 1024)
#: Names of the routes that carry file or bulk content and so take MAX_REQUEST_BODY_BYTES. A new upload
#: route opts in by adding its name here; the nginx front derives its upload locations from this set.
LARGE_BODY_ROUTES = frozenset({
    "data-models-import",
    "item-reference-files",
    "item-reference-file",
})
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
#: Largest model file accepted by an import (the decoded file; over it → 413). Bodies are also held to the limit above.
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=MAX_REQUEST_BODY_BYTES)

#: Maintenance mode is on while this file exists (or the `maintenance.mode` property is true).
MAINTENANCE_FILE = env.str("MAINTENANCE_FILE", default=str(BASE_DIR / "var" / "maintenance.on"))
MAINTENANCE_RETRY_AFTER_SECONDS = env.int("MAINTENANCE_RETRY_AFTER_SECONDS", default=120)

#: Passwords chosen by users (registration, change, reset, the admin's add form) must pass these; the 422
#: lists every message. Temporary passwords are random; the bootstrap administrator's is set directly.
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=8)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("email_address", "first_name", "last_name")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
#: Let the application serve /static/ itself (the Swagger UI's assets under `make run`). In production
#: the nginx front serves the collected files from STATIC_ROOT instead.
SERVE_STATIC = env.bool("SERVE_STATIC", default=not PRODUCTION)
#: A built copy of Mauro's web UI (mdm-ui's `dist` folder, holding `index.html`): when set, it is served at `/`
#: on the same origin as `/api` (by the application under `make run`, by nginx in front of `make serve-prod`).
MDM_UI_DIR = env.str("MDM_UI_DIR", default="")
if MDM_UI_DIR and not (Path(MDM_UI_DIR) / "index.html").is_file():
    raise ImproperlyConfigured(f"MDM_UI_DIR={MDM_UI_DIR} holds no index.html: point it at a built mdm-ui folder")

#: Django's CSRF refusal page, as the contract's JSON (API views are exempt from the token check).
CSRF_FAILURE_VIEW = "config.api.views.csrf_failure"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="catalogue@localhost")
#: Public base URL for links in mails (password reset). When set it wins over the `site.url` API property;
#: empty: that property (site administrators only), else http://127.0.0.1:8000.
SITE_URL = env.str("SITE_URL", default="")

BOOTSTRAP_ADMIN_EMAIL = "admin@maurodatamapper.com"
BOOTSTRAP_ADMIN_PASSWORD = env.str("BOOTSTRAP_ADMIN_PASSWORD", default="password")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiKeyAuthentication",
        "accounts.authentication.CookieSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["config.api.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.MaxOffsetPagination",
    "EXCEPTION_HANDLER": "config.api.errors.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.api.negotiation.JsonFirstContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_VERSIONING_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Metadata Catalogue API",
    "DESCRIPTION": "A metadata catalogue whose REST API is wire-compatible with Mauro Data Mapper.",
    "VERSION": PRODUCT_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: Swagger UI would otherwise send the schema's URL to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # The one-value `domainType` enums that tell a class from an element in a class's content (catalogue.api).
    "ENUM_NAME_OVERRIDES": {"DataClassDomainType": ["DataClass"], "DataElementDomainType": ["DataElement"],
                            "TermDomainType": ["Term"], "TermRelationshipTypeDomainType": ["TermRelationshipType"],
                            "TermRelationshipDomainType": ["TermRelationship"]},
}

# Production hardening (contract: secure cookies under TLS, HSTS, check --deploy clean).
USE_TLS = env.bool("USE_TLS", default=PRODUCTION)
SESSION_COOKIE_SECURE = USE_TLS
CSRF_COOKIE_SECURE = USE_TLS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=USE_TLS)
    # Orchestrators probe the health endpoints on the application server itself, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^api/health/"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if USE_TLS else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # The preload directive asks browsers to hard-code HTTPS for the whole domain, which is hard to undo:
    # it is sent only when the operator says so.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # Checks the operator has decided on can be silenced explicitly (e.g. those that only apply behind TLS
    # termination, for a loopback-only trial of the production front). Without preload, Django's reminder
    # to preload (security.W021) is silenced: leaving preload off is the default decision.
    SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS",
                                      default=[] if SECURE_HSTS_PRELOAD else ["security.W021"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.api.logging.RequestIdFilter"}},
    "formatters": {
        "standard": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "standard", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
