"""A model's version tree (contract §6 "Versioning views"): `GET /api/{modelDomainType}/{modelId}/modelVersionTree`
and `.../simpleModelVersionTree[?branchesOnly=&forMerge=]`, bare arrays, read by anyone who may read the model
(else its 404). The tree is built by `catalogue.selectors.version_tree`, following version links."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from catalogue.api.common import query_flag
from catalogue.api.serializers_versioning import SimpleVersionTreeNodeSerializer, VersionTreeNodeSerializer
from catalogue.selectors.items_lookup import resolve_item
from catalogue.selectors.version_tree import version_tree
from config.api.viewsets import ApiViewSet

MODEL_PATH = [OpenApiParameter("modelDomainType", OpenApiTypes.STR, OpenApiParameter.PATH,
                               enum=["dataModels", "terminologies", "codeSets", "referenceDataModels"]),
              OpenApiParameter("modelId", OpenApiTypes.UUID, OpenApiParameter.PATH)]


class ModelVersionTreeViewSet(ApiViewSet):
    pagination_class = None  # bare arrays, as Mauro answers them
    operation_ids = {"model_version_tree": "modelVersionTree", "simple_model_version_tree": "simpleModelVersionTree"}

    def get_serializer_class(self):
        return VersionTreeNodeSerializer if self.action == "model_version_tree" else SimpleVersionTreeNodeSerializer

    def resolve_parents(self):
        return {"target": resolve_item(self.request.user, self.kwargs["modelDomainType"], self.kwargs["modelId"])}

    @extend_schema(parameters=MODEL_PATH, responses={200: VersionTreeNodeSerializer(many=True)},
                   description="Every readable version, branch and fork of the model's line, oldest first.")
    def model_version_tree(self, request, *args, **kwargs):
        nodes = version_tree(user=request.user, model=self.parents["target"].item, include_forks=True)
        return Response(self.render_many(nodes))

    @extend_schema(parameters=[*MODEL_PATH,
                               OpenApiParameter("branchesOnly", OpenApiTypes.BOOL, required=False,
                                                description="true: only drafts (branches)"),
                               OpenApiParameter("forMerge", OpenApiTypes.BOOL, required=False,
                                                description="true: only branches, without this model")],
                   responses={200: SimpleVersionTreeNodeSerializer(many=True)},
                   description="The model's versions and branches (no forks) with the names the web UI lists.")
    def simple_model_version_tree(self, request, *args, **kwargs):
        branches_only, for_merge = query_flag(request, "branchesOnly"), query_flag(request, "forMerge")
        model = self.parents["target"].item
        nodes = version_tree(user=request.user, model=model, include_forks=False,
                             branches_only=branches_only or for_merge)
        if for_merge:
            nodes = [node for node in nodes if node.model.pk != model.pk]
        return Response(self.render_many(nodes))
