"""Facet endpoints under `/api/{ciType}/{ciId}/...` (contract §5.5 and classifiers on items, §5.2).

`ItemFacetViewSet` carries everything facets share, in the order of config.api.viewsets: an unknown `{ciType}`
is a 400, an anonymous write a 401, an unreadable item a 404, a missing right a 403 (asked of the access policy
by `CatalogueItemPermission` with the kind's `needed_rights`), then the body (400/422) and one service call.
Each facet kind below only declares its model, serializer, rights, sort fields and service calls.
"""

from collections import defaultdict

from django.db.models import Q
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts import access
from accounts.permissions import CatalogueItemPermission
from catalogue import models as m
from catalogue.api import serializers_facets as s
from catalogue.selectors.domain_segments import item_class_for
from catalogue.selectors.items_lookup import (
    item_query,
    readable_facets,
    readable_reference_condition,
    resolve_item,
    resolve_reference,
)
from catalogue.services import facets
from config.api.errors import BadRequest, NotFound
from config.api.ids import optional_uuid, parse_uuid
from config.api.viewsets import (
    ApiViewSet,
    CreateMixin,
    DestroyMixin,
    ListMixin,
    RetrieveMixin,
    UpdateMixin,
)
from config.prepared import PreparedList

#: Namespaces whose metadata Mauro itself writes: listed as default namespaces.
DEFAULT_NAMESPACE_PREFIXES = ("ox.softeng.maurodatamapper", "uk.ac.ox.softeng.maurodatamapper")


def facets_of(queryset, item):
    """The facets of one catalogue item (a facet viewset's own narrowing)."""
    return queryset.filter(catalogue_item_id=item)


def writes(right, **others):
    """`needed_rights` for a facet whose create, update and delete all need `right` (`others` override)."""
    return {"create": right, "update": right, "destroy": right, **others}


class ItemFacetViewSet(ApiViewSet):
    """Facets of the catalogue item named by `{ciType}/{ciId}`: `self.parents["target"]` is that item, resolved
    through the access policy as a `ResolvedItem(item, owning model or None, role)`."""

    permission_classes = [CatalogueItemPermission]

    def check_route(self):
        item_class_for(self.kwargs["ciType"])

    def resolve_parents(self):
        return {"target": resolve_item(self.request.user, self.kwargs["ciType"], self.kwargs["ciId"])}

    @property
    def target(self):
        return self.parents["target"]

    @property
    def user(self):
        return self.request.user

    def restrict_queryset(self, queryset):
        return facets_of(queryset, self.target.item.pk)

    def list_values(self):
        return {"item": self.target.item.pk}

    def facet_of_target(self, queryset, raw_id, resource):
        """A facet of the item named by a URL id other than the viewset's own (a parent such as a rule)."""
        pk = parse_uuid(raw_id, resource)
        facet = queryset.filter(catalogue_item_id=self.target.item.pk, pk=pk).first()
        if facet is None:
            raise NotFound(resource, pk)
        return facet


# --- metadata -------------------------------------------------------------------------------------------------

class MetadataViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ItemFacetViewSet):
    queryset = m.Metadata.objects.all()
    serializer_class = s.MetadataSerializer
    needed_rights = writes(access.WRITE_METADATA)
    resource = "Metadata"
    lookup_url_kwarg = "metadataId"
    sort_fields = {"namespace": "namespace", "key": "key", "value": "value", "lastUpdated": "last_updated"}
    default_order = ("namespace", "key")
    operation_ids = {"list": "listMetadata", "create": "createMetadata", "retrieve": "showMetadata",
                     "update": "updateMetadata", "destroy": "deleteMetadata"}
    prepared_list = PreparedList(lambda: m.Metadata.objects.all(), facets_of)

    def perform_create(self, serializer):
        return facets.create_metadata(user=self.user, target=self.target, **serializer.validated_data)

    def perform_update(self, serializer):
        return facets.update_metadata(user=self.user, target=self.target, metadata=serializer.instance,
                                      **serializer.validated_data)

    def perform_destroy(self, metadata):
        facets.delete_metadata(user=self.user, target=self.target, metadata=metadata)


