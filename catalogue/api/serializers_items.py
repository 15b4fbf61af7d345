"""Data classes, data elements, data types and enumeration values (Mauro's shapes): the resource serializers
(input, output and schema in one), which render every item whether it is a model instance or a row
(`catalogue.selectors.item_rows`).

`context["locator"]` places items in their models; a page renders with the queries that loaded it plus the
Locator's fixed few, whatever its length. The hierarchy and the path lookups show items through the same
serializers, in the key order they have always had (`as_in_hierarchy`).
"""

from functools import cached_property

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from accounts.access import model_item_actions
from catalogue import models as m
from catalogue.api.common import BreadcrumbSchema
from catalogue.selectors import items as select
from catalogue.selectors.paths import Locator
from config.api.errors import WRONG_TYPE
from config.api.serializers import (
    AnyJsonField,
    IdField,
    MauroDateTimeField,
    OptionalTextField,
    ResourceSerializer,
    StrictCharField,
    StrictIntegerField,
)

# --- the key order of the hierarchy and of the builders other areas call --------------------------------------

#: What a show adds to the index shape; the hierarchy lists these keys after the item's own.
SHOW_KEYS = ("availableActions", "lastUpdated", "classifiers", "extendsDataClasses")


def as_in_hierarchy(body):
    """`body` (a serializer's answer) in the hierarchy's key order: maxMultiplicity before minMultiplicity, and the
    show keys after the item's own. Only the order changes."""
    ordered = {}
    for key, value in body.items():
        if key in SHOW_KEYS or (key == "minMultiplicity" and "maxMultiplicity" in body):
            continue
        ordered[key] = value
        if key == "maxMultiplicity" and "minMultiplicity" in body:
            ordered["minMultiplicity"] = body["minMultiplicity"]
    for key in SHOW_KEYS:
        if key in body:
            ordered[key] = body[key]
    return ordered


def _rendered(serializer_class, item, context):
    """`item` rendered by `serializer_class`, one serializer per class for the whole answer."""
    serializers_by_class = context.setdefault("_serializers", {})
    serializer = serializers_by_class.get(serializer_class)
    if serializer is None:
        serializer = serializers_by_class[serializer_class] = serializer_class(context=context)
    return serializer.to_representation(item)


def item_context(locator, **extra):
    """What the item serializers read: the Locator, and for shows `user` and `model` (with `classifiers` and
    `extends`, {item id: [...]}, when loaded for many items at once)."""
    return {"locator": locator, **extra}


def data_class_json(data_class, context):
    """A class as a reference type embeds it (maxMultiplicity first, as the hierarchy shows classes)."""
    return as_in_hierarchy(_rendered(DataClassSerializer, data_class, context))


def data_type_json(data_type, context):
    """A type as lists and elements show it, rendered once per answer; its values and referenced class must be
    loaded with it."""
    rendered = context.setdefault("_types", {})
    found = rendered.get(data_type.pk)
    if found is None:
        found = rendered[data_type.pk] = _rendered(DataTypeSerializer, data_type, context)
    return found


def enumeration_value_json(value):
    """`{index, id, key, value, category}` (Mauro's shape, also the show)."""
    return {"index": value.index, "id": str(value.id), "key": value.key, "value": value.value,
            "category": value.category}


def kind_fields(body, data_type, context):
    """Add what a type's kind shows: its values, the class it references, its units or the model it names."""
    kind = data_type.kind
    if kind == m.DataTypeKind.ENUMERATION:
        values = data_type.enumeration_values
        body["enumerationValues"] = [enumeration_value_json(v) for v in (values.all() if hasattr(values, "all")
                                                                            else values)]
    elif kind == m.DataTypeKind.REFERENCE:
        if data_type.reference_class_id:
            body["referenceClass"] = data_class_json(data_type.reference_class, context)
    elif kind == m.DataTypeKind.PRIMITIVE:
        if data_type.units:
            body["units"] = data_type.units
    elif kind == m.DataTypeKind.MODEL:
        body["modelResourceId"] = str(data_type.model_resource_id) if data_type.model_resource_id else None
        body["modelResourceDomainType"] = data_type.model_resource_domain_type
    return body


