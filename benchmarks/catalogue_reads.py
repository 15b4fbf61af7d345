"""Timings of catalogue reads and of permanently deleting a reference workload, with query counts.

Run from the project root:

    .venv/bin/python benchmarks/catalogue_reads.py --workload M
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mdm_bench .venv/bin/python \\
        benchmarks/catalogue_reads.py --workload M

Which database: the one `DATABASE_URL` names, or by default an SQLite file under `var/benchmarks/`. The
script never writes to that database itself: it uses Django's test-database machinery to create a separate
one next to it (PostgreSQL: `test_<name>`; SQLite: `var/benchmarks/catalogue_reads-<workload>.sqlite3`),
migrates it, fills it with the workload and drops it at the end (`--keep` keeps it). The developer's
`db.sqlite3` is never used, even when `.env` names it.

Every figure is the median of `--runs` runs after one warm-up run, printed with the workload, the database,
the query count of one run and, where the quality bar sets one, the target and the ratio to it. Reads go
through the API with Django's test client as the logged-in (non-administrator) owner of the workload, so
the access filters apply; a read whose route does not
exist yet is timed on the ORM query it will need (marked "ORM").
"""

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Set before the settings read `.env`, so a developer's DATABASE_URL in `.env` is never picked up by default.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmarks' / 'catalogue_reads.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from benchmarks.workloads import WORKLOADS, generate  # noqa: E402

#: Where the page of elements lives once the items endpoints exist; `{model}` is the model id.
ELEMENTS_PAGE_URL = "/api/dataModels/{model}/dataElements?max=100"
OWNER_EMAIL = "benchmark-owner@example.com"
OWNER_PASSWORD = "benchmark-Passw0rd"
#: Targets from quality-bar.md, in seconds.
TARGETS = {"permanent delete": 10.0}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", choices=sorted(WORKLOADS), default="M")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per read (after one warm-up)")
    parser.add_argument("--delete-runs", type=int, default=3, help="timed permanent deletes (each rebuilds the model)")
    parser.add_argument("--elements-url", default=ELEMENTS_PAGE_URL,
                        help="URL template of a 100-element page; {model} is replaced by the model id")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    return parser.parse_args()


# --- database ----------------------------------------------------------------------------------------------