class MetadataNamespaceViewSet(ApiViewSet):
    """Namespaces and their keys over the metadata the caller may read, optionally those starting with a prefix."""

    queryset = m.Metadata.objects.all()
    serializer_class = s.NamespaceSerializer
    pagination_class = None
    operation_ids = {"list": "listMetadataNamespaces"}

    def list(self, request, *args, **kwargs):
        rows = readable_facets(request.user, self.queryset.all())
        prefix = kwargs.get("prefix")
        if prefix:
            rows = rows.filter(namespace__istartswith=prefix)
        keys = defaultdict(set)
        for namespace, key in rows.values_list("namespace", "key").distinct().order_by("namespace", "key"):
            keys[namespace].add(key)
        return Response(self.render_many([s.namespace_json(ns, keys[ns], DEFAULT_NAMESPACE_PREFIXES)
                                          for ns in sorted(keys)]))


class MetadataNamespaceByPrefixViewSet(MetadataNamespaceViewSet):
    operation_ids = {"list": "listMetadataNamespacesByPrefix"}


# --- annotations ----------------------------------------------------------------------------------------------

class AnnotationViewSet(ListMixin, CreateMixin, RetrieveMixin, DestroyMixin, ItemFacetViewSet):
    """Comments on the item. Lists show top-level comments (newest first); any annotation of the item, replies
    included, can be shown or deleted by its id. Annotations are never edited (Mauro has no update)."""

    queryset = m.Annotation.objects.all()
    serializer_class = s.AnnotationSerializer
    needed_rights = {"create": access.WRITE_ANNOTATION, "destroy": access.DELETE_ANNOTATION}
    resource = "Annotation"
    lookup_url_kwarg = "annotationId"
    sort_fields = {"dateCreated": "date_created", "lastUpdated": "last_updated", "label": "label"}
    default_order = ("-date_created",)
    operation_ids = {"list": "listAnnotations", "create": "createAnnotation", "retrieve": "showAnnotation",
                     "destroy": "deleteAnnotation"}

    def restrict_queryset(self, queryset):
        queryset = super().restrict_queryset(queryset)
        return queryset.filter(parent_annotation__isnull=True) if self.action == "list" else queryset

    def perform_create(self, serializer):
        return facets.create_annotation(user=self.user, target=self.target, **serializer.validated_data)

    def perform_destroy(self, annotation):
        facets.delete_annotation(user=self.user, target=self.target, annotation=annotation)


