"""Import and export in Mauro's shapes (contract §5.9): the provider lists, an importer's parameters, the import
form and its result, the export request and the export document (schema only: the file is written by the
exporting service).

The import form comes as JSON or as multipart. JSON keeps the strict input rule (`"finalised": "yes"` is a 422);
a multipart form's values are text by nature, so there `"true"`/`"false"` count as booleans, as Mauro's form
binding reads them, and an empty text counts as absent.
"""

from array import array
from collections.abc import Mapping

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from catalogue.api.serializers_datamodels import data_models_json
from config.api.errors import BadRequest, PayloadTooLarge
from config.api.serializers import (
    AnyJsonField,
    IdField,
    MauroMessages,
    OptionalTextField,
    ResourceSerializer,
    StrictBooleanField,
    StrictCharField,
)

DEFAULT_IMPORT_MAX_FILE_BYTES = 100 * 1024 * 1024
#: Mauro's class for the data model importer's parameters, named in error messages.
IMPORT_PARAMETERS = "DataModelFileImporterProviderServiceParameters"


def import_max_file_bytes():
    return getattr(settings, "IMPORT_MAX_FILE_BYTES", DEFAULT_IMPORT_MAX_FILE_BYTES)


def file_too_large(size):
    return PayloadTooLarge(f"The import file of {size} bytes is larger than the limit of {import_max_file_bytes()} "
                           "bytes", error_code="IMP05")


# --- providers ----------------------------------------------------------------------------------------------

class ProviderSerializer(ResourceSerializer):
    """What every provider says of itself (a `catalogue.providers.Provider`)."""

    name = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)
    displayName = serializers.CharField(source="display_name", read_only=True)
    namespace = serializers.CharField(read_only=True)
    allowsExtraMetadataKeys = serializers.BooleanField(source="allows_extra_metadata_keys", read_only=True)
    knownMetadataKeys = serializers.ListField(child=serializers.CharField(), source="known_metadata_keys",
                                              read_only=True)
    providerType = serializers.CharField(source="provider_type", read_only=True)


class ExporterSerializer(ProviderSerializer):
    fileExtension = serializers.CharField(source="file_extension", read_only=True)
    contentType = serializers.CharField(source="content_type", read_only=True)
    canExportMultipleDomains = serializers.BooleanField(source="can_export_multiple_domains", read_only=True)


class ImporterSerializer(ProviderSerializer):
    paramClassType = serializers.CharField(source="param_class_type", read_only=True)
    canImportMultipleDomains = serializers.BooleanField(source="can_import_multiple_domains", read_only=True)


class DefaultDataTypeSerializer(ResourceSerializer):
    domainType = serializers.CharField(source="domain_type", read_only=True)
    label = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    units = serializers.CharField(read_only=True, required=False)

    class Meta:
        omit_empty = ("description", "units")


class DefaultDataTypeProviderSerializer(ResourceSerializer):
    """A set of data types a new data model can start with (a `catalogue.providers.DefaultDataTypeProvider`)."""

    name = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)
    displayName = serializers.CharField(source="display_name", read_only=True)
    dataTypes = DefaultDataTypeSerializer(source="data_types", many=True, read_only=True)


class ImportParameterSerializer(ResourceSerializer):
    name = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)
    optional = serializers.BooleanField(read_only=True)
    displayName = serializers.CharField(source="display_name", read_only=True)
    description = serializers.CharField(read_only=True)


class ParameterGroupSerializer(ResourceSerializer):
    name = serializers.CharField(read_only=True)
    parameters = ImportParameterSerializer(many=True, read_only=True)


class ImporterParametersSerializer(ResourceSerializer):
    """`GET /api/importer/parameters/...`: the importer and the form it asks for, group by group."""

    importer = ImporterSerializer(source="*", read_only=True)
    parameterGroups = ParameterGroupSerializer(many=True, source="parameter_groups", read_only=True)


# --- import ------------------------------------------------------------------------------------------------

