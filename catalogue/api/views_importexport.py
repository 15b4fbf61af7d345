"""Import and export of data models in Mauro's JSON format (contract §5.9), and the provider lists.

Views only read the request, fetch what the URL or body names through the access policy, and hand
the file to `catalogue.services.importing` / `exporting`.
"""

from array import array

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import EDITOR, get_readable, readable_folders, readable_models, require_login, require_role
from catalogue import models as m
from catalogue import providers
from catalogue.api.serializers_datamodels import data_models_json
from catalogue.services.exporting import export_bytes, export_file_name
from catalogue.services.importing import ImportOptions, import_data_models
from config.api.errors import BadRequest, Forbidden, NotFound, PayloadTooLarge
from config.api.ids import parse_uuid
from config.api.serializers import require_object

DEFAULT_IMPORT_MAX_FILE_BYTES = 100 * 1024 * 1024
#: Room for the form fields around an uploaded file, and for writing bytes as a JSON list of numbers.
MULTIPART_OVERHEAD = 64 * 1024
JSON_BYTES_EXPANSION = 5

ProviderList = OpenApiResponse(response=OpenApiTypes.OBJECT, description="A JSON array of providers")
ImportResponse = inline_serializer("ImportResult", {
    "count": serializers.IntegerField(),
    "items": serializers.ListField(child=serializers.DictField()),
    "warnings": serializers.ListField(child=serializers.DictField(), help_text=(
        "parts of the file that were not stored: {message, path (JSON path in the file), key}")),
    "warningsTotal": serializers.IntegerField(help_text="how many parts were skipped (warnings lists at most 1000)"),
})
ImportRequest = inline_serializer("ImportRequest", {
    "folderId": serializers.UUIDField(),
    "modelName": serializers.CharField(required=False),
    "finalised": serializers.BooleanField(required=False),
    "importAsNewDocumentationVersion": serializers.BooleanField(required=False),
    "importAsNewBranchModelVersion": serializers.BooleanField(required=False),
    "newBranchName": serializers.CharField(required=False),
    "importFile": serializers.DictField(help_text="{fileName, fileType, fileContents: [bytes]} or a file part"),
})
ExportRequest = inline_serializer("ExportRequest", {"dataModelIds": serializers.ListField(
    child=serializers.UUIDField())})
ExportFile = OpenApiResponse(response=OpenApiTypes.BINARY, description="The export document (JSON)")


def import_max_file_bytes():
    return getattr(settings, "IMPORT_MAX_FILE_BYTES", DEFAULT_IMPORT_MAX_FILE_BYTES)


def _require_administrator(user):
    require_login(user)
    if not user.is_administrator:
        raise Forbidden("User must be an application administrator", error_code="PERM04")


class ModelProvidersView(APIView):
    """`GET /api/dataModels/providers/{exporters|importers}`: exporters are public, importers need a login."""

    @extend_schema(responses={200: ProviderList}, operation_id="modelProviders")
    def get(self, request, models_segment, kind):
        if kind == "importers":
            require_login(request.user)
            found = providers.importers(models_segment)
        else:
            found = providers.exporters(models_segment)
        return Response([p.as_json() for p in found])


class AdminProvidersView(APIView):
    """`GET /api/admin/providers/{importers|exporters|dataLoaders|emailers}` for application administrators."""

    @extend_schema(responses={200: ProviderList}, operation_id="adminProviders")
    def get(self, request, kind):
        _require_administrator(request.user)
        found = {"importers": providers.importers(), "exporters": providers.exporters()}.get(kind, [])
        return Response([p.as_json() for p in found])


class ImporterParametersView(APIView):
    """`GET /api/importer/parameters/{ns}/{name}/{version}`: what the importer's form asks for."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="importerParameters")
    def get(self, request, namespace, name, version):
        require_login(request.user)
        importer = providers.find_importer(namespace, name, version)
        if importer is None:
            raise NotFound("ImporterProviderService", f"{namespace}:{name}:{version}")
        return Response(importer.parameters_json())


def _request_data(request):
    """The parsed body; a body nested too deeply for the JSON parser is a malformed request (400), not a 500."""
    try:
        return request.data
    except RecursionError:
        raise BadRequest("Request body is nested too deeply", error_code="REQ03")


def _exporter_or_404(namespace, name, version):
    exporter = providers.find_exporter(namespace, name, version, models_segment="dataModels")
    if exporter is None:
        raise NotFound("ExporterProviderService", f"{namespace}:{name}:{version}")
    return exporter


def _file_response(content, exporter, file_name):
    response = HttpResponse(content, content_type=exporter.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


def _readable_data_models(user):
    """Data models the caller may read, with what the export and the access checks need."""
    return readable_models(user, m.DataModel.objects.select_related("authority", "folder"))


class ExportModelView(APIView):
    """`GET /api/dataModels/{id}/export/{ns}/{name}/{version}`: the export file of one readable model."""

    @extend_schema(responses={200: ExportFile}, operation_id="exportDataModel")
    def get(self, request, model_id, namespace, name, version):
        exporter = _exporter_or_404(namespace, name, version)
        pk = parse_uuid(model_id, "DataModel")
        model = get_readable(readable_models, request.user, m.DataModel.objects.select_related("authority", "folder"),
                             pk, "DataModel")
        return _file_response(export_bytes(models=[model], user=request.user), exporter, export_file_name([model]))


class ExportModelsView(APIView):
    """`POST /api/dataModels/export/{ns}/{name}/{version}` with `{"dataModelIds": [...]}`: one file, many models."""

    @extend_schema(request=ExportRequest, responses={200: ExportFile}, operation_id="exportDataModels")
    def post(self, request, namespace, name, version):
        exporter = _exporter_or_404(namespace, name, version)
        ids = require_object(_request_data(request)).get("dataModelIds")
        if not isinstance(ids, list) or not ids:
            raise BadRequest("Property [dataModelIds] must be a non-empty list of data model ids", error_code="EXP01")
        wanted = list(dict.fromkeys(parse_uuid(value if isinstance(value, str) else None, "DataModel")
                                    for value in ids))
        found = _readable_data_models(request.user).in_bulk(wanted)
        for pk in wanted:
            if pk not in found:
                raise NotFound("DataModel", pk)
        models = [found[pk] for pk in wanted]
        return _file_response(export_bytes(models=models, user=request.user, multiple=True), exporter,
                              export_file_name(models, multiple=True))


# --- import ----------------------------------------------------------------------------------------------

TRUE_WORDS = {"true", "1", "on", "yes"}
FALSE_WORDS = {"false", "0", "off", "no", ""}


def _boolean(data, name):
    value = data.get(name)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise BadRequest(f"Parameter [{name}] must be true or false", error_code="IMP02")


def _optional_text(data, name):
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRequest(f"Parameter [{name}] must be text", error_code="IMP02")
    return value


def _file_bytes_from_list(values):
    """Mauro's clients send the file as a JSON list of (signed, Java) bytes."""
    try:
        return bytes(values)
    except ValueError:
        pass
    except TypeError:
        raise BadRequest("Parameter [importFile.fileContents] must be a list of bytes", error_code="IMP03")
    try:
        return array("b", values).tobytes()
    except (OverflowError, TypeError):
        if all(isinstance(v, int) and not isinstance(v, bool) and -128 <= v <= 255 for v in values):
            return bytes(v & 0xFF for v in values)
        raise BadRequest("Parameter [importFile.fileContents] must be a list of bytes", error_code="IMP03")


