"""Data classes, data elements, data types and enumeration values of a data model (Mauro's routes).

Each view resolves the URL in the contract's order: anonymous writes 401; the model, then every other
object the URL names, through the access policy (404 when unknown or unreadable); the editor role on
a draft, undeleted model (403); a parent class of another model (400 DCI01); then the body (400/422).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import EDITOR, require_editable_model, require_login, role_at_least, role_on
from accounts.permissions import DataModelItemPermission
from catalogue import models as m
from catalogue.api import serializers_items as out
from catalogue.selectors import items as select
from catalogue.selectors.paths import Locator
from catalogue.services import dataclasses, dataelements, datatypes, item_copy
from config.api.pagination import apply_sort, page_params, paginate
from config.api.viewsets import ApiViewSet, CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin

# --- shared plumbing ------------------------------------------------------------------------------------------

_PATH_NAMES = {"dm": "dataModelId", "dc": "dataClassId", "pk": "id", "dt": "dataTypeId", "other_dm": "otherDataModelId",
               "other_dc": "otherDataClassId", "de": "dataElementId"}


def _params(*names):
    return [OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=_PATH_NAMES.get(name, name))
            for name in names]


_LIST_PARAMS = [OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False) for name, kind in
                (("max", OpenApiTypes.INT), ("offset", OpenApiTypes.INT), ("all", OpenApiTypes.BOOL),
                 ("sort", OpenApiTypes.STR), ("order", OpenApiTypes.STR))]

TypePage = out.page_schema("DataTypePage", out.DataTypeSchema)
ValuePage = out.page_schema("EnumerationValuePage", out.EnumerationValueSchema)
ContentPage = out.page_schema("DataClassContentPage", out.DataClassSerializer)


def _locator(model):
    locator = Locator([model])
    locator.preload([model.pk])
    return locator


def _list(request, model, queryset, render, default_order):
    """`{count, items}` for one page, sorted as asked (or in the list's natural order)."""
    count, page = paginate(request, apply_sort(request, queryset, select.ITEM_SORT_FIELDS, default_order))
    locator = _locator(model)
    return Response({"count": count, "items": [render(item, locator) for item in page]})


def _created(request, body, location):
    return Response(body, status=201, headers={"Location": request.build_absolute_uri(location)})


def _writable_model(request, dm):
    """Anonymous → 401 before anything is looked up; then the readable model (404)."""
    require_login(request.user)
    return select.data_model(request.user, dm)


def _class_path(model, data_class):
    base = f"/api/dataModels/{model.pk}/dataClasses"
    if data_class.parent_data_class_id:
        return f"{base}/{data_class.parent_data_class_id}/dataClasses/{data_class.pk}"
    return f"{base}/{data_class.pk}"


def _class_show(request, model, data_class):
    data_class.model = model
    context = {"request": request, "parents": {"model": model}, "locator": _locator(model)}
    return out.DataClassShowSerializer(context=context).to_representation(data_class)


def _element_show(request, model, element):
    element = select.data_element(element.data_class_id, element.pk)
    context = {"request": request, "parents": {"model": model}, "locator": _locator(model)}
    return out.DataElementShowSerializer(context=context).to_representation(element)


def _type_show(request, model, data_type):
    data_type = select.data_type(model, data_type.pk)
    return out.data_type_show_json(data_type, _locator(model), user=request.user, model=model,
                                   classifiers=select.classifiers_of(request.user, data_type))


def _parent(request, model, dc):
    """The parent class named in the URL, read path: 404, then 400 DCI01 when it is in another model."""
    parent = select.data_class(request.user, model, dc)
    select.require_class_in_model(model, parent)
    parent.model = model
    return parent


def _editable_parent(request, model, dc):
    """The parent class named in the URL, write path: 404, then 403, then 400 DCI01."""
    parent = select.data_class(request.user, model, dc)
    require_editable_model(request.user, model)
    select.require_class_in_model(model, parent)
    parent.model = model
    return parent


# --- data classes ----------------------------------------------------------------------------------------------

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


class DataClassViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ModelItemViewSet):
    """Root classes of a model (`…/dataClasses[/{id}]`), or the child classes of a class at any depth
    (`…/dataClasses/{dc}/dataClasses[/{id}]`). A parent class is judged before the class named below it:
    404, then 403 (writes), then 400 DCI01 when it belongs to another model."""

    queryset = m.DataClass.objects.all()
    needed_rights = {"create": EDITOR, "update": EDITOR, "destroy": EDITOR}
    resource = select.DATA_CLASS
    lookup_url_kwarg = "pk"
    operation_ids = {"list": "listDataClasses", "create": "createDataClass", "retrieve": "showDataClass",
                     "update": "updateDataClass", "destroy": "deleteDataClass"}

    def get_serializer_class(self):
        return out.DataClassSerializer if self.action == "list" else out.DataClassShowSerializer

    @property
    def right_on_parents(self):
        return not self.is_detail or "dc" in self.kwargs

    def resolve_parents(self):
        parents = super().resolve_parents()
        dc = self.kwargs.get("dc")
        parents["parent"] = select.data_class(self.request.user, parents["model"], dc) if dc else None
        return parents

    def check_parent_permissions(self, request):
        super().check_parent_permissions(request)
        parent = self.parents["parent"]
        if parent is not None:
            select.require_class_in_model(self.model, parent)
            parent.model = self.model

    def restrict_queryset(self, queryset):
        return queryset.filter(model_id=self.model.pk, parent_data_class=self.parents["parent"])

    def perform_create(self, serializer):
        return dataclasses.create_data_class(user=self.request.user, model=self.model, parent=self.parents["parent"],
                                             **serializer.validated_data)

    def perform_update(self, serializer):
        return dataclasses.update_data_class(user=self.request.user, data_class=serializer.instance,
                                             changes=serializer.validated_data)

    def perform_destroy(self, data_class):
        dataclasses.delete_data_class(user=self.request.user, data_class=data_class)


