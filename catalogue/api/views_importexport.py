"""Import and export of data models in Mauro's JSON format (contract §5.9), and the provider lists.

Each viewset names its provider in `check_route()` (an unknown one is a 404 before anything else), leaves
rights to its permission class (accounts.permissions), reads what the URL or body names through restricted
querysets (404), and hands the file to `catalogue.services.importing` / `exporting`.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework.response import Response

from accounts.access import EDITOR, get_readable, readable_folders, readable_models
from accounts.permissions import (
    LOGGED_IN,
    ApplicationAdministratorPermission,
    FolderRolePermission,
    LoggedInPermission,
)
from catalogue import models as m
from catalogue import providers
from catalogue.api import serializers_importexport as s
from catalogue.services.exporting import export_bytes, export_file_name
from catalogue.services.importing import ImportOptions, import_data_models
from config.api.errors import NotFound, PayloadTooLarge
from config.api.ids import parse_uuid
from config.api.viewsets import ApiViewSet

#: Room for the form fields around an uploaded file, and for writing bytes as a JSON list of numbers.
MULTIPART_OVERHEAD = 64 * 1024
JSON_BYTES_EXPANSION = 5

PROVIDER_LIST = PolymorphicProxySerializer(
    component_name="Provider", serializers=[s.ExporterSerializer, s.ImporterSerializer],
    resource_type_field_name=None, many=True)
EXPORT_FILE = {(200, providers.DATA_MODEL_JSON_CONTENT_TYPE): s.ExportDocumentSerializer}


# --- providers ---------------------------------------------------------------------------------------------

class ModelProvidersViewSet(ApiViewSet):
    """`GET /api/dataModels/providers/{exporters|importers}` (a bare array): exporters are public, importers need
    a login."""

    permission_classes = [LoggedInPermission]
    pagination_class = None  # bare arrays, as Mauro answers them
    operation_ids = {"list": "modelProviders"}

    @property
    def importers(self):
        return self.kwargs.get("kind") == "importers"

    def needed_right(self):
        return LOGGED_IN if self.importers else None

    def get_serializer_class(self):
        return s.ImporterSerializer if self.importers else s.ExporterSerializer

    @extend_schema(responses={200: PROVIDER_LIST})
    def list(self, request, models_segment, kind):
        found = providers.importers(models_segment) if self.importers else providers.exporters(models_segment)
        return Response(self.render_many(found))


class DefaultDataTypeProvidersViewSet(ApiViewSet):
    """`GET /api/dataModels/providers/defaultDataTypeProviders` (a bare array, for logged-in callers): the sets of
    data types a new data model can start with (`POST /api/folders/{id}/dataModels?defaultDataTypeProvider=`)."""

    permission_classes = [LoggedInPermission]
    pagination_class = None
    serializer_class = s.DefaultDataTypeProviderSerializer
    needed_rights = {"list": LOGGED_IN}
    operation_ids = {"list": "defaultDataTypeProviders"}

    @extend_schema(responses={200: s.DefaultDataTypeProviderSerializer(many=True)})
    def list(self, request, *args, **kwargs):
        return Response(self.render_many(providers.default_data_type_providers()))


class AdminProvidersViewSet(ApiViewSet):
    """`GET /api/admin/providers/{importers|exporters|dataLoaders|emailers}` for application administrators
    (none of the last two kinds exist here: empty arrays)."""

    permission_classes = [ApplicationAdministratorPermission]
    pagination_class = None
    operation_ids = {"list": "adminProviders"}

    def get_serializer_class(self):
        return s.ImporterSerializer if self.kwargs.get("kind") == "importers" else s.ExporterSerializer

    @extend_schema(responses={200: PROVIDER_LIST})
    def list(self, request, kind):
        found = {"importers": providers.importers(), "exporters": providers.exporters()}.get(kind, [])
        return Response(self.render_many(found))


class ImporterParametersViewSet(ApiViewSet):
    """`GET /api/importer/parameters/{ns}/{name}/{version}` (login): what the importer's form asks for."""

    permission_classes = [LoggedInPermission]
    serializer_class = s.ImporterParametersSerializer
    needed_rights = {"retrieve": LOGGED_IN}
    operation_ids = {"retrieve": "importerParameters"}

    def get_object(self):
        kwargs = self.kwargs
        importer = providers.find_importer(kwargs["namespace"], kwargs["name"], kwargs["version"])
        if importer is None:
            raise NotFound("ImporterProviderService", f"{kwargs['namespace']}:{kwargs['name']}:{kwargs['version']}")
        return importer

    def retrieve(self, request, *args, **kwargs):
        return Response(self.render(self.get_object()))


