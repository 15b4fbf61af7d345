"""Import and export of big data models through the API, on SQLite and PostgreSQL, against a raw bulk insert.

    python benchmarks/import_export.py [--workloads M L] [--databases sqlite postgresql]
                                       [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]

For each database a fresh database is made and migrated. For each workload a Mauro JSON export file is
generated (seeded, same shape as the reference workloads: M = one model, 200 classes nested 3 deep,
10,000 elements, 50 enumeration types of 20 values, 100 primitive types, 2 metadata per element; L = the
same ×10), then in that run:

- import: the file is uploaded (multipart, as the web client does) to a gunicorn worker on 127.0.0.1;
  the time of the request and the worker's peak memory (VmHWM) are recorded, and its resident memory
  (VmRSS, the most of any worker) before the import, as soon as it answers and `--settle` seconds later:
  what a served import leaves in a worker until the worker is recycled;
- export: a fresh worker answers `GET /api/dataModels/{id}/export/...`; time and peak memory;
- raw: the same rows (model, classes, types, elements, values, metadata) are built as model instances
  and written with Django's `bulk_create`, no validation, in one transaction; only `bulk_create` is timed.

It prints one line per workload and database with the ratio import / raw, and checks the targets
(M import ≤ 10 s, L ≤ 90 s, ratio ≤ 3, M export ≤ 3 s, L import peak memory ≤ 1 GB, a worker's resident
memory after any import ≤ 300 MB). `--import-only` skips the export and the raw insert.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORTER = "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/DataModelJsonImporterService/3.2"
EXPORTER = "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter/DataModelJsonExporterService/3.2"
USER, PASSWORD = "bench@example.com", "bench-password"
WORKLOADS = {
    # roots × children per root × grandchildren per child = classes nested 3 deep
    "M": {"roots": 8, "children": 4, "grandchildren": 5, "elements": 10_000, "enumerations": 50, "values": 20,
          "primitives": 100, "metadata": 2},
    "L": {"roots": 80, "children": 4, "grandchildren": 5, "elements": 100_000, "enumerations": 500, "values": 20,
          "primitives": 1000, "metadata": 2},
}
TARGETS = {"M": {"import": 10, "export": 3}, "L": {"import": 90}}
MAX_RATIO, MAX_L_MEMORY_MB, MAX_WORKER_RSS_MB = 3, 1024, 300


# --- the workload file ------------------------------------------------------------------------------------

def workload_document(name, shape, seed=7):
    """A Mauro JSON export of one data model of the given shape; elements embed their type, as Mauro writes."""
    rng = random.Random(seed)

    def uid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    stamp = "2026-01-01T00:00:00.000Z"
    types = [{"id": uid(), "label": f"primitive {n}", "lastUpdated": stamp, "index": n, "domainType": "PrimitiveType"}
             for n in range(shape["primitives"])]
    types += [{"id": uid(), "label": f"enumeration {n}", "lastUpdated": stamp, "index": shape["primitives"] + n,
               "domainType": "EnumerationType",
               "enumerationValues": [{"id": uid(), "index": v, "key": f"C{v:02d}", "value": f"Code {v} of list {n}",
                                      "lastUpdated": stamp} for v in range(shape["values"])]}
              for n in range(shape["enumerations"])]

    classes = []

    def make_class(label, index):
        node = {"id": uid(), "label": label, "lastUpdated": stamp, "index": index,
                "metadata": [{"id": uid(), "namespace": "bench", "key": "source", "value": label,
                              "lastUpdated": stamp}]}
        classes.append(node)
        return node

    roots = []
    for r in range(shape["roots"]):
        root = make_class(f"Section {r}", r)
        root["dataClasses"] = []
        for c in range(shape["children"]):
            child = make_class(f"Group {r}.{c}", c)
            child["dataClasses"] = [make_class(f"Part {r}.{c}.{g}", g) for g in range(shape["grandchildren"])]
            root["dataClasses"].append(child)
        roots.append(root)

    per_class, extra = divmod(shape["elements"], len(classes))
    counter = 0
    for position, node in enumerate(classes):
        node["dataElements"] = []
        for e in range(per_class + (1 if position < extra else 0)):
            counter += 1
            node["dataElements"].append({
                "id": uid(), "label": f"Element {counter:06d}", "description": f"Description of element {counter}",
                "lastUpdated": stamp,
                "metadata": [{"id": uid(), "namespace": "uk.nhs.datadictionary", "key": f"attribute {k}",
                              "value": f"value {k} of {counter}", "lastUpdated": stamp}
                             for k in range(shape["metadata"])],
                "index": e, "dataType": types[counter % len(types)], "maxMultiplicity": 1, "minMultiplicity": 0})
    model = {"id": uid(), "label": f"Benchmark {name}", "lastUpdated": stamp, "type": "Data Standard",
             "documentationVersion": "1.0.0", "finalised": False,
             "authority": {"id": uid(), "url": "http://localhost", "label": "Benchmark Authority"},
             "dataTypes": types, "childDataClasses": roots}
    return {"dataModel": model, "exportMetadata": {
        "exportedBy": "Benchmark", "exportedOn": stamp,
        "exporter": {"namespace": "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter",
                     "name": "DataModelJsonExporterService", "version": "3.2"}}}


def expected_rows(shape):
    classes = shape["roots"] * (1 + shape["children"] * (1 + shape["grandchildren"]))
    types = shape["primitives"] + shape["enumerations"]
    return 1 + classes * 2 + types + shape["enumerations"] * shape["values"] + shape["elements"] * (
        1 + shape["metadata"])


# --- child: the raw bulk insert baseline -----------------------------------------------------------------

def child_raw(path, folder_id):
    """Build the file's rows as model instances (not timed) and time `bulk_create` of all of them."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from catalogue import models as m
    from catalogue.services.importing import rows_per_statement

    document = json.loads(Path(path).read_bytes())["dataModel"]
    now = timezone.now()
    model = m.CatalogueModel(label=f"{document['label']} (raw)", folder_id=folder_id,
                             authority=m.Authority.objects.get(label="Benchmark Authority"), model_type="Data Standard",
                             date_created=now, last_updated=now)
    types, values, classes, elements, metadata = {}, [], [], [], []
    for node in document["dataTypes"]:
        data_type = m.DataType(model=model, label=node["label"], kind=node["domainType"], index=node["index"],
                               date_created=now, last_updated=now)
        types[node["label"]] = data_type
        values += [m.EnumerationValue(model=model, data_type=data_type, key=v["key"], label=v["key"],
                                      value=v["value"], index=v["index"], date_created=now, last_updated=now)
                   for v in node.get("enumerationValues", [])]

    def walk(nodes, parent):
        for node in nodes:
            data_class = m.DataClass(model=model, label=node["label"], index=node["index"], parent_data_class=parent,
                                     date_created=now, last_updated=now)
            classes.append(data_class)
            metadata.extend(m.Metadata(model=model, catalogue_item_domain_type="DataClass",
                                       catalogue_item_id=data_class.id, namespace=md["namespace"], key=md["key"],
                                       value=md["value"], date_created=now, last_updated=now)
                            for md in node.get("metadata", []))
            for e in node.get("dataElements", []):
                element = m.DataElement(model=model, data_class=data_class, data_type=types[e["dataType"]["label"]],
                                        label=e["label"], description=e.get("description"), index=e["index"],
                                        min_multiplicity=e.get("minMultiplicity"),
                                        max_multiplicity=e.get("maxMultiplicity"), date_created=now, last_updated=now)
                elements.append(element)
                metadata.extend(m.Metadata(model=model, catalogue_item_domain_type="DataElement",
                                           catalogue_item_id=element.id, namespace=md["namespace"], key=md["key"],
                                           value=md["value"], date_created=now, last_updated=now)
                                for md in e.get("metadata", []))
            walk(node.get("dataClasses", []), data_class)

    walk(document["childDataClasses"], None)
    tables = [([model], m.CatalogueModel), (classes, m.DataClass), (list(types.values()), m.DataType),
              (elements, m.DataElement), (values, m.EnumerationValue), (metadata, m.Metadata)]
    started = time.perf_counter()
    with transaction.atomic():
        for rows, table in tables:
            table.objects.bulk_create(rows, batch_size=rows_per_statement(len(table._meta.concrete_fields)))
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "rows": sum(len(rows) for rows, _ in tables)}))