class FormBooleanField(StrictBooleanField):
    """An optional flag, false when absent or null. `true`/`false` in JSON; in a multipart form (text by nature)
    the words "true"/"false" in any case. Anything else is a 422."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=False, **kwargs)

    def get_value(self, dictionary):
        value = super().get_value(dictionary)
        if html.is_html_input(dictionary) and isinstance(value, str):
            word = value.strip().lower()
            if word in ("true", "false"):
                return word == "true"
        return value

    def run_validation(self, data=empty):
        return bool(super().run_validation(data))


def file_bytes_from_list(values):
    """Mauro's clients send the file as a JSON list of bytes, signed as Java writes them; None if it is not one."""
    try:
        return bytes(values)
    except ValueError:
        pass
    except TypeError:
        return None
    try:
        return array("b", values).tobytes()
    except (OverflowError, TypeError):
        if all(isinstance(v, int) and not isinstance(v, bool) and -128 <= v <= 255 for v in values):
            return bytes(v & 0xFF for v in values)
        return None


@extend_schema_field({"oneOf": [
    {"type": "string", "format": "binary", "description": "multipart: the file part"},
    {"type": "object", "required": ["fileContents"], "properties": {
        "fileName": {"type": "string"}, "fileType": {"type": "string"},
        "fileContents": {"oneOf": [{"type": "array", "items": {"type": "integer", "minimum": -128, "maximum": 255}},
                                   {"type": "string"}]}}},
]})
class ImportFileField(MauroMessages, serializers.Field):
    """The file: a multipart part, `{fileName, fileType, fileContents: [bytes] | text}`, or the text itself → bytes.

    A missing file (or missing `fileContents`) is a 400 that names the parameter; a file over the configured
    limit a 413, refused from its declared size before it is read.
    """

    expected = "a file or an object with fileContents"
    mauro_codes = (*MauroMessages.mauro_codes, "not_bytes")
    mauro_messages = {**MauroMessages.mauro_messages, "not_bytes": "{prop} fileContents must be a list of bytes"}

    def validate_empty_values(self, data):
        if data is empty or data is None or data == "":
            raise BadRequest("Parameter [importFile] is required", error_code="IMP01")
        return False, data

    def to_internal_value(self, data):
        if isinstance(data, UploadedFile):
            if data.size is not None and data.size > import_max_file_bytes():
                raise file_too_large(data.size)
            return data.read()
        if isinstance(data, Mapping):
            contents = data.get("fileContents")
            if contents is None:
                raise BadRequest("Parameter [importFile.fileContents] is required", error_code="IMP01")
            if isinstance(contents, list):
                content = file_bytes_from_list(contents)
                if content is None:
                    self.fail("not_bytes")
            elif isinstance(contents, str):
                content = contents.encode("utf-8")
            else:
                self.fail("not_bytes")
        elif isinstance(data, str):
            content = data.encode("utf-8")
        else:
            self.wrong_type()
        if len(content) > import_max_file_bytes():
            raise file_too_large(len(content))
        return content


class ImportFolderSerializer(ResourceSerializer):
    """The folder the import goes into, judged on its own first: it must be readable (404) and editable (403)
    before the rest of the form is (400/422). An id that is not a UUID names nothing (404)."""

    folderId = StrictCharField(source="folder_id", write_only=True)

    class Meta:
        resource = IMPORT_PARAMETERS


class ImportParametersSerializer(ImportFolderSerializer):
    """The import form (`catalogue.services.importing.ImportOptions` by its Mauro names, plus the file).

    Lengths and label rules are the importer's (its 422 names each parameter with the file's problems)."""

    modelName = OptionalTextField(source="model_name", write_only=True)
    finalised = FormBooleanField(write_only=True)
    importAsNewDocumentationVersion = FormBooleanField(source="new_documentation_version", write_only=True)
    importAsNewBranchModelVersion = FormBooleanField(source="new_branch_model_version", write_only=True)
    newBranchName = OptionalTextField(source="new_branch_name", write_only=True)
    description = OptionalTextField(write_only=True)
    author = OptionalTextField(write_only=True)
    organisation = OptionalTextField(write_only=True)
    importFile = ImportFileField(source="content", write_only=True)

    class Meta:
        resource = IMPORT_PARAMETERS


