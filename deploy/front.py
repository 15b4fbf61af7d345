"""Run the production front for this checkout: nginx in front of gunicorn, everything on one machine.

    python -m deploy.front serve      # install nginx if missing, migrate, collectstatic, start gunicorn + nginx
    python -m deploy.front stop       # stop nginx, then gunicorn (gracefully)
    python -m deploy.front reload     # new code or settings: graceful restart of gunicorn, reload nginx
    python -m deploy.front status     # what is running, and whether it is ready
    python -m deploy.front render     # print the nginx configuration that `serve` would write
    python -m deploy.front serve-app  # only gunicorn, on APP_BIND, for an extra application host

`make serve-prod` / `make stop-prod` call the first two. Settings come from the environment (see
deploy/README.md and .env.example); state (pid files, logs, sockets, temp files) lives in
FRONT_STATE_DIR, `var/prod` by default, so this front never collides with a system nginx.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from deploy.nginx import NginxSettings, render

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_USER_WHEN_ROOT = "www-data"


class FrontError(RuntimeError):
    """Something the operator must fix; the message says what."""


class NginxUnavailable(FrontError):
    """nginx is not installed and cannot be installed here."""


# ---------------------------------------------------------------------------------------------- installing nginx


def find_nginx():
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def apt_install(package, *, binary):
    """Install a Debian package if `binary` is missing; returns the binary's path or raises NginxUnavailable.

    Services are not started by the install (a system nginx must not grab port 80 on every address):
    when the machine has no policy-rc.d, one that forbids starting services is put in place for the
    duration of the install and removed afterwards.
    """
    def locate():
        for candidate in (shutil.which(binary), f"/usr/sbin/{binary}", f"/usr/bin/{binary}"):
            if candidate and os.access(candidate, os.X_OK):
                return candidate
        return None

    found = locate()
    if found:
        return found
    if os.geteuid() != 0:
        raise NginxUnavailable(f"{binary} is not installed and installing it needs root (apt-get install {package})")
    if not shutil.which("apt-get"):
        raise NginxUnavailable(f"{binary} is not installed and this machine has no apt-get")
    policy = Path("/usr/sbin/policy-rc.d")
    placed_policy = False
    if not policy.exists():
        policy.write_text("#!/bin/sh\n# Placed by deploy/front.py while installing packages: start no services.\n"
                          "exit 101\n")
        policy.chmod(0o755)
        placed_policy = True
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
        result = subprocess.run(install, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            update = subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, text=True)
            if update.returncode != 0:
                raise NginxUnavailable(f"apt-get update failed: {update.stderr.strip()[-500:]}")
            result = subprocess.run(install, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise NginxUnavailable(f"apt-get install {package} failed: {result.stderr.strip()[-500:]}")
    finally:
        if placed_policy:
            policy.unlink(missing_ok=True)
    found = locate()
    if not found:
        raise NginxUnavailable(f"apt-get installed {package} but no {binary} binary was found")
    return found


def ensure_nginx():
    return apt_install("nginx", binary="nginx")


# ------------------------------------------------------------------------------------------------ small helpers


def http_get(address, path, *, timeout=2.0, host="127.0.0.1"):
    """GET `path` from `unix:/sock` or `host:port`; returns (status, body bytes) or raises OSError."""
    if address.startswith("unix:"):
        conn = http.client.HTTPConnection(host, timeout=timeout)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address[len("unix:"):])
        conn.sock = sock
    else:
        hostname, _, port = address.rpartition(":")
        conn = http.client.HTTPConnection(hostname.strip("[]"), int(port), timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def read_pid(pid_file):
    try:
        pid = int(Path(pid_file).read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    if _is_zombie(pid):
        return None
    return pid


def _is_zombie(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def wait_until_gone(pid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if _is_zombie(pid):
            return True
        time.sleep(0.05)
    return False


def child_pids(pid):
    """The direct children of `pid` (gunicorn's workers), from /proc."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children.extend(int(x) for x in task.read_text().split())
        except OSError:
            continue
    return sorted(children)


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} is empty or missing)"


