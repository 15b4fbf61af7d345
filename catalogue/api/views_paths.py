"""A data model's whole hierarchy, and finding items by path (contract §5.3 `hierarchy`, §5.8).

All reads: whatever the URL names (the model, the resource searched from) is found through the access policy's
readable querysets (404 otherwise), and a path only ever reaches items the caller may read. A `{domain_type}` that
names nothing, or a kind that cannot be searched from, is a 400 (`check_route`).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts.access import get_readable, readable_classifiers, readable_folders, readable_models
from catalogue import models as m
from catalogue.api.common import is_true
from catalogue.api.serializers_paths import (
    PATH_ITEM,
    DataModelHierarchySchema,
    found_item_json,
    hierarchy_json,
)
from catalogue.selectors.datamodels import readable_data_models
from catalogue.selectors.domain_segments import item_class_for
from catalogue.selectors.hierarchy import load_hierarchy
from catalogue.selectors.path_lookup import PREFIX_MAPPINGS, resolve_path
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid
from config.api.viewsets import ApiViewSet, RetrieveMixin

FINALISED_PARAMETER = OpenApiParameter("finalised", bool, description="Only consider finalised models")

#: `{type}` segment beginnings → the model domain type they name.
MODEL_SEGMENTS = {"dataModel": m.ModelDomainType.DATA_MODEL, "terminolog": m.ModelDomainType.TERMINOLOGY,
                  "codeSet": m.ModelDomainType.CODE_SET, "referenceDataModel": m.ModelDomainType.REFERENCE_DATA_MODEL}


class DataModelHierarchyViewSet(RetrieveMixin, ApiViewSet):
    """The model with its data types and all its classes, nested, with their elements."""

    queryset = m.CatalogueModel.objects.all()
    serializer_class = DataModelHierarchySchema
    resource = "DataModel"
    lookup_url_kwarg = "model_id"
    operation_ids = {"retrieve": "showDataModelHierarchy"}

    def restrict_queryset(self, queryset):
        return readable_data_models(self.request.user)

    @extend_schema(summary="The model with its data types and all its classes, nested, with their elements")
    def retrieve(self, request, *args, **kwargs):
        model = self.get_object()
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


class PathFromRootViewSet(ApiViewSet):
    """The item a path names, searched from the top level of the kind `{domain_type}` names."""

    operation_ids = {"find": "findByPath"}

    def check_route(self):
        self.root_class = _root_class(self.kwargs["domain_type"])

    def lookup(self, **where):
        path = self.kwargs["path"]
        item = resolve_path(self.request.user, path, finalised=is_true(self.request.query_params.get("finalised")),
                            **where)
        if item is None:
            raise NotFound("CreatorAware", path)
        return Response(found_item_json(item, request=self.request))

    @extend_schema(parameters=[FINALISED_PARAMETER], responses={200: PATH_ITEM},
                   summary="The item a path names, searched from the top level")
    def find(self, request, *args, **kwargs):
        return self.lookup(root_cls=self.root_class)


class PathFromResourceViewSet(PathFromRootViewSet):
    """The item a path names inside the folder, classifier or model `{domain_type}/{resource_id}` names."""

    operation_ids = {"find": "findByPathInResource"}

    def resolve_parents(self):
        user, raw_id = self.request.user, self.kwargs["resource_id"]
        if self.root_class is m.Folder:
            root = get_readable(readable_folders, user, m.Folder.objects.all(), parse_uuid(raw_id, "Folder"),
                                "Folder")
        elif self.root_class is m.Classifier:
            root = get_readable(readable_classifiers, user, m.Classifier.objects.all(),
                                parse_uuid(raw_id, "Classifier"), "Classifier")
        else:
            domain = _model_domain(self.kwargs["domain_type"])
            queryset = m.CatalogueModel.objects.filter(model_domain_type=domain).select_related("folder", "authority")
            root = get_readable(readable_models, user, queryset, parse_uuid(raw_id, str(domain)), str(domain))
        return {"root": root}

    @extend_schema(parameters=[FINALISED_PARAMETER], responses={200: PATH_ITEM},
                   summary="The item a path names inside a readable resource")
    def find(self, request, *args, **kwargs):
        return self.lookup(root=self.parents["root"])


class PrefixMappingsViewSet(ApiViewSet):
    """Path prefix → the domain type it names."""

    pagination_class = None
    operation_ids = {"show": "listPathPrefixMappings"}

    @extend_schema(summary="Path prefix → domain type", responses={200: inline_serializer(
        "PathPrefixMappings", {prefix: serializers.CharField() for prefix in sorted(PREFIX_MAPPINGS)})})
    def show(self, request, *args, **kwargs):
        return Response(dict(sorted(PREFIX_MAPPINGS.items())))
