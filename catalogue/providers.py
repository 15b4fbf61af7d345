"""The import and export providers the catalogue offers, named as Mauro names them so its clients find them.

A provider is identified by (namespace, name, version). Clients list them per model kind
(`/api/dataModels/providers/importers`), ask an importer for its parameters, and put the triple in the
import or export URL. Only the data model JSON format is provided for now; terminologies and code sets
have no providers yet. Default data type providers name the sets of data types a new data model can start with.
"""

from dataclasses import dataclass, field

DATA_MODEL_EXPORTER_NAMESPACE = "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter"
DATA_MODEL_IMPORTER_NAMESPACE = "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer"
DATA_MODEL_JSON_CONTENT_TYPE = "application/mauro.datamodel+json"
DATA_MODEL_JSON_VERSION = "3.2"


@dataclass(frozen=True)
class ImportParameter:
    name: str
    type: str
    display_name: str
    description: str
    optional: bool = False


@dataclass(frozen=True)
class ParameterGroup:
    name: str
    parameters: tuple


@dataclass(frozen=True)
class Provider:
    namespace: str
    name: str
    version: str
    display_name: str
    provider_type: str
    #: The `{modelsSegment}` of the URLs this provider serves (`dataModels`).
    models_segment: str
    known_metadata_keys: tuple = ()
    allows_extra_metadata_keys: bool = True

    def matches(self, namespace, name, version):
        return (self.namespace, self.name, self.version) == (namespace, name, version)


@dataclass(frozen=True)
class Exporter(Provider):
    file_extension: str = "json"
    content_type: str = "application/json"
    can_export_multiple_domains: bool = True


@dataclass(frozen=True)
class Importer(Provider):
    param_class_type: str = ""
    can_import_multiple_domains: bool = True
    parameter_groups: tuple = field(default=())


MODEL_FILE_PARAMETER_GROUPS = (
    ParameterGroup("Source", (
        ImportParameter("importFile", "File", "File", "The JSON file holding the model or models to import."),
    )),
    ParameterGroup("Model", (
        ImportParameter("folderId", "Folder", "Folder", "The folder the imported models are put in."),
        ImportParameter("modelName", "String", "Model name",
                        "A label that replaces the one in the file. Ignored when the file holds several models.",
                        optional=True),
        ImportParameter("finalised", "Boolean", "Finalised",
                        "Finalise the imported models. A model that is finalised in the file stays finalised."),
        ImportParameter("importAsNewDocumentationVersion", "Boolean", "Import as New Documentation Version",
                        "When a model with the same label exists, the import becomes its next documentation version "
                        "(the latest existing model is finalised first if it is a draft). Otherwise a model with the "
                        "same label on the same branch is refused."),
        ImportParameter("importAsNewBranchModelVersion", "Boolean", "Import as New Branch Model Version",
                        "When a model with the same label exists, the import becomes a new draft branched from the "
                        "latest finalised version of it."),
    )),
    ParameterGroup("Model Branching", (
        ImportParameter("newBranchName", "String", "New Branch Name",
                        "The branch of a model imported as a new branch model version (default \"main\"). A branch "
                        "name that is already used by a draft of the model is refused.", optional=True),
    )),
    ParameterGroup("Model Information", (
        ImportParameter("organisation", "String", "Organisation", "Replaces the organisation of the imported models.",
                        optional=True),
        ImportParameter("author", "String", "Author", "Replaces the author of the imported models.", optional=True),
        ImportParameter("description", "String", "Model Description",
                        "Replaces the description of the imported models.", optional=True),
    )),
)

DATA_MODEL_JSON_EXPORTER = Exporter(
    namespace=DATA_MODEL_EXPORTER_NAMESPACE,
    name="DataModelJsonExporterService",
    version=DATA_MODEL_JSON_VERSION,
    display_name="JSON DataModel Exporter",
    provider_type="DataModelExporter",
    models_segment="dataModels",
    file_extension="json",
    content_type=DATA_MODEL_JSON_CONTENT_TYPE,
    can_export_multiple_domains=True,
)