def _import_file(request, data):
    upload = request.FILES.get("importFile") if hasattr(request, "FILES") else None
    if upload is None and isinstance(data.get("importFile"), UploadedFile):
        upload = data.get("importFile")
    if upload is not None:
        if upload.size is not None and upload.size > import_max_file_bytes():
            raise _too_large(upload.size)
        return upload.read()
    value = data.get("importFile")
    if value is None:
        raise BadRequest("Parameter [importFile] is required", error_code="IMP01")
    if isinstance(value, dict):
        contents = value.get("fileContents")
        if isinstance(contents, list):
            content = _file_bytes_from_list(contents)
        elif isinstance(contents, str):
            content = contents.encode("utf-8")
        else:
            raise BadRequest("Parameter [importFile.fileContents] is required", error_code="IMP01")
    elif isinstance(value, str):
        content = value.encode("utf-8")
    else:
        raise BadRequest("Parameter [importFile] must be a file", error_code="IMP03")
    if len(content) > import_max_file_bytes():
        raise _too_large(len(content))
    return content


def _too_large(size):
    return PayloadTooLarge(f"The import file of {size} bytes is larger than the limit of {import_max_file_bytes()} "
                           "bytes", error_code="IMP05")


def _check_declared_size(request):
    """Refuse an oversized upload from its Content-Length, before reading the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    multipart = (request.content_type or "").startswith("multipart/")
    allowed = import_max_file_bytes() * (1 if multipart else JSON_BYTES_EXPANSION) + MULTIPART_OVERHEAD
    if length > allowed:
        raise PayloadTooLarge(f"Request body of {length} bytes is larger than the import limit", error_code="IMP05")


class ImportModelsView(APIView):
    """`POST /api/dataModels/import/{ns}/{name}/{version}` (JSON or multipart): 201 `{count, items}`, plus
    `warnings` (what the file holds that was not stored, with its path) and `warningsTotal`."""

    @extend_schema(request={"application/json": ImportRequest, "multipart/form-data": ImportRequest},
                   responses={201: ImportResponse}, operation_id="importDataModels")
    def post(self, request, namespace, name, version):
        importer = providers.find_importer(namespace, name, version, models_segment="dataModels")
        if importer is None:
            raise NotFound("ImporterProviderService", f"{namespace}:{name}:{version}")
        _check_declared_size(request)
        require_login(request.user)
        data = _request_data(request)
        if not hasattr(data, "get"):
            require_object(data)
        folder_id = data.get("folderId")
        if folder_id in (None, ""):
            raise BadRequest("Parameter [folderId] is required", error_code="IMP01")
        folder = get_readable(readable_folders, request.user, m.Folder.objects.all(),
                              parse_uuid(folder_id if isinstance(folder_id, str) else None, "Folder"), "Folder")
        require_role(request.user, folder, EDITOR)
        options = ImportOptions(
            model_name=_optional_text(data, "modelName"),
            finalised=_boolean(data, "finalised"),
            new_documentation_version=_boolean(data, "importAsNewDocumentationVersion"),
            new_branch_model_version=_boolean(data, "importAsNewBranchModelVersion"),
            new_branch_name=_optional_text(data, "newBranchName"),
            description=_optional_text(data, "description"),
            author=_optional_text(data, "author"),
            organisation=_optional_text(data, "organisation"),
        )
        content = _import_file(request, data)
        result = import_data_models(content=content, folder=folder, user=request.user, options=options)
        return Response({"count": len(result.models), "items": data_models_json(result.models, user=request.user),
                         "warnings": result.warnings, "warningsTotal": result.warnings_total}, status=201)
