"""JSON for a data model's hierarchy and for the item a path names: each item in its own show shape.

Data classes and data elements found by path render through their show serializers (as their own show routes do);
the other kinds, and the hierarchy (which loads classifiers and extensions for the whole model at once), through
the shared show builders. The `*Schema` classes describe these answers in the OpenAPI document.
"""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from catalogue import models as m
from catalogue.api import serializers_items as items_json
from catalogue.api.serializers_containers import classifier_json, folder_json
from catalogue.api.serializers_datamodels import data_model_json
from catalogue.api.serializers_terminologies import terminology_item_json
from catalogue.selectors import items as select
from catalogue.selectors.paths import Locator
from config.api.serializers import IdField


def _locator(model, extra_model_ids=()):
    locator = Locator([model])
    locator.preload([model.pk, *extra_model_ids])
    return locator


def hierarchy_json(hierarchy, *, user):
    """The model's show JSON with `dataTypes` and `childDataClasses`, each class carrying its
    `dataClasses` and `dataElements` (all in their show form, in the hierarchy's key order)."""
    model = hierarchy.model
    extended_models = {c.model_id for group in hierarchy.extends.values() for c in group}
    context = items_json.item_context(_locator(model, extended_models), user=user, model=model,
                                      classifiers=hierarchy.classifiers, extends=hierarchy.extends, in_hierarchy=True)
    elements_by_class, classes_by_parent = {}, {}
    for element in hierarchy.elements:
        elements_by_class.setdefault(element.data_class_id, []).append(element)
    for data_class in hierarchy.classes:
        classes_by_parent.setdefault(data_class.parent_data_class_id, []).append(data_class)

    def show(item, serializer_class):
        return items_json.show_in_hierarchy(serializer_class, item, context)

    def deep_class(data_class):
        body = show(data_class, items_json.DataClassShowSerializer)
        body["dataClasses"] = [deep_class(c) for c in classes_by_parent.get(data_class.pk, [])]
        body["dataElements"] = [show(e, items_json.DataElementShowSerializer)
                                for e in elements_by_class.get(data_class.pk, [])]
        return body

    body = data_model_json(model, user=user)
    body["dataTypes"] = [show(t, items_json.DataTypeShowSerializer) for t in hierarchy.types]
    body["childDataClasses"] = [deep_class(c) for c in classes_by_parent.get(None, [])]
    return body


def found_item_json(item, *, request):
    """The show JSON of whatever a path lookup found, as its own show route answers it (a data type: in the
    hierarchy's key order, as path lookups have always shown it)."""
    user = request.user
    if isinstance(item, m.Folder):
        return folder_json(item, user=user)
    if isinstance(item, m.Classifier):
        return classifier_json(item, user=user)
    if isinstance(item, m.CatalogueModel):
        return data_model_json(item, user=user)
    model = m.CatalogueModel.objects.select_related("folder", "authority").get(pk=item.model_id)
    if isinstance(item, m.Term | m.TermRelationshipType | m.TermRelationship):
        return terminology_item_json(item, model=model, context={"request": request})
    locator = _locator(model)
    context = {"request": request, "parents": {"model": model}, "locator": locator}
    if isinstance(item, m.DataClass):
        item.model = model
        return items_json.DataClassShowSerializer(context=context).to_representation(item)
    if isinstance(item, m.DataElement):
        element = select.data_element(item.data_class_id, item.pk)
        return items_json.DataElementShowSerializer(context=context).to_representation(element)
    if isinstance(item, m.DataType):
        data_type = select.data_type(model, item.pk)
        return items_json.show_in_hierarchy(items_json.DataTypeShowSerializer, data_type, context)
    return items_json.enumeration_value_json(item)


# --- response schemas (OpenAPI only) -----------------------------------------------------------------------

class ShownItemSchema(serializers.Serializer):
    """The keys every shown catalogue item has (folder, classifier, model, class, element, type); each kind adds
    its own (`breadcrumbs`, `model`, `dataType`, `readableByEveryone`, ...)."""

    id = IdField()
    domainType = serializers.CharField()
    label = serializers.CharField()
    path = serializers.CharField()
    lastUpdated = serializers.CharField()
    availableActions = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField(required=False)

    class Meta:
        ref_name = "ShownItem"


#: What a path lookup answers: a catalogue item in its show shape, or an enumeration value (which has none of
#: the items' keys).
PATH_ITEM = PolymorphicProxySerializer(component_name="PathItem", resource_type_field_name=None,
                                       serializers=[ShownItemSchema, items_json.EnumerationValueSerializer])


class AuthorityRefSchema(serializers.Serializer):
    id = IdField()
    url = serializers.CharField()
    label = serializers.CharField()
    defaultAuthority = serializers.BooleanField()

    class Meta:
        ref_name = "AuthorityRef"


class ClassifierIndexSchema(serializers.Serializer):
    id = IdField()
    label = serializers.CharField()
    lastUpdated = serializers.CharField()
    domainType = serializers.CharField()
    path = serializers.CharField()

    class Meta:
        ref_name = "ClassifierIndex"


class DataModelShowSchema(serializers.Serializer):
    """A data model's show (`GET /api/dataModels/{id}`)."""

    id = IdField()
    domainType = serializers.CharField()
    label = serializers.CharField()
    path = serializers.CharField()
    type = serializers.CharField(allow_null=True)
    branchName = serializers.CharField()
    documentationVersion = serializers.CharField()
    modelVersion = serializers.CharField(required=False)
    modelVersionTag = serializers.CharField(required=False)
    classifiers = ClassifierIndexSchema(many=True, required=False)
    deleted = serializers.BooleanField(required=False)
    author = serializers.CharField(required=False)
    organisation = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    availableActions = serializers.ListField(child=serializers.CharField())
    lastUpdated = serializers.CharField()
    finalised = serializers.BooleanField()
    readableByEveryone = serializers.BooleanField()
    readableByAuthenticatedUsers = serializers.BooleanField()
    dateFinalised = serializers.CharField(required=False)
    authority = AuthorityRefSchema()

    class Meta:
        ref_name = "DataModelShow"


class HierarchyDataClassSchema(items_json.DataClassShowSerializer):
    """A class of a hierarchy: its show, with its child classes and its elements (each in its show form)."""

    dataClasses = serializers.SerializerMethodField()
    dataElements = items_json.DataElementShowSerializer(many=True, read_only=True)

    class Meta(items_json.DataClassShowSerializer.Meta):
        ref_name = "HierarchyDataClass"

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/HierarchyDataClass"}})
    def get_dataClasses(self, data_class):
        raise NotImplementedError  # OpenAPI only: hierarchy_json renders


class DataModelHierarchySchema(DataModelShowSchema):
    """A data model's show with all its data types and its classes, nested."""

    dataTypes = items_json.DataTypeShowSerializer(many=True, read_only=True)
    childDataClasses = HierarchyDataClassSchema(many=True)

    class Meta:
        ref_name = "DataModelHierarchy"