DATA_MODEL_JSON_IMPORTER = Importer(
    namespace=DATA_MODEL_IMPORTER_NAMESPACE,
    name="DataModelJsonImporterService",
    version=DATA_MODEL_JSON_VERSION,
    display_name="JSON DataModel Importer",
    provider_type="DataModelImporter",
    models_segment="dataModels",
    param_class_type="uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer.parameter."
                     "DataModelFileImporterProviderServiceParameters",
    can_import_multiple_domains=True,
    parameter_groups=MODEL_FILE_PARAMETER_GROUPS,
)

EXPORTERS = (DATA_MODEL_JSON_EXPORTER,)
IMPORTERS = (DATA_MODEL_JSON_IMPORTER,)


def exporters(models_segment=None):
    return [p for p in EXPORTERS if models_segment is None or p.models_segment == models_segment]


def importers(models_segment=None):
    return [p for p in IMPORTERS if models_segment is None or p.models_segment == models_segment]


def find_exporter(namespace, name, version, *, models_segment=None):
    """The exporter with that triple (for that kind of model), or None."""
    return next((p for p in exporters(models_segment) if p.matches(namespace, name, version)), None)


def find_importer(namespace, name, version, *, models_segment=None):
    return next((p for p in importers(models_segment) if p.matches(namespace, name, version)), None)


# --- default data types -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DefaultDataType:
    """A data type a new model can start with (a primitive type here; Mauro's providers offer no other kind)."""

    label: str
    description: str
    domain_type: str = "PrimitiveType"
    units: str | None = None


@dataclass(frozen=True)
class DefaultDataTypeProvider:
    """A named set of data types offered when a model is created (`?defaultDataTypeProvider=<name>`)."""

    name: str
    display_name: str
    version: str
    data_types: tuple


#: The basic set every Mauro core offers (its data type service is the provider, hence the name).
BASIC_DATA_TYPES = DefaultDataTypeProvider(
    name="DataTypeService", display_name="Basic Default DataTypes", version="1.0.0", data_types=(
        DefaultDataType("Text", "A piece of text"),
        DefaultDataType("Number", "A whole number"),
        DefaultDataType("Decimal", "A decimal number"),
        DefaultDataType("Date", "A date"),
        DefaultDataType("DateTime", "A date with a timestamp"),
        DefaultDataType("Timestamp", "A timestamp"),
        DefaultDataType("Boolean", "A true or false value"),
        DefaultDataType("Duration", "A time period in arbitrary units"),
    ))

#: The types of the fields of a profile specification (a data model that defines a profile).
PROFILE_SPECIFICATION_DATA_TYPES = DefaultDataTypeProvider(
    name="ProfileSpecificationDataTypeProvider", display_name="Profile Specification DataTypes", version="1.0.0",
    data_types=(
        DefaultDataType("boolean", "logical Boolean [true/false)"),
        DefaultDataType("string", "short variable-length character string (plain-text)"),
        DefaultDataType("text", "long variable-length character string (may include html / markdown)"),
        DefaultDataType("int", "integer"),
        DefaultDataType("decimal", "decimal"),
        DefaultDataType("date", "calendar date [year, month, day)"),
        DefaultDataType("datetime", "date and time, excluding time zone"),
        DefaultDataType("time", "time of day [no time zone)"),
        DefaultDataType("folder", "pointer to a folder in this Mauro instance"),
        DefaultDataType("model", "pointer to a model in this Mauro instance"),
        DefaultDataType("json", "a text field containing valid json syntax"),
    ))

DEFAULT_DATA_TYPE_PROVIDERS = (BASIC_DATA_TYPES, PROFILE_SPECIFICATION_DATA_TYPES)


def default_data_type_providers():
    return list(DEFAULT_DATA_TYPE_PROVIDERS)


def find_default_data_type_provider(name):
    """The provider called `name`, or None."""
    return next((p for p in DEFAULT_DATA_TYPE_PROVIDERS if p.name == name), None)
