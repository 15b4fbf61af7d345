"""Settings for the bare-view baseline of `benchmarks/read_load.py`: Django with nothing but one view.

No middleware, no session, no database, no installed app: `GET /bare/<name>` answers stored bytes
(`benchmarks.bare_urls`). Under the same gunicorn configuration as the product, it is the ceiling a
Django endpoint serving the same bytes could reach on this machine. Never used by the product."""

import os

SECRET_KEY = os.environ.get("SECRET_KEY", "bare-view-baseline-only")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
ROOT_URLCONF = "benchmarks.bare_urls"
USE_TZ = True
LOGGING_CONFIG = None
