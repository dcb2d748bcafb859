"""The one settings module. Every value that differs between machines comes from the environment."""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from memorial.security.sources import inline_style_hashes, tile_sources
from sms.config import backend_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules
_INSECURE_DEV_KEY = "django-insecure-yaddas-local-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_DEV_KEY if DEBUG or TESTING else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment (or set DEBUG=true for local development)."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "import_export",
    "django_filters",
    # Staff sign-in: lockout after repeated failures (axes), second factor (django-otp: TOTP and recovery codes),
    # and the Content Security Policy (csp). memorial/security/ holds what the project adds to them.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "corsheaders",
    "archive",
    "memorial",
    "submissions",
    "search",
    "curation",  # the curator's tools across records (duplicates, merging, importing): builds on archive and search
    "requests_desk",  # corrections and access requests from the public: builds on archive
    "remembrance",  # visitors' messages of remembrance on a victim's page, approved by curators: builds on archive
    "iiif",  # IIIF Presentation 3 manifests and the level 0 Image API of document images: builds on archive
    "harvesting",  # OAI-PMH 2.0 at /oai for other archives and aggregators: builds on archive
    "preservation",  # fixity audits, backup and restore, BagIt export: builds on archive
    "api",  # the read-only JSON API at /api/v1/ (django-ninja) with its OpenAPI description: builds on archive
]

MIDDLEWARE = [
    # First: its answers to a preflight (OPTIONS) stop here, and every other answer of the paths below gets its header.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "memorial.page_cache.CacheHeadersMiddleware",
    "memorial.security.headers.ContentSecurityPolicyMiddleware",
    "memorial.security.headers.PermissionsPolicyMiddleware",
    "memorial.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "memorial.security.staff.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "archive.stored_files.DiscardUncommittedFilesMiddleware",
    "memorial.page_cache.PageCacheMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into the page that says so (memorial.security.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "memorial.urls"
WSGI_APPLICATION = "memorial.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Keep connections between requests (a new PostgreSQL connection costs more than most pages' queries),
# checked before reuse so a restarted database server is reconnected to rather than failing a request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica (docs/scaling.md): anonymous visits of the public pages read the archive's records there
# (memorial.db_router); everything else, and the content version every kept page is stored under, reads the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "ATOMIC_REQUESTS": False,  # only read: a request transaction there would open a connection for nothing
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},  # the tests' replica is the primary's test database
    }
    DATABASE_ROUTERS = ["memorial.db_router.ReplicaRouter"]
    MIDDLEWARE.append("memorial.db_router.ReplicaMiddleware")  # after the page cache, which says what is public