class AnnotationReplyViewSet(AnnotationViewSet):
    """Replies to one comment (`{annotationId}`), oldest first; a reply needs a description, not a label."""

    serializer_class = s.AnnotationReplySerializer
    lookup_url_kwarg = "replyId"
    default_order = ("date_created",)
    operation_ids = {"list": "listAnnotationReplies", "create": "createAnnotationReply",
                     "retrieve": "showAnnotationReply", "destroy": "deleteAnnotationReply"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        self.parents = parents
        parents["annotation"] = self.facet_of_target(m.Annotation.objects.all(), self.kwargs["annotationId"],
                                                     "Annotation")
        return parents

    def restrict_queryset(self, queryset):
        return queryset.filter(catalogue_item_id=self.target.item.pk, parent_annotation=self.parents["annotation"])

    def perform_create(self, serializer):
        return facets.create_annotation(user=self.user, target=self.target, parent=self.parents["annotation"],
                                        **serializer.validated_data)


# --- semantic links -------------------------------------------------------------------------------------------

LINK_DIRECTIONS = ("source", "target")


class SemanticLinkViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ItemFacetViewSet):
    """Links from the item to readable targets and to the item from readable sources; only the item's own
    (outgoing) links can be changed through it."""

    queryset = m.SemanticLink.objects.all()
    serializer_class = s.SemanticLinkSerializer
    needed_rights = writes(access.WRITE_FACET, confirm=access.WRITE_FACET)
    resource = "SemanticLink"
    lookup_url_kwarg = "semanticLinkId"
    sort_fields = {"linkType": "link_type", "dateCreated": "date_created", "lastUpdated": "last_updated"}
    default_order = ("date_created",)
    operation_ids = {"list": "listSemanticLinks", "create": "createSemanticLink", "retrieve": "showSemanticLink",
                     "update": "updateSemanticLink", "destroy": "deleteSemanticLink", "confirm": "confirmSemanticLink"}

    def directions(self):
        user, item = self.user, self.target.item
        outgoing = Q(catalogue_item_id=item.pk) & readable_reference_condition(
            user, id_field="target_id", type_field="target_domain_type")
        incoming = Q(target_id=item.pk) & readable_reference_condition(
            user, id_field="catalogue_item_id", type_field="catalogue_item_domain_type")
        return outgoing, incoming

    def restrict_queryset(self, queryset):
        outgoing, incoming = self.directions()
        return queryset.filter(outgoing if self.needed_right() is not None else outgoing | incoming)

    def filter_queryset(self, queryset):
        direction = self.request.query_params.get("type")
        if direction in (None, ""):
            return queryset
        if direction not in LINK_DIRECTIONS:
            raise BadRequest("Query parameter 'type' must be 'source' or 'target'", error_code="REQ06")
        outgoing, incoming = self.directions()
        return queryset.filter(outgoing if direction == "source" else incoming)

    @extend_schema(parameters=[OpenApiParameter("type", str, required=False, enum=list(LINK_DIRECTIONS))])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def link_target(self, body):
        return resolve_reference(self.user, domain_type=body.get("targetMultiFacetAwareItemDomainType"),
                                 item_id=body.get("targetMultiFacetAwareItemId"),
                                 id_field="targetMultiFacetAwareItemId",
                                 type_field="targetMultiFacetAwareItemDomainType", owner="SemanticLink").item

    def perform_create(self, serializer):
        body = serializer.validated_data
        return facets.create_semantic_link(user=self.user, target=self.target, link_type=body["link_type"],
                                           target_item=self.link_target(body))

    def perform_update(self, serializer):
        link, body = serializer.instance, dict(serializer.validated_data)
        new_target = None
        if "targetMultiFacetAwareItemId" in body or "targetMultiFacetAwareItemDomainType" in body:
            body.setdefault("targetMultiFacetAwareItemDomainType", link.target_domain_type)
            body.setdefault("targetMultiFacetAwareItemId", str(link.target_id))
            new_target = self.link_target(body)
        return facets.update_semantic_link(user=self.user, target=self.target, link=link,
                                           link_type=body.get("link_type"), target_item=new_target)

    def perform_destroy(self, link):
        facets.delete_semantic_link(user=self.user, target=self.target, link=link)

    @extend_schema(request=None, responses=s.SemanticLinkSerializer)
    def confirm(self, request, *args, **kwargs):
        link = facets.confirm_semantic_link(user=self.user, target=self.target, link=self.get_object())
        return Response(self.render(link))


# --- version links --------------------------------------------------------------------------------------------

class VersionLinkViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ItemFacetViewSet):
    """`/api/{modelDomainType}/{modelId}/versionLinks`: links from the model to readable models it is a new version
    or fork of, and to it from readable models that are new versions or forks of it; only its own (outgoing)
    links can be shown, changed or deleted through it."""

    queryset = m.VersionLink.objects.all()
    serializer_class = s.VersionLinkSerializer
    needed_rights = writes(access.WRITE_FACET)
    resource = "VersionLink"
    lookup_url_kwarg = "versionLinkId"
    sort_fields = {"linkType": "link_type", "dateCreated": "date_created", "lastUpdated": "last_updated"}
    default_order = ("date_created",)
    operation_ids = {"list": "listVersionLinks", "create": "createVersionLink", "retrieve": "showVersionLink",
                     "update": "updateVersionLink", "destroy": "deleteVersionLink"}

    def check_route(self):
        segment = self.kwargs["ciType"]
        if item_class_for(segment) is not m.CatalogueModel:
            raise BadRequest(f"Domain class [{segment}] does not extend the VersionLinkAware trait",
                             error_code="VLI01")

    def directions(self):
        model_id, readable = self.target.item.pk, access.readable_models(self.user, m.CatalogueModel.objects.all())
        outgoing = Q(source_model_id=model_id, target_model__in=readable)
        incoming = Q(target_model_id=model_id, source_model__in=readable)
        return outgoing, incoming

    def restrict_queryset(self, queryset):
        outgoing, incoming = self.directions()
        return queryset.filter(outgoing if self.action != "list" else outgoing | incoming)

    def filter_queryset(self, queryset):
        direction = self.request.query_params.get("type")
        if direction not in (None, ""):
            if direction not in LINK_DIRECTIONS:
                raise BadRequest("Query parameter 'type' must be 'source' or 'target'", error_code="REQ06")
            outgoing, incoming = self.directions()
            queryset = queryset.filter(outgoing if direction == "source" else incoming)
        link_type = self.request.query_params.get("linkType")
        if link_type not in (None, ""):
            wanted = link_type.strip().upper().replace("_", " ")
            matches = [choice for choice in m.VersionLinkType.values if choice.upper() == wanted]
            if not matches:
                raise BadRequest(f"Query parameter 'linkType' must be one of {', '.join(m.VersionLinkType.values)}",
                                 error_code="REQ06")
            queryset = queryset.filter(link_type=matches[0])
        return queryset

    @extend_schema(parameters=[OpenApiParameter("type", str, required=False, enum=list(LINK_DIRECTIONS)),
                               OpenApiParameter("linkType", str, required=False, enum=m.VersionLinkType.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def link_target(self, body):
        return resolve_reference(self.user, domain_type=body.get("targetModelDomainType"),
                                 item_id=body.get("targetModelId"), id_field="targetModelId",
                                 type_field="targetModelDomainType", owner="VersionLink").item

    def perform_create(self, serializer):
        body = serializer.validated_data
        return facets.create_version_link(user=self.user, target=self.target, link_type=body["link_type"],
                                          target_model=self.link_target(body))

    def perform_update(self, serializer):
        link, body = serializer.instance, dict(serializer.validated_data)
        new_target = None
        if "targetModelId" in body or "targetModelDomainType" in body:
            body.setdefault("targetModelDomainType", link.target_model.model_domain_type)
            body.setdefault("targetModelId", str(link.target_model_id))
            new_target = self.link_target(body)
        return facets.update_version_link(user=self.user, target=self.target, link=link,
                                          link_type=body.get("link_type"), target_model=new_target)

    def perform_destroy(self, link):
        facets.delete_version_link(user=self.user, target=self.target, link=link)


# --- reference files ------------------------------------------------------------------------------------------

class ReferenceFileViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ItemFacetViewSet):
    """Files attached to the item; showing one downloads the file itself."""

    queryset = m.ReferenceFile.objects.all()
    serializer_class = s.ReferenceFileSerializer
    needed_rights = writes(access.WRITE_FACET)
    resource = "ReferenceFile"
    lookup_url_kwarg = "referenceFileId"
    sort_fields = {"fileName": "file_name", "fileType": "file_type", "fileSize": "file_size",
                   "lastUpdated": "last_updated"}
    default_order = ("file_name",)
    operation_ids = {"list": "listReferenceFiles", "create": "createReferenceFile",
                     "retrieve": "downloadReferenceFile", "update": "updateReferenceFile",
                     "destroy": "deleteReferenceFile"}

    def restrict_queryset(self, queryset):
        queryset = super().restrict_queryset(queryset)
        return queryset if self.action in ("retrieve", "update") else queryset.defer("file_contents")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def retrieve(self, request, *args, **kwargs):
        """The file itself, as a download of its own content type (images) or `application/octet-stream`."""
        reference_file = self.get_object()
        response = HttpResponse(bytes(reference_file.file_contents or b""),
                                content_type=facets.download_content_type(reference_file.file_type))
        response["Content-Disposition"] = content_disposition_header(True, reference_file.file_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def perform_create(self, serializer):
        return facets.create_reference_file(user=self.user, target=self.target, **serializer.validated_data)

    def perform_update(self, serializer):
        return facets.update_reference_file(user=self.user, target=self.target, reference_file=serializer.instance,
                                            **serializer.validated_data)

    def perform_destroy(self, reference_file):
        facets.delete_reference_file(user=self.user, target=self.target, reference_file=reference_file)


# --- rules ----------------------------------------------------------------------------------------------------

class RuleViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ItemFacetViewSet):
    queryset = m.Rule.objects.all()
    serializer_class = s.RuleSerializer
    needed_rights = writes(access.WRITE_FACET)
    resource = "Rule"
    lookup_url_kwarg = "ruleId"
    sort_fields = {"name": "name", "lastUpdated": "last_updated"}
    default_order = ("name",)
    operation_ids = {"list": "listRules", "create": "createRule", "retrieve": "showRule", "update": "updateRule",
                     "destroy": "deleteRule"}

    def perform_create(self, serializer):
        return facets.create_rule(user=self.user, target=self.target, **serializer.validated_data)

    def perform_update(self, serializer):
        return facets.update_rule(user=self.user, target=self.target, rule=serializer.instance,
                                  **serializer.validated_data)

    def perform_destroy(self, rule):
        facets.delete_rule(user=self.user, target=self.target, rule=rule)


class RuleRepresentationViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin,
                                ItemFacetViewSet):
    """The representations (e.g. SQL, Python) of one rule of the item (`{ruleId}`)."""

    queryset = m.RuleRepresentation.objects.all()
    serializer_class = s.RuleRepresentationSerializer
    needed_rights = writes(access.WRITE_FACET)
    resource = "RuleRepresentation"
    lookup_url_kwarg = "representationId"
    sort_fields = {"language": "language", "lastUpdated": "last_updated"}
    default_order = ("language",)
    operation_ids = {"list": "listRuleRepresentations", "create": "createRuleRepresentation",
                     "retrieve": "showRuleRepresentation", "update": "updateRuleRepresentation",
                     "destroy": "deleteRuleRepresentation"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        self.parents = parents
        parents["rule"] = self.facet_of_target(m.Rule.objects.all(), self.kwargs["ruleId"], "Rule")
        return parents

    def restrict_queryset(self, queryset):
        return queryset.filter(rule=self.parents["rule"])

    def perform_create(self, serializer):
        return facets.create_rule_representation(user=self.user, target=self.target, rule=self.parents["rule"],
                                                 **serializer.validated_data)

    def perform_update(self, serializer):
        return facets.update_rule_representation(user=self.user, target=self.target,
                                                 rule_representation=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, representation):
        facets.delete_rule_representation(user=self.user, target=self.target, rule_representation=representation)


# --- edits ----------------------------------------------------------------------------------------------------

class EditViewSet(ListMixin, ItemFacetViewSet):
    """The item's history, oldest first."""

    queryset = m.Edit.objects.all()
    serializer_class = s.EditSerializer
    resource = "Edit"
    sort_fields = {"dateCreated": "date_created", "title": "title"}
    default_order = ("date_created",)
    operation_ids = {"list": "listEdits"}

    def restrict_queryset(self, queryset):
        return queryset.filter(resource_id=self.target.item.pk)


# --- classifiers on items -------------------------------------------------------------------------------------

class ItemClassifierViewSet(ListMixin, CreateMixin, RetrieveMixin, DestroyMixin, ItemFacetViewSet):
    """Readable classifiers attached to the item; attaching takes an existing classifier or creates one."""

    queryset = m.Classifier.objects.all()
    serializer_class = s.ItemClassifierDetailSerializer
    needed_rights = {"create": access.WRITE_FACET, "destroy": access.WRITE_FACET}
    resource = "Classifier"
    lookup_url_kwarg = "classifierId"
    sort_fields = {"label": "label", "lastUpdated": "last_updated"}
    default_order = ("label",)
    operation_ids = {"list": "listItemClassifiers", "create": "attachItemClassifier",
                     "retrieve": "showItemClassifier", "destroy": "detachItemClassifier"}

    def check_route(self):
        # `/api/classifiers/{id}/classifiers` names a classifier's children, never classifiers attached to one.
        if item_query(self.kwargs["ciType"])[0].model is m.Classifier:
            raise NotFound(message=f"No route matches {self.request.method} {self.request.path}", error_code="NF03")

    def get_serializer_class(self):
        return s.ItemClassifierSerializer if self.action == "list" else s.ItemClassifierDetailSerializer

    def restrict_queryset(self, queryset):
        attached = m.ClassifierLink.objects.filter(catalogue_item_id=self.target.item.pk).values("classifier_id")
        return access.readable_classifiers(self.user, queryset.filter(pk__in=attached))

    def perform_create(self, serializer):
        body = serializer.validated_data
        if body.get("id") is not None:
            classifier_id = optional_uuid(body["id"], field="id", domain_type="Classifier")
            classifier = access.get_readable(access.readable_classifiers, self.user, m.Classifier.objects.all(),
                                             classifier_id, "Classifier")
            return facets.attach_classifier(user=self.user, target=self.target, classifier=classifier)
        if "label" in body:
            return facets.create_and_attach_classifier(user=self.user, target=self.target, label=body["label"],
                                                       description=body.get("description"))
        raise BadRequest("Provide the id of a classifier to attach, or the label of a new one", error_code="REQ02")

    def perform_destroy(self, classifier):
        facets.detach_classifier(user=self.user, target=self.target, classifier=classifier)
