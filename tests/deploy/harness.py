"""A real production front (nginx + gunicorn on loopback) for the deployment tests, with short timeouts.

Each front runs from its own state directory under var/ (pid files, logs, sockets, nginx's temp files)
and its own database: a fresh SQLite file, or a `<name>_front` PostgreSQL database when the suite runs
on PostgreSQL. Nothing listens anywhere but 127.0.0.1 and Unix sockets.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from config.api.body_limits import large_body_path_regex
from deploy.front import ROOT, AppServer, Nginx, check_timeouts
from deploy.nginx import NginxSettings

PYTHON = sys.executable
ADMIN_EMAIL = "admin@maurodatamapper.com"
ADMIN_PASSWORD = "front-test-" + secrets.token_hex(6)
#: Short limits so each gateway status shows up in about a second. BODY_LIMIT is the upload routes' limit.
BODY_LIMIT = 64 * 1024
SMALL_BODY_LIMIT = 16 * 1024
CLIENT_BODY_TIMEOUT = 1
PROXY_READ_TIMEOUT = 2
GUNICORN_TIMEOUT = 10
RETRY_AFTER = 7
#: The servers' settings: the product's, plus the test-only routes the gateway and restart tests call.
DEPLOY_TEST_SETTINGS = "tests.settings_deploy"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    set_cookies: list = field(default_factory=list)

    def cookie(self, name):
        """`name=value` of the cookie set by this response (for a Cookie header), and its attributes."""
        for line in self.set_cookies:
            pair, _, attributes = line.partition(";")
            if pair.split("=", 1)[0].strip() == name:
                return pair.strip(), attributes.lower()
        return None, ""

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name.lower())


def request(port, method, path, body=None, headers=None, timeout=15.0, host="127.0.0.1", tls=False):
    if tls:
        import ssl

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate, on loopback
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        raw_headers = {}
        for name, value in response.getheaders():
            raw_headers.setdefault(name.lower(), value)
        cookies = [value for name, value in response.getheaders() if name.lower() == "set-cookie"]
        return Response(response.status, raw_headers, response.read(), cookies)
    finally:
        conn.close()


def raw_exchange(port, data, *, wait=10.0):
    """Send raw bytes and read whatever comes back until the server closes or `wait` passes."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(data)
        received = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
                if b"\r\n\r\n" in received:
                    head, _, rest = received.partition(b"\r\n\r\n")
                    length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")]
                    if length and len(rest) >= length[0]:
                        break
        except TimeoutError:
            pass
    return parse_raw(received)


def parse_raw(received):
    if not received:
        return None
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), value.strip())
    return Response(status, headers, body)


class Database:
    """A front's own database: a copy of the template, which is migrated once and has the administrator."""

    def __init__(self, state_dir: Path, label: str):
        self.state_dir = state_dir
        outer = os.environ.get("DATABASE_URL", "")
        self.postgres = outer.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urlsplit(outer)
            # One set of databases per pytest-xdist worker (gw0, gw1, ...), should fronts run on several.
            worker = os.environ.get("PYTEST_XDIST_WORKER", "")
            self.name = f"{parts.path.lstrip('/') or 'mdm'}_front{'_' + worker if worker else ''}_{label}"
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        else:
            self.path = state_dir / f"front-{label}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _postgres(self, statement):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(statement)

    def create(self, template: Database | None = None):
        if self.postgres:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._postgres(f'CREATE DATABASE "{self.name}"' + (f' TEMPLATE "{template.name}"' if template else ""))
        elif template:
            shutil.copyfile(template.path, self.path)

    def query(self, sql, params=()):
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url) as conn:
                return conn.execute(sql.replace("?", "%s"), params).fetchall()
        import sqlite3

        with sqlite3.connect(self.url[len("sqlite:///"):]) as conn:
            return conn.execute(sql, params).fetchall()

    def drop(self):
        if self.postgres:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@dataclass
class LiveFront:
    """nginx in front of one or more gunicorn masters, all started by the tests."""

    state_dir: Path
    nginx: Nginx
    apps: list[AppServer]
    env: dict
    database: Database
    port: int
    started: list = field(default_factory=list)

    @property
    def app(self):
        return self.apps[0]

    @property
    def settings(self) -> NginxSettings:
        return self.nginx.settings

    @property
    def maintenance_file(self):
        return self.settings.maintenance_file

    def request(self, method, path, body=None, headers=None, timeout=15.0):
        return request(self.port, method, path, body=body, headers=headers, timeout=timeout, tls=self.settings.tls)

    def manage(self, *args):
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self):
        for app in self.apps:
            if not app.pid:
                app.start()
        if not self.nginx.pid:
            self.nginx.start()

    def stop(self):
        self.nginx.stop()
        for app in self.apps:
            app.stop(timeout=15)