# search.NameWord's covering index (INCLUDE) serves PostgreSQL; SQLite builds it without the extra column, as meant.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "memorial.redis_cache.RedisCache"  # one client per pool: see the module
# How long a search answer is kept (search.cache); any change to the archive makes older answers unreachable.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=600)
# Public pages kept as rendered (memorial.page_cache) under the same version: never stale, so kept long; 0 turns
# the page cache off. Browsers and CDNs may keep a public page PAGE_MAX_AGE seconds, and serve it for
# PAGE_STALE_WHILE_REVALIDATE more while they fetch it again: a withdrawal reaches a CDN's visitors within both.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 3600)
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=60)
PAGE_STALE_WHILE_REVALIDATE = env.int("PAGE_STALE_WHILE_REVALIDATE", default=300)
# What is deployed (a git commit, a version): part of every kept page's key. Unset: made from the files' dates
# (read again on every request with DEBUG, so a template being edited shows at once).
RELEASE = env.str("RELEASE", default="")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Azerbaijani is the default and carries no URL prefix; English and Russian live under /en/ and /ru/.
LANGUAGE_CODE = "az"
LANGUAGES = [("az", _("Azerbaijani")), ("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "memorial" / "static"]

# Every uploaded file goes to private storage: nothing in it has a public URL. Public pages reach a
# file only through archive.views.media_file, which applies the publication rule first.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Behind nginx, a file on the local disk is sent by nginx from this internal location (X-Accel-Redirect) rather than
# streamed by a web process: /_stored/ with deploy/nginx/yaddas.conf. Empty: the web process sends it.
FILES_X_ACCEL_REDIRECT = env.str("FILES_X_ACCEL_REDIRECT", default="")
if FILES_X_ACCEL_REDIRECT and not FILES_X_ACCEL_REDIRECT.endswith("/"):
    FILES_X_ACCEL_REDIRECT += "/"  # the stored name follows it
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # A private bucket (README, "Object storage"); credentials from the environment or the machine's role. Objects
    # are sent with no ACL: a bucket with ACLs disabled (S3's default) refuses any other than the owner's, and
    # without one an object is private. Reached only through URLs signed with signature v4 that expire after
    # AWS_QUERYSTRING_EXPIRE seconds; a stored key is never written over. A file read back (a submission's files
    # copied into the archive, a fixity check) spools to disk past a few megabytes rather than sitting in memory.
    _default_storage = {
        "BACKEND": "archive.object_storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default=None),  # "path" for most S3-compatible
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
            "custom_domain": None,
            "max_memory_size": 5 * 1024**2,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        # Tests run without collectstatic; tests/memorial_tests/test_static.py checks the manifest build.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Upload limits (bytes). Pillow refuses images above this many pixels as decompression bombs.
ARCHIVE_MAX_IMAGE_PIXELS = env.int("ARCHIVE_MAX_IMAGE_PIXELS", default=100_000_000)
# Memory one image may take while it is decoded, converted and re-encoded, estimated from its header before
# decoding (archive/ingest/image_memory.py); a larger one is refused. Bounds each web process's peak.
ARCHIVE_MAX_IMAGE_DECODE_BYTES = env.int("ARCHIVE_MAX_IMAGE_DECODE_BYTES", default=512 * 1024**2)
# A PDF is rewritten in a process of its own with at most this much memory and CPU time
# (archive/ingest/pdfclean.py): a small file built to inflate to gigabytes is refused, not read.
ARCHIVE_MAX_PDF_PAGES = env.int("ARCHIVE_MAX_PDF_PAGES", default=2000)
ARCHIVE_PDF_MEMORY_LIMIT = env.int("ARCHIVE_PDF_MEMORY_LIMIT", default=1024**3)
ARCHIVE_PDF_SECONDS = env.float("ARCHIVE_PDF_SECONDS", default=60.0)
ARCHIVE_MAX_UPLOAD_SIZE = {
    "image": env.int("ARCHIVE_MAX_IMAGE_BYTES", default=30 * 1024**2),
    "document": env.int("ARCHIVE_MAX_DOCUMENT_BYTES", default=100 * 1024**2),
    "audio": env.int("ARCHIVE_MAX_AUDIO_BYTES", default=500 * 1024**2),
    "video": env.int("ARCHIVE_MAX_VIDEO_BYTES", default=2 * 1024**3),
}
ARCHIVE_THUMBNAIL_SIZE = (480, 480)
# Recordings larger than this are checked by type, size and structure in the upload's request, and probed with
# ffprobe and copied without their metadata afterwards, by a background task (archive/media_processing.py); until
# then they show as "processing" and are never public. Smaller ones are done in the request.
ARCHIVE_PROCESS_AFTER_UPLOAD_BYTES = env.int("ARCHIVE_PROCESS_AFTER_UPLOAD_BYTES", default=32 * 1024**2)
# Images of more pixels than this are checked from their header in the upload's request (type, pixels, frames, the
# memory decoding takes) and decoded, re-encoded without metadata and thumbnailed afterwards, by the same task; until
# then "processing", never public. Smaller ones (under 0.2 s of work) are done in the request. So a web process never
# decodes a large scan: the memory ARCHIVE_MAX_IMAGE_DECODE_BYTES allows is needed by the workers only.
ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS = env.int("ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS", default=4_000_000)
# ffprobe (Debian: ffmpeg) confirms recordings play and reads their codec; a name on PATH or a path, "" for none.
FFPROBE_PATH = env.str("FFPROBE_PATH", default="ffprobe")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024**2
# Larger uploads stream to temporary files, and ingest copies recordings, all in this one folder (made when needed;
# best on MEDIA_ROOT's disk, so storing a file is a rename). purge_upload_temporaries deletes what a killed worker
# left there once nothing has written to it for UPLOAD_TEMPORARY_HOURS.
FILE_UPLOAD_TEMP_DIR = env.str("UPLOAD_TEMP_DIR", default=str(BASE_DIR / "tmp" / "uploads"))
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "archive.temporaries.UploadTemporaryFileHandler",
]
UPLOAD_TEMPORARY_HOURS = env.float("UPLOAD_TEMPORARY_HOURS", default=6)
# The public forms take SUBMISSION_MAX_FILES and name the files past it on the form itself, keeping the family's
# answers; only a post of more files than this, which no person chooses, is refused whole (a 400 page that says why).
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

# Public submissions (submissions app): limits of one request, abuse resistance, spam retention.
SUBMISSION_MAX_FILES = env.int("SUBMISSION_MAX_FILES", default=10)
SUBMISSION_MAX_TOTAL_BYTES = env.int("SUBMISSION_MAX_TOTAL_BYTES", default=3 * 1024**3)
SUBMISSION_MIN_FILL_SECONDS = env.int("SUBMISSION_MIN_FILL_SECONDS", default=5)
SUBMISSION_RATE_LIMIT = env.int("SUBMISSION_RATE_LIMIT", default=10)  # form posts per IP per hour
SUBMISSION_SPAM_RETENTION_DAYS = env.int("SUBMISSION_SPAM_RETENTION_DAYS", default=30)
# A submission waiting this long for the family's answer is shown to staff on "My work" (/review/).
SUBMISSION_WAITING_DAYS = env.int("SUBMISSION_WAITING_DAYS", default=14)
# Files kept from a form that came back with an error, waiting for it to be sent again (purge_pending_uploads).
SUBMISSION_PENDING_UPLOAD_HOURS = env.int("SUBMISSION_PENDING_UPLOAD_HOURS", default=24)
SUBMISSION_TRUSTED_PROXY_COUNT = env.int("SUBMISSION_TRUSTED_PROXY_COUNT", default=0)  # proxies adding X-Forwarded-For

# Corrections and access requests (requests_desk): the forms' abuse resistance (accepted posts per address per hour,
# each form on its own; five times as many refused posts), and how long an access link to closed files works.
PUBLIC_REQUEST_MIN_FILL_SECONDS = env.int("PUBLIC_REQUEST_MIN_FILL_SECONDS", default=3)
PUBLIC_REQUEST_RATE_LIMIT = env.int("PUBLIC_REQUEST_RATE_LIMIT", default=10)
ACCESS_GRANT_DAYS = env.int("ACCESS_GRANT_DAYS", default=14)

# Messages of remembrance (remembrance): the form's abuse resistance. Accepted messages per address per hour (five
# times as many refused posts), and how quickly the form may be sent after it was shown.
REMEMBRANCE_MIN_FILL_SECONDS = env.int("REMEMBRANCE_MIN_FILL_SECONDS", default=3)
REMEMBRANCE_RATE_LIMIT = env.int("REMEMBRANCE_RATE_LIMIT", default=5)

# Harvesting (OAI-PMH, harvesting/): records a page of ListRecords or ListIdentifiers holds, and the repository's name
# in OAI identifiers (oai:<name>:V-000123): by default the first host name of ALLOWED_HOSTS ("localhost" if none).
# Keep it once harvesters know it: it is part of every identifier they hold.
OAI_PAGE_SIZE = env.int("OAI_PAGE_SIZE", default=100)
OAI_REPOSITORY_IDENTIFIER = env.str(
    "OAI_REPOSITORY_IDENTIFIER",
    default=next(
        (host.lstrip(".") for host in ALLOWED_HOSTS if any(c.isalpha() for c in host) and "*" not in host), "localhost"
    ),
)

# Background work (archive.jobs, memorial/celery.py): mail, the lost-link job, media processing, scheduled purges.
# With CELERY_BROKER_URL set (a Redis database of its own, not the cache's: redis://127.0.0.1:6379/2), tasks go to
# `celery -A memorial worker` and the schedule below to `celery -A memorial beat`. Empty: each task runs in the web
# process after the response, in one worker thread, and nothing else has to be started; BACKGROUND_TASKS_SYNC then
# runs it in the request once its transaction commits (the default under tests).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
BACKGROUND_TASKS_SYNC = env.bool("BACKGROUND_TASKS_SYNC", default=TESTING)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # no result backend: what matters is written to the database
# A task is acknowledged once it has run, and given back if its worker dies, so a killed worker's task runs again
# (every task is idempotent); each worker process takes one task at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
# The longest a retry waits (archive.jobs.Job: 30 s, doubled each time, five retries: 8 min at most, then this cap).
# A retry waits in a worker, unacknowledged, so it counts against the visibility timeout below.
BACKGROUND_RETRY_WAIT_MAX = env.int("BACKGROUND_RETRY_WAIT_MAX", default=10 * 60)
# Redis has no acknowledgements of its own: kombu keeps each delivered task in an "unacked" set, and a worker's sweep
# (every CELERY_UNACKED_RESTORE_INTERVAL seconds) puts back in the queue any task taken more than the visibility
# timeout ago, so a task whose worker was killed runs again within visibility timeout + interval. A task still
# running at that point would be delivered a second time (kombu's documented caveat), so the timeout is kept above
# what a live worker can hold a task for: the hard time limit plus the longest retry wait, plus 5 minutes (45 min by
# default). Every task is idempotent, keyed by its record, so a second delivery does no harm either: a file being
# processed is locked by its run (archive.media_processing), a mail is marked sent once.
CELERY_VISIBILITY_TIMEOUT = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + BACKGROUND_RETRY_WAIT_MAX + 5 * 60
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # kombu sweeps every 10 s but scans only every 10th sweep by default, so a worker that starts just before a
    # task's timeout passes restores it 100 s later; here every sweep scans (one ZRANGE on Redis).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=60),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "tmp" / "celerybeat"))
# What `celery -A memorial beat` starts, and how often (seconds); the management commands do the same by hand.
CELERY_BEAT_SCHEDULE = {
    "purge-pending-uploads": {"task": "submissions.purge_pending_uploads", "schedule": 3600},
    "purge-upload-temporaries": {"task": "archive.purge_upload_temporaries", "schedule": 3600},
    # Tasks that could not be queued while the broker was down, sent again once it answers.
    "requeue-never-queued": {"task": "archive.requeue_never_queued", "schedule": 60},
    "purge-spam-submissions": {"task": "submissions.purge_spam_submissions", "schedule": 24 * 3600},
    "clear-sessions": {"task": "memorial.clear_sessions", "schedule": 24 * 3600},
    # A fixity audit of every stored file (preservation.tasks), in slices within a task's time limit.
    "audit-fixity": {"task": "preservation.audit_fixity", "schedule": 7 * 24 * 3600},
}

# Security (README, "Security"). HTTPS: the redirect and HSTS are turned on by the environment once the site is
# served over HTTPS; the health checks stay reachable over plain HTTP for a load balancer's probe.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz"]  # /healthz and /healthz/ready
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "same-origin"  # views that hold a secret in their address say no-referrer themselves
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_HTTPS_PROXY", default=False) else None

# A staff session ends when the browser closes, and at the latest STAFF_SESSION_SECONDS after signing in
# (memorial.security.staff), whatever SESSION_COOKIE_AGE allows the public's sessions.
STAFF_SESSION_SECONDS = env.int("STAFF_SESSION_SECONDS", default=8 * 3600)

# Staff sign-in lockout (django-axes): AXES_FAILURE_LIMIT failed sign-ins for one username, or from one address,
# lock that username, or that address, for AXES_COOLOFF_MINUTES. A wrong second-factor code counts as a failure.
# Superusers see the locks in the admin (Axes > Access attempts) and lift one by deleting it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
# The lock lasts the cool-off from the last counted failure: attempts while locked are refused, not counted.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "memorial.security.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "archive.abuse.client_address"  # the same rule as the form's rate limits
AXES_HTTP_RESPONSE_CODE = 429

# Second factor (django-otp): required for curators and superusers, optional for reviewers (memorial.security).
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=True)
STAFF_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Yaddaş"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no one's secret key or QR code in the admin: a lost phone means a new device


# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587 (django-environ). Mail is printed only in local
# development: each family's mail holds their private status link, which must never end up in a server log.
_EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG or TESTING else "")
if not _EMAIL_URL:
    raise environ.ImproperlyConfigured(
        "EMAIL_URL is not set. Set it to the mail server, e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.org:587 "
        "(or set DEBUG=true for local development, where mail is printed to the console)."
    )