class ImportedModelSerializer(ResourceSerializer):
    """An imported data model in the index shape of `/api/dataModels` (schema of `ImportResult.items`)."""

    id = IdField()
    domainType = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    path = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)
    branchName = serializers.CharField(read_only=True)
    documentationVersion = serializers.CharField(read_only=True)
    modelVersion = serializers.CharField(read_only=True)
    modelVersionTag = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    organisation = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    classifiers = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        omit_empty = ("modelVersion", "modelVersionTag", "author", "organisation", "description", "classifiers")


class ImportWarningSerializer(ResourceSerializer):
    message = serializers.CharField(read_only=True)
    path = serializers.CharField(read_only=True, help_text="where in the file (a JSON path)")
    key = serializers.CharField(read_only=True, allow_null=True)


class ImportResultSerializer(ResourceSerializer):
    """201 of an import (a `catalogue.services.importing.ImportResult`): the new models, and what the file holds
    that was not stored (`warnings`, at most 1000 of them; `warningsTotal` counts them all)."""

    count = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    warnings = ImportWarningSerializer(many=True, read_only=True)
    warningsTotal = serializers.IntegerField(source="warnings_total", read_only=True)

    @extend_schema_field(serializers.IntegerField())
    def get_count(self, result):
        return len(result.models)

    @extend_schema_field(ImportedModelSerializer(many=True))
    def get_items(self, result):
        return data_models_json(result.models, user=self.context["request"].user)


# --- export ------------------------------------------------------------------------------------------------

class ExportRequestSerializer(ResourceSerializer):
    """`{"dataModelIds": [...]}`: a non-empty list; an id that is not a UUID names nothing (404)."""

    dataModelIds = serializers.ListField(child=AnyJsonField(), allow_empty=False, source="model_ids",
                                         write_only=True, error_messages={
                                             "required": "Property [dataModelIds] cannot be null",
                                             "null": "Property [dataModelIds] cannot be null",
                                             "not_a_list": "Property [dataModelIds] must be a list of data model ids",
                                             "empty": "Property [dataModelIds] cannot be empty"})

    class Meta:
        resource = "DataModel"


class ExporterRefSerializer(ResourceSerializer):
    namespace = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)


class ExportMetadataSerializer(ResourceSerializer):
    exportedBy = serializers.CharField(read_only=True, help_text="First Last of the exporting user")
    exportedOn = serializers.DateTimeField(read_only=True)
    exporter = ExporterRefSerializer(read_only=True)


class ExportedModelSerializer(ResourceSerializer):
    """The top of one exported model; its classes, elements and types follow Mauro's export format."""

    id = IdField()
    label = serializers.CharField(read_only=True)
    lastUpdated = serializers.DateTimeField(read_only=True)
    type = serializers.CharField(read_only=True)
    documentationVersion = serializers.CharField(read_only=True)
    finalised = serializers.BooleanField(read_only=True)
    authority = serializers.DictField(read_only=True, help_text="{id, url, label}")
    dataTypes = serializers.ListField(child=serializers.DictField(), read_only=True)
    childDataClasses = serializers.ListField(child=serializers.DictField(), read_only=True)
    description = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    organisation = serializers.CharField(read_only=True)
    modelVersion = serializers.CharField(read_only=True)
    dateFinalised = serializers.DateTimeField(read_only=True)
    metadata = serializers.ListField(child=serializers.DictField(), read_only=True)
    classifiers = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        omit_empty = ("dataTypes", "childDataClasses", "description", "author", "organisation", "modelVersion",
                      "dateFinalised", "metadata", "classifiers")


class ExportDocumentSerializer(ResourceSerializer):
    """Schema of an export file (written by `catalogue.services.exporting`): `dataModel` for one model,
    `dataModels` for several, and `exportMetadata`."""

    dataModel = ExportedModelSerializer(read_only=True, help_text="The export of one model")
    dataModels = ExportedModelSerializer(many=True, read_only=True, help_text="The export of several models")
    exportMetadata = ExportMetadataSerializer(read_only=True)

    class Meta:
        omit_empty = ("dataModel", "dataModels")
