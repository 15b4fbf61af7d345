"""What access control costs a list: a user with many grants against a site administrator, same lists.

Run from the project root:

    /work/main/.venv/bin/python benchmarks/access.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mdm_bench /work/main/.venv/bin/python benchmarks/access.py

Like `catalogue_reads.py`, it never writes to the configured database: Django's test-database machinery
creates a fresh one beside it (PostgreSQL: `test_<name>`; SQLite: `var/benchmarks/access.sqlite3`),
migrates it, fills it and drops it at the end (`--keep` keeps it).

One run measures every catalogue size of `--folders` (default 1,000 and 10,000), each in a fresh database:
folders in trees of `--folders-per-root` (each folder the child of an earlier one in its tree, so trees
are several levels deep), `--models-per-folder` data models in each. The granted user belongs to `--groups`
groups (default 50) holding the same number of grants at every size: `--folder-grants` folders (default
1,000: every root folder, then folders spread evenly over the rest; roles cycle reader → container_admin)
and `--model-grants` models (default 200, spread evenly), so the user reads the whole catalogue through
grants alone. The site administrator reads it with no grant at all. Both lists (`/api/dataModels?max=100`,
`/api/folders?max=100`) go through Django's test client with a logged-in session; each figure is the median
of `--runs` runs after a warm-up (the two callers take turns, so load elsewhere on the machine hits both
alike), with the query count of one run and the ratio of the granted user's median to the administrator's.
A summary per size closes the run. On PostgreSQL the tables are analysed after the build, as autovacuum would.
"""

import argparse
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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmarks' / 'access.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