class ChildDataClassViewSet(DataClassViewSet):
    operation_ids = {"list": "listChildDataClasses", "create": "createChildDataClass",
                     "retrieve": "showChildDataClass", "update": "updateChildDataClass",
                     "destroy": "deleteChildDataClass"}


class AllDataClassesViewSet(ListMixin, ModelItemViewSet):
    """Every class of a model, whatever its depth, by label."""

    queryset = m.DataClass.objects.all()
    serializer_class = out.DataClassSerializer
    default_order = select.BY_LABEL
    operation_ids = {"list": "listAllDataClasses"}

    def restrict_queryset(self, queryset):
        return queryset.filter(model_id=self.model.pk)


class DataClassContentView(APIView):
    """A class's child classes, then its elements, each in index order (or sorted as asked), paged as one list."""

    @extend_schema(parameters=_LIST_PARAMS, responses={200: ContentPage},
                   summary="List the child classes and elements of a data class",
                   operation_id="listDataClassContent")
    def get(self, request, dm, dc):
        model = select.data_model(request.user, dm)
        parent = _parent(request, model, dc)
        offset, limit = page_params(request)
        classes = apply_sort(request, select.child_classes(parent), select.ITEM_SORT_FIELDS, select.ORDERED)
        elements = apply_sort(request, select.class_elements(parent), select.ITEM_SORT_FIELDS, select.ORDERED)
        class_count, element_count = classes.count(), elements.count()
        stop = None if limit is None else offset + limit
        page = list(classes[offset:stop]) if offset < class_count and stop != offset else []
        element_start = max(offset - class_count, 0)
        element_stop = None if stop is None else max(stop - class_count, 0)
        if element_start < element_count and (element_stop is None or element_stop > element_start):
            page += list(elements[element_start:element_stop])
        locator = _locator(model)
        return Response({"count": class_count + element_count, "items": [out.content_json(i, locator) for i in page]})


def _copy_class(request, dm, dc, other_dm, other_dc):
    model = _writable_model(request, dm)
    parent = select.data_class(request.user, model, dc) if dc else None
    source_model = select.data_model(request.user, other_dm)
    source = select.class_of_model(source_model, other_dc)
    require_editable_model(request.user, model)
    if parent is not None:
        select.require_class_in_model(model, parent)
    copy = item_copy.copy_data_class(user=request.user, target_model=model, target_parent=parent,
                                     source_model=source_model, source_class=source)
    return _created(request, _class_show(request, model, copy), _class_path(model, copy))


class DataClassCopyView(APIView):
    """Deep copy of a class of another readable model to this model's root."""

    @extend_schema(parameters=_params("dm", "other_dm", "other_dc"), request=None,
                   responses={201: out.DataClassShowSerializer}, summary="Copy a data class from another model",
                   operation_id="copyDataClass")
    def post(self, request, dm, other_dm, other_dc):
        return _copy_class(request, dm, None, other_dm, other_dc)


