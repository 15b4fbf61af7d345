"""Fixtures that start a real nginx + gunicorn front on loopback; skipped only where nginx cannot be installed."""

import pytest
from django.conf import settings as django_settings

from deploy.front import NginxUnavailable, ensure_nginx
from tests.deploy.harness import build_front, destroy_front, drop_template, prepare_template


@pytest.fixture(scope="session")
def nginx_binary():
    try:
        return ensure_nginx()
    except NginxUnavailable as error:
        pytest.skip(f"nginx is not installed and cannot be installed on this machine: {error}")


@pytest.fixture(scope="session")
def front_template(nginx_binary):
    """A migrated database and collected static files, copied by every front (migrating once saves seconds)."""
    template = prepare_template()
    try:
        yield template
    finally:
        drop_template(template)


@pytest.fixture(scope="session")
def front(nginx_binary, front_template):
    """One front for the gateway tests: a gunicorn on a Unix socket behind nginx, database sessions."""
    running = build_front("gateway", template=front_template, nginx_binary=nginx_binary,
                          version=django_settings.PRODUCT_VERSION)
    try:
        running.start()
        yield running
    finally:
        destroy_front(running)


@pytest.fixture
def live_front(front):
    """The shared front, with gunicorn running and maintenance off before and after the test."""
    front.maintenance_file.unlink(missing_ok=True)
    front.start()
    yield front
    front.maintenance_file.unlink(missing_ok=True)
    front.start()


@pytest.fixture(autouse=True)
def _fast_settings():
    """These tests talk HTTP to their own servers; the in-process database and cache are not theirs to reset."""
    yield