PASSWORD = "benchmark-Passw0rd"
LISTS = [("data models, 100", "/api/dataModels?max=100"), ("folders, 100", "/api/folders?max=100")]
ROLES = ["reader", "reviewer", "author", "editor", "container_admin"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folders", type=int, nargs="+", default=[1000, 10000],
                        help="catalogue sizes to measure, each in a fresh database")
    parser.add_argument("--folders-per-root", type=int, default=20)
    parser.add_argument("--models-per-folder", type=int, default=2)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--folder-grants", type=int, default=1000)
    parser.add_argument("--model-grants", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per list (after one warm-up)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the last size's database afterwards")
    return parser.parse_args()


def create_database():
    """A fresh, migrated database beside the configured one (never the configured one itself)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        folder = ROOT / "var" / "benchmarks"
        folder.mkdir(parents=True, exist_ok=True)
        settings.setdefault("TEST", {})["NAME"] = str(folder / "access.sqlite3")
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


def spread(items, count, first=()):
    """`first`, then items taken evenly from the rest: `count` in all (every item when there are fewer)."""
    chosen = list(first)[:count]
    known = {item.pk for item in chosen}
    rest = [item for item in items if item.pk not in known]
    wanted = count - len(chosen)
    if wanted >= len(rest):
        return chosen + rest
    return chosen + [rest[n * len(rest) // wanted] for n in range(wanted)]


@transaction.atomic
def build(args, size):
    """The catalogue, the granted user with their groups and grants, and a site administrator."""
    from accounts.models import GroupRole, SecurableResourceGroupRole, User, UserGroup
    from catalogue import models as m

    granted = User.objects.create_user("granted@example.com", PASSWORD, first_name="Many", last_name="Grants",
                                       pending=False)
    admin = User.objects.create_user("siteadmin@example.com", PASSWORD, first_name="Site", last_name="Admin",
                                     pending=False)
    UserGroup.administrators().members.add(admin)

    folders = []
    for n in range(size):
        position = n % args.folders_per_root
        parent = None if position == 0 else folders[n - position + (position - 1) // 2]
        folders.append(m.Folder(label=f"Folder {n}", parent_folder=parent, created_by=admin.email_address))
    # Ids are set on construction, and a parent always comes before its children in the list.
    m.Folder.objects.bulk_create(folders, batch_size=500)
    authority = m.Authority.default()
    models = m.CatalogueModel.objects.bulk_create([
        m.CatalogueModel(label=f"Model {n}.{k}", folder=folder, authority=authority,
                         model_type=m.DataModelType.DATA_STANDARD, created_by=admin.email_address)
        for n, folder in enumerate(folders) for k in range(args.models_per_folder)], batch_size=500)

    groups = UserGroup.objects.bulk_create([UserGroup(name=f"Benchmark group {n}") for n in range(args.groups)])
    UserGroup.members.through.objects.bulk_create([
        UserGroup.members.through(usergroup_id=group.pk, user_id=granted.pk) for group in groups])
    roles = {role.name: role for role in GroupRole.objects.filter(name__in=ROLES)}
    roots = [folder for folder in folders if folder.parent_folder_id is None]
    grants = [SecurableResourceGroupRole(user_group=groups[n % len(groups)], group_role=roles[ROLES[n % len(ROLES)]],
                                         securable_resource_id=folder.pk, securable_resource_domain_type="Folder")
              for n, folder in enumerate(spread(folders, args.folder_grants, first=roots))]
    grants += [SecurableResourceGroupRole(user_group=groups[n % len(groups)], group_role=roles["reader"],
                                          securable_resource_id=model.pk, securable_resource_domain_type="DataModel")
               for n, model in enumerate(spread(models, args.model_grants))]
    SecurableResourceGroupRole.objects.bulk_create(grants, batch_size=500)
    return granted, admin, len(folders), len(models), len(grants)


def logged_in(user):
    client = APIClient()
    response = client.post("/api/authentication/login", {"username": user.email_address, "password": PASSWORD},
                           format="json")
    if response.status_code != 200:
        raise SystemExit(f"Could not log in {user.email_address}: {response.status_code} {response.content[:200]!r}")
    return client


def measure(clients, url, runs):
    """Per caller: median and min wall seconds over `runs` runs after a warm-up, the query count and the item
    count. The callers take turns run by run, so a burst of load elsewhere on the machine hits both alike."""
    walls, last = {caller: [] for caller in clients}, {}
    for client in clients.values():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    for _ in range(runs):
        for caller, client in clients.items():
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                walls[caller].append(time.perf_counter() - start)
            last[caller] = (response.json(), len(captured))
    figures = {}
    for caller, times in walls.items():
        body, queries = last[caller]
        figures[caller] = {"median_ms": round(statistics.median(times) * 1000, 2),
                           "min_ms": round(min(times) * 1000, 2), "queries": queries, "items": len(body["items"]),
                           "count": body["count"]}
    return figures


def main():
    args = parse_args()
    rows = []
    for size in args.folders:
        old_name = create_database()
        try:
            rows += run(args, size)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)
    print("\nSummary (medians; ratio = granted user / site admin):")
    print(f"  {'folders':>8} {'list':<18} {'granted ms':>11} {'admin ms':>9} {'ratio':>6}")
    for size in args.folders:
        for name, _ in LISTS:
            granted, admin = (next(r for r in rows if r["folders"] == size and r["list"] == name and r["caller"] == c)
                              for c in ("granted user", "site admin"))
            print(f"  {size:>8} {name:<18} {granted['median_ms']:>11.2f} {admin['median_ms']:>9.2f} "
                  f"{granted['ratio_to_site_admin']:>6.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
        print(f"\nFigures written to {args.json}")


def run(args, size):
    database = database_description()
    start = time.perf_counter()
    granted, admin, folders, models, grants = build(args, size)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load; plans without it are guesses
    print(f"\nDatabase: {database}; Python {platform.python_version()}; Django {django.get_version()}")
    print(f"Catalogue: {folders} folders ({args.folders_per_root} per tree), {models} data models; granted user: "
          f"{args.groups} groups, {grants} grants; built in {time.perf_counter() - start:.1f} s\n")
    clients = {"granted user": logged_in(granted), "site admin": logged_in(admin)}
    print(f"  {'list':<18} {'caller':<13} {'median ms':>10} {'min ms':>8} {'queries':>8} {'items':>6} {'count':>6} "
          f"{'ratio':>6}")
    rows = []
    for name, url in LISTS:
        figures = measure(clients, url, args.runs)
        ratio = figures["granted user"]["median_ms"] / figures["site admin"]["median_ms"]
        for caller, row in figures.items():
            shown = f"{ratio:6.2f}" if caller == "granted user" else ""
            print(f"  {name:<18} {caller:<13} {row['median_ms']:>10.2f} {row['min_ms']:>8.2f} {row['queries']:>8} "
                  f"{row['items']:>6} {row['count']:>6} {shown:>6}")
            rows.append({"folders": folders, "list": name, "url": url, "caller": caller, "database": database,
                         **row, "ratio_to_site_admin": round(ratio, 2) if caller == "granted user" else None})
        if figures["granted user"]["count"] != figures["site admin"]["count"]:
            print(f"  note: the granted user sees {figures['granted user']['count']} of "
                  f"{figures['site admin']['count']}")
    return rows


if __name__ == "__main__":
    main()