class ChildDataClassCopyView(APIView):
    """Deep copy of a class of another readable model under a class of this model."""

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc"), request=None,
                   responses={201: out.DataClassShowSerializer}, summary="Copy a data class under a data class",
                   operation_id="copyChildDataClass")
    def post(self, request, dm, dc, other_dm, other_dc):
        return _copy_class(request, dm, dc, other_dm, other_dc)


class DataClassExtendView(APIView):
    """`PUT` makes the class extend another (same model or a finalised one); `DELETE` undoes it."""

    def _resolve(self, request, dm, dc, other_dm, other_dc):
        model = _writable_model(request, dm)
        data_class = select.data_class(request.user, model, dc)
        extended_model = select.data_model(request.user, other_dm)
        extended = select.class_of_model(extended_model, other_dc)
        require_editable_model(request.user, model)
        select.require_class_in_model(model, data_class)
        data_class.model = model
        return model, data_class, extended_model, extended

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc"), request=None,
                   responses={200: out.DataClassShowSerializer}, summary="Make a data class extend another",
                   operation_id="extendDataClass")
    def put(self, request, dm, dc, other_dm, other_dc):
        model, data_class, extended_model, extended = self._resolve(request, dm, dc, other_dm, other_dc)
        dataclasses.extend_data_class(user=request.user, data_class=data_class, extended=extended,
                                      extended_model=extended_model)
        return Response(_class_show(request, model, data_class))

    def _resolve_removal(self, request, dm, dc, other_dm, other_dc):
        """An editor of the extending class may remove its link to a class they can no longer read (the link is
        theirs; the target's label and content stay hidden). Anyone else resolves the target as for `PUT`, so
        an unreadable target is a 404 whether or not the link exists."""
        model = _writable_model(request, dm)
        data_class = select.data_class(request.user, model, dc)
        if data_class.model_id == model.pk and role_at_least(role_on(request.user, model), EDITOR):
            extended = select.extension_target(data_class, other_dm, other_dc)
            if extended is not None:
                require_editable_model(request.user, model)
                data_class.model = model
                return model, data_class, extended
        model, data_class, _, extended = self._resolve(request, dm, dc, other_dm, other_dc)
        return model, data_class, extended

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc"), request=None,
                   responses={200: out.DataClassShowSerializer}, summary="Stop a data class extending another",
                   operation_id="removeDataClassExtension")
    def delete(self, request, dm, dc, other_dm, other_dc):
        model, data_class, extended = self._resolve_removal(request, dm, dc, other_dm, other_dc)
        dataclasses.remove_extension(user=request.user, data_class=data_class, extended=extended)
        return Response(_class_show(request, model, data_class))


# --- data elements ---------------------------------------------------------------------------------------------

def _element_path(model, element):
    return f"/api/dataModels/{model.pk}/dataClasses/{element.data_class_id}/dataElements/{element.pk}"


class DataElementViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ModelItemViewSet):
    """The elements of a class (`…/dataClasses/{dc}/dataElements[/{id}]`). The class is judged before the
    element: 404, then 403 (writes), then 400 DCI01 when it belongs to another model."""

    queryset = m.DataElement.objects.all()
    needed_rights = {"create": EDITOR, "update": EDITOR, "destroy": EDITOR}
    resource = select.DATA_ELEMENT
    operation_ids = {"list": "listDataElements", "create": "createDataElement", "retrieve": "showDataElement",
                     "update": "updateDataElement", "destroy": "deleteDataElement"}

    def get_serializer_class(self):
        return out.DataElementSerializer if self.action == "list" else out.DataElementShowSerializer

    @property
    def right_on_parents(self):
        return True

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["parent"] = select.data_class(self.request.user, parents["model"], self.kwargs["dc"])
        return parents

    def check_parent_permissions(self, request):
        super().check_parent_permissions(request)
        select.require_class_in_model(self.model, self.parents["parent"])
        self.parents["parent"].model = self.model

    def restrict_queryset(self, queryset):
        return select.elements_with_types(queryset.filter(data_class=self.parents["parent"]))

    def get_object(self):
        element = super().get_object()
        element.data_class = self.parents["parent"]
        return element

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


