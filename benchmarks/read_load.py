"""Read throughput under concurrent load, each endpoint beside a bare Django view serving the same bytes.

Why: a single request's latency hides what users feel; what matters is how many reads the serving
machine answers when many arrive at once, and how far that is from what Django itself could do. For each
endpoint, the product and a bare Django view (no middleware, no session, no database: one view answering
stored bytes, `benchmarks.bare_minimal_settings`) run under the same gunicorn configuration
(`deploy/gunicorn.conf.py`), one after the other in the same run, on the same cores as wrk.

    .venv/bin/python benchmarks/read_load.py                               # SQLite and PostgreSQL, 8 s per line
    DURATION=3 .venv/bin/python benchmarks/read_load.py --database sqlite --scale 0.1   # a quick look
    .venv/bin/python benchmarks/read_load.py --middleware-baseline --json var/read_load.json

For each database (`--database sqlite postgresql`, default both):

1. A fresh database (an SQLite file in a temporary directory, as `make run` uses one; or PostgreSQL
   `mdm_bench_read_<pid>`), migrated, with workload M (`--workload`, `--scale`) written by
   `benchmarks/workloads.py` and a caller: a site administrator (`--caller admin`, the default) or a user
   granted on the workload's folder (`--caller user`).
2. The product under gunicorn with the settings `make run` uses (not production: no TLS redirect), the
   caller logged in through `/api/authentication/login`; every endpoint is fetched once, its bytes stored.
3. The bare view under the same gunicorn configuration serves those bytes. With `--middleware-baseline`, a
   third server serves them through the product's whole middleware stack and session
   (`benchmarks.bare_settings`), which splits the gap into "middleware and session" and "the endpoint".
4. wrk (THREADS=2, CONNECTIONS=16, DURATION=8 s, with the session cookie) on every endpoint and server
   after a warm-up, `--rounds` times (default 1), the order of the servers reversed every round.

It prints one line per endpoint: body bytes, the product's req/s and p99, the bare view's req/s and p99, the
ratio product/bare, and whether the line meets the floor of the read-performance target (ratio >= 0.25,
>= 0.1 for the 187 KB element page; p99 <= 100 ms) and the goal (ratio >= 0.4, p99 <= 50 ms). Exit
status 1 if any run saw a non-2xx answer or a socket error.

Needs wrk (installed from Debian's packages when running as root). Everything stays on 127.0.0.1.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.compare_refs import ROOT, Side, ensure_wrk, fetch, log, login, wrk  # noqa: E402

#: name -> path; {model}, {dataClass}, {dataElement} come from the workload. The read-performance table.
ENDPOINTS = {
    "isAuthenticated": "/api/session/isAuthenticated",
    "folders (list)": "/api/folders",
    "dataModel (show)": "/api/dataModels/{model}",
    "dataElements (list)": "/api/dataModels/{model}/dataElements?max=100",
    "dataClasses (list)": "/api/dataModels/{model}/dataClasses?max=100",
    "dataElement (show)": "/api/dataModels/{model}/dataClasses/{dataClass}/dataElements/{dataElement}",
    "tree (model)": "/api/tree/folders/dataModels/{model}",
    "tree (folders)": "/api/tree/folders",
    "metadata (list)": "/api/dataModels/{model}/metadata",
}
#: The one endpoint whose floor is lower: a 187 KB page of 100 elements with their types.
BIG_PAGE = "dataElements (list)"
FLOOR, BIG_PAGE_FLOOR, FLOOR_P99 = 0.25, 0.1, 100.0
GOAL, GOAL_P99 = 0.4, 50.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", 8)))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", 2)))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", 16)))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workload", default="M", choices=["M", "L"])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--caller", choices=["user", "admin"], default="admin")
    parser.add_argument("--endpoints", nargs="+", choices=list(ENDPOINTS), default=list(ENDPOINTS), metavar="NAME")
    parser.add_argument("--middleware-baseline", action="store_true",
                        help="also a bare view behind the product's middleware and session")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    args.secret_key = secrets.token_urlsafe(48)
    return args


class ReadSide(Side):
    """The product as `make run` serves it: its settings without PRODUCTION (so no HTTPS redirect)."""

    def env(self, **extra):
        return super().env(**{"PRODUCTION": "false", **extra})


def measure(database, args, workdir):
    args.database = database
    product = ReadSide("read", "working tree", ROOT, workdir, args)
    servers = []
    try:
        ids = product.setup()
        paths = {name: ENDPOINTS[name].format(**ids) for name in args.endpoints}
        servers.append(product.start())
        cookie = login(product.server.base)
        bodies_dir = workdir / "bare"
        bodies_dir.mkdir(exist_ok=True)
        sizes = {}
        for n, (name, path) in enumerate(paths.items()):
            status, content_type, body = fetch(product.server.base, path, cookie)
            if status != 200:
                raise SystemExit(f"{name}: the product answers {status} on {path}")
            (bodies_dir / f"e{n}.body").write_bytes(body)
            (bodies_dir / f"e{n}.type").write_text(content_type)
            sizes[name] = (len(body), f"e{n}")

        baselines = {"bare": "benchmarks.bare_minimal_settings"}
        if args.middleware_baseline:
            baselines["middleware"] = "benchmarks.bare_settings"
        urls = {("product", name): f"{product.server.base}{path}" for name, path in paths.items()}
        for label, settings_module in baselines.items():
            side = ReadSide(label, label, ROOT, workdir, args)
            side.database_url = product.database_url  # the product's session, for the middleware baseline
            servers.append(side.start(settings_module, BARE_BODIES_DIR=str(bodies_dir)))
            for name, (size, key) in sizes.items():
                status, _, body = fetch(side.server.base, f"/bare/{key}", cookie)
                if status != 200 or len(body) != size:
                    raise SystemExit(f"the {label} view does not serve {name}'s body: {status}, {len(body)} bytes")
                urls[(label, name)] = f"{side.server.base}/bare/{key}"

        order = ["product", *baselines]
        log(f"{database}: warm-up, {args.warmup} s per endpoint and server")
        for url in urls.values():
            wrk(url, cookie, args.warmup, args)
        runs = {key: [] for key in urls}
        log(f"{database}: measuring {args.rounds} x {len(urls)} runs x {args.duration} s")
        for round_number in range(args.rounds):
            for name in paths:
                for side in (order if round_number % 2 == 0 else order[::-1]):
                    runs[(side, name)].append(wrk(urls[(side, name)], cookie, args.duration, args))
        return summarise(database, paths, sizes, runs, order)
    finally:
        for server in servers:
            server.stop()
        product.drop_database()


def summarise(database, paths, sizes, runs, order):
    rows = []
    for name, path in paths.items():
        row = {"database": database, "endpoint": name, "path": path, "bytes": sizes[name][0]}
        for side in order:
            row[f"rps_{side}"] = statistics.mean(r["rps"] for r in runs[(side, name)])
            row[f"p99_{side}"] = statistics.mean(r["p99"] for r in runs[(side, name)])
        row["ratio"] = row["rps_product"] / row["rps_bare"] if row["rps_bare"] else float("nan")
        floor = BIG_PAGE_FLOOR if name == BIG_PAGE else FLOOR
        row["floor"] = row["ratio"] >= floor and row["p99_product"] <= FLOOR_P99
        row["goal"] = row["ratio"] >= GOAL and row["p99_product"] <= GOAL_P99
        row["bad"] = sum(r["bad"] + r["errors"] for side in order for r in runs[(side, name)])
        rows.append(row)
    return rows


def print_report(args, rows):
    workers = os.environ.get("GUNICORN_WORKERS", f"{os.cpu_count() * 2 + 1}")
    print(f"\nworkload {args.workload} x {args.scale:g}; caller: {args.caller}; gunicorn: deploy/gunicorn.conf.py "
          f"(class {os.environ.get('GUNICORN_WORKER_CLASS', 'gthread')}, workers {workers}); "
          f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} round(s); "
          f"CPUs: {os.cpu_count()}")
    middleware = args.middleware_baseline
    header = (f"{'database':<10} {'endpoint':<20} {'bytes':>7} {'req/s':>8} {'p99 ms':>7} {'bare r/s':>8} "
              f"{'bare p99':>8} " + (f"{'mw r/s':>7} " if middleware else "") + f"{'ratio':>6}  floor  goal")
    print("\n" + header + "\n" + "-" * len(header))
    for r in rows:
        print(f"{r['database']:<10} {r['endpoint']:<20} {r['bytes']:>7} {r['rps_product']:>8.0f} "
              f"{r['p99_product']:>7.1f} {r['rps_bare']:>8.0f} {r['p99_bare']:>8.1f} "
              + (f"{r['rps_middleware']:>7.0f} " if middleware else "")
              + f"{r['ratio']:>6.2f}  {'yes' if r['floor'] else 'NO':<5}  {'yes' if r['goal'] else 'no'}")
    print(f"\nfloor: ratio >= {FLOOR} ({BIG_PAGE}: >= {BIG_PAGE_FLOOR}) and p99 <= {FLOOR_P99:g} ms; "
          f"goal: ratio >= {GOAL} and p99 <= {GOAL_P99:g} ms")


def main():
    args = parse_args()
    ensure_wrk()
    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="mdm_bench_read_"))
    try:
        for database in args.database:
            (workdir / database).mkdir()
            rows += measure(database, args, workdir / database)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print_report(args, rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    bad = sum(r["bad"] for r in rows)
    if bad:
        print(f"\n{bad} non-2xx answers or socket errors during the runs (none intended).")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
