"""JSON for data classes, data elements, data types and enumeration values (Mauro's shapes), and the
serializers that read their request bodies.

The builders are plain functions taking a `Locator`, so a list renders with the queries its
queryset made plus the Locator's fixed few, whatever its length. Other areas (tree, search, import)
may import them.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.access import model_item_actions
from catalogue import models as m
from catalogue.api.common import BreadcrumbSchema
from catalogue.selectors import items as select
from catalogue.selectors.paths import Locator
from config.api.serializers import (
    AnyJsonField,
    IdField,
    MauroDateTimeField,
    OptionalTextField,
    ResourceSerializer,
    StrictCharField,
    StrictIntegerField,
    mauro_datetime,
)

# --- JSON builders ---------------------------------------------------------------------------------------


def _item_base(item, locator):
    """`id, domainType, label, path, model, breadcrumbs, description?, aliases?` (Mauro's index item)."""
    body = {
        "id": str(item.pk),
        "domainType": item.domain_type,
        "label": item.label,
        "path": locator.path(item),
        "model": str(item.model_id),
        "breadcrumbs": locator.breadcrumbs(item),
    }
    if item.description:
        body["description"] = item.description
    if item.aliases:
        body["aliases"] = item.aliases
    return body


def _multiplicity(item, body):
    if item.max_multiplicity is not None:
        body["maxMultiplicity"] = item.max_multiplicity
    if item.min_multiplicity is not None:
        body["minMultiplicity"] = item.min_multiplicity
    return body


def _show_fields(body, item, *, user, model, classifiers):
    """What a show adds to the index shape: availableActions, lastUpdated, classifiers?."""
    body["availableActions"] = model_item_actions(user, model)
    body["lastUpdated"] = mauro_datetime(item.last_updated)
    if classifiers:
        body["classifiers"] = [classifier_json(c) for c in classifiers]
    return body


def classifier_json(classifier):
    return {"id": str(classifier.pk), "label": classifier.label, "lastUpdated": mauro_datetime(classifier.last_updated),
            "domainType": "Classifier", "path": f"cl:{classifier.label}"}


def data_class_json(data_class, locator):
    body = _multiplicity(data_class, _item_base(data_class, locator))
    if data_class.parent_data_class_id:
        body["parentDataClass"] = str(data_class.parent_data_class_id)
    return body


def data_class_show_json(data_class, locator, *, user, model, classifiers=(), extends=()):
    body = _show_fields(data_class_json(data_class, locator), data_class, user=user, model=model,
                        classifiers=classifiers)
    if extends:
        locator.preload([c.model_id for c in extends])
        body["extendsDataClasses"] = [data_class_json(c, locator) for c in extends]
    return body


def enumeration_value_json(value, locator=None):
    """`{index, id, key, value, category}` (Mauro's shape, also the show); `locator` is accepted for symmetry."""
    return {"index": value.index, "id": str(value.pk), "key": value.key, "value": value.value,
            "category": value.category}


def data_type_json(data_type, locator):
    """A type as lists and elements show it; values and the referenced class must be preloaded
    (`selectors.items.types_with_details`) for a fixed query count."""
    body = _item_base(data_type, locator)
    kind = data_type.kind
    if kind == m.DataTypeKind.ENUMERATION:
        body["enumerationValues"] = [enumeration_value_json(v) for v in data_type.enumeration_values.all()]
    elif kind == m.DataTypeKind.REFERENCE:
        if data_type.reference_class_id:
            body["referenceClass"] = data_class_json(data_type.reference_class, locator)
    elif kind == m.DataTypeKind.PRIMITIVE:
        if data_type.units:
            body["units"] = data_type.units
    elif kind == m.DataTypeKind.MODEL:
        body["modelResourceId"] = str(data_type.model_resource_id) if data_type.model_resource_id else None
        body["modelResourceDomainType"] = data_type.model_resource_domain_type
    return body


def data_type_show_json(data_type, locator, *, user, model, classifiers=()):
    return _show_fields(data_type_json(data_type, locator), data_type, user=user, model=model,
                        classifiers=classifiers)


def data_element_json(element, locator):
    body = _item_base(element, locator)
    body["dataClass"] = str(element.data_class_id)
    body["dataType"] = data_type_json(element.data_type, locator)
    return _multiplicity(element, body)


def data_element_show_json(element, locator, *, user, model, classifiers=()):
    return _show_fields(data_element_json(element, locator), element, user=user, model=model,
                        classifiers=classifiers)


def content_json(item, locator):
    """An item of a class's content: a child class or an element."""
    if isinstance(item, m.DataClass):
        return data_class_json(item, locator)
    return data_element_json(item, locator)


# --- resource serializers (input, output and schema in one) ----------------------------------------------


#: The database stores 32-bit integers; larger numbers are refused (422) rather than overflowing.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _strict_integer(**kwargs):
    return StrictIntegerField(required=False, allow_null=True, min_value=INT_MIN, max_value=INT_MAX, **kwargs)


def item_locator(model):
    """Paths and breadcrumbs of a model's items: the model's class tree, loaded once (fixed queries per page)."""
    locator = Locator([model])
    locator.preload([model.pk])
    return locator


class ClassifierRefSerializer(ResourceSerializer):
    id = IdField()
    label = serializers.CharField(read_only=True)
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    domainType = serializers.SerializerMethodField()
    path = serializers.SerializerMethodField()

    def get_domainType(self, classifier) -> str:
        return "Classifier"

    def get_path(self, classifier) -> str:
        return f"cl:{classifier.label}"


class ModelItemSerializer(ResourceSerializer):
    """What every item of a data model shows (Mauro's index item); `context["locator"]` places it in its model."""

    id = IdField()
    domainType = serializers.CharField(source="domain_type", read_only=True)
    label = StrictCharField()
    path = serializers.SerializerMethodField()
    model = IdField(source="model_id")
    breadcrumbs = serializers.SerializerMethodField()
    description = OptionalTextField()
    aliases = serializers.SerializerMethodField()
    index = _strict_integer(write_only=True)

    class Meta:
        omit_empty = ("description", "aliases")

    def get_path(self, item) -> str:
        return self.context["locator"].path(item)

    @extend_schema_field(BreadcrumbSchema(many=True))
    def get_breadcrumbs(self, item):
        return self.context["locator"].breadcrumbs(item)

    def get_aliases(self, item) -> list[str]:
        return item.aliases

    @classmethod
    def preload(cls, objects, context):
        return {"locator": context.get("locator") or item_locator(context["parents"]["model"])}


class ShowFieldsMixin(serializers.Serializer):
    """What a show adds to the index shape: availableActions, lastUpdated, classifiers (when any)."""

    availableActions = serializers.SerializerMethodField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    classifiers = serializers.SerializerMethodField()

    def get_availableActions(self, item) -> list[str]:
        return model_item_actions(self.context["request"].user, self.context["parents"]["model"])

    @extend_schema_field(ClassifierRefSerializer(many=True))
    def get_classifiers(self, item):
        classifiers = select.classifiers_of(self.context["request"].user, item)
        serializer = ClassifierRefSerializer(context=self.context)
        return [serializer.to_representation(c) for c in classifiers]


class DataClassSerializer(ModelItemSerializer):
    """A data class as lists show it: `{label, description?, minMultiplicity?, maxMultiplicity?, index?}` in;
    -1 means many."""

    minMultiplicity = _strict_integer(source="min_multiplicity")
    maxMultiplicity = _strict_integer(source="max_multiplicity")
    parentDataClass = IdField(source="parent_data_class_id")

    class Meta:
        resource = "DataClass"
        omit_empty = ("description", "aliases", "minMultiplicity", "maxMultiplicity", "parentDataClass")


class DataClassShowSerializer(ShowFieldsMixin, DataClassSerializer):
    """One data class: the list shape plus availableActions, lastUpdated, classifiers? and extendsDataClasses?."""

    extendsDataClasses = serializers.SerializerMethodField()

    class Meta(DataClassSerializer.Meta):
        omit_empty = (*DataClassSerializer.Meta.omit_empty, "classifiers", "extendsDataClasses")

    @extend_schema_field(DataClassSerializer(many=True))
    def get_extendsDataClasses(self, data_class):
        extends = select.extended_classes(self.context["request"].user, data_class)
        if not extends:
            return None
        locator = self.context["locator"]
        locator.preload([c.model_id for c in extends])
        serializer = DataClassSerializer(context=self.context)
        return [serializer.to_representation(c) for c in extends]


class DataElementSerializer(ModelItemSerializer):
    """A data element: `{label, description?, dataType: uuid | {id} | {domainType, label, ...},
    minMultiplicity?, maxMultiplicity?, index?}` in; its type is shown in full (values and referenced class
    loaded with the element: `selectors.items.elements_with_types`)."""

    dataClass = IdField(source="data_class_id")
    dataType = AnyJsonField(source="data_type")
    minMultiplicity = _strict_integer(source="min_multiplicity")
    maxMultiplicity = _strict_integer(source="max_multiplicity")

    class Meta:
        resource = "DataElement"
        omit_empty = ("description", "aliases", "minMultiplicity", "maxMultiplicity")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["dataType"] = data_type_json(instance.data_type, self.context["locator"])
        return data


class DataElementShowSerializer(ShowFieldsMixin, DataElementSerializer):
    """One data element: the list shape plus availableActions, lastUpdated and classifiers (when any)."""

    class Meta(DataElementSerializer.Meta):
        omit_empty = (*DataElementSerializer.Meta.omit_empty, "classifiers")


# --- request bodies --------------------------------------------------------------------------------------
# Unknown keys are ignored (clients send back whole objects). Missing required fields and nulls are 400;
# values of the wrong kind (a non-integer multiplicity) are 422, as config.api.errors maps DRF's codes.



def _integer():
    return serializers.IntegerField(required=False, allow_null=True, min_value=INT_MIN, max_value=INT_MAX)


class _ItemBody(serializers.Serializer):
    label = serializers.CharField(trim_whitespace=False, allow_blank=True, max_length=None)
    description = serializers.CharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False)
    index = _integer()


