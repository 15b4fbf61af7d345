"""Throughput of the same API endpoints in two versions of the code, and against a bare Django view.

Why: the API layer moved from bare APIViews to DRF viewsets, under the rule "DRF's generic machinery must
not cost throughput". This script checks the rule in one run: the version before the move and the current
one answer the same list and show endpoints, over the same data, under the same gunicorn settings, and a
bare Django view serving the very same bytes shows what is left to gain at all.

    .venv/bin/python benchmarks/compare_refs.py                          # e591fed vs the working tree, 8 s
    DURATION=2 .venv/bin/python benchmarks/compare_refs.py --database sqlite
    .venv/bin/python benchmarks/compare_refs.py --before v1.2 --after HEAD --rounds 3

What it does:

1. A temporary `git worktree` of the BEFORE ref (and of AFTER when it is a ref; by default AFTER is this
   working tree, uncommitted changes included), under a temporary directory, removed at the end.
2. For each side a fresh database (PostgreSQL `mdm_bench_compare_<side>_<pid>`, or an SQLite file), migrated
   by that side's own migrations and filled by that side's code with the same workload: the generator of
   THIS tree (`benchmarks/workloads.py`, loaded by path) writing through the side's models, with the clock
   and the default authority's id fixed, so both databases hold the same rows, ids and dates included.
   The caller is a user holding the creator's grant on the workload's folder (`--caller admin`: a site
   administrator instead).
3. Each side under gunicorn with this tree's `deploy/gunicorn.conf.py` (worker class, workers, threads,
   keep-alive, max-requests: production's), production settings (`PRODUCTION=true`, `DEBUG=false`; no TLS),
   on its own loopback port. A third server, the bare view, runs this tree's code with
   `benchmarks.bare_settings` (the product's settings and middleware, a URLconf with one view returning a
   stored body) on the AFTER database, so it carries the same session as the AFTER calls.
4. The bodies: each endpoint is fetched from both sides; the bytes should be identical. Otherwise a warning
   says how they differ: only in key order or spacing (the same JSON document), or where the content first
   differs (then the run fails). AFTER's bytes are the bare view's.
5. wrk (THREADS=2, CONNECTIONS=16, DURATION=8 seconds per run, with the session cookie) on every endpoint of
   every side, after a short unmeasured warm-up; `--rounds` rounds (default 2), the order of the sides
   reversed every round (before, after, bare / bare, after, before) so drift of a shared machine falls on
   every side alike. Figures are the mean over the rounds.

It prints one line per endpoint: body bytes, req/s before and after and their ratio, p99 latency before and
after, the bare view's req/s and the ratio after/bare. An endpoint whose code is the same in both refs (when
this was written: folders and data models, not yet on viewsets) shows the noise of the run. Exit status 1 if
a body's content differs or a run saw errors or non-2xx answers.

Needs wrk (`apt-get install wrk`; installed automatically when running as root) and, for the default
database, PostgreSQL at `--postgres-url`. Everything listens and connects on 127.0.0.1 only.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
REPORT_LUA = ROOT / "benchmarks" / "wrk" / "report.lua"
WORKLOADS_PY = ROOT / "benchmarks" / "workloads.py"
USER_EMAIL, USER_PASSWORD = "bench-owner@example.com", "bench-owner-Passw0rd"
#: Every row the setup writes is dated with this instant, so both sides answer the same dates.
FROZEN_NOW = "2026-01-01T00:00:00+00:00"
#: The default authority gets this id on both sides (it is created on first use with a random one).
AUTHORITY_ID = "00000000-0000-4000-8000-00000000a001"

#: name -> path; {model}, {dataClass}, {dataElement} and {folder} come from the workload.
ENDPOINTS = {
    "folders (list)": "/api/folders",
    "dataClasses (list)": "/api/dataModels/{model}/dataClasses?max=100",
    "dataElements (list)": "/api/dataModels/{model}/dataElements?max=100",
    "dataModel (show)": "/api/dataModels/{model}",
    "dataClass (show)": "/api/dataModels/{model}/dataClasses/{dataClass}",
    "dataElement (show)": "/api/dataModels/{model}/dataClasses/{dataClass}/dataElements/{dataElement}",
    "metadata (list)": "/api/dataElements/{dataElement}/metadata",
}
DEFAULT_ENDPOINTS = ["folders (list)", "dataClasses (list)", "dataElements (list)", "metadata (list)",
                     "dataModel (show)", "dataClass (show)"]


# --- child: migrate and fill one side's database (runs inside that side's tree) ----------------------------

def child_setup(tree, workload, scale, caller):
    """Migrate, then write the workload and the caller with the side's own code; print the ids as JSON."""
    sys.path[:] = [tree] + [p for p in sys.path if Path(p).resolve() != ROOT / "benchmarks"]
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import importlib.util
    from datetime import datetime
    from unittest import mock

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)

    from accounts.access import grant_creator
    from accounts.models import User
    from catalogue import models as m

    spec = importlib.util.spec_from_file_location("compare_workloads", WORKLOADS_PY)
    workloads = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(workloads)
    shape = workloads.WORKLOADS[workload]
    if scale != 1:
        shape = shape.scaled(scale)

    frozen = datetime.fromisoformat(FROZEN_NOW)
    with mock.patch("django.utils.timezone.now", return_value=frozen), transaction.atomic():
        authority = m.Authority.default()
        m.Authority.objects.filter(pk=authority.pk).update(id=AUTHORITY_ID)
        fields = {"first_name": "Bench", "last_name": "Owner"}
        if caller == "admin":
            user = User.objects.create_superuser(USER_EMAIL, USER_PASSWORD, **fields)
        else:
            user = User.objects.create_user(USER_EMAIL, USER_PASSWORD, pending=False, **fields)
        result = workloads.generate(shape, label=f"Workload {workload}", created_by=user.email_address)
        model = result.model
        if caller != "admin":
            grant_creator(user=user, resource=model.folder)
        data_class = m.DataClass.objects.filter(model=model, parent_data_class=None).order_by("index", "label")[0]
        element = m.DataElement.objects.filter(data_class=data_class).order_by("index", "label")[0]
    print(json.dumps({"model": str(model.pk), "folder": str(model.folder_id), "dataClass": str(data_class.pk),
                      "dataElement": str(element.pk), "rows": result.rows}))


