"""`manage.py import_models FILE... --folder F --user EMAIL`: import Mauro JSON data model files from the shell.

Each file is one transaction, as through the API: a file with any problem imports nothing and its
problems are listed. A progress bar shows on a terminal (or with `--progress`).
"""

import sys
import time
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalogue import models as m
from catalogue.services.importing import ImportOptions, import_data_models
from config.api.errors import ApiError, Unprocessable


class ProgressBar:
    """A one-line bar on stderr: `[#####-----]  50% write 12,000/24,000`."""

    WIDTH = 30

    def __init__(self, stream, label):
        self.stream = stream
        self.label = label
        self.last = 0.0

    def __call__(self, phase, done, total):
        now = time.monotonic()
        finished = total and done >= total
        if not finished and now - self.last < 0.1:
            return
        self.last = now
        fraction = min(1.0, done / total) if total else 0.0
        filled = int(fraction * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {fraction:4.0%} {phase:<5} {done:,}/{total:,}")
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


def resolve_folder(spec, *, user, create):
    """A folder by id, or by its label path from the root (`Top/Sub`), made when `create` is set."""
    try:
        return m.Folder.objects.get(pk=uuid.UUID(spec))
    except (ValueError, m.Folder.DoesNotExist):
        pass
    parent = None
    for label in [part for part in spec.split("/") if part]:
        folder = m.Folder.objects.filter(parent_folder=parent, label=label).first()
        if folder is None:
            if not create:
                raise CommandError(f"No folder [{spec}] (give its id or label path, or add --create-folder)")
            folder = m.Folder.objects.create(label=label, parent_folder=parent, created_by=user.email_address)
        parent = folder
    if parent is None:
        raise CommandError("--folder must name a folder")
    return parent


class Command(BaseCommand):
    help = "Import data models from Mauro JSON export files into a folder."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Mauro JSON files (dataModel or dataModels)")
        parser.add_argument("--folder", required=True, help="folder id, or label path such as 'Standards/NHS'")
        parser.add_argument("--user", required=True, help="email of the user the models are imported as")
        parser.add_argument("--create-folder", action="store_true", help="create the folder path if missing")
        parser.add_argument("--model-name", help="label for the model (files with one model only)")
        parser.add_argument("--finalised", action="store_true", help="finalise the imported models")
        parser.add_argument("--new-documentation-version", action="store_true",
                            help="import as the next documentation version of an existing model with the same label")
        parser.add_argument("--new-branch-model-version", action="store_true",
                            help="import as a new branch of an existing model with the same label")
        parser.add_argument("--branch-name", help="branch for --new-branch-model-version (default main)")
        progress = parser.add_mutually_exclusive_group()
        progress.add_argument("--progress", action="store_true", default=None, help="always show progress")
        progress.add_argument("--no-progress", dest="progress", action="store_false", help="never show progress")

    def handle(self, *args, **opts):
        user = get_user_model().objects.filter(email_address__iexact=opts["user"]).first()
        if user is None:
            raise CommandError(f"No user [{opts['user']}]")
        with transaction.atomic():
            folder = resolve_folder(opts["folder"], user=user, create=opts["create_folder"])
        options = ImportOptions(model_name=opts["model_name"], finalised=opts["finalised"],
                                new_documentation_version=opts["new_documentation_version"],
                                new_branch_model_version=opts["new_branch_model_version"],
                                new_branch_name=opts["branch_name"])
        show_progress = opts["progress"] if opts["progress"] is not None else sys.stderr.isatty()
        failed = 0
        for name in opts["files"]:
            failed += not self.import_file(Path(name), folder=folder, user=user, options=options,
                                           show_progress=show_progress)
        if failed:
            raise CommandError(f"{failed} of {len(opts['files'])} files were not imported")

    def import_file(self, path, *, folder, user, options, show_progress):
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.stderr.write(f"{path}: cannot be read ({exc.strerror})")
            return False
        bar = ProgressBar(sys.stderr, path.name) if show_progress else None
        started = time.perf_counter()
        try:
            result = import_data_models(content=content, folder=folder, user=user, options=options, progress=bar)
        except Unprocessable as exc:
            self.stderr.write(f"\n{path}: {exc.message}; nothing was imported")
            for error in exc.errors:
                self.stderr.write(f"  {error.get('path', '')}: {error['message']}")
            if exc.extra.get("total", 0) > len(exc.errors):
                self.stderr.write(f"  ... and {exc.extra['total'] - len(exc.errors)} more")
            return False
        except ApiError as exc:
            self.stderr.write(f"\n{path}: {exc.message}; nothing was imported")
            return False
        finally:
            if bar is not None:
                bar.close()
        elapsed = time.perf_counter() - started
        for model in result.models:
            self.stdout.write(f"{path}: imported [{model.label}] as {model.pk} ({elapsed:.1f} s)")
        for warning in result.warnings:
            self.stderr.write(f"{path}: skipped {warning['path']}: {warning['message']}")
        if result.warnings_total > len(result.warnings):
            self.stderr.write(f"{path}: ... and {result.warnings_total - len(result.warnings)} more skipped")
        return True