def create_database(workload):
    """A fresh, migrated database beside the configured one (never the configured one itself)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        folder = ROOT / "var" / "benchmarks"
        folder.mkdir(parents=True, exist_ok=True)
        settings.setdefault("TEST", {})["NAME"] = str(folder / f"catalogue_reads-{workload}.sqlite3")
    old_name = settings["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name


def database_description():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (file)"


# --- measuring ---------------------------------------------------------------------------------------------

class Timing:
    """Wall and CPU seconds of repeated runs, and the query count of the last one."""

    def __init__(self):
        self.wall, self.cpu, self.queries, self.result = [], [], None, None

    @property
    def median(self):
        return statistics.median(self.wall)


def timed(fn, runs, warm_up=True, count_queries=True):
    """Run `fn` `runs` times (after one untimed warm-up), timing each run and counting its queries.

    Counting records every statement's SQL, which would slow a bulk insert down: it can be switched off.
    """
    if warm_up:
        fn()
    timing = Timing()
    for _ in range(runs):
        with CaptureQueriesContext(connection) if count_queries else contextlib.nullcontext() as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            timing.result = fn()
            timing.cpu.append(time.process_time() - cpu)
            timing.wall.append(time.perf_counter() - wall)
        timing.queries = len(captured) if count_queries else None
    return timing


class Figures:
    """Prints one line per figure and keeps them for `--json`.

    `× bare` is the median over the median of a bare API request timed in the same run: on a small,
    noisy machine that ratio is steadier than the milliseconds themselves.
    """

    HEADER = (f"  {'operation':<30} {'median ms':>10} {'min ms':>9} {'max ms':>9} {'cpu ms':>8} {'queries':>7} "
              f"{'bytes':>9} {'x bare':>7} {'target':>6} {'ratio':>6}")

    def __init__(self, workload, database):
        self.workload, self.database, self.rows, self.bare = workload, database, [], None

    def add(self, operation, timing, size=None, note="", compare=True):
        median = timing.median
        target = TARGETS.get(operation)
        row = {
            "operation": operation, "workload": self.workload, "database": self.database,
            "median_ms": round(median * 1000, 1), "min_ms": round(min(timing.wall) * 1000, 1),
            "max_ms": round(max(timing.wall) * 1000, 1), "cpu_ms": round(statistics.median(timing.cpu) * 1000, 1),
            "runs": len(timing.wall), "queries": timing.queries, "bytes": size,
            "times_bare_request": round(median / self.bare, 1) if compare and self.bare else None,
            "target_s": target, "ratio_to_target": round(median / target, 3) if target else None, "note": note}
        self.rows.append(row)

        def show(value, width, fmt=""):
            return f"{'' if value is None else format(value, fmt):>{width}}"

        print(f"  {operation:<30} {row['median_ms']:>10.1f} {row['min_ms']:>9.1f} {row['max_ms']:>9.1f} "
              f"{row['cpu_ms']:>8.1f} {show(row['queries'], 7)} {show(size, 9)} "
              f"{show(row['times_bare_request'], 7)} {show(target and f'{target:.0f} s', 6)} "
              f"{show(row['ratio_to_target'], 6)}  {note}", flush=True)


def route_exists(url):
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    return match.func.__name__ != "api_route_not_found"


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return len(response.content)


# --- the run -----------------------------------------------------------------------------------------------

def owner_client():
    """A logged-in ordinary user who created the workload: reads go through the access filters, as most do."""
    from accounts.models import User

    user = User.objects.create_user(OWNER_EMAIL, OWNER_PASSWORD, first_name="Benchmark", last_name="Owner",
                                    pending=False)
    client = APIClient()
    response = client.post("/api/authentication/login", {"username": OWNER_EMAIL, "password": OWNER_PASSWORD},
                           format="json")
    if response.status_code != 200:
        raise SystemExit(f"Could not log in the benchmark user: {response.status_code} {response.content[:200]!r}")
    return user, client


def elements_page_orm(user, model, offset):
    """What a 100-element page will cost until its endpoint exists: count, one page with types, breadcrumbs."""
    from accounts.access import readable_items
    from catalogue import models as m
    from catalogue.selectors.paths import Locator

    elements = readable_items(user, m.DataElement.objects.filter(model=model)).select_related("data_type")
    count = elements.count()
    page = list(elements.order_by("index", "label", "pk")[offset:offset + 100])
    locator = Locator(models=[model])
    items = [{"id": str(e.pk), "label": e.label, "dataClass": str(e.data_class_id), "model": str(e.model_id),
              "dataType": {"id": str(e.data_type_id), "label": e.data_type.label, "domainType": e.data_type.kind},
              "breadcrumbs": locator.breadcrumbs(e)} for e in page]
    return len(json.dumps({"count": count, "items": items}))


def main():
    args = parse_args()
    shape = WORKLOADS[args.workload]
    old_name = create_database(args.workload)
    try:
        run(args, shape)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)


def run(args, shape):
    from accounts.access import grant_creator
    from catalogue import models as m
    from catalogue.services.deletion import permanently_delete_models

    database = database_description()
    user, client = owner_client()
    print(f"Workload {args.workload}: {shape.elements} elements, {shape.classes} classes, "
          f"{shape.enumeration_types}x{shape.values_per_enumeration} enumeration values, "
          f"{shape.primitive_types} primitive types, {shape.rows} rows")
    print(f"Database: {database}; Python {platform.python_version()}; Django {django.get_version()}")

    folder = m.Folder.objects.create(label="Benchmarks", created_by=OWNER_EMAIL)
    grant_creator(user=user, resource=folder)  # the owner's container_admin role, as the API would grant it
    inserts = timed(lambda: generate(shape, label=f"Workload {args.workload}", folder=folder,
                                     created_by=OWNER_EMAIL), 1, warm_up=False, count_queries=False)
    model = inserts.result.model
    print(f"Generated in {inserts.median:.1f} s (bulk insert, one transaction)\n")

    root_class = m.DataClass.objects.filter(model=model, parent_data_class__isnull=True).order_by("index").first()
    deep_class = m.DataClass.objects.filter(model=model, parent_data_class__parent_data_class__isnull=False).first()
    element = m.DataElement.objects.filter(data_class=deep_class).first()
    reads = [
        ("tree: root folders", "/api/tree/folders"),
        ("tree: folder children", f"/api/tree/folders/{folder.pk}"),
        ("tree: model root classes", f"/api/tree/folders/dataModels/{model.pk}"),
        ("tree: class children", f"/api/tree/folders/dataClasses/{root_class.pk}"),
        ("tree: element ancestors", f"/api/tree/folders/dataElements/{element.pk}/ancestors"),
        ("tree/full of the model", f"/api/tree/full/dataModels/{model.pk}"),
        ("hierarchy of the model", f"/api/dataModels/{model.pk}/hierarchy"),
    ]
    figures = Figures(args.workload, database)
    print(Figures.HEADER)
    bare = timed(lambda: get(client, "/api/session/isAuthenticated"), args.runs)
    figures.add("bare API request", bare, None, "/api/session/isAuthenticated: the baseline", compare=False)
    figures.bare = bare.median
    for name, url in reads:
        timing = timed(lambda url=url: get(client, url), args.runs)
        figures.add(name, timing, timing.result, url)

    page_url = args.elements_url.format(model=model.pk)
    last_offset = max(0, shape.elements - 100)
    if route_exists(page_url):
        for name, url in (("elements page (first 100)", page_url),
                          ("elements page (last 100)", f"{page_url}&offset={last_offset}")):
            timing = timed(lambda url=url: get(client, url), args.runs)
            figures.add(name, timing, timing.result, url)
    else:
        for name, offset in (("elements page (first 100)", 0), ("elements page (last 100)", last_offset)):
            timing = timed(lambda offset=offset: elements_page_orm(user, model, offset), args.runs)
            figures.add(name, timing, timing.result, f"ORM: {page_url} has no route yet")

    deletes = Timing()
    for run_number in range(args.delete_runs):
        if run_number:
            rebuilt = timed(lambda: generate(shape, label=f"Workload {args.workload}", folder=folder,
                                             created_by=OWNER_EMAIL), 1, warm_up=False, count_queries=False)
            inserts.wall += rebuilt.wall
            inserts.cpu += rebuilt.cpu
            model = rebuilt.result.model
        deleted = timed(lambda model=model: permanently_delete_models(model_ids=[model.pk]), 1, warm_up=False)
        deletes.wall += deleted.wall
        deletes.cpu += deleted.cpu
        deletes.queries = deleted.queries
        left = sum(table.objects.filter(model_id=model.pk).count()
                   for table in (m.DataClass, m.DataElement, m.DataType, m.EnumerationValue, m.Metadata))
        if left or m.CatalogueModel.objects.filter(pk=model.pk).exists():
            raise SystemExit(f"Permanent delete left {left} rows behind")
    figures.add("permanent delete", deletes, None, f"{shape.rows} rows", compare=False)
    figures.add("bulk insert of the workload", inserts, None, "the generator, for comparison", compare=False)

    if args.json:
        Path(args.json).write_text(json.dumps(figures.rows, indent=2))
        print(f"\nFigures written to {args.json}")


if __name__ == "__main__":
    main()
