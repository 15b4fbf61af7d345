"""A data model's whole hierarchy, and finding items by path (contract §5.3 `hierarchy`, §5.8)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.access import get_readable, readable_classifiers, readable_folders, readable_models
from catalogue import models as m
from catalogue.api.serializers_containers import is_true
from catalogue.api.serializers_paths import found_item_json, hierarchy_json
from catalogue.api.views_containers import CatalogueView
from catalogue.selectors.datamodels import readable_data_models
from catalogue.selectors.domain_segments import item_class_for
from catalogue.selectors.hierarchy import load_hierarchy
from catalogue.selectors.path_lookup import PREFIX_MAPPINGS, resolve_path
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid

FINALISED_PARAMETER = OpenApiParameter("finalised", bool, description="Only consider finalised models")

#: `{type}` segment beginnings → the model domain type they name.
MODEL_SEGMENTS = {"dataModel": m.ModelDomainType.DATA_MODEL, "terminolog": m.ModelDomainType.TERMINOLOGY,
                  "codeSet": m.ModelDomainType.CODE_SET, "referenceDataModel": m.ModelDomainType.REFERENCE_DATA_MODEL}


class DataModelHierarchyView(CatalogueView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showDataModelHierarchy",
                   summary="The model with its data types and all its classes, nested, with their elements")
    def get(self, request, model_id):
        pk = parse_uuid(model_id, "DataModel")
        model = readable_data_models(request.user).filter(pk=pk).first()
        if model is None:
            raise NotFound("DataModel", pk)
        return Response(hierarchy_json(load_hierarchy(request.user, model), user=request.user))


def _root_class(segment):
    """The securable class a `{type}` segment names; model items cannot be searched from (400 PS03)."""
    cls = item_class_for(segment)
    if cls not in (m.Folder, m.Classifier, m.CatalogueModel):
        raise BadRequest(f"No service available to handle [{cls.__name__}]", error_code="PS03")
    return cls


def _model_domain(segment):
    camel = segment[:1].lower() + segment[1:]
    for start, domain in MODEL_SEGMENTS.items():
        if camel.startswith(start):
            return domain
    return m.ModelDomainType.DATA_MODEL


def _fetch_root(user, segment, resource_id):
    cls = _root_class(segment)
    if cls is m.Folder:
        return get_readable(readable_folders, user, m.Folder.objects.all(), parse_uuid(resource_id, "Folder"),
                            "Folder")
    if cls is m.Classifier:
        return get_readable(readable_classifiers, user, m.Classifier.objects.all(),
                            parse_uuid(resource_id, "Classifier"), "Classifier")
    domain = _model_domain(segment)
    queryset = m.CatalogueModel.objects.filter(model_domain_type=domain).select_related("folder", "authority")
    return get_readable(readable_models, user, queryset, parse_uuid(resource_id, str(domain)), str(domain))


def _found(request, item, path):
    if item is None:
        raise NotFound("CreatorAware", path)
    return Response(found_item_json(item, user=request.user))


class PathFromRootView(CatalogueView):
    @extend_schema(parameters=[FINALISED_PARAMETER], responses={200: OpenApiTypes.OBJECT},
                   operation_id="findByPath", summary="The item a path names, searched from the top level")
    def get(self, request, domain_type, path):
        root_cls = _root_class(domain_type)
        item = resolve_path(request.user, path, root_cls=root_cls,
                            finalised=is_true(request.query_params.get("finalised")))
        return _found(request, item, path)


class PathFromResourceView(CatalogueView):
    @extend_schema(parameters=[FINALISED_PARAMETER], responses={200: OpenApiTypes.OBJECT},
                   operation_id="findByPathInResource", summary="The item a path names inside a readable resource")
    def get(self, request, domain_type, resource_id, path):
        root = _fetch_root(request.user, domain_type, resource_id)
        item = resolve_path(request.user, path, root=root, finalised=is_true(request.query_params.get("finalised")))
        return _found(request, item, path)


class PrefixMappingsView(CatalogueView):
    @extend_schema(responses={200: {"type": "object", "additionalProperties": {"type": "string"}}},
                   operation_id="listPathPrefixMappings", summary="Path prefix → domain type")
    def get(self, request):
        return Response(dict(sorted(PREFIX_MAPPINGS.items())))
