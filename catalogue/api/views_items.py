"""Data classes, data elements, data types and enumeration values of a data model (Mauro's routes).

Each viewset resolves the URL in the contract's order (config.api.viewsets): anonymous writes 401; the model,
then every other object the URL names, through the access policy (404 when unknown or unreadable); the editor
role on a draft, undeleted model (403, `DataModelItemPermission`); a parent class of another model (400 DCI01);
then the body (400/422).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.access import EDITOR
from accounts.permissions import DataModelItemPermission
from catalogue import models as m
from catalogue.api import serializers_items as out
from catalogue.selectors import items as select
from catalogue.services import dataclasses, dataelements, datatypes, item_copy
from config.api.pagination import page_params, sort_order
from config.api.viewsets import ApiViewSet, CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin

#: The ids in the copy and extend routes (regular expressions, so their types are declared here).
_PATH_NAMES = {"dm": "dataModelId", "dc": "dataClassId", "dt": "dataTypeId", "other_dm": "otherDataModelId",
               "other_dc": "otherDataClassId", "de": "dataElementId"}


def _params(*names):
    return [OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=_PATH_NAMES[name])
            for name in names]


# --- data classes ----------------------------------------------------------------------------------------------

class RowListMixin:
    """`GET` on a collection: `{count, items}` like `ListMixin`, from rows (`catalogue.selectors.item_rows`) rather
    than model instances: `page(ordering, offset, limit)` answers (count, rows) of the page."""

    def list(self, request, *args, **kwargs):
        ordering = sort_order(request, self.sort_fields, self.default_order)
        offset, limit = page_params(request)
        count, rows = self.page(ordering, offset, limit)
        return self.page_response(count, self.render_many(rows))

    def page(self, ordering, offset, limit):
        raise NotImplementedError


class ModelItemViewSet(ApiViewSet):
    """Items of the data model named by `{dm}`: `self.parents["model"]` is that model, read through the access
    policy (404); every write needs the editor role on a draft, undeleted model (`DataModelItemPermission`)."""

    permission_classes = [DataModelItemPermission]
    sort_fields = select.ITEM_SORT_FIELDS
    default_order = select.ORDERED

    @property
    def model(self):
        return self.parents["model"]

    @property
    def right_on_parents(self):
        return not self.is_detail

    def resolve_parents(self):
        return {"model": select.data_model(self.request.user, self.kwargs["dm"])}

    def get_object(self):
        obj = super().get_object()
        obj.model = self.model
        return obj

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "eager_locator": self.reads_class_tree}

    @property
    def reads_class_tree(self):
        """Lists read the model's class tree up front, so that a list costs the same queries whatever it holds;
        one item reads it only if the chain of classes above it is not known from the URL."""
        return self.action == "list"

    def created_at(self, obj, path):
        """201 for an object made at another URL than its collection's (a copy): `Location` is `path`."""
        return Response(self.render(obj), status=status.HTTP_201_CREATED,
                        headers={"Location": self.request.build_absolute_uri(path)})


def _class_path(model, data_class):
    base = f"/api/dataModels/{model.pk}/dataClasses"
    if data_class.parent_data_class_id:
        return f"{base}/{data_class.parent_data_class_id}/dataClasses/{data_class.pk}"
    return f"{base}/{data_class.pk}"