def show_in_hierarchy(serializer_class, item, context):
    """An item's show (`serializer_class` with `context`: user, model, and preloaded classifiers and extensions)
    in the hierarchy's key order."""
    return as_in_hierarchy(_rendered(serializer_class, item, context))


# --- resource serializers (input, output and schema in one) ----------------------------------------------


#: The database stores 32-bit integers; larger numbers are refused (422) rather than overflowing.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _strict_integer(**kwargs):
    return StrictIntegerField(required=False, allow_null=True, min_value=INT_MIN, max_value=INT_MAX, **kwargs)


def item_locator(model, parent=None, *, eager=True):
    """Paths and breadcrumbs of a model's items from the model's class tree, read once: now (`eager`: a list then
    costs the same queries whatever it holds), or only if the chain of classes above an item is not known from
    `parent`, the class named in the URL (a single item; root classes need no tree)."""
    locator = Locator([model], classes=() if parent is None else (parent,))
    if eager:
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


class DomainTypeField(serializers.CharField):
    """An item's `domainType`, documented as the one value a serializer shows, so that a list holding several kinds
    (a class's content) matches exactly one schema of its `oneOf`."""

    def __init__(self, value=None, **kwargs):
        self.value = value
        super().__init__(source="domain_type", read_only=True, **kwargs)


class DomainTypeFieldSchema(OpenApiSerializerFieldExtension):
    target_class = DomainTypeField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", **({"enum": [self.target.value]} if self.target.value else {})}


class ModelItemSerializer(ResourceSerializer):
    """What every item of a data model shows (Mauro's index item); `context["locator"]` places it in its model."""

    id = IdField()
    domainType = DomainTypeField()
    label = StrictCharField()
    path = serializers.SerializerMethodField()
    model = IdField(source="model_id")
    breadcrumbs = serializers.SerializerMethodField()
    description = OptionalTextField()
    aliases = serializers.SerializerMethodField()
    index = _strict_integer(write_only=True)

    class Meta:
        omit_empty = ("description", "aliases")

    @cached_property
    def locator(self):
        return self.context["locator"]

    def get_path(self, item) -> str:
        return self.locator.path(item)

    @extend_schema_field(BreadcrumbSchema(many=True))
    def get_breadcrumbs(self, item):
        return self.locator.breadcrumbs(item)

    def get_aliases(self, item) -> list[str]:
        return item.aliases

    @classmethod
    def preload(cls, objects, context):
        parents = context["parents"]
        return {"locator": context.get("locator") or item_locator(parents["model"], parents.get("parent"),
                                                                  eager=context.get("eager_locator", True))}


def _user(context):
    return context["user"] if "user" in context else context["request"].user


def _model(context):
    return context["model"] if "model" in context else context["parents"]["model"]


class ShowFieldsMixin(serializers.Serializer):
    """What a show adds to the index shape: availableActions, lastUpdated, classifiers (when any). The classifiers
    are read per item unless `context["classifiers"]` holds them for every item of the answer."""

    availableActions = serializers.SerializerMethodField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    classifiers = serializers.SerializerMethodField()

    def get_availableActions(self, item) -> list[str]:
        # The owning model's: the same for every item of the answer, worked out once.
        actions = self.context.get("_item_actions")
        if actions is None:
            actions = self.context["_item_actions"] = model_item_actions(_user(self.context), _model(self.context))
        return actions

    @extend_schema_field(ClassifierRefSerializer(many=True))
    def get_classifiers(self, item):
        loaded = self.context.get("classifiers")
        classifiers = loaded.get(item.pk, ()) if loaded is not None else select.classifiers_of(
            _user(self.context), item)
        return [_rendered(ClassifierRefSerializer, c, self.context) for c in classifiers]