class DataTypeBody(_ItemBody):
    """`{domainType, label, description?, index?}` plus the kind's fields: `units?` (PrimitiveType),
    `enumerationValues: [{key, value, category?}]` (EnumerationType), `referenceClass: uuid | {id}`
    (ReferenceType; label defaults to `Reference to <class>`), `modelResourceDomainType, modelResourceId`
    (ModelDataType)."""

    label = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True, allow_null=True)
    domainType = serializers.JSONField(required=False)
    units = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    enumerationValues = serializers.JSONField(required=False)
    referenceClass = serializers.JSONField(required=False)
    modelResourceDomainType = serializers.JSONField(required=False)
    modelResourceId = serializers.JSONField(required=False)


class EnumerationValueBody(serializers.Serializer):
    """`{key, value, category?, index?}`; the key is the value's label."""

    key = serializers.CharField(trim_whitespace=False, allow_blank=True)
    value = serializers.CharField(trim_whitespace=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False)
    index = _integer()


#: Body keys (camelCase) → service keyword names.
FIELD_NAMES = {
    "label": "label", "description": "description", "index": "index", "minMultiplicity": "min_multiplicity",
    "maxMultiplicity": "max_multiplicity", "dataType": "data_type", "domainType": "domain_type", "units": "units",
    "enumerationValues": "enumeration_values", "referenceClass": "reference_class",
    "modelResourceDomainType": "model_resource_domain_type", "modelResourceId": "model_resource_id",
    "key": "key", "value": "value", "category": "category",
}


