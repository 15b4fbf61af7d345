"""The catalogue tree (contract §5.7): folders and classifiers, a container's or item's children, the ancestors
of an item and the whole tree of one model. Lists are bare JSON arrays; ancestors and the whole-model tree
are one node each, as Mauro answers them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogue import models as m
from catalogue.api.serializers_tree import TreeNodeSerializer, node_json, tree_json
from catalogue.selectors import tree
from catalogue.selectors.domain_segments import item_class_for
from config.api.errors import BadRequest
from config.api.ids import parse_uuid

TREE_OPTIONS = ["includeDeleted", "includeDocumentSuperseded", "includeModelSuperseded"]
ROOT_OPTIONS = ["containersOnly", "foldersOnly", "modelCreatableOnly", "noCache", *TREE_OPTIONS]
ITEM_OPTIONS = ["includeImported", *TREE_OPTIONS]


def _flag(request, name):
    """A boolean query option: absent → false; `true`/`false` in any case; anything else → 400."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return False
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise BadRequest(f"Query parameter '{name}' must be 'true' or 'false'", error_code="REQ06")
    return value == "true"


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


class TreeRootView(APIView):
    @extend_schema(operation_id="treeRoot", parameters=[CONTAINER_TYPE, *_params(ROOT_OPTIONS)],
                   responses={200: TreeNodeSerializer(many=True)},
                   description="Root folders (or every classifier, nested) the caller may read.")
    def get(self, request, containerDomainType):
        container_class = container_class_for(containerDomainType)
        options = _options(request)
        nodes = tree.root_tree(
            user=request.user, container_class=container_class, options=options,
            containers_only=_flag(request, "containersOnly") or _flag(request, "foldersOnly"),
            model_creatable_only=_flag(request, "modelCreatableOnly"))
        return Response(tree_json(nodes, user=request.user))


class TreeContainerChildrenView(APIView):
    @extend_schema(operation_id="treeContainerChildren",
                   parameters=[CONTAINER_TYPE, OpenApiParameter("containerId", OpenApiTypes.UUID,
                                                                OpenApiParameter.PATH),
                               *_params(TREE_OPTIONS)],
                   responses={200: TreeNodeSerializer(many=True)},
                   description="A folder's sub-folders then its models (a classifier's sub-classifiers).")
    def get(self, request, containerDomainType, containerId):
        container_class = container_class_for(containerDomainType)
        resource = tree.CONTAINER_CLASSES[container_class]
        container = tree.get_container(user=request.user, container_class=container_class,
                                       container_id=parse_uuid(containerId, resource))
        options = _options(request)  # after the lookup: an unreadable target is a 404 before any 400
        nodes = tree.item_children(user=request.user, item=container, options=options)
        return Response(tree_json(nodes, user=request.user))


class TreeSearchView(APIView):
    @extend_schema(operation_id="treeSearch",
                   parameters=[CONTAINER_TYPE, OpenApiParameter("searchTerm", OpenApiTypes.STR, OpenApiParameter.PATH),
                               OpenApiParameter("domainType", OpenApiTypes.STR, OpenApiParameter.QUERY,
                                                description="Folder, DataModel, DataClass, DataElement, DataType "
                                                            "or a data type kind; default: folders, models, classes"),
                               *_params(TREE_OPTIONS)],
                   responses={200: TreeNodeSerializer(many=True)},
                   description="Folders, models and items whose label contains the term, inside their folders.")
    def get(self, request, containerDomainType, searchTerm):
        container_class = container_class_for(containerDomainType)
        options = _options(request)
        if container_class is m.Classifier:
            nodes = tree.search_classifiers(user=request.user, term=searchTerm)
        else:
            nodes = tree.search_tree(user=request.user, term=searchTerm, options=options,
                                     domain_type=request.query_params.get("domainType") or None)
        return Response(tree_json(nodes, user=request.user))


def _catalogue_item(request, catalogueItemDomainType, catalogueItemId):
    kind = item_kind_for(catalogueItemDomainType)
    return tree.get_catalogue_item(user=request.user, kind=kind,
                                   item_id=parse_uuid(catalogueItemId, kind.resource))


ITEM_PARAMETERS = [CONTAINER_TYPE, ITEM_TYPE,
                   OpenApiParameter("catalogueItemId", OpenApiTypes.UUID, OpenApiParameter.PATH)]


class TreeItemChildrenView(APIView):
    @extend_schema(operation_id="treeItemChildren", parameters=[*ITEM_PARAMETERS, *_params(ITEM_OPTIONS)],
                   responses={200: TreeNodeSerializer(many=True)},
                   description="A model's root data classes, a data class's child classes; other items have none.")
    def get(self, request, containerDomainType, catalogueItemDomainType, catalogueItemId):
        container_class_for(containerDomainType)
        item = _catalogue_item(request, catalogueItemDomainType, catalogueItemId)
        options = _options(request)
        return Response(tree_json(tree.item_children(user=request.user, item=item, options=options),
                                  user=request.user))


class TreeAncestorsView(APIView):
    @extend_schema(operation_id="treeItemAncestors", parameters=[*ITEM_PARAMETERS, *_params(TREE_OPTIONS)],
                   responses={200: TreeNodeSerializer},
                   description="The root folder, expanded along the path down to the item (one node).")
    def get(self, request, containerDomainType, catalogueItemDomainType, catalogueItemId):
        container_class = container_class_for(containerDomainType)
        item = _catalogue_item(request, catalogueItemDomainType, catalogueItemId)
        options = _options(request)
        node = tree.ancestors(user=request.user, container_class=container_class, item=item, options=options)
        return Response(node_json(node, user=request.user))


class TreeFullModelView(APIView):
    @extend_schema(operation_id="treeFullModel",
                   parameters=[MODEL_TYPE, OpenApiParameter("modelId", OpenApiTypes.UUID, OpenApiParameter.PATH)],
                   responses={200: TreeNodeSerializer},
                   description="The whole model: data classes nested with child classes and elements, "
                               "and data types with their enumeration values (one node).")
    def get(self, request, modelDomainType, modelId):
        kind = model_kind_for(modelDomainType)
        model = tree.get_model(user=request.user, kind=kind, model_id=parse_uuid(modelId, kind.resource))
        return Response(node_json(tree.full_model_tree(user=request.user, model=model), user=request.user))