# --- the parent: trees, databases, servers ----------------------------------------------------------------

def log(message):
    print(message, file=sys.stderr, flush=True)


def git(*args, cwd=ROOT):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("Installing wrk from Debian's packages...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, capture_output=True).returncode:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, capture_output=True, check=True)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk as root)")


class Side:
    """One version of the code: its tree, its database and its gunicorn."""

    def __init__(self, name, ref, tree, workdir, args):
        self.name, self.ref, self.tree = name, ref, Path(tree)
        self.workdir, self.args = workdir, args
        self.server = None
        if args.database == "postgresql":
            self.db_name = f"mdm_bench_compare_{name}_{os.getpid()}"
            self.database_url = args.postgres_url.rsplit("/", 1)[0] + f"/{self.db_name}"
        else:
            self.db_name = None
            self.database_url = f"sqlite:///{workdir / f'{name}.sqlite3'}"

    def env(self, **extra):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_BIND"))}
        env.update(
            PYTHONPATH=str(self.tree), DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=self.database_url,
            PRODUCTION="true", DEBUG="false", USE_TLS="false", SECRET_KEY=self.args.secret_key,
            MAINTENANCE_FILE=str(self.workdir / "maintenance.absent"), STATIC_ROOT=str(self.workdir / "static"),
            PYTHONDONTWRITEBYTECODE="1")
        env.update(extra)
        return env

    def create_database(self):
        if self.db_name:
            with admin_connection(self.args.postgres_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.db_name}"')

    def drop_database(self):
        if self.db_name:
            with admin_connection(self.args.postgres_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def setup(self):
        """Fresh database, this side's migrations, the shared workload; returns the ids the URLs need."""
        self.create_database()
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child-setup", str(self.tree), self.args.workload,
             str(self.args.scale), self.args.caller],
            cwd=self.tree, env=self.env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"{self.name}: setting up the database failed:\n{result.stderr[-4000:]}")
        ids = json.loads(result.stdout.strip().splitlines()[-1])
        log(f"{self.name}: {self.ref} migrated and filled ({ids['rows']:,} workload rows) "
            f"in {time.perf_counter() - started:.1f} s")
        return ids

    def start(self, settings_module="config.settings", **extra_env):
        self.server = Gunicorn(f"{self.name}", self.tree, self.env(DJANGO_SETTINGS_MODULE=settings_module,
                                                                   **extra_env), self.workdir)
        return self.server