vars().update(env.email_url_config(_EMAIL_URL))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Yaddaş <archive@example.org>")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="archive@example.org")  # corrections and takedowns
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")  # e.g. https://tile.example/{z}/{x}/{y}.png; empty: no tiles

# Text messages to families who gave a phone number (sms/, README "Text messages"): SMS_URL names the backend, as
# EMAIL_URL does mail: console:// prints them (the default outside tests; check --deploy warns), locmem:// keeps them in
# sms.outbox (the tests'), twilio://ACCOUNT_SID:AUTH_TOKEN@FROM sends them through Twilio. SMS_BACKEND (a dotted path)
# replaces the backend SMS_URL names, keeping its options. A national number a family typed with its trunk 0 is sent
# with SMS_DEFAULT_COUNTRY_CODE.
SMS_BACKEND, SMS_OPTIONS = backend_from_url(env.str("SMS_URL", default="locmem://" if TESTING else "console://"))
SMS_BACKEND = env.str("SMS_BACKEND", default=SMS_BACKEND)
SMS_DEFAULT_COUNTRY_CODE = env.str("SMS_DEFAULT_COUNTRY_CODE", default="994")

# Content Security Policy (django-csp): no inline script, no inline style but the error page's (by its hash),
# nothing from other origins but the map's tiles and (added per response, memorial.security.headers) the object
# storage's signed URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", *inline_style_hashes(BASE_DIR / "templates" / "500.html")],
        "img-src": ["'self'", *tile_sources(MAP_TILE_URL)],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# CORS (django-cors-headers): scripts on any site may read the JSON API, the IIIF manifests and images and OAI-PMH
# (a researcher's notebook, a IIIF viewer, a harvester in a browser), and nothing else of the site. No credentials:
# what these answer is the same for everyone, so no cookie is ever sent or honoured cross-site. Only reading: GET,
# HEAD and their preflight (OAI-PMH's form POST is a simple request, which needs no preflight).
CORS_URLS_REGEX = r"^/(api/|iiif/|oai$)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Link")

# Machine drafts of transcripts (archive/transcription/, README "Oral history"): a speech recognizer the operator
# installs. TRANSCRIPTION_BACKEND is a backend's dotted path (archive.transcription.whisper.FasterWhisperBackend),
# TRANSCRIPTION_MODEL_PATH the absolute path of its model's folder on this machine: models are never downloaded.
# Empty (the default): the testimony's admin says no recognizer is configured and offers nothing.
TRANSCRIPTION_BACKEND = env.str("TRANSCRIPTION_BACKEND", default="")
TRANSCRIPTION_MODEL_PATH = env.str("TRANSCRIPTION_MODEL_PATH", default="")

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"  # a staff login whose "next" is missing or leads off the site

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