# --- the parent: databases, servers, requests --------------------------------------------------------------

def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare_database(kind, workdir, postgres_url):
    env = dict(os.environ, DEBUG="false", IMPORT_MAX_FILE_BYTES=str(2 ** 31), MAX_REQUEST_BODY_BYTES=str(2 ** 31),
               LOG_LEVEL="WARNING")
    if kind == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        cleanup = None
    else:
        import psycopg

        name = f"mdm_bench_importexport_{os.getpid()}"
        admin = psycopg.connect(postgres_url, autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + f"/{name}"

        def cleanup():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    # The folder is made by the product's own service, as `POST /api/folders` does: its creator's personal
    # group is granted container admin on it. A bare `Folder` row would be readable by nobody but a site
    # administrator, and the import would answer 404 "Folder not found".
    folder_id = manage(env, "shell", "-c", (
        "from accounts.models import User; from catalogue.services.containers import create_folder; "
        f"u = User.objects.create_user('{USER}', '{PASSWORD}', first_name='Bench', last_name='Mark', pending=False); "
        "print(create_folder(user=u, label='Benchmarks').pk)")).strip().splitlines()[-1]
    return env, folder_id, cleanup


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn worker on 127.0.0.1, started fresh so its peak memory belongs to one request; with
    `production`, gunicorn as deployed (`deploy/gunicorn.conf.py`: gthread workers, their count and threads)."""

    def __init__(self, env, production=False):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        if production:
            options = ["--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "--access-logfile", "/dev/null"]
            env = dict(env, GUNICORN_TIMEOUT="1800")
        else:
            options = ["--workers", "1"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", *options, "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "1800", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        self.cookie = None

    def worker_pids(self):
        """The gunicorn workers (the master's children; a process a worker starts is not one)."""
        return [int(pid) for pid in
                Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()]

    def _status_mb(self, key):
        """The most any worker has of a /proc status figure (VmRSS: resident now, VmHWM: its peak), in MB."""
        found = []
        for pid in self.worker_pids():
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except FileNotFoundError:  # a worker that just ended
                continue
            found += [int(line.split()[1]) / 1024 for line in lines if line.startswith(f"{key}:")]
        return max(found, default=float("nan"))

    def peak_memory_mb(self):
        return self._status_mb("VmHWM")

    def resident_mb(self):
        return self._status_mb("VmRSS")

    def request(self, method, path, body=None, headers=None, sink=False):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1800)
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        if sink:
            size = 0
            while chunk := response.read(1 << 20):
                size += len(chunk)
            content = size
        else:
            content = response.read()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            if cookie.startswith("JSESSIONID="):
                self.cookie = cookie.split(";", 1)[0]
        connection.close()
        return response.status, content

    def login(self):
        status, body = self.request("POST", "/api/authentication/login",
                                    json.dumps({"username": USER, "password": PASSWORD}),
                                    {"Content-Type": "application/json"})
        if status != 200:
            raise SystemExit(f"login failed: {status} {body[:300]}")

    def stop(self):
        self.log.seek(0)
        errors = self.log.read().decode(errors="replace").strip()
        if errors:
            print(f"server log:\n{errors[-3000:]}", file=sys.stderr)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def multipart_file(source, folder_id, workdir):
    """The upload body on disk (form fields and the file), streamed to the server like a browser would."""
    boundary = uuid.uuid4().hex
    head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                   for name, value in (("folderId", folder_id), ("finalised", "false"),
                                       ("importAsNewDocumentationVersion", "false")))
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="importFile"; filename="{source.name}"\r\n'
             "Content-Type: application/json\r\n\r\n")
    target = workdir / f"{source.stem}.multipart"
    with open(target, "wb") as out, open(source, "rb") as src:
        out.write(head.encode())
        while chunk := src.read(1 << 20):
            out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return target, f"multipart/form-data; boundary={boundary}"