def admin_connection(postgres_url):
    import psycopg

    return psycopg.connect(postgres_url, autocommit=True)


class Gunicorn:
    """gunicorn with the project's settings file on a free loopback port; logs go to files in the work dir."""

    def __init__(self, name, tree, env, workdir):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.logs = [open(workdir / f"{name}.access.log", "wb"), open(workdir / f"{name}.error.log", "wb")]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--config", str(GUNICORN_CONF),
             "--bind", f"127.0.0.1:{self.port}", "--chdir", str(tree)],
            cwd=tree, env=env, stdout=self.logs[0], stderr=self.logs[1], start_new_session=True)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{name}: gunicorn exited; see {workdir / f'{name}.error.log'}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/health/live", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # answering (the bare server routes no health check)
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{name}: gunicorn did not answer on port {self.port}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for file in self.logs:
            file.close()


def login(base):
    request = urllib.request.Request(
        f"{base}/api/authentication/login", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"username": USER_EMAIL, "password": USER_PASSWORD}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        for cookie in response.headers.get_all("Set-Cookie") or []:
            if cookie.startswith("JSESSIONID="):
                return cookie.split(";", 1)[0]
    raise SystemExit(f"login on {base} gave no session cookie")


def fetch(base, path, cookie):
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def first_difference(before, after, where="$"):
    """Where two decoded JSON documents first differ, as a short sentence."""
    if type(before) is not type(after):
        return f"{where}: {type(before).__name__} before, {type(after).__name__} after"
    if isinstance(before, dict):
        for key in sorted(set(before) | set(after)):
            if key not in after:
                return f"{where}.{key}: only before"
            if key not in before:
                return f"{where}.{key}: only after"
            found = first_difference(before[key], after[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(before, list):
        for n, (b, a) in enumerate(zip(before, after, strict=False)):
            found = first_difference(b, a, f"{where}[{n}]")
            if found:
                return found
        return f"{where}: {len(before)} items before, {len(after)} after" if len(before) != len(after) else None
    return None if before == after else f"{where}: {before!r:.80} before, {after!r:.80} after"


def first_order_difference(before, after, where="$"):
    """Where two equal decoded JSON documents first list an object's keys in another order."""
    if isinstance(before, dict):
        if list(before) != list(after):
            return f"{where}: keys {list(before)} before, {list(after)} after"
        children = ((f"{where}.{key}", before[key], after[key]) for key in before)
    elif isinstance(before, list):
        children = ((f"{where}[{n}]", b, a) for n, (b, a) in enumerate(zip(before, after, strict=False)))
    else:
        return None
    return next((found for path, b, a in children if (found := first_order_difference(b, a, path))), None)


def compare_bodies(name, before, after):
    """None if byte-identical, else (serious, warning): how the bodies differ; only serious if the content does."""
    (status_b, _, body_b), (status_a, _, body_a) = before, after
    if status_b != status_a:
        return True, f"{name}: status {status_b} before, {status_a} after"
    if body_b == body_a:
        return None
    try:
        decoded_b, decoded_a = json.loads(body_b), json.loads(body_a)
    except ValueError:
        return True, f"{name}: bodies differ and are not both JSON ({len(body_b)} / {len(body_a)} bytes)"
    difference = first_difference(decoded_b, decoded_a)
    if difference is None:
        order = first_order_difference(decoded_b, decoded_a)
        how = f"key order first differs at {order}" if order else "spacing or escapes differ"
        return False, f"{name}: same JSON, different bytes ({len(body_b)} / {len(body_a)} bytes); {how}"
    return True, f"{name}: different JSON ({len(body_b)} / {len(body_a)} bytes); first difference at {difference}"


def wrk(url, cookie, seconds, args):
    """One wrk run; {requests, rps, p50, p99, bad, errors} from benchmarks/wrk/report.lua's RESULT line."""
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-H", f"Cookie: {cookie}", "-s", str(REPORT_LUA), url]
    output = subprocess.run(command, capture_output=True, text=True).stdout
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {url}:\n{output}")
    requests, rps, p50, p99, bad, errors = line.split()[1:]
    return {"requests": int(requests), "rps": float(rps), "p50": float(p50), "p99": float(p99),
            "bad": int(bad), "errors": int(errors)}


def make_worktree(ref, parent, name):
    path = parent / name
    git("worktree", "add", "--detach", "--quiet", str(path), ref)
    return path


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=os.environ.get("BEFORE", "e591fed"), help="git ref (default e591fed)")
    parser.add_argument("--after", default=os.environ.get("AFTER", ""),
                        help="git ref; default: this working tree as it is (uncommitted changes included)")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", 8)),
                        help="seconds per wrk run (env DURATION, default 8)")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", 2)))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", 16)))
    parser.add_argument("--rounds", type=int, default=2, help="runs per endpoint and side, order reversed each round")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds per endpoint and side first")
    parser.add_argument("--workload", default="M", choices=["M", "L"])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the workload's counts (e.g. 0.1)")
    parser.add_argument("--caller", choices=["user", "admin"], default="user",
                        help="a user granted on the workload's folder (default) or a site administrator")
    parser.add_argument("--endpoints", nargs="+", choices=list(ENDPOINTS), default=DEFAULT_ENDPOINTS, metavar="NAME",
                        help=f"among: {', '.join(ENDPOINTS)}")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a database to connect to while creating and dropping the benchmark databases")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, SQLite files)")
    args = parser.parse_args(argv)
    args.secret_key = secrets.token_urlsafe(48)
    return args