class DataClassViewSet(RowListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ModelItemViewSet):
    """Root classes of a model (`…/dataClasses[/{id}]`), or the child classes of a class at any depth
    (`…/dataClasses/{dc}/dataClasses[/{id}]`). A parent class is judged before the class named below it:
    404, then 403 (writes), then 400 DCI01 when it belongs to another model. `copy` makes a deep copy of a class
    of another readable model (`…/dataClasses[/{dc}/dataClasses]/{otherDataModelId}/{otherDataClassId}`)."""

    queryset = m.DataClass.objects.all()
    needed_rights = {"create": EDITOR, "update": EDITOR, "destroy": EDITOR, "copy": EDITOR}
    resource = select.DATA_CLASS
    lookup_url_kwarg = "pk"
    operation_ids = {"list": "listDataClasses", "create": "createDataClass", "retrieve": "showDataClass",
                     "update": "updateDataClass", "destroy": "deleteDataClass", "copy": "copyDataClass"}

    def get_serializer_class(self):
        return out.DataClassSerializer if self.action == "list" else out.DataClassShowSerializer

    @property
    def right_on_parents(self):
        return not self.is_detail or "dc" in self.kwargs

    def resolve_parents(self):
        parents = super().resolve_parents()
        dc = self.kwargs.get("dc")
        parents["parent"] = select.data_class(self.request.user, parents["model"], dc) if dc else None
        if self.action == "copy":
            parents["source_model"] = select.data_model(self.request.user, self.kwargs["other_dm"])
            parents["source"] = select.class_of_model(parents["source_model"], self.kwargs["other_dc"])
        return parents

    def check_parent_permissions(self, request):
        super().check_parent_permissions(request)
        parent = self.parents["parent"]
        if parent is not None:
            select.require_class_in_model(self.model, parent)
            parent.model = self.model

    def restrict_queryset(self, queryset):
        return queryset.filter(model_id=self.model.pk, parent_data_class=self.parents["parent"])

    @property
    def reads_class_tree(self):
        # Root classes have no class above them: their list needs no class tree at all.
        return self.action == "list" and self.parents["parent"] is not None

    def page(self, ordering, offset, limit):
        parent = self.parents["parent"]
        if parent is None:
            return select.class_page("root", ordering=ordering, offset=offset, limit=limit, model=self.model.pk)
        return select.class_page("children", ordering=ordering, offset=offset, limit=limit, model=self.model.pk,
                                 parent=parent.pk)

    def perform_create(self, serializer):
        return dataclasses.create_data_class(user=self.request.user, model=self.model, parent=self.parents["parent"],
                                             **serializer.validated_data)

    def perform_update(self, serializer):
        return dataclasses.update_data_class(user=self.request.user, data_class=serializer.instance,
                                             changes=serializer.validated_data)

    def perform_destroy(self, data_class):
        dataclasses.delete_data_class(user=self.request.user, data_class=data_class)

    @extend_schema(parameters=_params("dm", "other_dm", "other_dc"), request=None,
                   responses={201: out.DataClassShowSerializer}, summary="Copy a data class from another model")
    def copy(self, request, *args, **kwargs):
        copy = item_copy.copy_data_class(user=request.user, target_model=self.model,
                                         target_parent=self.parents["parent"],
                                         source_model=self.parents["source_model"],
                                         source_class=self.parents["source"])
        copy.model = self.model
        return self.created_at(copy, _class_path(self.model, copy))


class ChildDataClassViewSet(DataClassViewSet):
    operation_ids = {"list": "listChildDataClasses", "create": "createChildDataClass",
                     "retrieve": "showChildDataClass", "update": "updateChildDataClass",
                     "destroy": "deleteChildDataClass", "copy": "copyChildDataClass"}

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc"), request=None,
                   responses={201: out.DataClassShowSerializer}, summary="Copy a data class under a data class")
    def copy(self, request, *args, **kwargs):
        return super().copy(request, *args, **kwargs)


class AllDataClassesViewSet(RowListMixin, ModelItemViewSet):
    """Every class of a model, whatever its depth, by label."""

    queryset = m.DataClass.objects.all()
    serializer_class = out.DataClassSerializer
    default_order = select.BY_LABEL
    operation_ids = {"list": "listAllDataClasses"}

    def restrict_queryset(self, queryset):
        return queryset.filter(model_id=self.model.pk)

    def page(self, ordering, offset, limit):
        return select.class_page("all", ordering=ordering, offset=offset, limit=limit, model=self.model.pk)