def others_can_traverse(path):
    """True if every directory above `path` lets other users through (nginx workers run as another user)."""
    for parent in [Path(path), *Path(path).parents]:
        if parent.exists() and parent.is_dir() and not parent.stat().st_mode & 0o001:
            return False
    return True


# ------------------------------------------------------------------------------------------------ gunicorn


@dataclass
class AppServer:
    """One gunicorn master serving the application on `bind` (`unix:/path` or `host:port`)."""

    bind: str
    state_dir: Path
    name: str = "gunicorn"
    env: dict = field(default_factory=dict)
    python: str = sys.executable

    @property
    def pid_file(self):
        return self.state_dir / "run" / f"{self.name}.pid"

    @property
    def access_log(self):
        return self.state_dir / "log" / f"{self.name}-access.log"

    @property
    def error_log(self):
        return self.state_dir / "log" / f"{self.name}-error.log"

    @property
    def pid(self):
        return read_pid(self.pid_file)

    def ready(self, timeout=2.0):
        try:
            status, _ = http_get(self.bind, "/api/health/ready", timeout=timeout)
        except OSError:
            return False
        return status == 200

    def start(self, *, wait=30.0):
        if self.pid:
            raise FrontError(f"{self.name} is already running (pid {self.pid}); use reload or stop first")
        for sub in ("run", "log"):
            (self.state_dir / sub).mkdir(parents=True, exist_ok=True)
        if self.bind.startswith("unix:"):
            Path(self.bind[len("unix:"):]).unlink(missing_ok=True)
        gunicorn = Path(self.python).with_name("gunicorn")
        command = [str(gunicorn) if gunicorn.exists() else "gunicorn", "config.wsgi:application",
                   "--config", str(GUNICORN_CONF), "--bind", self.bind, "--pid", str(self.pid_file),
                   "--access-logfile", str(self.access_log), "--error-logfile", str(self.error_log),
                   "--chdir", str(ROOT), "--daemon"]
        subprocess.run(command, env=self.env, check=True, cwd=ROOT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.ready(timeout=1.0):
                return self.pid
            time.sleep(0.1)
        pid = self.pid
        if pid:
            self.stop()
        raise FrontError(f"{self.name} did not become ready on {self.bind} within {wait:g}s; "
                         f"its log says:\n{tail(self.error_log)}")

    def reload(self):
        """Graceful restart: new workers start with fresh code, old ones finish their requests first."""
        pid = self.pid
        if not pid:
            raise FrontError(f"{self.name} is not running")
        os.kill(pid, signal.SIGHUP)
        return pid

    def stop(self, *, timeout=None, quick=False):
        """Graceful by default (workers finish their current request first); `quick` drops open requests."""
        pid = self.pid
        if not pid:
            return False
        os.kill(pid, signal.SIGQUIT if quick else signal.SIGTERM)
        graceful = float(self.env.get("GUNICORN_GRACEFUL_TIMEOUT", 65))
        if not wait_until_gone(pid, timeout if timeout is not None else graceful + 5):
            os.kill(pid, signal.SIGKILL)
            wait_until_gone(pid, 5)
        self.pid_file.unlink(missing_ok=True)
        return True

    def worker_pids(self):
        pid = self.pid
        return child_pids(pid) if pid else []


# ------------------------------------------------------------------------------------------------ nginx


@dataclass
class Nginx:
    settings: NginxSettings
    binary: str | None = None

    def write_config(self):
        s = self.settings
        for directory in (s.conf_file.parent, s.temp_dir, s.pid_file.parent, s.log_dir):
            directory.mkdir(parents=True, exist_ok=True)
        s.conf_file.write_text(render(s))
        return s.conf_file

    def _command(self, *extra):
        binary = self.binary or find_nginx()
        if not binary:
            raise NginxUnavailable("nginx is not installed")
        s = self.settings
        return [binary, "-p", str(s.state_dir / "nginx"), "-c", str(s.conf_file), "-e", str(s.error_log), *extra]

    def test_config(self):
        result = subprocess.run(self._command("-t", "-q"), capture_output=True, text=True)
        if result.returncode != 0:
            raise FrontError(f"nginx rejects {self.settings.conf_file}:\n{result.stderr.strip()}")

    @property
    def pid(self):
        return read_pid(self.settings.pid_file)

    def start(self, *, wait=10.0):
        if self.pid:
            raise FrontError(f"nginx is already running (pid {self.pid}); use reload or stop first")
        self.write_config()
        self.test_config()
        self.settings.buffer_socket.unlink(missing_ok=True)
        result = subprocess.run(self._command(), capture_output=True, text=True)
        if result.returncode != 0:
            raise FrontError(f"nginx did not start:\n{result.stderr.strip()}\n{tail(self.settings.error_log)}")
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.pid and self._listening():
                return self.pid
            time.sleep(0.05)
        raise FrontError(f"nginx did not start listening on {self.settings.url}:\n{tail(self.settings.error_log)}")

    def _listening(self):
        try:
            with socket.create_connection((self.settings.listen_host, self.settings.listen_port), timeout=0.5):
                return True
        except OSError:
            return False

    def reload(self):
        self.write_config()
        self.test_config()
        pid = self.pid
        if not pid:
            raise FrontError("nginx is not running")
        os.kill(pid, signal.SIGHUP)

    def stop(self, *, timeout=15.0):
        pid = self.pid
        if not pid:
            return False
        os.kill(pid, signal.SIGQUIT)  # graceful: open requests are answered first
        if not wait_until_gone(pid, timeout):
            os.kill(pid, signal.SIGTERM)
            wait_until_gone(pid, 5)
        return True


# ------------------------------------------------------------------------------------------------ the whole front


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _env_path(name, default):
    value = os.environ.get(name, "").strip()
    return Path(value) if value else Path(default)


class ProductionFront:
    """nginx + a local gunicorn on a Unix socket (+ any FRONT_UPSTREAMS), configured from the environment."""

    def __init__(self):
        self.state_dir = _env_path("FRONT_STATE_DIR", ROOT / "var" / "prod").resolve()
        self.app_env = self._application_environment()
        settings = self._django_settings()
        from config.api import body_limits

        socket_path = self.state_dir / "run" / "gunicorn.sock"
        extra = [u.strip() for u in os.environ.get("FRONT_UPSTREAMS", "").split(",") if u.strip()]
        tls_cert = os.environ.get("NGINX_TLS_CERT", "").strip()
        tls_key = os.environ.get("NGINX_TLS_KEY", "").strip()
        if bool(tls_cert) != bool(tls_key):
            raise FrontError("set both NGINX_TLS_CERT and NGINX_TLS_KEY, or neither")
        self.nginx_settings = NginxSettings(
            state_dir=self.state_dir,
            static_root=Path(settings.STATIC_ROOT),
            maintenance_file=Path(settings.MAINTENANCE_FILE),
            app_servers=[f"unix:{socket_path}", *extra],
            version=settings.PRODUCT_VERSION,
            max_body_bytes=settings.MAX_REQUEST_BODY_BYTES,
            small_body_bytes=body_limits.small_body_limit(),
            upload_path_regex=body_limits.large_body_path_regex(),
            retry_after_seconds=settings.MAINTENANCE_RETRY_AFTER_SECONDS,
            listen_host=os.environ.get("FRONT_HOST", "127.0.0.1"),
            listen_port=_env_int("FRONT_PORT", 8080),
            client_body_timeout=_env_int("NGINX_CLIENT_BODY_TIMEOUT", 60),
            client_header_timeout=_env_int("NGINX_CLIENT_HEADER_TIMEOUT", 30),
            proxy_connect_timeout=_env_int("NGINX_PROXY_CONNECT_TIMEOUT", 5),
            proxy_read_timeout=_env_int("NGINX_PROXY_READ_TIMEOUT", 60),
            tls_certificate=Path(tls_cert) if tls_cert else None,
            tls_certificate_key=Path(tls_key) if tls_key else None,
            hsts_seconds=settings.SECURE_HSTS_SECONDS if getattr(settings, "SECURE_HSTS_SECONDS", 0) else 0,
            hsts_include_subdomains=getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
            hsts_preload=getattr(settings, "SECURE_HSTS_PRELOAD", False),
            worker_processes=os.environ.get("NGINX_WORKER_PROCESSES", "auto"),
            user=self._nginx_user(settings),
            trusted_proxies=[a.strip() for a in os.environ.get("NGINX_TRUSTED_PROXIES", "").split(",") if a.strip()],
            ui_root=Path(settings.MDM_UI_DIR).resolve() if settings.MDM_UI_DIR else None,
        )
        check_timeouts(self.nginx_settings, self.app_env)
        self.nginx = Nginx(self.nginx_settings)
        self.app = AppServer(bind=f"unix:{socket_path}", state_dir=self.state_dir, env=self.app_env)

    def _application_environment(self):
        env = dict(os.environ)
        env["PRODUCTION"] = "true"
        env["DEBUG"] = "false"
        env.setdefault("TRUST_PROXY_HEADERS", "true")
        tls = bool(os.environ.get("NGINX_TLS_CERT", "").strip())
        env.setdefault("USE_TLS", "true" if tls else "false")
        if not env.get("SECRET_KEY"):
            env["SECRET_KEY"] = self._persistent_secret("secret-key", 64)
        if not env.get("BOOTSTRAP_ADMIN_PASSWORD"):
            env["BOOTSTRAP_ADMIN_PASSWORD"] = self._persistent_secret("bootstrap-admin-password", 18)
        env.setdefault("GUNICORN_TIMEOUT", str(_env_int("NGINX_PROXY_READ_TIMEOUT", 60) + 15))
        env.setdefault("GUNICORN_GRACEFUL_TIMEOUT", str(_env_int("NGINX_PROXY_READ_TIMEOUT", 60) + 5))
        return env

    def _persistent_secret(self, name, length):
        """A random secret kept (mode 600) in the state directory, so restarts keep sessions and the password."""
        path = self.state_dir / name
        if not path.exists():
            self.state_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(length))
        return path.read_text().strip()

    def _django_settings(self):
        """The application's settings as gunicorn will see them (this process exists only to run the front)."""
        os.environ.update(self.app_env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        import django
        from django.conf import settings

        django.setup()  # the URLconf names the upload routes nginx gives the upload limit
        return settings

    def _nginx_user(self, settings):
        if os.geteuid() != 0:
            return None
        user = os.environ.get("NGINX_USER", "").strip() or NGINX_USER_WHEN_ROOT
        if user != "root":
            for path in (self.state_dir, Path(settings.STATIC_ROOT)):
                if not others_can_traverse(path):
                    raise FrontError(f"nginx's workers run as {user} but cannot reach {path} (a directory above it "
                                     "is closed to other users); open it (chmod o+x) or set NGINX_USER")
        return user

    def manage(self, *args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.app_env, check=True)

    def serve(self):
        s = self.nginx_settings
        print(f"nginx: {ensure_nginx()}")
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.manage("check", "--deploy", "--fail-level", "ERROR")
        self.manage("migrate", "--noinput")
        self.manage("bootstrap", "--no-demo")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        if self.app.pid:
            self.app.reload()
            print(f"gunicorn: reloaded (pid {self.app.pid})")
        else:
            self.app.start()
            print(f"gunicorn: started (pid {self.app.pid}) on {self.app.bind}")
        if self.nginx.pid:
            self.nginx.reload()
            print(f"nginx: reloaded (pid {self.nginx.pid})")
        else:
            self.nginx.start()
            print(f"nginx: started (pid {self.nginx.pid})")
        readiness = "see /api/health/ready"
        if not s.tls:
            readiness = http_get(f"{s.listen_host}:{s.listen_port}", "/api/health/ready")[0]
        print(f"\nThe catalogue is served on {s.url}/api/ (readiness: {readiness})")
        print(f"Logs: {s.log_dir}/   State: {self.state_dir}/   Stop with: make stop-prod")
        if not os.environ.get("BOOTSTRAP_ADMIN_PASSWORD"):
            print(f"The bootstrap administrator's first password is in {self.state_dir / 'bootstrap-admin-password'}"
                  " (change it after the first login).")

    def reload(self):
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.app.reload()
        self.nginx.reload()
        print("gunicorn and nginx reloaded")

    def status(self):
        s = self.nginx_settings
        print(f"gunicorn: pid {self.app.pid or '-'}, workers {self.app.worker_pids()}, "
              f"ready={self.app.ready() if self.app.pid else False}")
        print(f"nginx: pid {self.nginx.pid or '-'}, {s.url}")
        return 0 if self.app.pid and self.nginx.pid else 3


def check_timeouts(nginx_settings: NginxSettings, app_env):
    """504 is only right if nginx gives up before gunicorn kills the worker (which nginx would see as a 502)."""
    gunicorn_timeout = int(app_env.get("GUNICORN_TIMEOUT", nginx_settings.proxy_read_timeout + 15))
    if gunicorn_timeout <= nginx_settings.proxy_read_timeout:
        raise FrontError(f"GUNICORN_TIMEOUT ({gunicorn_timeout}s) must be longer than NGINX_PROXY_READ_TIMEOUT "
                         f"({nginx_settings.proxy_read_timeout}s), or slow requests get 502 instead of 504")


def stop_front():
    """Stop nginx, then gunicorn, from their pid files alone (no settings needed, so it works on a broken checkout)."""
    state_dir = _env_path("FRONT_STATE_DIR", ROOT / "var" / "prod").resolve()
    nginx_pid = read_pid(state_dir / "run" / "nginx.pid")
    if nginx_pid:
        os.kill(nginx_pid, signal.SIGQUIT)  # graceful: open requests are answered first
        if not wait_until_gone(nginx_pid, 15):
            os.kill(nginx_pid, signal.SIGTERM)
            wait_until_gone(nginx_pid, 5)
    app = AppServer(bind="", state_dir=state_dir, env=dict(os.environ))
    stopped_app = app.stop()
    print(f"nginx: {'stopped' if nginx_pid else 'was not running'}; "
          f"gunicorn: {'stopped' if stopped_app else 'was not running'}")


def serve_app():
    """Only gunicorn, on APP_BIND (e.g. a private address of this host), for a front on another machine."""
    bind = os.environ.get("APP_BIND", "").strip()
    if not bind:
        raise FrontError("set APP_BIND to the address the front's nginx reaches this host on, e.g. 10.0.0.12:8000")
    state_dir = _env_path("FRONT_STATE_DIR", ROOT / "var" / "app").resolve()
    env = dict(os.environ, PRODUCTION="true", DEBUG="false")
    env.setdefault("TRUST_PROXY_HEADERS", "true")
    app = AppServer(bind=bind, state_dir=state_dir, env=env)
    if app.pid:
        app.reload()
        print(f"gunicorn reloaded (pid {app.pid}) on {bind}")
    else:
        app.start()
        print(f"gunicorn started (pid {app.pid}) on {bind}; stop with: python -m deploy.front stop-app")


def stop_app():
    state_dir = _env_path("FRONT_STATE_DIR", ROOT / "var" / "app").resolve()
    app = AppServer(bind=os.environ.get("APP_BIND", ""), state_dir=state_dir, env=dict(os.environ))
    print("gunicorn stopped" if app.stop() else "gunicorn was not running")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m deploy.front", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["serve", "stop", "reload", "status", "render", "serve-app", "stop-app"])
    args = parser.parse_args(argv)
    try:
        if args.command == "serve-app":
            return serve_app() or 0
        if args.command == "stop-app":
            return stop_app() or 0
        if args.command == "stop":
            return stop_front() or 0
        front = ProductionFront()
        if args.command == "render":
            print(render(front.nginx_settings))
            return 0
        return getattr(front, args.command)() or 0
    except (FrontError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