class ModelDataElementsViewSet(ListMixin, ModelItemViewSet):
    """Every element of a model, by label."""

    queryset = m.DataElement.objects.all()
    serializer_class = out.DataElementSerializer
    default_order = select.BY_LABEL
    operation_ids = {"list": "listModelDataElements"}

    def restrict_queryset(self, queryset):
        return select.elements_with_types(queryset.filter(model_id=self.model.pk))


class TypeDataElementsViewSet(ModelDataElementsViewSet):
    """The elements typed by one data type of the model (404 when the type is not), by label."""

    operation_ids = {"list": "listDataTypeDataElements"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["dataType"] = select.data_type(parents["model"], self.kwargs["dt"])
        return parents

    def restrict_queryset(self, queryset):
        return super().restrict_queryset(queryset).filter(data_type=self.parents["dataType"])


class DataElementCopyView(APIView):
    """Copy an element of a class of another readable model into a class of this model."""

    @extend_schema(parameters=_params("dm", "dc", "other_dm", "other_dc", "de"), request=None,
                   responses={201: out.DataElementShowSerializer}, summary="Copy a data element from another model",
                   operation_id="copyDataElement")
    def post(self, request, dm, dc, other_dm, other_dc, de):
        model = _writable_model(request, dm)
        parent = select.data_class(request.user, model, dc)
        source_model = select.data_model(request.user, other_dm)
        source = select.data_element(select.class_of_model(source_model, other_dc), de)
        require_editable_model(request.user, model)
        select.require_class_in_model(model, parent)
        parent.model = model
        copy = item_copy.copy_data_element(user=request.user, target_class=parent, source_model=source_model,
                                           source_element=source)
        return _created(request, _element_show(request, model, copy), _element_path(model, copy))


# --- data types ---------------------------------------------------------------------------------------------------

def _type_path(model, data_type):
    return f"/api/dataModels/{model.pk}/dataTypes/{data_type.pk}"


class DataTypesView(APIView):
    @extend_schema(parameters=_LIST_PARAMS, responses={200: TypePage},
                   summary="List the data types of a model",
                   operation_id="listDataTypes")
    def get(self, request, dm):
        model = select.data_model(request.user, dm)
        return _list(request, model, select.model_types(model), out.data_type_json, select.ORDERED)

    @extend_schema(request=out.DataTypeBody, responses={201: out.DataTypeSchema},
                   summary="Create a data type",
                   operation_id="createDataType")
    def post(self, request, dm):
        model = _writable_model(request, dm)
        require_editable_model(request.user, model)
        fields = out.read_body(out.DataTypeBody, request.data)
        fields.setdefault("domain_type", None)
        data_type = datatypes.create_data_type(user=request.user, model=model, **fields)
        return _created(request, _type_show(request, model, data_type), _type_path(model, data_type))


class DataTypeView(APIView):
    def _write(self, request, dm, pk):
        model = _writable_model(request, dm)
        data_type = select.data_type(model, pk)
        require_editable_model(request.user, model)
        data_type.model = model
        return model, data_type

    @extend_schema(responses={200: out.DataTypeSchema}, summary="Show a data type", operation_id="showDataType")
    def get(self, request, dm, pk):
        model = select.data_model(request.user, dm)
        return Response(_type_show(request, model, select.data_type(model, pk)))

    @extend_schema(request=out.DataTypeBody, responses={200: out.DataTypeSchema},
                   summary="Update (or move) a data type",
                   operation_id="updateDataType")
    def put(self, request, dm, pk):
        model, data_type = self._write(request, dm, pk)
        changes = out.read_body(out.DataTypeBody, request.data, partial=True)
        data_type = datatypes.update_data_type(user=request.user, data_type=data_type, changes=changes)
        return Response(_type_show(request, model, data_type))

    @extend_schema(request=None, responses={204: None},
                   summary="Delete a data type no element uses",
                   operation_id="deleteDataType")
    def delete(self, request, dm, pk):
        _, data_type = self._write(request, dm, pk)
        datatypes.delete_data_type(user=request.user, data_type=data_type)
        return Response(status=204)


class DataTypeCopyView(APIView):
    """Copy a type (not a reference type) of another readable model into this model."""

    @extend_schema(parameters=_params("dm", "other_dm", "dt"), request=None, responses={201: out.DataTypeSchema},
                   summary="Copy a data type from another model",
                   operation_id="copyDataType")
    def post(self, request, dm, other_dm, dt):
        model = _writable_model(request, dm)
        source_model = select.data_model(request.user, other_dm)
        source = select.data_type(source_model, dt)
        require_editable_model(request.user, model)
        copy = item_copy.copy_data_type(user=request.user, target_model=model, source_model=source_model,
                                        source_type=source)
        return _created(request, _type_show(request, model, copy), _type_path(model, copy))


# --- enumeration values -----------------------------------------------------------------------------------------

def _value_path(request, model, value):
    segment = "enumerationTypes" if "/enumerationTypes/" in request.path else "dataTypes"
    return f"/api/dataModels/{model.pk}/{segment}/{value.data_type_id}/enumerationValues/{value.pk}"


class EnumerationValuesView(APIView):
    """The values of an enumeration type (`…/dataTypes/{id}/…` and `…/enumerationTypes/{id}/…`)."""

    @extend_schema(parameters=_LIST_PARAMS, responses={200: ValuePage},
                   summary="List the values of an enumeration type",
                   operation_id="listEnumerationValues")
    def get(self, request, dm, dt):
        model = select.data_model(request.user, dm)
        enumeration = select.enumeration_type(model, dt)
        queryset = apply_sort(request, select.type_values(enumeration), {**select.ITEM_SORT_FIELDS, "key": "key",
                                                                         "value": "value"}, ("index", "key"))
        count, page = paginate(request, queryset)
        return Response({"count": count, "items": [out.enumeration_value_json(v) for v in page]})

    @extend_schema(request=out.EnumerationValueBody,
                   responses={201: out.EnumerationValueSchema}, summary="Add a value to an enumeration type",
                   operation_id="createEnumerationValue")
    def post(self, request, dm, dt):
        model = _writable_model(request, dm)
        enumeration = select.enumeration_type(model, dt)
        require_editable_model(request.user, model)
        enumeration.model = model
        fields = out.read_body(out.EnumerationValueBody, request.data)
        value = datatypes.create_enumeration_value(user=request.user, enumeration=enumeration, **fields)
        return _created(request, out.enumeration_value_json(value), _value_path(request, model, value))


class EnumerationValueView(APIView):
    def _write(self, request, dm, dt, pk):
        model = _writable_model(request, dm)
        enumeration = select.enumeration_type(model, dt)
        value = select.enumeration_value(enumeration, pk)
        require_editable_model(request.user, model)
        enumeration.model = model
        value.data_type = enumeration
        return value

    @extend_schema(responses={200: out.EnumerationValueSchema},
                   summary="Show an enumeration value",
                   operation_id="showEnumerationValue")
    def get(self, request, dm, dt, pk):
        model = select.data_model(request.user, dm)
        value = select.enumeration_value(select.enumeration_type(model, dt), pk)
        return Response(out.enumeration_value_json(value))

    @extend_schema(request=out.EnumerationValueBody,
                   responses={200: out.EnumerationValueSchema}, summary="Update (or move) an enumeration value",
                   operation_id="updateEnumerationValue")
    def put(self, request, dm, dt, pk):
        value = self._write(request, dm, dt, pk)
        changes = out.read_body(out.EnumerationValueBody, request.data, partial=True)
        value = datatypes.update_enumeration_value(user=request.user, item=value, changes=changes)
        return Response(out.enumeration_value_json(value))

    @extend_schema(request=None, responses={204: None},
                   summary="Delete an enumeration value",
                   operation_id="deleteEnumerationValue")
    def delete(self, request, dm, dt, pk):
        value = self._write(request, dm, dt, pk)
        datatypes.delete_enumeration_value(user=request.user, item=value)
        return Response(status=204)


# --- the same views on their second routes (own operation ids in the OpenAPI document) ---------------------------

@extend_schema_view(get=extend_schema(operation_id="listEnumerationTypeValues"),
                    post=extend_schema(operation_id="createEnumerationTypeValue"))
class EnumerationTypeValuesView(EnumerationValuesView):
    pass


@extend_schema_view(get=extend_schema(operation_id="showEnumerationTypeValue"),
                    put=extend_schema(operation_id="updateEnumerationTypeValue"),
                    delete=extend_schema(operation_id="deleteEnumerationTypeValue"))
class EnumerationTypeValueView(EnumerationValueView):
    pass