class DataClassContentViewSet(ModelItemViewSet):
    """A class's child classes, then its elements, each in index order (or sorted as asked), paged as one list."""

    queryset = m.DataClass.objects.all()
    serializer_class = out.DataClassSerializer
    operation_ids = {"list": "listDataClassContent"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["parent"] = select.data_class(self.request.user, parents["model"], self.kwargs["dc"])
        return parents

    def check_parent_permissions(self, request):
        super().check_parent_permissions(request)
        select.require_class_in_model(self.model, self.parents["parent"])
        self.parents["parent"].model = self.model

    @extend_schema(responses={200: out.ContentItemSerializer},
                   summary="List the child classes and elements of a data class")
    def list(self, request, *args, **kwargs):
        ordering = sort_order(request, self.sort_fields, select.ORDERED)
        offset, limit = page_params(request)
        count, classes, elements = select.content_page(self.parents["parent"], ordering=ordering, offset=offset,
                                                       limit=limit)
        context = {**self.get_serializer_context(), "locator": out.item_locator(self.model, self.parents["parent"])}
        as_class, as_element = out.DataClassSerializer(context=context), out.DataElementSerializer(context=context)
        items = [as_class.to_representation(c) for c in classes] + [as_element.to_representation(e) for e in elements]
        return Response({"count": count, "items": items})


class DataClassExtensionViewSet(ModelItemViewSet):
    """`extend` (`PUT …/dataClasses/{dc}/extends/{otherDataModelId}/{otherDataClassId}`) makes the class extend
    another (of the same model or a finalised one); `remove_extension` (`DELETE`, same URL) undoes it. The class
    and the other class are judged before the right: 404, 404, then 403, then 400 DCI01."""

    queryset = m.DataClass.objects.all()
    serializer_class = out.DataClassShowSerializer
    needed_rights = {"extend": EDITOR, "remove_extension": EDITOR}
    operation_ids = {"extend": "extendDataClass", "remove_extension": "removeDataClassExtension"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        user, kwargs = self.request.user, self.kwargs
        data_class = parents["data_class"] = select.data_class(user, parents["model"], kwargs["dc"])
        if self.action == "remove_extension":
            parents["extended"] = select.extension_to_remove(user, parents["model"], data_class, kwargs["other_dm"],
                                                            kwargs["other_dc"])
        else:
            parents["extended_model"] = select.data_model(user, kwargs["other_dm"])
            parents["extended"] = select.class_of_model(parents["extended_model"], kwargs["other_dc"])
        return parents

    def check_parent_permissions(self, request):
        super().check_parent_permissions(request)
        select.require_class_in_model(self.model, self.parents["data_class"])
        self.parents["data_class"].model = self.model

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc"), request=None,
                   responses={200: out.DataClassShowSerializer}, summary="Make a data class extend another")
    def extend(self, request, *args, **kwargs):
        data_class = self.parents["data_class"]
        dataclasses.extend_data_class(user=request.user, data_class=data_class, extended=self.parents["extended"],
                                      extended_model=self.parents["extended_model"])
        return Response(self.render(data_class))

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc"), request=None,
                   responses={200: out.DataClassShowSerializer}, summary="Stop a data class extending another")
    def remove_extension(self, request, *args, **kwargs):
        data_class = self.parents["data_class"]
        dataclasses.remove_extension(user=request.user, data_class=data_class, extended=self.parents["extended"])
        return Response(self.render(data_class))


# --- data elements ---------------------------------------------------------------------------------------------