class DataClassSerializer(ModelItemSerializer):
    """A data class as lists show it: `{label, description?, minMultiplicity?, maxMultiplicity?, index?}` in;
    -1 means many."""

    domainType = DomainTypeField("DataClass")
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
        # Read per class unless `context["extends"]` holds them for every class of the answer; in the hierarchy's
        # key order when the answer is the hierarchy (`context["in_hierarchy"]`).
        loaded = self.context.get("extends")
        extends = loaded.get(data_class.pk, ()) if loaded is not None else select.extended_classes(
            _user(self.context), data_class)
        if not extends:
            return None
        self.context["locator"].preload([c.model_id for c in extends])
        if self.context.get("in_hierarchy"):
            return [data_class_json(c, self.context) for c in extends]
        return [_rendered(DataClassSerializer, c, self.context) for c in extends]


class DataElementSerializer(ModelItemSerializer):
    """A data element: `{label, description?, dataType: uuid | {id} | {domainType, label, ...},
    minMultiplicity?, maxMultiplicity?, index?}` in; its type is shown in full (values and referenced class
    loaded with the element: `selectors.items.elements_with_types`)."""

    domainType = DomainTypeField("DataElement")
    dataClass = IdField(source="data_class_id")
    dataType = AnyJsonField(source="data_type")
    minMultiplicity = _strict_integer(source="min_multiplicity")
    maxMultiplicity = _strict_integer(source="max_multiplicity")

    class Meta:
        resource = "DataElement"
        omit_empty = ("description", "aliases", "minMultiplicity", "maxMultiplicity")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["dataType"] = data_type_json(instance.data_type, self.rendering_context)
        return data

    @cached_property
    def rendering_context(self):
        return self.context


class DataElementShowSerializer(ShowFieldsMixin, DataElementSerializer):
    """One data element: the list shape plus availableActions, lastUpdated and classifiers (when any)."""

    class Meta(DataElementSerializer.Meta):
        omit_empty = (*DataElementSerializer.Meta.omit_empty, "classifiers")


# --- data types and enumeration values ----------------------------------------------------------------------

#: An object named by id in a body: `"<uuid>"` or `{"id": "<uuid>"}` (Mauro's clients send either).
ID_REFERENCE = {"oneOf": [{"type": "string", "format": "uuid"},
                          {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}},
                           "required": ["id"]}]}


class JsonReferenceField(AnyJsonField):
    """Input: any JSON, checked by the service (an id in either form, a list of values to merge); the answer
    renders it itself. The OpenAPI schema differs by direction: `accepts` for requests, `shows` for answers
    (each a serializer class or a schema dict; `listed`: a list of them)."""

    mauro_codes = ("required", "null", WRONG_TYPE)

    def __init__(self, *, accepts, shows, listed=False, **kwargs):
        self.accepts, self.shows, self.listed = accepts, shows, listed
        self.expected = "a list" if listed else "an id or an object with an id"
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        """Only the JSON type is checked here, whatever the kind (a wrong type is a 422 even where unused)."""
        if not isinstance(data, list if self.listed else (str, dict)):
            self.wrong_type()
        return super().to_internal_value(data)


class JsonReferenceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = JsonReferenceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        described = field.accepts if direction == "request" else field.shows
        schema = (described if isinstance(described, dict)
                  else auto_schema.resolve_serializer(described, direction).ref)
        return {"type": "array", "items": schema} if field.listed else schema


class EnumerationValueSerializer(ResourceSerializer):
    """`{key, value, category?, index?}` in (the key is the value's label, unique in its type); the same keys and
    the id out."""

    index = _strict_integer()
    id = IdField()
    key = StrictCharField(max_length=255)
    value = StrictCharField()
    category = OptionalTextField(max_length=255)

    class Meta:
        resource = "EnumerationValue"


