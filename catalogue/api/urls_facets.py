"""Routes for facets on any catalogue item: `/api/{ciType}/{ciId}/{metadata|annotations|semanticLinks|
referenceFiles|rules|edits|classifiers|versionLinks}` and the metadata namespaces, each an explicit route to
viewset actions."""

from django.urls import path

from catalogue.api import views_facets as v

ITEM = "<str:ciType>/<str:ciId>"
COLLECTION = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "delete": "destroy"}
#: Annotations and attached classifiers are shown or removed, never edited.
SHOW_DELETE = {"get": "retrieve", "delete": "destroy"}

urlpatterns = [
    # Before the item routes, so `/metadata/namespaces/metadata` is a prefix, not an item.
    path("metadata/namespaces", v.MetadataNamespaceViewSet.as_view({"get": "list"}), name="metadata-namespaces"),
    path("metadata/namespaces/<str:prefix>", v.MetadataNamespaceByPrefixViewSet.as_view({"get": "list"}),
         name="metadata-namespaces-prefix"),

    path(f"{ITEM}/metadata", v.MetadataViewSet.as_view(COLLECTION), name="item-metadata"),
    path(f"{ITEM}/metadata/<str:metadataId>", v.MetadataViewSet.as_view(DETAIL), name="item-metadata-detail"),

    path(f"{ITEM}/annotations", v.AnnotationViewSet.as_view(COLLECTION), name="item-annotations"),
    path(f"{ITEM}/annotations/<str:annotationId>", v.AnnotationViewSet.as_view(SHOW_DELETE),
         name="item-annotation"),
    path(f"{ITEM}/annotations/<str:annotationId>/annotations", v.AnnotationReplyViewSet.as_view(COLLECTION),
         name="item-annotation-replies"),
    path(f"{ITEM}/annotations/<str:annotationId>/annotations/<str:replyId>",
         v.AnnotationReplyViewSet.as_view(SHOW_DELETE), name="item-annotation-reply"),

    path(f"{ITEM}/semanticLinks", v.SemanticLinkViewSet.as_view(COLLECTION), name="item-semantic-links"),
    path(f"{ITEM}/semanticLinks/<str:semanticLinkId>", v.SemanticLinkViewSet.as_view(DETAIL),
         name="item-semantic-link"),
    path(f"{ITEM}/semanticLinks/<str:semanticLinkId>/confirm", v.SemanticLinkViewSet.as_view({"put": "confirm"}),
         name="item-semantic-link-confirm"),

    path(f"{ITEM}/versionLinks", v.VersionLinkViewSet.as_view(COLLECTION), name="model-version-links"),
    path(f"{ITEM}/versionLinks/<str:versionLinkId>", v.VersionLinkViewSet.as_view(DETAIL),
         name="model-version-link"),

    path(f"{ITEM}/referenceFiles", v.ReferenceFileViewSet.as_view(COLLECTION), name="item-reference-files"),
    path(f"{ITEM}/referenceFiles/<str:referenceFileId>", v.ReferenceFileViewSet.as_view(DETAIL),
         name="item-reference-file"),

    path(f"{ITEM}/rules", v.RuleViewSet.as_view(COLLECTION), name="item-rules"),
    path(f"{ITEM}/rules/<str:ruleId>", v.RuleViewSet.as_view(DETAIL), name="item-rule"),
    path(f"{ITEM}/rules/<str:ruleId>/representations", v.RuleRepresentationViewSet.as_view(COLLECTION),
         name="item-rule-representations"),
    path(f"{ITEM}/rules/<str:ruleId>/representations/<str:representationId>",
         v.RuleRepresentationViewSet.as_view(DETAIL), name="item-rule-representation"),

    path(f"{ITEM}/edits", v.EditViewSet.as_view({"get": "list"}), name="item-edits"),

    path(f"{ITEM}/classifiers", v.ItemClassifierViewSet.as_view(COLLECTION), name="item-classifiers"),
    path(f"{ITEM}/classifiers/<str:classifierId>", v.ItemClassifierViewSet.as_view(SHOW_DELETE),
         name="item-classifier"),
]