class DataElementViewSet(RowListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ModelItemViewSet):
    """The elements of a class (`…/dataClasses/{dc}/dataElements[/{id}]`). The class is judged before the
    element: 404, then 403 (writes), then 400 DCI01 when it belongs to another model. `copy` brings an element
    of another readable model into the class (`…/dataElements/{otherDataModelId}/{otherDataClassId}/{id}`)."""

    queryset = m.DataElement.objects.all()
    needed_rights = {"create": EDITOR, "update": EDITOR, "destroy": EDITOR, "copy": EDITOR}
    resource = select.DATA_ELEMENT
    operation_ids = {"list": "listDataElements", "create": "createDataElement", "retrieve": "showDataElement",
                     "update": "updateDataElement", "destroy": "deleteDataElement", "copy": "copyDataElement"}

    def get_serializer_class(self):
        return out.DataElementSerializer if self.action == "list" else out.DataElementShowSerializer

    @property
    def right_on_parents(self):
        return True

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["parent"] = select.data_class(self.request.user, parents["model"], self.kwargs["dc"])
        if self.action == "copy":
            parents["source_model"] = select.data_model(self.request.user, self.kwargs["other_dm"])
            source_class = select.class_of_model(parents["source_model"], self.kwargs["other_dc"])
            parents["source"] = select.data_element(source_class, self.kwargs["de"])
        return parents

    def check_parent_permissions(self, request):
        super().check_parent_permissions(request)
        select.require_class_in_model(self.model, self.parents["parent"])
        self.parents["parent"].model = self.model

    def restrict_queryset(self, queryset):
        return select.elements_with_types(queryset.filter(data_class=self.parents["parent"]))

    def page(self, ordering, offset, limit):
        return select.element_page("class", ordering=ordering, offset=offset, limit=limit,
                                   data_class=self.parents["parent"].pk)

    def get_object(self):
        element = super().get_object()
        element.data_class = self.parents["parent"]
        return element

    def retrieve(self, request, *args, **kwargs):
        # The element as a row (`selectors.items.element_row`): what its show reads, no model instances.
        element = select.element_row(self.parents["parent"], self.kwargs[self.lookup_url_kwarg])
        self.check_object_permissions(request, element)
        return Response(self.render(element))

    def _shown(self, element):
        return select.data_element(element.data_class_id, element.pk)

    def perform_create(self, serializer):
        return self._shown(dataelements.create_data_element(user=self.request.user, data_class=self.parents["parent"],
                                                            **serializer.validated_data))

    def perform_update(self, serializer):
        return self._shown(dataelements.update_data_element(user=self.request.user, element=serializer.instance,
                                                            changes=serializer.validated_data))

    def perform_destroy(self, element):
        dataelements.delete_data_element(user=self.request.user, element=element)

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc", "de"), request=None,
                   responses={201: out.DataElementShowSerializer}, summary="Copy a data element from another model")
    def copy(self, request, *args, **kwargs):
        copy = self._shown(item_copy.copy_data_element(user=request.user, target_class=self.parents["parent"],
                                                       source_model=self.parents["source_model"],
                                                       source_element=self.parents["source"]))
        return self.created_at(copy, f"/api/dataModels/{self.model.pk}/dataClasses/{copy.data_class_id}"
                                     f"/dataElements/{copy.pk}")


class ModelDataElementsViewSet(RowListMixin, ModelItemViewSet):
    """Every element of a model, by label."""

    queryset = m.DataElement.objects.all()
    serializer_class = out.DataElementSerializer
    default_order = select.BY_LABEL
    operation_ids = {"list": "listModelDataElements"}

    def restrict_queryset(self, queryset):
        return select.elements_with_types(queryset.filter(model_id=self.model.pk))

    def page(self, ordering, offset, limit):
        return select.element_page("model", ordering=ordering, offset=offset, limit=limit, model=self.model.pk)