#: What only some kinds show; rendered by `kind_fields`, never by the generic plan.
KIND_FIELDS = ("enumerationValues", "referenceClass", "units", "modelResourceId", "modelResourceDomainType")
#: Kinds whose label Mauro defaults (`Reference to X`): there a missing or blank label is no mistake.
DEFAULT_LABEL_KINDS = (m.DataTypeKind.REFERENCE.value, m.DataTypeKind.MODEL.value)
#: What each kind cannot be created without (missing or null → 400, as any missing required field).
KIND_REQUIRED = {m.DataTypeKind.ENUMERATION.value: ("enumerationValues",),
                 m.DataTypeKind.REFERENCE.value: ("referenceClass",),
                 m.DataTypeKind.MODEL.value: ("modelResourceDomainType", "modelResourceId")}


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class DataTypeSerializer(ModelItemSerializer):
    """A data type: `{domainType, label, description?, index?}` plus its kind's fields: `units?` (PrimitiveType),
    `enumerationValues: [{key, value, category?}]` (EnumerationType, at least one), `referenceClass: uuid | {id}`
    (ReferenceType; label defaults to `Reference to <class>`), `modelResourceDomainType, modelResourceId`
    (ModelDataType; label defaults to `Reference to <model>`). Which fields a create requires depends on the kind,
    so that part of the rule is checked here; the kind's values themselves are checked by the service."""

    domainType = StrictCharField(source="domain_type")
    label = StrictCharField(required=False)
    units = OptionalTextField(max_length=255)
    enumerationValues = JsonReferenceField(source="enumeration_values", accepts=EnumerationValueSerializer,
                                           shows=EnumerationValueSerializer, listed=True)
    referenceClass = JsonReferenceField(source="reference_class", accepts=ID_REFERENCE, shows=DataClassSerializer)
    modelResourceDomainType = StrictCharField(source="model_resource_domain_type", required=False, allow_null=True)
    modelResourceId = JsonReferenceField(source="model_resource_id", accepts=ID_REFERENCE,
                                         shows={"type": "string", "format": "uuid", "nullable": True})

    class Meta:
        resource = "DataType"
        omit_empty = ("description", "aliases", *KIND_FIELDS)

    def to_internal_value(self, data):
        kind = data.get("domainType")
        kind = kind if isinstance(kind, str) else None
        if not self.partial and kind in DEFAULT_LABEL_KINDS and _blank(data.get("label")):
            data = {key: value for key, value in data.items() if key != "label"}
        try:
            validated, errors = super().to_internal_value(data), {}
        except ValidationError as exc:
            validated, errors = None, dict(exc.detail)
        if not self.partial:
            required = (() if kind in DEFAULT_LABEL_KINDS else ("label",)) + KIND_REQUIRED.get(kind, ())
            for name in required:
                if data.get(name) is None and name not in errors:
                    errors[name] = [ErrorDetail(self.fields[name].error_messages["required"], code="required")]
        if errors:
            raise ValidationError(errors)
        return validated

    @classmethod
    def _plan(cls):
        return tuple(entry for entry in super()._plan() if entry[0] not in KIND_FIELDS)

    def to_representation(self, instance):
        return kind_fields(super().to_representation(instance), instance, self.context)


class DataTypeShowSerializer(ShowFieldsMixin, DataTypeSerializer):
    """One data type: the list shape plus availableActions, lastUpdated and classifiers (when any)."""

    class Meta(DataTypeSerializer.Meta):
        omit_empty = (*DataTypeSerializer.Meta.omit_empty, "classifiers")


#: The content of a class: its child classes, then its elements.
ContentItemSerializer = PolymorphicProxySerializer(component_name="DataClassContentItem",
                                                   serializers=[DataClassSerializer, DataElementSerializer],
                                                   resource_type_field_name=None)
