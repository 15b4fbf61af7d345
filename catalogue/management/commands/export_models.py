"""`manage.py export_models MODEL... [--output FILE]`: write data models as a Mauro JSON export file."""

import time
import uuid

from django.core.management.base import BaseCommand, CommandError

from catalogue import models as m
from catalogue.services.exporting import export_bytes


def resolve_models(specs, folder_spec=None):
    """Models by id or by label (a label must name exactly one data model), plus every model of a folder."""
    found = []
    queryset = m.DataModel.objects.select_related("authority")
    for spec in specs:
        try:
            model = queryset.filter(pk=uuid.UUID(spec)).first()
        except ValueError:
            matches = list(queryset.filter(label=spec))
            if len(matches) > 1:
                versions = ", ".join(f"{x.pk} ({x.model_version or x.branch_name})" for x in matches)
                raise CommandError(f"Several data models are labelled [{spec}]: give one of {versions}")
            model = matches[0] if matches else None
        if model is None:
            raise CommandError(f"No data model [{spec}]")
        found.append(model)
    if folder_spec:
        try:
            folder_models = queryset.filter(folder_id=uuid.UUID(folder_spec))
        except ValueError:
            raise CommandError("--folder takes a folder id")
        found += list(folder_models.order_by("label", "branch_name"))
    if not found:
        raise CommandError("Name at least one data model (id or label) or a --folder")
    return list({model.pk: model for model in found}.values())


class Command(BaseCommand):
    help = "Export data models as a Mauro JSON export file (one model: dataModel; several: dataModels)."

    def add_arguments(self, parser):
        parser.add_argument("models", nargs="*", help="data model ids or labels")
        parser.add_argument("--folder", help="also export every data model in this folder (id)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--exported-by", default="Command Line", help="name written as exportedBy")

    def handle(self, *args, **opts):
        models = resolve_models(opts["models"], opts["folder"])
        started = time.perf_counter()
        content = export_bytes(models=models, user=None, multiple=len(models) > 1, exported_by=opts["exported_by"],
                               unrestricted=True)
        if opts["output"]:
            with open(opts["output"], "wb") as handle:
                handle.write(content)
            elapsed = time.perf_counter() - started
            self.stderr.write(f"Exported {len(models)} data model(s), {len(content):,} bytes, to {opts['output']} "
                              f"in {elapsed:.1f} s")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