def main():
    args = parse_args()
    ensure_wrk()
    before_sha = git("rev-parse", "--short", f"{args.before}^{{commit}}")
    after_label = (f"{args.after} ({git('rev-parse', '--short', args.after + '^{commit}')})" if args.after
                   else f"working tree ({git('rev-parse', '--short', 'HEAD')}"
                        f"{' + changes' if git('status', '--porcelain', '--untracked-files=no') else ''})")
    workdir = Path(tempfile.mkdtemp(prefix="mdm_bench_compare_"))
    worktrees, sides, servers = [], [], []
    failed = False
    try:
        worktrees.append(make_worktree(args.before, workdir, "before-tree"))
        before = Side("before", f"{args.before} ({before_sha})", worktrees[-1], workdir, args)
        if args.after:
            worktrees.append(make_worktree(args.after, workdir, "after-tree"))
        after = Side("after", after_label, worktrees[-1] if args.after else ROOT, workdir, args)
        sides = [before, after]
        ids = before.setup()
        if after.setup() != ids:
            raise SystemExit("the two sides' workloads got different ids: the generator is not deterministic")

        paths = {name: ENDPOINTS[name].format(**ids) for name in args.endpoints}
        servers = [before.start(), after.start()]
        cookies = {side.name: login(side.server.base) for side in sides}

        # The bodies: identical on both sides, and AFTER's bytes are what the bare view serves.
        bodies_dir = workdir / "bare"
        bodies_dir.mkdir()
        warnings, sizes = [], {}
        for name, path in paths.items():
            answers = {side.name: fetch(side.server.base, path, cookies[side.name]) for side in sides}
            for side in sides:
                status = answers[side.name][0]
                if not 200 <= status < 300:
                    warnings.append((True, f"{name}: {side.name} answers {status} on {path}"))
            warning = compare_bodies(name, answers["before"], answers["after"])
            if warning:
                warnings.append(warning)
            _, content_type, body = answers["after"]
            key = f"e{len(sizes)}"
            (bodies_dir / f"{key}.body").write_bytes(body)
            (bodies_dir / f"{key}.type").write_text(content_type)
            sizes[name] = (len(answers["before"][2]), len(body), key)

        bare = Side("bare", "bare view", ROOT, workdir, args)
        bare.database_url = after.database_url  # the AFTER session, the AFTER database
        bare.start("benchmarks.bare_settings", BARE_BODIES_DIR=str(bodies_dir))
        servers.append(bare.server)
        cookies["bare"] = cookies["after"]
        for name, (_, size, key) in sizes.items():
            status, _, body = fetch(bare.server.base, f"/bare/{key}", cookies["bare"])
            if status != 200 or len(body) != size:
                raise SystemExit(f"the bare view does not serve {name}'s body: {status}, {len(body)} bytes")

        urls = {(side.name, name): f"{side.server.base}{path}" for side in sides for name, path in paths.items()}
        urls.update({("bare", name): f"{bare.server.base}/bare/{key}" for name, (_, _, key) in sizes.items()})
        order = ["before", "after", "bare"]

        log(f"warm-up: {args.warmup} s per endpoint and side")
        for (side, _name), url in urls.items():
            wrk(url, cookies[side], args.warmup, args)

        runs = {key: [] for key in urls}
        total = len(urls) * args.rounds * args.duration
        log(f"measuring: {args.rounds} rounds x {len(urls)} runs x {args.duration} s = about {total} s")
        for round_number in range(args.rounds):
            sides_in_order = order if round_number % 2 == 0 else order[::-1]
            for name in paths:
                for side in sides_in_order:
                    runs[(side, name)].append(wrk(urls[(side, name)], cookies[side], args.duration, args))

        results = summarise(runs, paths, sizes)
        print_report(args, before.ref, after.ref, results, warnings)
        bad = sum(run["bad"] + run["errors"] for key in runs for run in runs[key])
        failed = any(serious for serious, _ in warnings) or bad > 0
        if bad:
            print(f"\n{bad} non-2xx answers or socket errors during the runs (none intended).")
        empty = sorted({f"{name} ({side})" for (side, name), side_runs in runs.items()
                        if any(run["requests"] == 0 for run in side_runs)})
        if empty:
            print(f"\nno request completed within a run of: {', '.join(empty)}; use a longer DURATION")
        if args.json:
            Path(args.json).write_text(json.dumps({"before": before.ref, "after": after.ref, "results": results,
                                                   "warnings": [w for _, w in warnings], "runs": {f"{k[0]} {k[1]}": v
                                                                                  for k, v in runs.items()}},
                                                  indent=2))
    finally:
        for server in servers:
            server.stop()
        for side in sides:
            try:
                side.drop_database()
            except Exception as error:  # noqa: BLE001 - cleanup goes on
                log(f"could not drop {side.db_name}: {error}")
        for tree in worktrees:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


