"""`manage.py import_models` / `export_models`, and an import whose worker is killed half way."""

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from catalogue import models as m
from tests.catalogue.factories import make_folder
from tests.catalogue.test_import_api import FIXTURES, mauro_document, table_counts
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_import_command_imports_a_file_into_a_folder(user, capsys):
    folder = make_folder("Shell", user=user)
    call_command("import_models", str(FIXTURES / "complexDataModel.json"), "--folder", str(folder.pk),
                 "--user", user.email_address, "--no-progress")
    model = m.DataModel.objects.get(label="Complex Test DataModel")
    assert model.folder == folder and model.created_by == user.email_address
    assert f"imported [Complex Test DataModel] as {model.pk}" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_command_makes_a_folder_path_and_shows_progress(user, capsys):
    call_command("import_models", str(FIXTURES / "simpleAndComplexDataModels.json"), "--folder", "Standards/NHS",
                 "--create-folder", "--user", user.email_address, "--progress", "--finalised")
    nhs = m.Folder.objects.get(label="NHS", parent_folder__label="Standards")
    assert nhs.models.filter(finalised=True).count() == 2
    err = capsys.readouterr().err
    assert "simpleAndComplexDataModels.json [" in err and "100% write" in err


@pytest.mark.django_db
def test_import_command_reports_every_problem_and_imports_nothing(user, capsys, tmp_path):
    folder = make_folder("Shell", user=user)
    before = table_counts()
    missing = tmp_path / "missing.json"
    with pytest.raises(CommandError, match="2 of 2 files were not imported"):
        call_command("import_models", str(FIXTURES / "invalidDataModel.json"), str(missing),
                     "--folder", str(folder.pk), "--user", user.email_address)
    err = capsys.readouterr().err
    assert "The imported model has 2 errors; nothing was imported" in err
    assert "dataModel: Property [label] of class [DataModel] cannot be null" in err
    assert "missing.json: cannot be read" in err
    assert table_counts() == before


@pytest.mark.django_db
def test_import_command_needs_a_known_user_and_folder(user):
    with pytest.raises(CommandError, match="No user"):
        call_command("import_models", "x.json", "--folder", "F", "--user", "nobody@example.com")
    with pytest.raises(CommandError, match="No folder"):
        call_command("import_models", "x.json", "--folder", "Not/There", "--user", user.email_address)


@pytest.mark.django_db
def test_export_command_writes_the_same_document_as_the_api(user, user_client, tmp_path):
    folder = make_folder("Shell", user=user)
    call_command("import_models", str(FIXTURES / "complexDataModel.json"), "--folder", str(folder.pk),
                 "--user", user.email_address)
    model = m.DataModel.objects.get(label="Complex Test DataModel")
    target = tmp_path / "out.json"
    call_command("export_models", "Complex Test DataModel", "--output", str(target))
    from_shell = json.loads(target.read_bytes())
    from_api = json.loads(user_client.get(f"/api/dataModels/{model.pk}/export/uk.ac.ox.softeng.maurodatamapper."
                                          "datamodel.provider.exporter/DataModelJsonExporterService/3.2").content)
    assert from_shell["dataModel"] == from_api["dataModel"]
    assert from_shell["exportMetadata"]["exportedBy"] == "Command Line"


@pytest.mark.django_db
def test_export_command_to_stdout_by_id_and_folder(user, capsys):
    folder = make_folder("Shell", user=user)
    call_command("import_models", str(FIXTURES / "simpleAndComplexDataModels.json"), "--folder", str(folder.pk),
                 "--user", user.email_address)
    capsys.readouterr()
    call_command("export_models", "--folder", str(folder.pk))
    document = json.loads(capsys.readouterr().out)
    assert [x["label"] for x in document["dataModels"]] == ["Complex Test DataModel", "Simple Test DataModel"]
    simple = m.DataModel.objects.get(label="Simple Test DataModel")
    call_command("export_models", str(simple.pk))
    assert json.loads(capsys.readouterr().out)["dataModel"]["label"] == "Simple Test DataModel"


@pytest.mark.django_db
def test_export_command_refuses_unknown_and_ambiguous_models(user):
    with pytest.raises(CommandError, match="No data model"):
        call_command("export_models", "Nothing like it")
    with pytest.raises(CommandError, match="at least one"):
        call_command("export_models")
    folder = make_folder("Shell", user=user)
    call_command("import_models", str(FIXTURES / "simpleDataModel.json"), "--folder", str(folder.pk),
                 "--user", user.email_address, "--finalised")
    call_command("import_models", str(FIXTURES / "simpleDataModel.json"), "--folder", str(folder.pk),
                 "--user", user.email_address, "--new-branch-model-version")
    with pytest.raises(CommandError, match="Several data models"):
        call_command("export_models", "Simple Test DataModel")


# --- a worker killed half way through an import leaves nothing behind ------------------------------------

def _run(args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def _wait_for_line(stream, needle, timeout):
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    seen = []
    while True:
        line = lines.get(timeout=timeout)
        seen.append(line)
        if needle in line:
            return seen


def _counts_sqlite(path):
    with sqlite3.connect(path) as db:
        return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("catalogue_model", "catalogue_dataclass", "catalogue_dataelement", "catalogue_datatype",
                              "catalogue_metadata", "catalogue_edit")}


def _counts_orm():
    return {table: model.objects.count() for table, model in (
        ("catalogue_model", m.CatalogueModel), ("catalogue_dataclass", m.DataClass),
        ("catalogue_dataelement", m.DataElement), ("catalogue_datatype", m.DataType),
        ("catalogue_metadata", m.Metadata), ("catalogue_edit", m.Edit))}


def _database_for_subprocess(tmp_path):
    """A database the worker can share with the test: the PostgreSQL test database, or a migrated SQLite file."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        credentials = quote(s["USER"]) + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{credentials}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        make_user("worker@example.com")
        return env, _counts_orm
    path = tmp_path / "worker.sqlite3"
    env["DATABASE_URL"] = f"sqlite:///{path}"
    assert _run(["migrate", "-v0"], env).returncode == 0
    created = _run(["shell", "-c", "from accounts.models import User; User.objects.create_user('worker@example.com', "
                                   "'x', first_name='W', last_name='K')"], env)
    assert created.returncode == 0, created.stderr
    return env, lambda: _counts_sqlite(path)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_behind(tmp_path):
    env, counts = _database_for_subprocess(tmp_path)
    document = mauro_document("Killed", classes=20, elements_per_class=30, metadata_per_element=2)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(document))
    args = ["import_models", str(source), "--folder", "Imports", "--create-folder", "--user", "worker@example.com",
            "--no-progress"]
    before = counts()

    # The worker's importer pauses (inside its transaction) once 1,000 rows are written; see tests.support.
    worker = subprocess.Popen([sys.executable, "-m", "tests.support.paused_import", "1000", *args], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True, stdout=subprocess.DEVNULL, env=env)
    try:
        seen = _wait_for_line(worker.stderr, "import paused after", timeout=120)
        # Paused once the model, classes, types and elements (1,244 of 3,647 rows) are written, metadata not yet.
        assert any("paused after 1244 of 3647 rows" in line for line in seen)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert counts() == before

    # The same import, left to finish, stores everything: the kill above is what kept the rows out.
    finished = _run(args, env)
    assert finished.returncode == 0, finished.stderr
    after = counts()
    assert after["catalogue_model"] == before["catalogue_model"] + 1
    assert after["catalogue_dataelement"] == before["catalogue_dataelement"] + 1200