def read_body(serializer_class, data, *, partial=False):
    """Validate a body and return only the fields it carried, under the services' names."""
    from config.api.serializers import require_object

    serializer = serializer_class(data=require_object(data), partial=partial)
    serializer.is_valid(raise_exception=True)
    return {FIELD_NAMES[key]: value for key, value in serializer.validated_data.items()}


# --- response schemas (OpenAPI only) -----------------------------------------------------------------------

class _ItemSchema(serializers.Serializer):
    id = serializers.UUIDField()
    domainType = serializers.CharField()
    label = serializers.CharField()
    path = serializers.CharField()
    model = serializers.UUIDField()
    breadcrumbs = BreadcrumbSchema(many=True)
    description = serializers.CharField(required=False)
    availableActions = serializers.ListField(child=serializers.CharField(), required=False)
    lastUpdated = serializers.CharField(required=False)


class EnumerationValueSchema(serializers.Serializer):
    index = serializers.IntegerField()
    id = serializers.UUIDField()
    key = serializers.CharField()
    value = serializers.CharField()
    category = serializers.CharField(allow_null=True)


class DataTypeSchema(_ItemSchema):
    enumerationValues = EnumerationValueSchema(many=True, required=False)
    referenceClass = DataClassSerializer(required=False)
    units = serializers.CharField(required=False)
    modelResourceId = serializers.UUIDField(required=False)
    modelResourceDomainType = serializers.CharField(required=False)


def page_schema(name, item):
    """`{count, items}` for the OpenAPI document."""
    return type(name, (serializers.Serializer,), {"count": serializers.IntegerField(),
                                                  "items": item(many=True)})
