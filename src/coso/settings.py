"""coso settings: one file, driven by COSO_* environment variables."""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from coso.core.deployment import deployment_settings

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("COSO_DATA_DIR", "var")).resolve()
# the directory of Liberation Serif (LiberationSerif-*.ttf) for the documents' PDF; empty: the
# usual font directories are searched (Debian's fonts-liberation2)
COSO_FONT_DIR = os.environ.get("COSO_FONT_DIR", "")
#: the party organization above the tree's root, printed over the root's name in its documents
#: (HD 36: "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI" over "ĐẢNG ỦY KHỐI ...")
COSO_ROOT_PARENT = os.environ.get("COSO_ROOT_PARENT", "Đảng bộ thành phố Hà Nội")
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = os.environ.get("COSO_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = _secret_key()
DEBUG = _bool("COSO_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("COSO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
# HTTPS, the reverse proxy and trusted origins from COSO_TLS, COSO_PROXY, COSO_CSRF_TRUSTED_ORIGINS
# and COSO_HSTS_* (core/deployment.py): sets COSO_TLS, COSO_PROXY, the *_COOKIE_SECURE,
# SECURE_SSL_REDIRECT, SECURE_HSTS_*, SECURE_PROXY_SSL_HEADER and CSRF_TRUSTED_ORIGINS settings
globals().update(deployment_settings(os.environ, ALLOWED_HOSTS))

INSTALLED_APPS = [
    "coso.accounts.apps.VerifiedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "treebeard",
    "simple_history",
    "django_htmx",
    "bootstrap",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "coso.core",
    "coso.orgs",
    "coso.accounts",
    "coso.members",
    "coso.admission",
    "coso.committees",
    "coso.documents",
    "coso.meetings",
    "coso.dues",
    "coso.discipline",
    "coso.inspection",
    "coso.awards",
    "coso.evaluation",
    "coso.plans",
    "coso.imports",
    "coso.api",
    "coso.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coso.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coso.core.middleware.PrivateResponsesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "coso.accounts.otp.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "coso.urls"
WSGI_APPLICATION = "coso.wsgi.application"
# the CSRF refusal in Vietnamese, in the site's layout (handler400/403/404/500: coso/urls.py)
CSRF_FAILURE_VIEW = "coso.core.errors.csrf_failure"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("COSO_DATABASE_URL", f"sqlite:///{DATA_DIR / 'coso.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # kept open between requests, as on PostgreSQL: a new connection reruns the PRAGMAs,
    # registers Django's SQL functions and parses the schema again, about 10 ms of every
    # signed-in page over HTTP (the login page, which asks nothing, never paid it)
    DATABASES["default"]["CONN_MAX_AGE"] = 60
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiles the plan of any query the planner thinks large (a country's list, a broad
    # search): 50-70 ms of compiling for queries that then run in 100 ms; pages gain nothing
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Heavy reads (dashboard, reports, exports) on a PostgreSQL streaming replica: the `replica`
# alias, used only inside coso.core.replica.heavy_reads; every write and every other read stays
# on the primary (docs/deployment.md "Past one machine: a read replica"). In tests the replica
# reads the primary's test database (MIRROR: its NAME, its own host and port).
if os.environ.get("COSO_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["COSO_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["coso.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# checked wherever a password is set: `coso adduser`, the demo accounts, the change-password
# page, the admin (accounts.services.add_user is the one place users are created); 12 characters:
# see docs/decisions.md "Passwords and the second factor"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# the name an authenticator app shows next to the account (TOTP second factor); the admin site
# does not show the devices' keys or QR codes (a key is seen once, by its owner, at enrolment)
OTP_TOTP_ISSUER = "coso"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# login throttling (coso.accounts.throttle) counts failed attempts in the cache, through this
# backend; see docs/decisions.md "Login throttling"
AUTHENTICATION_BACKENDS = ["coso.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# counts on screen are grouped by thousands in the language's way (18.914 in Vietnamese) where
# a page asks for it (`intcomma`; in Python `number_format(n, force_grouping=True)`); not every number (USE_THOUSAND_SEPARATOR
# would also group the ids written into links and forms)
NUMBER_GROUPING = 3

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"

# Background jobs (large imports): django-tasks with the database backend; `coso db_worker`
# runs them (`make run` starts one). PostgreSQL (or SQLite) is the queue: no broker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The database cache: shared by every worker process and kept across restarts (login throttling
# counts there). Its table is the core.CacheEntry model, so `migrate` creates it.
CACHES = {
    "default": {
        "BACKEND": "coso.core.cache.DatabaseCache",
        "LOCATION": "coso_cache",
        # culling deletes the oldest keys once past this: high, so that a flood of new keys
        # cannot cull the throttle's counters
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
    # per process, for values whose keys make them exact (members.count_cache)
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "coso"},
}
#: seconds: a kept value that took this long to compute (the plan's board of a city) is shown
#: as it was while it is computed again (`core.db.result_cache`, `behind`)
COSO_REFRESH_BEHIND = float(os.environ.get("COSO_REFRESH_BEHIND", "1.0"))

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts and images from
# coso's own static files only; no inline script or style, no eval, no framing, forms post to
# coso only. Bootstrap's icons are data: URIs. The API docs page widens it (api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "coso.accounts.otp.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "coso.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # bounded size and JSON depth, Vietnamese errors (coso/core/api/parsers.py, coso/core/api/views.py)
    "DEFAULT_PARSER_CLASSES": [
        "coso.core.api.parsers.JSONParser",
        "coso.core.api.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "coso.core.api.views.exception_handler",
    # ISO 8601 (Python's isoformat): four-digit years always, as the schema's "date" says
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "coso API",
    "DESCRIPTION": "API quản lý tổ chức đảng và đảng viên",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coso.core.api.schema.document_errors",
    ],
    # fields named "kind" and "status" carry different choice sets across resources
    "ENUM_NAME_OVERRIDES": {
        "EvaluationGradeEnum": "coso.evaluation.choices.Grade",
        "EvaluationPeriodKindEnum": "coso.evaluation.choices.PeriodKind",
        "MemberStatusEnum": "coso.members.choices.MemberStatus",
        "TransferStatusEnum": "coso.members.choices.TransferStatus",
        "TransferKindEnum": "coso.members.choices.TransferKind",
        "StatusKindEnum": "coso.members.choices.StatusKind",
        "RemovalKindEnum": "coso.members.forms.lifecycle.REMOVAL_CHOICES",
        "IncomingStatusEnum": "coso.members.forms.lifecycle.INCOMING_STATUSES",
        "TodoKindEnum": "coso.members.queries.screening.TodoKind",
        "OrganizationKindEnum": "coso.orgs.choices.OrgKind",
        "CandidateStatusEnum": "coso.admission.choices.CandidateStatus",
        "MeetingKindEnum": "coso.meetings.choices.MeetingKind",
        "MeetingStatusEnum": "coso.meetings.choices.MeetingStatus",
        "DisciplineStatusEnum": "coso.discipline.choices.CaseStatus",
        "DisciplineStepEnum": "coso.discipline.choices.Step",
        "DisciplinePenaltyEnum": "coso.discipline.choices.Penalty",
        "AppealOutcomeEnum": "coso.discipline.choices.AppealOutcome",
        "CommendationLevelEnum": "coso.awards.choices.Level",
        "CommendationKindEnum": "coso.awards.choices.Kind",
        "CommendationStatusEnum": "coso.awards.choices.CommendationStatus",
        "CommendationSubjectEnum": "coso.awards.choices.SubjectKind",
        "DisciplineSubjectKindEnum": "coso.discipline.choices.SubjectKind",
        "BadgeStatusEnum": "coso.awards.choices.BadgeStatus",
        "AdmissionStepEnum": "coso.admission.choices.Step",
        "DuesReliefKindEnum": "coso.dues.choices.ReliefKind",
        "ReportKindEnum": "coso.plans.choices.ReportKind",
        "ReportLevelEnum": "coso.plans.choices.ReportLevel",
        "DuesChannelEnum": "coso.dues.choices.Channel",
        "DuesReliefReasonEnum": "coso.dues.choices.ReliefReason",
        "InspectionBodyEnum": "coso.inspection.choices.PlanBody",
        "TaskBodyEnum": "coso.meetings.choices.TaskBody",
        "InspectionKindEnum": "coso.inspection.choices.InspectionKind",
        "InspectionActivityEnum": "coso.inspection.choices.Activity",
        "InspectionStateEnum": "coso.inspection.choices.InspectionState",
        "FeedbackStateEnum": "coso.inspection.choices.FeedbackState",
        "FeedbackOutcomeEnum": "coso.inspection.choices.FeedbackOutcome",
        "FeedbackChannelEnum": "coso.inspection.choices.FeedbackChannel",
        "ReceivedChannelEnum": "coso.inspection.choices.RECEIVED_CHANNELS",
        "SenderKindEnum": "coso.inspection.choices.SenderKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