# --- export ------------------------------------------------------------------------------------------------

class ExportViewSet(ApiViewSet):
    """Export files of readable data models: anyone may export what they may read; a model they may not read is
    a 404, as is an unknown exporter (before anything else)."""

    queryset = m.DataModel.objects.select_related("authority", "folder")
    resource = "DataModel"
    lookup_url_kwarg = "model_id"
    operation_ids = {"export_one": "exportDataModel", "export_many": "exportDataModels"}

    def get_serializer_class(self):
        return s.ExportRequestSerializer if self.action == "export_many" else s.ExportDocumentSerializer

    def check_route(self):
        kwargs = self.kwargs
        self.exporter = providers.find_exporter(kwargs["namespace"], kwargs["name"], kwargs["version"],
                                                models_segment="dataModels")
        if self.exporter is None:
            raise NotFound("ExporterProviderService", f"{kwargs['namespace']}:{kwargs['name']}:{kwargs['version']}")

    def restrict_queryset(self, queryset):
        return readable_models(self.request.user, queryset)

    def file(self, models, *, multiple=False):
        response = HttpResponse(export_bytes(models=models, user=self.request.user, multiple=multiple),
                                content_type=self.exporter.content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, export_file_name(models, multiple=multiple))
        return response

    @extend_schema(responses=EXPORT_FILE)
    def export_one(self, request, *args, **kwargs):
        """`GET /api/dataModels/{id}/export/{ns}/{name}/{version}`: the export file of one model."""
        return self.file([self.get_object()])

    @extend_schema(request=s.ExportRequestSerializer, responses=EXPORT_FILE)
    def export_many(self, request, *args, **kwargs):
        """`POST /api/dataModels/export/{ns}/{name}/{version}` with `{"dataModelIds": [...]}`: one file, many
        models, in the order asked (an id given twice is exported once)."""
        ids = self.valid_data().validated_data["model_ids"]
        wanted = list(dict.fromkeys(parse_uuid(value if isinstance(value, str) else None, "DataModel")
                                    for value in ids))
        found = self.get_queryset().in_bulk(wanted)
        for pk in wanted:
            if pk not in found:
                raise NotFound("DataModel", pk)
        return self.file([found[pk] for pk in wanted], multiple=True)


# --- import ------------------------------------------------------------------------------------------------

def _check_declared_size(request):
    """Refuse an oversized upload from its Content-Length, before reading the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    multipart = (request.content_type or "").startswith("multipart/")
    allowed = s.import_max_file_bytes() * (1 if multipart else JSON_BYTES_EXPANSION) + MULTIPART_OVERHEAD
    if length > allowed:
        raise PayloadTooLarge(f"Request body of {length} bytes is larger than the import limit", error_code="IMP05")


class ImportViewSet(ApiViewSet):
    """`POST /api/dataModels/import/{ns}/{name}/{version}` (JSON or multipart): 201 `{count, items}`, plus
    `warnings` (what the file holds that was not stored, with its path) and `warningsTotal`.

    Order: unknown importer 404, a declared body over the limit 413, anonymous 401, the body's folder 404
    (400 when missing), no editor role on it 403, then the rest of the form 400/422 and the file's own checks.
    """

    permission_classes = [FolderRolePermission]
    serializer_class = s.ImportParametersSerializer
    needed_rights = {"create": EDITOR}
    operation_ids = {"create": "importDataModels"}

    def check_route(self):
        kwargs = self.kwargs
        self.importer = providers.find_importer(kwargs["namespace"], kwargs["name"], kwargs["version"],
                                                models_segment="dataModels")
        if self.importer is None:
            raise NotFound("ImporterProviderService", f"{kwargs['namespace']}:{kwargs['name']}:{kwargs['version']}")
        _check_declared_size(self.request)

    def resolve_parents(self):
        target = s.ImportFolderSerializer(data=self.request.data)
        target.is_valid(raise_exception=True)
        folder_id = parse_uuid(target.validated_data["folder_id"], "Folder")
        return {"folder": get_readable(readable_folders, self.request.user, m.Folder.objects.all(), folder_id,
                                       "Folder")}

    @extend_schema(request={"application/json": s.ImportParametersSerializer,
                            "multipart/form-data": s.ImportParametersSerializer},
                   responses={201: s.ImportResultSerializer})
    def create(self, request, *args, **kwargs):
        form = dict(self.valid_data().validated_data)
        content = form.pop("content")
        form.pop("folder_id")
        result = import_data_models(content=content, folder=self.parents["folder"], user=request.user,
                                    options=ImportOptions(**form))
        answer = s.ImportResultSerializer(context=self.get_serializer_context()).to_representation(result)
        return Response(answer, status=201)