def json_bytes_file(source, folder_id, workdir):
    """The upload body as Mauro's own client sends it: JSON, the file as a list of byte values."""
    target = workdir / f"{source.stem}.bytes.json"
    with open(target, "w") as out:
        json.dump({"folderId": folder_id, "finalised": False, "importAsNewDocumentationVersion": False,
                   "importFile": {"fileName": source.name, "fileType": "application/json",
                                  "fileContents": list(source.read_bytes())}}, out, separators=(",", ":"))
    return target, "application/json"


def measure(kind, workload, source, env, folder_id, workdir, *, settle=5.0, import_only=False, production=False,
            upload="multipart"):
    body, content_type = (multipart_file if upload == "multipart" else json_bytes_file)(source, folder_id, workdir)
    server = Server(env, production)
    try:
        server.login()
        rss_before = server.resident_mb()
        with open(body, "rb") as stream:
            started = time.perf_counter()
            status, answer = server.request("POST", f"/api/dataModels/import/{IMPORTER}", stream,
                                            {"Content-Type": content_type,
                                             "Content-Length": str(body.stat().st_size)})
            import_seconds = time.perf_counter() - started
        rss_answered = server.resident_mb()
        if status != 201:
            raise SystemExit(f"import failed: {status} {answer[:1000]}")
        model_id = json.loads(answer)["items"][0]["id"]
        import_memory = server.peak_memory_mb()
        time.sleep(settle)
        rss_settled = server.resident_mb()
    finally:
        server.stop()
    body.unlink()
    rows = expected_rows(WORKLOADS[workload])
    result = {"database": kind, "workload": workload, "rows": rows, "file_mb": source.stat().st_size / 2 ** 20,
              "import_s": import_seconds, "import_mb": import_memory, "rss_before_mb": rss_before,
              "rss_answered_mb": rss_answered, "rss_settled_mb": rss_settled, "settle_s": settle,
              "rows_per_s": rows / import_seconds}
    if import_only:
        return result

    server = Server(env)
    try:
        server.login()
        started = time.perf_counter()
        status, size = server.request("GET", f"/api/dataModels/{model_id}/export/{EXPORTER}", sink=True)
        export_seconds = time.perf_counter() - started
        if status != 200:
            raise SystemExit(f"export failed: {status}")
        export_memory = server.peak_memory_mb()
    finally:
        server.stop()

    raw = subprocess.run([sys.executable, __file__, "--child-raw", str(source), folder_id], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    if raw.returncode != 0:
        raise SystemExit(f"raw insert failed:\n{raw.stderr}")
    raw = json.loads(raw.stdout.strip().splitlines()[-1])
    return {**result, "export_s": export_seconds, "export_mb": export_memory, "export_file_mb": size / 2 ** 20,
            "raw_s": raw["seconds"], "raw_rows": raw["rows"], "ratio": import_seconds / raw["seconds"]}


def report(r):
    line = (f"{r['workload']} on {r['database']:<10} rows {r['rows']:>8,}  file {r['file_mb']:6.1f} MB"
            f" | import {r['import_s']:6.2f} s ({r['rows_per_s']:>8,.0f} rows/s, peak {r['import_mb']:6.0f} MB)"
            f" | worker RSS before {r['rss_before_mb']:5.0f} MB, answered {r['rss_answered_mb']:5.0f} MB,"
            f" +{r['settle_s']:g} s {r['rss_settled_mb']:5.0f} MB")
    if "export_s" in r:
        line += (f" | export {r['export_s']:6.2f} s (peak {r['export_mb']:5.0f} MB)"
                 f" | raw bulk_create {r['raw_s']:6.2f} s | import/raw {r['ratio']:4.2f}")
    print(line, flush=True)


def check(results):
    failures = []
    for r in results:
        targets = TARGETS[r["workload"]]
        where = f"{r['workload']} on {r['database']}"
        if r["import_s"] > targets["import"]:
            failures.append(f"{where}: import {r['import_s']:.1f} s > {targets['import']} s")
        if "export" in targets and "export_s" in r and r["export_s"] > targets["export"]:
            failures.append(f"{where}: export {r['export_s']:.1f} s > {targets['export']} s")
        if "ratio" in r and r["ratio"] > MAX_RATIO:
            failures.append(f"{where}: import/raw {r['ratio']:.2f} > {MAX_RATIO}")
        if r["workload"] == "L" and r["import_mb"] > MAX_L_MEMORY_MB:
            failures.append(f"{where}: import peak memory {r['import_mb']:.0f} MB > {MAX_L_MEMORY_MB} MB")
        if r["rss_settled_mb"] > MAX_WORKER_RSS_MB:
            failures.append(f"{where}: worker keeps {r['rss_settled_mb']:.0f} MB after the import "
                            f"> {MAX_WORKER_RSS_MB} MB")
    print("targets:", "all met" if not failures else "; ".join(failures))
    return not failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", nargs="+", default=["M", "L"], choices=sorted(WORKLOADS))
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a database on the server to connect to while creating the benchmark database")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds after the import's answer before the worker's memory is read again")
    parser.add_argument("--import-only", action="store_true", help="skip the export and the raw insert")
    parser.add_argument("--production-gunicorn", action="store_true",
                        help="serve the import with deploy/gunicorn.conf.py (gthread workers) , not one sync worker")
    parser.add_argument("--upload", choices=["multipart", "json-bytes"], default="multipart",
                        help="send the file as a multipart part (the web client) or as a JSON list of bytes")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory(prefix="mdm-bench-") as tmp:
        workdir = Path(tmp)
        files = {}
        for workload in args.workloads:
            files[workload] = workdir / f"workload-{workload}.json"
            with open(files[workload], "w") as out:
                json.dump(workload_document(workload, WORKLOADS[workload]), out, separators=(",", ":"))
        for kind in args.databases:
            env, folder_id, cleanup = prepare_database(kind, workdir, args.postgres_url)
            try:
                for workload in args.workloads:
                    results.append(measure(kind, workload, files[workload], env, folder_id, workdir,
                                           settle=args.settle, import_only=args.import_only,
                                           production=args.production_gunicorn, upload=args.upload))
                    report(results[-1])
            finally:
                if cleanup:
                    cleanup()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0 if check(results) else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-raw":
        child_raw(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
