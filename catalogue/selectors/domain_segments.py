"""`{domainType}` URL segments → catalogue item classes, for every read path that takes a segment.

The selectors resolve segments themselves, so this sits below the API; the views use the same table.
"""

from catalogue import models as m
from config.api.errors import BadRequest

#: `{domainType}` URL segments (plural camelCase, as Mauro's clients send them) → catalogue item class.
DOMAIN_SEGMENTS = {
    "folders": m.Folder,
    "classifiers": m.Classifier,
    "dataModels": m.CatalogueModel,
    "terminologies": m.CatalogueModel,
    "codeSets": m.CatalogueModel,
    "referenceDataModels": m.CatalogueModel,
    "dataClasses": m.DataClass,
    "dataElements": m.DataElement,
    "dataTypes": m.DataType,
    "primitiveTypes": m.DataType,
    "enumerationTypes": m.DataType,
    "referenceTypes": m.DataType,
    "modelDataTypes": m.DataType,
    "enumerationValues": m.EnumerationValue,
    "terms": m.Term,
    "termRelationshipTypes": m.TermRelationshipType,
    "termRelationships": m.TermRelationship,
}
# Mauro also accepts the class's short name and its singular camelCase form.
for _segment, _cls in list(DOMAIN_SEGMENTS.items()):
    if _segment.endswith("ies"):
        singular = _segment[:-3] + "y"
    elif _segment.endswith("sses"):
        singular = _segment[:-2]
    else:
        singular = _segment[:-1]
    DOMAIN_SEGMENTS.setdefault(singular, _cls)
    DOMAIN_SEGMENTS.setdefault(singular[0].upper() + singular[1:], _cls)


def item_class_for(segment):
    """The class behind a `{domainType}` segment; unknown → 400 `MCI02` (contract §1)."""
    try:
        return DOMAIN_SEGMENTS[segment]
    except KeyError:
        raise BadRequest(f"Unrecognised domain class resource [{segment}]", error_code="MCI02")
