"""The catalogue's content model, one module per family."""

from catalogue.models.containers import Authority, Classifier, ClassifierLineage, Folder, FolderLineage
from catalogue.models.datamodel import (
    DEFAULT_BRANCH,
    CatalogueModel,
    DataClass,
    DataClassExtension,
    DataElement,
    DataModel,
    DataModelType,
    ModelDomainType,
)
from catalogue.models.datatypes import DataType, DataTypeKind, EnumerationValue
from catalogue.models.facets import (
    Annotation,
    ClassifierLink,
    Edit,
    EditTitle,
    Metadata,
    ReferenceFile,
    Rule,
    RuleRepresentation,
    SemanticLink,
    SemanticLinkType,
    VersionLink,
    VersionLinkType,
)
from catalogue.models.terminology import (
    UNREACHABLE_DEPTH,
    CodeSet,
    CodeSetTerm,
    Term,
    Terminology,
    TermRelationship,
    TermRelationshipType,
    term_label,
)

__all__ = [
    "Authority", "Classifier", "ClassifierLineage", "Folder", "FolderLineage",
    "DEFAULT_BRANCH", "CatalogueModel", "DataClass", "DataClassExtension",
    "DataElement", "DataModel", "DataModelType", "ModelDomainType", "DataType", "DataTypeKind", "EnumerationValue",
    "Annotation", "ClassifierLink", "Edit", "EditTitle", "Metadata", "ReferenceFile", "Rule", "RuleRepresentation",
    "SemanticLink", "SemanticLinkType", "VersionLink", "VersionLinkType",
    "UNREACHABLE_DEPTH", "CodeSet", "CodeSetTerm", "Term", "Terminology", "TermRelationship", "TermRelationshipType",
    "term_label",
]