def summarise(runs, paths, sizes):
    results = []
    for name in paths:
        row = {"endpoint": name, "path": paths[name], "bytes_before": sizes[name][0], "bytes": sizes[name][1]}
        for side in ("before", "after", "bare"):
            row[f"rps_{side}"] = statistics.mean(run["rps"] for run in runs[(side, name)])
            row[f"p99_{side}"] = statistics.mean(run["p99"] for run in runs[(side, name)])
            row[f"rps_{side}_runs"] = [run["rps"] for run in runs[(side, name)]]
        row["after_before"] = row["rps_after"] / row["rps_before"] if row["rps_before"] else float("nan")
        row["after_bare"] = row["rps_after"] / row["rps_bare"] if row["rps_bare"] else float("nan")
        results.append(row)
    return results


def print_report(args, before_ref, after_ref, results, warnings):
    workers = os.environ.get("GUNICORN_WORKERS", f"{os.cpu_count() * 2 + 1} (2 x CPUs + 1)")
    print(f"\nbefore: {before_ref}   after: {after_ref}")
    print(f"database: {args.database}; workload {args.workload} x {args.scale:g}; caller: {args.caller}; "
          f"gunicorn: deploy/gunicorn.conf.py (class {os.environ.get('GUNICORN_WORKER_CLASS', 'gthread')}, "
          f"workers {workers}); wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"{args.rounds} rounds (mean); CPUs: {os.cpu_count()}")
    header = (f"{'endpoint':<22} {'bytes':>7} {'before r/s':>10} {'after r/s':>10} {'after/bef':>9} "
              f"{'p99 bef ms':>10} {'p99 aft ms':>10} {'bare r/s':>9} {'after/bare':>10}")
    print("\n" + header + "\n" + "-" * len(header))
    for r in results:
        size = f"{r['bytes']}" if r["bytes"] == r["bytes_before"] else f"{r['bytes_before']}/{r['bytes']}"
        print(f"{r['endpoint']:<22} {size:>7} {r['rps_before']:>10.1f} {r['rps_after']:>10.1f} "
              f"{r['after_before']:>9.2f} {r['p99_before']:>10.1f} {r['p99_after']:>10.1f} "
              f"{r['rps_bare']:>9.1f} {r['after_bare']:>10.2f}")
    print("\nbodies: " + ("byte-identical before and after on every endpoint" if not warnings else "WARNING"))
    for serious, warning in warnings:
        print(f"  {'DIFFERENT ' if serious else ''}{warning}")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child-setup":
        child_setup(sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5])
    else:
        sys.exit(main())
