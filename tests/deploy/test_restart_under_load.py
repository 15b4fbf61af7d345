"""A graceful restart of gunicorn (HUP) under a stream of writes answers every request, loses no
acknowledged write and leaves no half-written one."""

import threading
import time
import uuid

import pytest
from django.conf import settings as django_settings

from tests.deploy.harness import ADMIN_EMAIL, ADMIN_PASSWORD, build_front, destroy_front, request

WRITERS = 6
LOAD_SECONDS = 4.0


@pytest.fixture(scope="module")
def live_front(nginx_binary, front_template):
    """A front with production-like timeouts: a restart may delay requests by a second, never by 30."""
    running = build_front("restart", template=front_template, nginx_binary=nginx_binary,
                          version=django_settings.PRODUCT_VERSION,
                          read_timeout=30, GUNICORN_TIMEOUT=40, GUNICORN_GRACEFUL_TIMEOUT=35)
    try:
        running.start()
        yield running
    finally:
        destroy_front(running)


def test_hup_under_write_load_loses_nothing_and_half_writes_nothing(live_front):
    port = live_front.port
    workers_before = set(live_front.app.worker_pids())
    outcomes = []  # (kind, key, status or exception text)
    lock = threading.Lock()
    stop = threading.Event()

    def write_pairs():
        while not stop.is_set():
            key = f"restart-{uuid.uuid4().hex}"
            try:
                status = request(port, "POST", f"/api/test/pairedWrite?key={key}&pause=0.05", body=b"",
                                 timeout=20).status
            except OSError as error:
                status = f"{type(error).__name__}: {error}"
            with lock:
                outcomes.append(("write", key, status))

    def log_in_and_out():
        body = f'{{"username": "{ADMIN_EMAIL}", "password": "{ADMIN_PASSWORD}"}}'.encode()
        while not stop.is_set():
            try:
                login = request(port, "POST", "/api/authentication/login", body=body,
                                headers={"Content-Type": "application/json"}, timeout=20)
                cookie, _ = login.cookie("JSESSIONID")
                logout = request(port, "POST", "/api/authentication/logout", headers={"Cookie": cookie or ""},
                                 timeout=20)
                statuses = (login.status, logout.status)
            except OSError as error:
                statuses = f"{type(error).__name__}: {error}"
            with lock:
                outcomes.append(("login", None, statuses))

    threads = [threading.Thread(target=write_pairs) for _ in range(WRITERS)]
    threads.append(threading.Thread(target=log_in_and_out))
    for thread in threads:
        thread.start()
    try:
        time.sleep(LOAD_SECONDS / 4)
        live_front.app.reload()
        time.sleep(LOAD_SECONDS / 2)
        live_front.app.reload()
        time.sleep(LOAD_SECONDS / 4)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    writes = [(key, status) for kind, key, status in outcomes if kind == "write"]
    logins = [status for kind, _, status in outcomes if kind == "login"]
    assert len(writes) >= 20, "the load must be real"
    assert logins, "logins ran alongside the writes"
    failed = [(key, status) for key, status in writes if status != 201]
    assert not failed, f"{len(failed)} writes were not acknowledged during the restart: {failed[:5]}"
    assert all(status == (200, 204) for status in logins), logins

    # Old workers finish their requests before they exit; on a busy machine that can take a few seconds.
    deadline = time.monotonic() + 60
    workers_after = set(live_front.app.worker_pids())
    while (not workers_after or workers_before & workers_after) and time.monotonic() < deadline:
        time.sleep(0.5)
        workers_after = set(live_front.app.worker_pids())
    assert workers_after and not workers_before & workers_after, "the HUP must have replaced every worker"

    rows = live_front.database.query("SELECT key FROM accounts_apiproperty WHERE category = ?", ("deployment-test",))
    stored = {}
    for (row_key,) in rows:
        key, _, half = row_key.rpartition("/")
        stored.setdefault(key, set()).add(half)
    acknowledged = {key for key, _ in writes}
    half_written = {key: halves for key, halves in stored.items() if halves != {"first", "second"}}
    assert not half_written, f"half-written pairs: {half_written}"
    assert acknowledged <= set(stored), f"lost acknowledged writes: {sorted(acknowledged - set(stored))[:5]}"
    assert set(stored) & acknowledged == acknowledged
    assert not {k for k in stored if k.startswith("restart-")} - acknowledged, "a write nobody was told about"
