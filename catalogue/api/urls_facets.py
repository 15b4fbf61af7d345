"""Routes for facets on any catalogue item: `/api/{ciType}/{ciId}/{metadata|annotations|semanticLinks|
referenceFiles|rules|edits|classifiers}` and the metadata namespaces."""

from django.urls import path

from catalogue.api import views_facets as v

ITEM = "<str:ciType>/<str:ciId>"

urlpatterns = [
    # Before the item routes, so `/metadata/namespaces/metadata` is a prefix, not an item.
    path("metadata/namespaces", v.MetadataNamespacesView.as_view(), name="metadata-namespaces"),
    path("metadata/namespaces/<str:prefix>", v.MetadataNamespacesByPrefixView.as_view(),
         name="metadata-namespaces-prefix"),

    path(f"{ITEM}/metadata", v.MetadataListView.as_view(), name="item-metadata"),
    path(f"{ITEM}/metadata/<str:metadataId>", v.MetadataDetailView.as_view(), name="item-metadata-detail"),

    path(f"{ITEM}/annotations", v.AnnotationListView.as_view(), name="item-annotations"),
    path(f"{ITEM}/annotations/<str:annotationId>", v.AnnotationDetailView.as_view(), name="item-annotation"),
    path(f"{ITEM}/annotations/<str:annotationId>/annotations", v.AnnotationReplyListView.as_view(),
         name="item-annotation-replies"),
    path(f"{ITEM}/annotations/<str:annotationId>/annotations/<str:replyId>", v.AnnotationReplyDetailView.as_view(),
         name="item-annotation-reply"),

    path(f"{ITEM}/semanticLinks", v.SemanticLinkListView.as_view(), name="item-semantic-links"),
    path(f"{ITEM}/semanticLinks/<str:semanticLinkId>", v.SemanticLinkDetailView.as_view(),
         name="item-semantic-link"),
    path(f"{ITEM}/semanticLinks/<str:semanticLinkId>/confirm", v.SemanticLinkConfirmView.as_view(),
         name="item-semantic-link-confirm"),

    path(f"{ITEM}/referenceFiles", v.ReferenceFileListView.as_view(), name="item-reference-files"),
    path(f"{ITEM}/referenceFiles/<str:referenceFileId>", v.ReferenceFileDetailView.as_view(),
         name="item-reference-file"),

    path(f"{ITEM}/rules", v.RuleListView.as_view(), name="item-rules"),
    path(f"{ITEM}/rules/<str:ruleId>", v.RuleDetailView.as_view(), name="item-rule"),
    path(f"{ITEM}/rules/<str:ruleId>/representations", v.RuleRepresentationListView.as_view(),
         name="item-rule-representations"),
    path(f"{ITEM}/rules/<str:ruleId>/representations/<str:representationId>",
         v.RuleRepresentationDetailView.as_view(), name="item-rule-representation"),

    path(f"{ITEM}/edits", v.EditListView.as_view(), name="item-edits"),

    path(f"{ITEM}/classifiers", v.ItemClassifierListView.as_view(), name="item-classifiers"),
    path(f"{ITEM}/classifiers/<str:classifierId>", v.ItemClassifierDetailView.as_view(), name="item-classifier"),
]
