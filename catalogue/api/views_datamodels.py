"""Data models as whole objects (contract §5.3 first bullets, §7.3): create in a folder, list, show,
update, move, soft/permanent delete, restore and the administrators' bulk delete."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts.access import require_login
from catalogue.api.serializers_containers import MISSING, Body, is_true
from catalogue.api.serializers_datamodels import data_model_json, data_models_json
from catalogue.api.views_containers import (
    LIST_PARAMETERS,
    LIST_RESPONSE,
    PERMANENT_PARAMETER,
    CatalogueView,
    created_response,
    fetch_folder,
    list_response,
)
from catalogue.selectors.datamodels import MODEL_DEFAULT_ORDER, MODEL_SORT_FIELDS, readable_data_models
from catalogue.services import datamodels as services
from catalogue.services.containers import ensure_site_admin
from config.api.errors import BadRequest, NotFound, Unprocessable
from config.api.ids import parse_uuid

DATA_MODEL = "DataModel"

DATA_MODEL_BODY = inline_serializer("DataModelBody", {
    "label": serializers.CharField(),
    "description": serializers.CharField(required=False, allow_null=True),
    "author": serializers.CharField(required=False, allow_null=True),
    "organisation": serializers.CharField(required=False, allow_null=True),
    "type": serializers.ChoiceField(choices=services.MODEL_TYPES, required=False),
    "aliases": serializers.ListField(child=serializers.CharField(), required=False),
    "readableByEveryone": serializers.BooleanField(required=False),
    "readableByAuthenticatedUsers": serializers.BooleanField(required=False),
})
DELETE_MANY_BODY = inline_serializer("DeleteDataModelsBody", {
    "ids": serializers.ListField(child=serializers.UUIDField()),
    "permanent": serializers.BooleanField(required=False),
})

#: JSON key → model field, for the plain text fields of a data model body.
TEXT_FIELDS = {"description": "description", "author": "author", "organisation": "organisation"}
FLAG_FIELDS = {"readableByEveryone": "readable_by_everyone",
               "readableByAuthenticatedUsers": "readable_by_authenticated_users"}


def fetch_data_model(user, model_id):
    """A data model the caller may read (with folder and authority), else the DataModel 404."""
    pk = parse_uuid(model_id, DATA_MODEL)
    model = readable_data_models(user).filter(pk=pk).first()
    if model is None:
        raise NotFound(DATA_MODEL, pk)
    return model


def model_changes(body, *, creating):
    """{service field: value} from a data model body (label required on create: missing/null → 400)."""
    changes = {}
    if creating:
        changes["label"] = body.required_text("label")
    else:
        label = body.raw_text("label")
        if label is not MISSING:
            changes["label"] = label
    for key, field in TEXT_FIELDS.items():
        value = body.text(key)
        if value is not MISSING:
            changes[field] = value
    if "type" in body:
        changes["model_type"] = body.raw_text("type")
    aliases = body.string_list("aliases")
    if aliases is not MISSING:
        changes["aliases"] = aliases
    for key, field in FLAG_FIELDS.items():
        value = body.boolean(key)
        if value is not MISSING:
            changes[field] = value
    return changes


def _show(request, model):
    return data_model_json(model, user=request.user)


def _page(request):
    return lambda page: data_models_json(page, user=request.user)


class FolderDataModelsView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS, responses={200: LIST_RESPONSE}, operation_id="listFolderDataModels")
    def get(self, request, folder_id):
        folder = fetch_folder(request.user, folder_id)
        return list_response(request, readable_data_models(request.user, folder=folder), _page(request),
                             sort_fields=MODEL_SORT_FIELDS, default_order=MODEL_DEFAULT_ORDER)

    @extend_schema(request=DATA_MODEL_BODY, responses={201: OpenApiTypes.OBJECT}, operation_id="createDataModel",
                   summary="Create a data model in a folder (the only way to create one)")
    def post(self, request, folder_id):
        folder = fetch_folder(request.user, folder_id)
        services.ensure_can_create_in_folder(request.user, folder)
        changes = model_changes(Body(request.data, domain_type=DATA_MODEL), creating=True)
        if "aliases" not in changes:
            changes["aliases"] = []
        model = services.create_data_model(user=request.user, folder=folder, **changes)
        model = fetch_data_model(request.user, model.pk)
        return created_response(request, _show(request, model), f"/api/dataModels/{model.pk}")


class FolderDataModelMoveView(CatalogueView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="moveDataModelToFolder")
    def put(self, request, folder_id, model_id):
        return _move(request, model_id, folder_id)


class DataModelFolderView(CatalogueView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="changeDataModelFolder")
    def put(self, request, model_id, folder_id):
        return _move(request, model_id, folder_id)


def _move(request, model_id, folder_id):
    model = fetch_data_model(request.user, model_id)
    destination = fetch_folder(request.user, folder_id)
    services.ensure_can_move(request.user, model, destination)
    model = services.move_data_model(user=request.user, model=model, destination=destination)
    return Response(_show(request, model))


class DataModelListView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS, responses={200: LIST_RESPONSE}, operation_id="listDataModels",
                   summary="Every data model the caller may read")
    def get(self, request):
        return list_response(request, readable_data_models(request.user), _page(request),
                             sort_fields=MODEL_SORT_FIELDS, default_order=MODEL_DEFAULT_ORDER)

    @extend_schema(request=DELETE_MANY_BODY, responses={200: LIST_RESPONSE, 204: None},
                   operation_id="deleteDataModels", summary="Administrators: soft or permanently delete many models")
    def delete(self, request):
        ensure_site_admin(request.user)
        body = Body(request.data, domain_type="DeleteAllParams")
        ids = _model_ids(body)
        permanent = body.boolean("permanent")
        models = list(readable_data_models(request.user).filter(pk__in=ids))
        found = {x.pk for x in models}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise NotFound(DATA_MODEL, missing[0])
        remaining = services.delete_data_models(user=request.user, models=models, permanent=permanent is True)
        if not remaining:
            return Response(status=204)
        remaining.sort(key=lambda x: (x.label, x.branch_name, str(x.pk)))
        return Response({"count": len(remaining), "items": data_models_json(remaining, user=request.user)})


def _model_ids(body):
    if body.data.get("ids") is None:
        message = "Property [ids] of class [DeleteAllParams] cannot be null"
        raise BadRequest(message, error_code="REQ02", extra={"total": 1, "errors": [{"message": message,
                                                                                      "field": "ids"}]})
    raw = body.data["ids"]
    if not isinstance(raw, list) or not raw:
        raise Unprocessable([{"message": "Property [ids] of class [DeleteAllParams] must be a non-empty list of ids",
                              "field": "ids"}])
    ids = []
    for value in raw:
        try:
            ids.append(parse_uuid(value, DATA_MODEL))
        except NotFound:
            raise Unprocessable([{"message": f"Property [ids] of class [DeleteAllParams] with value [{value}] is not "
                                             "a valid id", "field": "ids"}])
    return list(dict.fromkeys(ids))


class DataModelTypesView(CatalogueView):
    @extend_schema(responses={200: {"type": "array", "items": {"type": "string", "enum": services.MODEL_TYPES}}},
                   operation_id="listDataModelTypes", summary="The data model types (a bare array)")
    def get(self, request):
        require_login(request.user)
        return Response(list(services.MODEL_TYPES))


class DataModelDetailView(CatalogueView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showDataModel")
    def get(self, request, model_id):
        return Response(_show(request, fetch_data_model(request.user, model_id)))

    @extend_schema(request=DATA_MODEL_BODY, responses={200: OpenApiTypes.OBJECT}, operation_id="updateDataModel")
    def put(self, request, model_id):
        model = fetch_data_model(request.user, model_id)
        body = Body(request.data, domain_type=DATA_MODEL)
        services.ensure_can_update(request.user, model, body.keys())
        changes = model_changes(body, creating=False)
        if "aliases" in changes:
            changes["aliases_string"] = services.aliases_string(changes.pop("aliases"))
        model = services.update_data_model(user=request.user, model=model, changes=changes)
        return Response(_show(request, model))

    @extend_schema(parameters=[PERMANENT_PARAMETER], responses={200: OpenApiTypes.OBJECT, 204: None},
                   operation_id="deleteDataModel", summary="Soft delete, or with permanent=true remove for good")
    def delete(self, request, model_id):
        model = fetch_data_model(request.user, model_id)
        permanent = is_true(request.query_params.get("permanent"))
        services.ensure_can_delete(request.user, model, permanent=permanent)
        if permanent:
            services.permanently_delete_data_models(user=request.user, models=[model])
            return Response(status=204)
        return Response(_show(request, services.soft_delete_data_model(user=request.user, model=model)))


class UndoSoftDeleteView(CatalogueView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="undoSoftDeleteDataModel")
    def put(self, request, model_id):
        ensure_site_admin(request.user)
        model = fetch_data_model(request.user, model_id)
        return Response(_show(request, services.undo_soft_delete_data_model(user=request.user, model=model)))

