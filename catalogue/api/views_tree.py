"""The catalogue tree (contract §5.7): folders and classifiers, a container's or item's children, the ancestors
of an item and the whole tree of one model. Lists are bare JSON arrays; ancestors and the whole-model tree
are one node each, as Mauro answers them.

Reading is all the tree does, so no permission class judges it: what a caller may see is decided by the
restricted querysets of `catalogue.selectors.tree` (an unreadable container, item or model is a 404, and
hidden folders and models never appear). The order of one request: an unknown `{containerDomainType}` or
`{catalogueItemDomainType}` is a 400, the object named in the URL a 404, then a bad query option a 400.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from catalogue import models as m
from catalogue.api.common import query_flag as _flag
from catalogue.api.serializers_tree import TreeNodeSerializer
from catalogue.selectors import tree
from catalogue.selectors.domain_segments import item_class_for
from config.api.errors import BadRequest
from config.api.ids import parse_uuid
from config.api.viewsets import ApiViewSet

TREE_OPTIONS = ["includeDeleted", "includeDocumentSuperseded", "includeModelSuperseded"]
ROOT_OPTIONS = ["containersOnly", "foldersOnly", "modelCreatableOnly", "noCache", *TREE_OPTIONS]
ITEM_OPTIONS = ["includeImported", *TREE_OPTIONS]


def _options(request):
    for name in ROOT_OPTIONS + ITEM_OPTIONS:
        _flag(request, name)  # every accepted option is validated, even those with no effect here
    return tree.TreeOptions.for_user(
        request.user,
        include_deleted=_flag(request, "includeDeleted"),
        include_document_superseded=_flag(request, "includeDocumentSuperseded"),
        include_model_superseded=_flag(request, "includeModelSuperseded"))


# --- URL segments --------------------------------------------------------------------------------------------

def container_class_for(segment):
    """The container class behind `/api/tree/{containerDomainType}`; versioned folders and non-containers → 400."""
    if segment.lower().rstrip("s") == "versionedfolder":
        raise BadRequest("Tree called for VersionedFolder, this is not allowed", error_code="TII02")
    cls = item_class_for(segment)
    if cls not in tree.CONTAINER_CLASSES:
        raise BadRequest(f"Tree called for non-Container class {segment}", error_code="TII01")
    return cls


def _segment_class_name(segment):
    """`dataModels` → `DataModel`, `terminologies` → `Terminology`, `primitiveType` → `PrimitiveType`."""
    name = segment
    if name.endswith("sses"):
        name = name[:-2]
    elif name.endswith("ies"):
        name = name[:-3] + "y"
    elif name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]
    return name[:1].upper() + name[1:]


def item_kind_for(segment):
    """What `{catalogueItemDomainType}` names; a model or type segment also narrows to that kind."""
    cls = item_class_for(segment)
    name = _segment_class_name(segment)
    if cls is m.CatalogueModel:
        return tree.ItemKind(cls, name, {"model_domain_type": name})
    if cls is m.DataType:
        return tree.ItemKind(cls, name, {"kind": name} if name in m.DataTypeKind.values else {})
    return tree.ItemKind(cls, cls.domain_type)


def model_kind_for(segment):
    """`/api/tree/full/{modelDomainType}`: only model kinds are accepted."""
    kind = item_kind_for(segment)
    if kind.cls is not m.CatalogueModel:
        raise BadRequest(f"Tree called for non-Model class {segment}", error_code="TII02")
    return kind


def _params(names):
    return [OpenApiParameter(name, OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False) for name in names]


CONTAINER_TYPE = OpenApiParameter("containerDomainType", OpenApiTypes.STR, OpenApiParameter.PATH,
                                  description="folders or classifiers (versionedFolders → 400)")
ITEM_TYPE = OpenApiParameter("catalogueItemDomainType", OpenApiTypes.STR, OpenApiParameter.PATH,
                             description="e.g. dataModels, dataClasses, folders")
MODEL_TYPE = OpenApiParameter("modelDomainType", OpenApiTypes.STR, OpenApiParameter.PATH,
                              description="dataModels, terminologies, codeSets or referenceDataModels")


ITEM_PARAMETERS = [CONTAINER_TYPE, ITEM_TYPE,
                   OpenApiParameter("catalogueItemId", OpenApiTypes.UUID, OpenApiParameter.PATH)]


class TreeViewSet(ApiViewSet):
    """`/api/tree/{containerDomainType}/...` and `/api/tree/full/{modelDomainType}/{modelId}`: nodes rendered by
    `TreeNodeSerializer`; `self.parents` holds the container, item or model the URL names."""

    serializer_class = TreeNodeSerializer
    pagination_class = None  # bare arrays, as Mauro answers them
    operation_ids = {"root": "treeRoot", "container_children": "treeContainerChildren", "search": "treeSearch",
                     "item_children": "treeItemChildren", "ancestors": "treeItemAncestors",
                     "container_ancestors": "treeContainerAncestors",
                     "full_model": "treeFullModel"}

    def check_route(self):
        """Segments naming no container, item or model kind are a 400 before anything is looked up."""
        kwargs = self.kwargs
        self.container_class = (container_class_for(kwargs["containerDomainType"])
                                if "containerDomainType" in kwargs else None)
        self.item_kind = (item_kind_for(kwargs["catalogueItemDomainType"])
                          if "catalogueItemDomainType" in kwargs else None)
        self.model_kind = model_kind_for(kwargs["modelDomainType"]) if "modelDomainType" in kwargs else None

    def resolve_parents(self):
        """The container, item or model the URL names, through the restricted querysets (404)."""
        user, kwargs = self.request.user, self.kwargs
        if "containerId" in kwargs:
            resource = tree.CONTAINER_CLASSES[self.container_class]
            return {"target": tree.get_container(user=user, container_class=self.container_class,
                                                 container_id=parse_uuid(kwargs["containerId"], resource))}
        if self.item_kind is not None:
            return {"target": tree.get_catalogue_item(
                user=user, kind=self.item_kind, item_id=parse_uuid(kwargs["catalogueItemId"], self.item_kind.resource))}
        if self.model_kind is not None:
            return {"target": tree.get_model(user=user, kind=self.model_kind,
                                             model_id=parse_uuid(kwargs["modelId"], self.model_kind.resource))}
        return {}

    @property
    def target(self):
        return self.parents["target"]

    def nodes(self, nodes):
        return Response(self.render_many(list(nodes)))

    def node(self, node):
        return Response(self.render(node))

    @extend_schema(parameters=[CONTAINER_TYPE, *_params(ROOT_OPTIONS)], responses={200: TreeNodeSerializer(many=True)},
                   description="Root folders (or every classifier, nested) the caller may read.")
    def root(self, request, *args, **kwargs):
        options = _options(request)
        return self.nodes(tree.root_tree(
            user=request.user, container_class=self.container_class, options=options,
            containers_only=_flag(request, "containersOnly") or _flag(request, "foldersOnly"),
            model_creatable_only=_flag(request, "modelCreatableOnly")))

    @extend_schema(parameters=[CONTAINER_TYPE, OpenApiParameter("containerId", OpenApiTypes.UUID,
                                                                OpenApiParameter.PATH),
                               *_params(TREE_OPTIONS)],
                   responses={200: TreeNodeSerializer(many=True)},
                   description="A folder's sub-folders then its models (a classifier's sub-classifiers).")
    def container_children(self, request, *args, **kwargs):
        options = _options(request)  # after the lookup: an unreadable target is a 404 before any 400
        return self.nodes(tree.item_children(user=request.user, item=self.target, options=options))

    @extend_schema(parameters=[CONTAINER_TYPE, OpenApiParameter("searchTerm", OpenApiTypes.STR, OpenApiParameter.PATH),
                               OpenApiParameter("domainType", OpenApiTypes.STR, OpenApiParameter.QUERY,
                                                description="Folder, DataModel, DataClass, DataElement, DataType "
                                                            "or a data type kind; default: folders, models, classes"),
                               *_params(TREE_OPTIONS)],
                   responses={200: TreeNodeSerializer(many=True)},
                   description="Folders, models and items whose label contains the term, inside their folders.")
    def search(self, request, *args, **kwargs):
        options = _options(request)
        term = kwargs["searchTerm"]
        if self.container_class is m.Classifier:
            return self.nodes(tree.search_classifiers(user=request.user, term=term))
        return self.nodes(tree.search_tree(user=request.user, term=term, options=options,
                                           domain_type=request.query_params.get("domainType") or None))

    @extend_schema(parameters=[*ITEM_PARAMETERS, *_params(ITEM_OPTIONS)],
                   responses={200: TreeNodeSerializer(many=True)},
                   description="A model's root data classes, a data class's child classes; other items have none.")
    def item_children(self, request, *args, **kwargs):
        options = _options(request)
        return self.nodes(tree.item_children(user=request.user, item=self.target, options=options))

    @extend_schema(parameters=[*ITEM_PARAMETERS, *_params(TREE_OPTIONS)], responses={200: TreeNodeSerializer},
                   description="The root folder, expanded along the path down to the item (one node).")
    def ancestors(self, request, *args, **kwargs):
        options = _options(request)
        return self.node(tree.ancestors(user=request.user, container_class=self.container_class, item=self.target,
                                        options=options))

    @extend_schema(parameters=[CONTAINER_TYPE, OpenApiParameter("containerId", OpenApiTypes.UUID,
                                                                OpenApiParameter.PATH),
                               *_params(TREE_OPTIONS)],
                   responses={200: TreeNodeSerializer},
                   description="The root folder (classifier), expanded along the path down to this folder "
                               "(classifier): one node.")
    def container_ancestors(self, request, *args, **kwargs):
        options = _options(request)
        return self.node(tree.container_ancestors(user=request.user, container=self.target, options=options))

    @extend_schema(parameters=[MODEL_TYPE, OpenApiParameter("modelId", OpenApiTypes.UUID, OpenApiParameter.PATH)],
                   responses={200: TreeNodeSerializer},
                   description="The whole model: data classes nested with child classes and elements, "
                               "and data types with their enumeration values (one node).")
    def full_model(self, request, *args, **kwargs):
        return self.node(tree.full_model_tree(user=request.user, model=self.target))