class TypeDataElementsViewSet(ModelDataElementsViewSet):
    """The elements typed by one data type of the model (404 when the type is not), by label."""

    operation_ids = {"list": "listDataTypeDataElements"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["dataType"] = select.data_type(parents["model"], self.kwargs["dt"])
        return parents

    def restrict_queryset(self, queryset):
        return super().restrict_queryset(queryset).filter(data_type=self.parents["dataType"])

    def page(self, ordering, offset, limit):
        return select.element_page("type", ordering=ordering, offset=offset, limit=limit, model=self.model.pk,
                                   data_type=self.parents["dataType"].pk)


# --- data types ---------------------------------------------------------------------------------------------------

class DataTypeViewSet(RowListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ModelItemViewSet):
    """The data types of a model, of every kind (`…/dataTypes[/{id}]`); `copy` brings a type (not a reference
    type) of another readable model into this one (`…/dataTypes/{otherDataModelId}/{dataTypeId}`)."""

    queryset = m.DataType.objects.all()
    needed_rights = {"create": EDITOR, "update": EDITOR, "destroy": EDITOR, "copy": EDITOR}
    resource = select.DATA_TYPE
    operation_ids = {"list": "listDataTypes", "create": "createDataType", "retrieve": "showDataType",
                     "update": "updateDataType", "destroy": "deleteDataType", "copy": "copyDataType"}

    def get_serializer_class(self):
        return out.DataTypeSerializer if self.action == "list" else out.DataTypeShowSerializer

    def resolve_parents(self):
        parents = super().resolve_parents()
        if self.action == "copy":
            parents["source_model"] = select.data_model(self.request.user, self.kwargs["other_dm"])
            parents["source"] = select.data_type(parents["source_model"], self.kwargs["dt"])
        return parents

    def restrict_queryset(self, queryset):
        return select.types_with_details(queryset.filter(model_id=self.model.pk))

    def page(self, ordering, offset, limit):
        return select.type_page(ordering=ordering, offset=offset, limit=limit, model=self.model.pk)

    def _shown(self, data_type):
        """The type as stored, with its values and referenced class loaded for the answer."""
        return self.get_queryset().get(pk=data_type.pk)

    def perform_create(self, serializer):
        return self._shown(datatypes.create_data_type(user=self.request.user, model=self.model,
                                                      **serializer.validated_data))

    def perform_update(self, serializer):
        return self._shown(datatypes.update_data_type(user=self.request.user, data_type=serializer.instance,
                                                      changes=serializer.validated_data))

    def perform_destroy(self, data_type):
        datatypes.delete_data_type(user=self.request.user, data_type=data_type)

    @extend_schema(parameters=_params("dm", "other_dm", "dt"), request=None,
                   responses={201: out.DataTypeShowSerializer}, summary="Copy a data type from another model")
    def copy(self, request, *args, **kwargs):
        copy = self._shown(item_copy.copy_data_type(user=request.user, target_model=self.model,
                                                    source_model=self.parents["source_model"],
                                                    source_type=self.parents["source"]))
        return self.created_at(copy, f"/api/dataModels/{self.model.pk}/dataTypes/{copy.pk}")


# --- enumeration values -----------------------------------------------------------------------------------------

class EnumerationValueViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ModelItemViewSet):
    """The values of an enumeration type of the model (`…/dataTypes/{dt}/enumerationValues[/{id}]`); the type is
    judged before the value: 404 (unknown, or not an enumeration of this model), then 403 on writes."""

    queryset = m.EnumerationValue.objects.all()
    serializer_class = out.EnumerationValueSerializer
    needed_rights = {"create": EDITOR, "update": EDITOR, "destroy": EDITOR}
    resource = select.ENUMERATION_VALUE
    sort_fields = {**select.ITEM_SORT_FIELDS, "key": "key", "value": "value"}
    default_order = ("index", "key")
    operation_ids = {"list": "listEnumerationValues", "create": "createEnumerationValue",
                     "retrieve": "showEnumerationValue", "update": "updateEnumerationValue",
                     "destroy": "deleteEnumerationValue"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["enumeration"] = select.enumeration_type(parents["model"], self.kwargs["dt"])
        parents["enumeration"].model = parents["model"]
        return parents

    def restrict_queryset(self, queryset):
        return queryset.filter(data_type=self.parents["enumeration"])

    def get_object(self):
        value = super().get_object()
        value.data_type = self.parents["enumeration"]
        return value

    def perform_create(self, serializer):
        return datatypes.create_enumeration_value(user=self.request.user, enumeration=self.parents["enumeration"],
                                                  **serializer.validated_data)

    def perform_update(self, serializer):
        return datatypes.update_enumeration_value(user=self.request.user, item=serializer.instance,
                                                  changes=serializer.validated_data)

    def perform_destroy(self, value):
        datatypes.delete_enumeration_value(user=self.request.user, item=value)


class EnumerationTypeValueViewSet(EnumerationValueViewSet):
    """The same values under `…/enumerationTypes/{dt}/enumerationValues[/{id}]` (own operation ids)."""

    operation_ids = {"list": "listEnumerationTypeValues", "create": "createEnumerationTypeValue",
                     "retrieve": "showEnumerationTypeValue", "update": "updateEnumerationTypeValue",
                     "destroy": "deleteEnumerationTypeValue"}
