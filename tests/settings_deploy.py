"""Settings for the servers the deployment tests start (gunicorn, manage.py): the product's settings, read from
the environment as in production, with the test routes of `tests.support.deploy_urls` added."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.support.deploy_urls"