def application_environment(state_dir: Path, database: Database, **overrides):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST", "GUNICORN_", "REDIS_URL"))}
    env.update({
        "PRODUCTION": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "USE_TLS": "false",
        "TRUST_PROXY_HEADERS": "true",
        "DATABASE_URL": database.url,
        "MAINTENANCE_FILE": str(state_dir / "maintenance.on"),
        "MAINTENANCE_RETRY_AFTER_SECONDS": str(RETRY_AFTER),
        "STATIC_ROOT": str(state_dir / "static"),
        "MAX_REQUEST_BODY_BYTES": str(BODY_LIMIT),
        "MAX_SMALL_BODY_BYTES": str(SMALL_BODY_LIMIT),
        "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_TIMEOUT": str(GUNICORN_TIMEOUT),
        "GUNICORN_GRACEFUL_TIMEOUT": "8",
        # The product's settings plus the test routes; the checkout on the path so gunicorn imports `tests`.
        "DJANGO_SETTINGS_MODULE": DEPLOY_TEST_SETTINGS,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    })
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def nginx_user():
    """Workers run as www-data, as in production, when the state directory is reachable for them."""
    from deploy.front import NGINX_USER_WHEN_ROOT, others_can_traverse

    if os.geteuid() != 0:
        return None
    return NGINX_USER_WHEN_ROOT if others_can_traverse(ROOT / "var") else "root"


@dataclass
class Template:
    """What every front starts from: a migrated database with the administrator, and collected static files."""

    state_dir: Path
    database: Database
    static_root: Path


def state_directory(name):
    base = ROOT / "var" / "test-deploy"
    base.mkdir(parents=True, exist_ok=True)
    state_dir = base / f"{name}-{os.getpid()}"
    shutil.rmtree(state_dir, ignore_errors=True)
    state_dir.mkdir(parents=True)
    return state_dir


def prepare_template() -> Template:
    state_dir = state_directory("template")
    database = Database(state_dir, "template")
    database.create()
    env = application_environment(state_dir, database)
    for args in (("migrate", "--noinput", "--verbosity", "0"), ("bootstrap", "--no-demo"),
                 ("collectstatic", "--noinput", "--verbosity", "0")):
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return Template(state_dir=state_dir, database=database, static_root=Path(env["STATIC_ROOT"]))


def drop_template(template: Template):
    if template.database.postgres:
        template.database._postgres(f'DROP DATABASE IF EXISTS "{template.database.name}" WITH (FORCE)')
    shutil.rmtree(template.state_dir, ignore_errors=True)


def build_front(name, *, template: Template, nginx_binary, version, app_binds=None, tls=None,
                read_timeout=PROXY_READ_TIMEOUT, **env_overrides) -> LiveFront:
    """Prepare (not start) a front: state directory, its copy of the database, nginx configuration."""
    state_dir = state_directory(name)
    if tls is True:
        tls = self_signed_certificate(state_dir)
    database = Database(state_dir, name)
    database.create(template.database)
    env = application_environment(state_dir, database, STATIC_ROOT=template.static_root, **env_overrides)
    port = free_port()
    binds = app_binds or [f"unix:{state_dir / 'run' / 'gunicorn.sock'}"]
    apps = [AppServer(bind=bind, state_dir=state_dir, name=f"gunicorn-{index}", env=env, python=PYTHON)
            for index, bind in enumerate(binds)]
    settings = NginxSettings(
        state_dir=state_dir,
        static_root=template.static_root,
        maintenance_file=Path(env["MAINTENANCE_FILE"]),
        app_servers=binds,
        version=version,
        max_body_bytes=BODY_LIMIT,
        small_body_bytes=SMALL_BODY_LIMIT,
        upload_path_regex=large_body_path_regex(),
        retry_after_seconds=RETRY_AFTER,
        listen_port=port,
        client_body_timeout=CLIENT_BODY_TIMEOUT,
        client_header_timeout=5,
        proxy_connect_timeout=1,
        proxy_read_timeout=read_timeout,
        worker_processes="1",
        user=nginx_user(),
        tls_certificate=tls[0] if tls else None,
        tls_certificate_key=tls[1] if tls else None,
    )
    check_timeouts(settings, env)
    return LiveFront(state_dir=state_dir, nginx=Nginx(settings, binary=nginx_binary), apps=apps, env=env,
                     database=database, port=port)


def self_signed_certificate(state_dir: Path):
    """A throwaway certificate for 127.0.0.1, made with openssl (skips the test if openssl is missing)."""
    import pytest

    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed, so no test certificate can be made")
    cert, key = state_dir / "tls.crt", state_dir / "tls.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def destroy_front(front: LiveFront):
    front.nginx.stop()
    for app in front.apps:
        app.stop(quick=True)
    front.database.drop()
    shutil.rmtree(front.state_dir, ignore_errors=True)
