"""Facet endpoints under `/api/{ciType}/{ciId}/...` (contract §5.5 and classifiers on items, §5.2).

Every view resolves the item first (unknown type 400, anonymous write 401, unreadable 404), checks the
write right (403) before reading the body (400/422), then calls one service and renders Mauro's shape.
"""

from collections import defaultdict

from django.db.models import Q
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from catalogue import models as m
from catalogue.api import serializers_facets as s
from catalogue.selectors.items_lookup import (
    item_query,
    load_items,
    preload_for_references,
    readable_facets,
    readable_reference_condition,
    resolve_item,
    resolve_reference,
)
from catalogue.selectors.paths import Locator
from catalogue.services import facets
from config.api.errors import BadRequest, NotFound
from config.api.ids import optional_uuid, parse_uuid
from config.api.pagination import apply_sort, paginate
from config.api.serializers import require_object

#: Namespaces whose metadata Mauro itself writes: listed as default namespaces.
DEFAULT_NAMESPACE_PREFIXES = ("ox.softeng.maurodatamapper", "uk.ac.ox.softeng.maurodatamapper")

LIST_PARAMETERS = [
    OpenApiParameter("max", int, required=False), OpenApiParameter("offset", int, required=False),
    OpenApiParameter("all", bool, required=False), OpenApiParameter("sort", str, required=False),
    OpenApiParameter("order", str, required=False, enum=["asc", "desc"]),
]


def resolve_target(request, ci_type, ci_id, write=None):
    """The item behind the URL; for a write (`write` = the facet kind) also the caller's right to write it."""
    item_query(ci_type)
    if write:
        access.require_login(request.user)
    target = resolve_item(request.user, ci_type, ci_id)
    if write:
        facets.require_facet_write(request.user, target, write)
    return target


def facet_or_404(queryset, target, raw_id, resource):
    pk = parse_uuid(raw_id, resource)
    facet = queryset.filter(catalogue_item_id=target.item.pk, pk=pk).first()
    if facet is None:
        raise NotFound(resource, pk)
    return facet


def valid_body(request, serializer_class, partial=False):
    serializer = serializer_class(data=require_object(request.data), partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def listing(request, queryset, sort_fields, default_order):
    return paginate(request, apply_sort(request, queryset, sort_fields, default_order))


def created(request, data, facet_id):
    return Response(data, status=201, headers={"Location": request.build_absolute_uri(f"{request.path}/{facet_id}")})


# --- metadata -------------------------------------------------------------------------------------------------

METADATA_SORT = {"namespace": "namespace", "key": "key", "value": "value", "lastUpdated": "last_updated"}


class MetadataListView(APIView):
    @extend_schema(operation_id="listMetadata",
                   parameters=LIST_PARAMETERS, responses=s.paginated("MetadataList", s.MetadataSchema))
    def get(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId)
        count, page = listing(request, m.Metadata.objects.filter(catalogue_item_id=target.item.pk), METADATA_SORT,
                              ["namespace", "key"])
        return Response({"count": count, "items": [s.metadata_json(md) for md in page]})

    @extend_schema(operation_id="createMetadata", request=s.MetadataInput, responses={201: s.MetadataSchema})
    def post(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId, write=facets.METADATA)
        metadata = facets.create_metadata(user=request.user, target=target, **valid_body(request, s.MetadataInput))
        return created(request, s.metadata_json(metadata), metadata.pk)


class MetadataDetailView(APIView):
    def _metadata(self, target, metadataId):
        return facet_or_404(m.Metadata.objects.all(), target, metadataId, "Metadata")

    @extend_schema(operation_id="showMetadata", responses=s.MetadataSchema)
    def get(self, request, ciType, ciId, metadataId):
        target = resolve_target(request, ciType, ciId)
        return Response(s.metadata_json(self._metadata(target, metadataId)))

    @extend_schema(operation_id="updateMetadata", request=s.MetadataInput, responses=s.MetadataSchema)
    def put(self, request, ciType, ciId, metadataId):
        target = resolve_target(request, ciType, ciId, write=facets.METADATA)
        metadata = self._metadata(target, metadataId)
        values = valid_body(request, s.MetadataInput, partial=True)
        metadata = facets.update_metadata(user=request.user, target=target, metadata=metadata, **values)
        return Response(s.metadata_json(metadata))

    @extend_schema(operation_id="deleteMetadata", responses={204: None})
    def delete(self, request, ciType, ciId, metadataId):
        target = resolve_target(request, ciType, ciId, write=facets.METADATA)
        facets.delete_metadata(user=request.user, target=target, metadata=self._metadata(target, metadataId))
        return Response(status=204)


class MetadataNamespacesView(APIView):
    """Namespaces and their keys over the metadata the caller may read, optionally those starting with a prefix."""

    @extend_schema(operation_id="listMetadataNamespaces", responses=s.NamespaceSchema(many=True))
    def get(self, request, prefix=None):
        rows = readable_facets(request.user, m.Metadata.objects.all())
        if prefix:
            rows = rows.filter(namespace__istartswith=prefix)
        keys = defaultdict(set)
        for namespace, key in rows.values_list("namespace", "key").distinct().order_by("namespace", "key"):
            keys[namespace].add(key)
        return Response([s.namespace_json(ns, keys[ns], DEFAULT_NAMESPACE_PREFIXES) for ns in sorted(keys)])



@extend_schema_view(get=extend_schema(operation_id="listMetadataNamespacesByPrefix"))
class MetadataNamespacesByPrefixView(MetadataNamespacesView):
    pass


# --- annotations ----------------------------------------------------------------------------------------------

ANNOTATION_SORT = {"dateCreated": "date_created", "lastUpdated": "last_updated", "label": "label"}


def replies_by_parent(item):
    """Every reply on the item grouped by parent, oldest first (one query)."""
    children = defaultdict(list)
    replies = (m.Annotation.objects.filter(catalogue_item_id=item.pk, parent_annotation__isnull=False)
               .select_related("created_by_user").order_by("date_created", "pk"))
    for reply in replies:
        children[reply.parent_annotation_id].append(reply)
    return children


def annotation_or_404(target, raw_id, parent=None):
    annotation = facet_or_404(m.Annotation.objects.select_related("created_by_user"), target, raw_id, "Annotation")
    if parent is not None and annotation.parent_annotation_id != parent.pk:
        raise NotFound("Annotation", annotation.pk)
    return annotation


class AnnotationListView(APIView):
    """Comments on the item (`annotationId` absent) or replies to one comment."""

    def _parent(self, target, annotationId):
        return annotation_or_404(target, annotationId) if annotationId is not None else None

    @extend_schema(operation_id="listAnnotations",
                   parameters=LIST_PARAMETERS, responses=s.paginated("AnnotationList", s.AnnotationSchema))
    def get(self, request, ciType, ciId, annotationId=None):
        target = resolve_target(request, ciType, ciId)
        parent = self._parent(target, annotationId)
        queryset = m.Annotation.objects.filter(catalogue_item_id=target.item.pk).select_related("created_by_user")
        if parent is None:
            queryset, default_order = queryset.filter(parent_annotation__isnull=True), ["-date_created"]
        else:
            queryset, default_order = queryset.filter(parent_annotation=parent), ["date_created"]
        count, page = listing(request, queryset, ANNOTATION_SORT, default_order)
        children = replies_by_parent(target.item) if page else {}
        return Response({"count": count, "items": [s.annotation_json(a, children) for a in page]})

    @extend_schema(operation_id="createAnnotation", request=s.AnnotationInput, responses={201: s.AnnotationSchema})
    def post(self, request, ciType, ciId, annotationId=None):
        target = resolve_target(request, ciType, ciId, write=facets.ANNOTATION)
        parent = self._parent(target, annotationId)
        values = valid_body(request, s.AnnotationInput if parent is None else s.ReplyInput)
        annotation = facets.create_annotation(user=request.user, target=target, parent=parent, **values)
        return created(request, s.annotation_json(annotation), annotation.pk)


class AnnotationDetailView(APIView):
    def _annotation(self, target, annotationId, replyId):
        if replyId is None:
            return annotation_or_404(target, annotationId)
        return annotation_or_404(target, replyId, parent=annotation_or_404(target, annotationId))

    @extend_schema(operation_id="showAnnotation", responses=s.AnnotationSchema)
    def get(self, request, ciType, ciId, annotationId, replyId=None):
        target = resolve_target(request, ciType, ciId)
        annotation = self._annotation(target, annotationId, replyId)
        return Response(s.annotation_json(annotation, replies_by_parent(target.item)))

    @extend_schema(operation_id="deleteAnnotation", responses={204: None})
    def delete(self, request, ciType, ciId, annotationId, replyId=None):
        target = resolve_target(request, ciType, ciId, write=facets.ANNOTATION)
        annotation = self._annotation(target, annotationId, replyId)
        facets.delete_annotation(user=request.user, target=target, annotation=annotation)
        return Response(status=204)



@extend_schema_view(get=extend_schema(operation_id="listAnnotationReplies"),
                    post=extend_schema(operation_id="createAnnotationReply"))
class AnnotationReplyListView(AnnotationListView):
    pass


@extend_schema_view(get=extend_schema(operation_id="showAnnotationReply"),
                    delete=extend_schema(operation_id="deleteAnnotationReply"))
class AnnotationReplyDetailView(AnnotationDetailView):
    pass


# --- semantic links -------------------------------------------------------------------------------------------

SEMANTIC_LINK_SORT = {"linkType": "link_type", "dateCreated": "date_created", "lastUpdated": "last_updated"}


def visible_links(user, item):
    """Links from the item to readable targets and to the item from readable sources."""
    outgoing = Q(catalogue_item_id=item.pk) & readable_reference_condition(
        user, id_field="target_id", type_field="target_domain_type")
    incoming = Q(target_id=item.pk) & readable_reference_condition(
        user, id_field="catalogue_item_id", type_field="catalogue_item_domain_type")
    return outgoing, incoming


def render_links(links, target):
    links = list(links)
    references = [(link.catalogue_item_domain_type, link.catalogue_item_id) for link in links]
    references += [(link.target_domain_type, link.target_id) for link in links]
    known = [target.item] if target.model is None or target.model is target.item else [target.item, target.model]
    items = load_items(references, known=known)
    locator = Locator(models=[target.model] if target.model is not None else [])
    preload_for_references(items.values(), locator)
    return [s.semantic_link_json(link, items, locator) for link in links]


def link_or_404(request, target, raw_id, own_only=False):
    """A link of the item; for writes (`own_only`) only links whose source is the item."""
    pk = parse_uuid(raw_id, "SemanticLink")
    outgoing, incoming = visible_links(request.user, target.item)
    link = m.SemanticLink.objects.filter(outgoing if own_only else outgoing | incoming, pk=pk).first()
    if link is None:
        raise NotFound("SemanticLink", pk)
    return link


def link_target(request, body):
    return resolve_reference(request.user, domain_type=body.get("targetMultiFacetAwareItemDomainType"),
                             item_id=body.get("targetMultiFacetAwareItemId"),
                             id_field="targetMultiFacetAwareItemId",
                             type_field="targetMultiFacetAwareItemDomainType", owner="SemanticLink").item


class SemanticLinkListView(APIView):
    @extend_schema(operation_id="listSemanticLinks",
                   parameters=[*LIST_PARAMETERS, OpenApiParameter("type", str, required=False,
                                                                  enum=["source", "target"])],
                   responses=s.paginated("SemanticLinkList", s.SemanticLinkSchema))
    def get(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId)
        outgoing, incoming = visible_links(request.user, target.item)
        direction = request.query_params.get("type")
        conditions = {None: outgoing | incoming, "": outgoing | incoming, "source": outgoing, "target": incoming}
        if direction not in conditions:
            raise BadRequest("Query parameter 'type' must be 'source' or 'target'", error_code="REQ06")
        count, page = listing(request, m.SemanticLink.objects.filter(conditions[direction]), SEMANTIC_LINK_SORT,
                              ["date_created"])
        return Response({"count": count, "items": render_links(page, target)})

    @extend_schema(operation_id="createSemanticLink",
                   request=s.SemanticLinkInput, responses={201: s.SemanticLinkSchema})
    def post(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        body = valid_body(request, s.SemanticLinkInput)
        link = facets.create_semantic_link(user=request.user, target=target, link_type=body["linkType"],
                                           target_item=link_target(request, body))
        return created(request, render_links([link], target)[0], link.pk)


class SemanticLinkDetailView(APIView):
    @extend_schema(operation_id="showSemanticLink", responses=s.SemanticLinkSchema)
    def get(self, request, ciType, ciId, semanticLinkId):
        target = resolve_target(request, ciType, ciId)
        return Response(render_links([link_or_404(request, target, semanticLinkId)], target)[0])

    @extend_schema(operation_id="updateSemanticLink", request=s.SemanticLinkInput, responses=s.SemanticLinkSchema)
    def put(self, request, ciType, ciId, semanticLinkId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        link = link_or_404(request, target, semanticLinkId, own_only=True)
        body = valid_body(request, s.SemanticLinkInput, partial=True)
        new_target = None
        if "targetMultiFacetAwareItemId" in body or "targetMultiFacetAwareItemDomainType" in body:
            body.setdefault("targetMultiFacetAwareItemDomainType", link.target_domain_type)
            body.setdefault("targetMultiFacetAwareItemId", str(link.target_id))
            new_target = link_target(request, body)
        link = facets.update_semantic_link(user=request.user, target=target, link=link,
                                           link_type=body.get("linkType"), target_item=new_target)
        return Response(render_links([link], target)[0])

    @extend_schema(operation_id="deleteSemanticLink", responses={204: None})
    def delete(self, request, ciType, ciId, semanticLinkId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        link = link_or_404(request, target, semanticLinkId, own_only=True)
        facets.delete_semantic_link(user=request.user, target=target, link=link)
        return Response(status=204)


class SemanticLinkConfirmView(APIView):
    @extend_schema(operation_id="confirmSemanticLink", request=None, responses=s.SemanticLinkSchema)
    def put(self, request, ciType, ciId, semanticLinkId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        link = link_or_404(request, target, semanticLinkId, own_only=True)
        link = facets.confirm_semantic_link(user=request.user, target=target, link=link)
        return Response(render_links([link], target)[0])


# --- reference files ------------------------------------------------------------------------------------------

REFERENCE_FILE_SORT = {"fileName": "file_name", "fileType": "file_type", "fileSize": "file_size",
                       "lastUpdated": "last_updated"}


def file_values(body):
    return {"file_name": body.get("fileName"), "file_type": body.get("fileType"),
            "contents": body.get("fileContents")}


class ReferenceFileListView(APIView):
    @extend_schema(operation_id="listReferenceFiles",
                   parameters=LIST_PARAMETERS, responses=s.paginated("ReferenceFileList", s.ReferenceFileSchema))
    def get(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId)
        queryset = m.ReferenceFile.objects.filter(catalogue_item_id=target.item.pk).defer("file_contents")
        count, page = listing(request, queryset, REFERENCE_FILE_SORT, ["file_name"])
        return Response({"count": count, "items": [s.reference_file_json(f) for f in page]})

    @extend_schema(operation_id="createReferenceFile",
                   request=s.ReferenceFileInput, responses={201: s.ReferenceFileSchema})
    def post(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        body = valid_body(request, s.ReferenceFileInput)
        reference_file = facets.create_reference_file(user=request.user, target=target, **file_values(body))
        return created(request, s.reference_file_json(reference_file), reference_file.pk)


class ReferenceFileDetailView(APIView):
    def _file(self, target, referenceFileId, with_contents=False):
        queryset = m.ReferenceFile.objects.all() if with_contents else m.ReferenceFile.objects.defer("file_contents")
        return facet_or_404(queryset, target, referenceFileId, "ReferenceFile")

    @extend_schema(operation_id="downloadReferenceFile",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, ciType, ciId, referenceFileId):
        """The file itself, as a download of its own content type (images) or `application/octet-stream`."""
        target = resolve_target(request, ciType, ciId)
        reference_file = self._file(target, referenceFileId, with_contents=True)
        response = HttpResponse(bytes(reference_file.file_contents or b""),
                                content_type=facets.download_content_type(reference_file.file_type))
        response["Content-Disposition"] = content_disposition_header(True, reference_file.file_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(operation_id="updateReferenceFile", request=s.ReferenceFileInput, responses=s.ReferenceFileSchema)
    def put(self, request, ciType, ciId, referenceFileId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        reference_file = self._file(target, referenceFileId, with_contents=True)
        body = valid_body(request, s.ReferenceFileInput, partial=True)
        reference_file = facets.update_reference_file(user=request.user, target=target, reference_file=reference_file,
                                                      **file_values(body))
        return Response(s.reference_file_json(reference_file))

    @extend_schema(operation_id="deleteReferenceFile", responses={204: None})
    def delete(self, request, ciType, ciId, referenceFileId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        facets.delete_reference_file(user=request.user, target=target,
                                     reference_file=self._file(target, referenceFileId))
        return Response(status=204)


# --- rules ----------------------------------------------------------------------------------------------------

RULE_SORT = {"name": "name", "lastUpdated": "last_updated"}
REPRESENTATION_SORT = {"language": "language", "lastUpdated": "last_updated"}


def rule_or_404(target, raw_id):
    return facet_or_404(m.Rule.objects.prefetch_related("representations"), target, raw_id, "Rule")


class RuleListView(APIView):
    @extend_schema(operation_id="listRules",
                   parameters=LIST_PARAMETERS, responses=s.paginated("RuleList", s.RuleSchema))
    def get(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId)
        queryset = m.Rule.objects.filter(catalogue_item_id=target.item.pk).prefetch_related("representations")
        count, page = listing(request, queryset, RULE_SORT, ["name"])
        return Response({"count": count, "items": [s.rule_json(rule) for rule in page]})

    @extend_schema(operation_id="createRule", request=s.RuleInput, responses={201: s.RuleSchema})
    def post(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        rule = facets.create_rule(user=request.user, target=target, **valid_body(request, s.RuleInput))
        return created(request, s.rule_json(rule, representations=[]), rule.pk)


class RuleDetailView(APIView):
    @extend_schema(operation_id="showRule", responses=s.RuleSchema)
    def get(self, request, ciType, ciId, ruleId):
        target = resolve_target(request, ciType, ciId)
        return Response(s.rule_json(rule_or_404(target, ruleId)))

    @extend_schema(operation_id="updateRule", request=s.RuleInput, responses=s.RuleSchema)
    def put(self, request, ciType, ciId, ruleId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        rule = rule_or_404(target, ruleId)
        rule = facets.update_rule(user=request.user, target=target, rule=rule,
                                  **valid_body(request, s.RuleInput, partial=True))
        return Response(s.rule_json(rule))

    @extend_schema(operation_id="deleteRule", responses={204: None})
    def delete(self, request, ciType, ciId, ruleId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        facets.delete_rule(user=request.user, target=target, rule=rule_or_404(target, ruleId))
        return Response(status=204)


def representation_or_404(rule, raw_id):
    pk = parse_uuid(raw_id, "RuleRepresentation")
    representation = m.RuleRepresentation.objects.filter(rule=rule, pk=pk).select_related("rule").first()
    if representation is None:
        raise NotFound("RuleRepresentation", pk)
    return representation


class RuleRepresentationListView(APIView):
    @extend_schema(operation_id="listRuleRepresentations", parameters=LIST_PARAMETERS,
                   responses=s.paginated("RuleRepresentationList", s.RuleRepresentationSchema))
    def get(self, request, ciType, ciId, ruleId):
        target = resolve_target(request, ciType, ciId)
        rule = facet_or_404(m.Rule.objects.all(), target, ruleId, "Rule")
        count, page = listing(request, rule.representations.all(), REPRESENTATION_SORT, ["language"])
        return Response({"count": count, "items": [s.rule_representation_json(r) for r in page]})

    @extend_schema(operation_id="createRuleRepresentation",
                   request=s.RuleRepresentationInput, responses={201: s.RuleRepresentationSchema})
    def post(self, request, ciType, ciId, ruleId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        rule = facet_or_404(m.Rule.objects.all(), target, ruleId, "Rule")
        representation = facets.create_rule_representation(user=request.user, target=target, rule=rule,
                                                            **valid_body(request, s.RuleRepresentationInput))
        return created(request, s.rule_representation_json(representation), representation.pk)


class RuleRepresentationDetailView(APIView):
    def _representation(self, target, ruleId, representationId):
        return representation_or_404(facet_or_404(m.Rule.objects.all(), target, ruleId, "Rule"), representationId)

    @extend_schema(operation_id="showRuleRepresentation", responses=s.RuleRepresentationSchema)
    def get(self, request, ciType, ciId, ruleId, representationId):
        target = resolve_target(request, ciType, ciId)
        return Response(s.rule_representation_json(self._representation(target, ruleId, representationId)))

    @extend_schema(operation_id="updateRuleRepresentation",
                   request=s.RuleRepresentationInput, responses=s.RuleRepresentationSchema)
    def put(self, request, ciType, ciId, ruleId, representationId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        representation = self._representation(target, ruleId, representationId)
        representation = facets.update_rule_representation(
            user=request.user, target=target, rule_representation=representation,
            **valid_body(request, s.RuleRepresentationInput, partial=True))
        return Response(s.rule_representation_json(representation))

    @extend_schema(operation_id="deleteRuleRepresentation", responses={204: None})
    def delete(self, request, ciType, ciId, ruleId, representationId):
        target = resolve_target(request, ciType, ciId, write=facets.OTHER)
        facets.delete_rule_representation(user=request.user, target=target,
                                           rule_representation=self._representation(target, ruleId, representationId))
        return Response(status=204)


# --- edits ----------------------------------------------------------------------------------------------------

EDIT_SORT = {"dateCreated": "date_created", "title": "title"}


class EditListView(APIView):
    """The item's history, oldest first."""

    @extend_schema(operation_id="listEdits",
                   parameters=LIST_PARAMETERS, responses=s.paginated("EditList", s.EditSchema))
    def get(self, request, ciType, ciId):
        target = resolve_target(request, ciType, ciId)
        queryset = m.Edit.objects.filter(resource_id=target.item.pk).select_related("created_by_user")
        count, page = listing(request, queryset, EDIT_SORT, ["date_created"])
        return Response({"count": count, "items": [s.edit_json(edit) for edit in page]})


# --- classifiers on items -------------------------------------------------------------------------------------

CLASSIFIER_SORT = {"label": "label", "lastUpdated": "last_updated"}


def attached_classifiers(request, target):
    """Readable classifiers attached to the item."""
    return access.readable_classifiers(request.user, m.Classifier.objects.filter(
        pk__in=m.ClassifierLink.objects.filter(catalogue_item_id=target.item.pk).values("classifier_id")))


def classifier_target(request, ciType, ciId, write=None):
    # `/api/classifiers/{id}/classifiers` names a classifier's children, never classifiers attached to one.
    if item_query(ciType)[0].model is m.Classifier:
        raise NotFound(message=f"No route matches {request.method} {request.path}", error_code="NF03")
    return resolve_target(request, ciType, ciId, write=write)


class ItemClassifierListView(APIView):
    @extend_schema(operation_id="listItemClassifiers",
                   parameters=LIST_PARAMETERS, responses=s.paginated("ItemClassifierList", s.ClassifierSchema))
    def get(self, request, ciType, ciId):
        target = classifier_target(request, ciType, ciId)
        count, page = listing(request, attached_classifiers(request, target), CLASSIFIER_SORT, ["label"])
        return Response({"count": count, "items": [s.classifier_json(c) for c in page]})

    @extend_schema(operation_id="attachItemClassifier",
                   request=s.ClassifierAttachInput, responses={201: s.ClassifierSchema})
    def post(self, request, ciType, ciId):
        target = classifier_target(request, ciType, ciId, write=facets.OTHER)
        body = valid_body(request, s.ClassifierAttachInput)
        if body.get("id") is not None:
            classifier_id = optional_uuid(body["id"], field="id", domain_type="Classifier")
            classifier = access.get_readable(access.readable_classifiers, request.user, m.Classifier.objects.all(),
                                             classifier_id, "Classifier")
            classifier = facets.attach_classifier(user=request.user, target=target, classifier=classifier)
        elif "label" in body:
            classifier = facets.create_and_attach_classifier(user=request.user, target=target, label=body["label"],
                                                             description=body.get("description"))
        else:
            raise BadRequest("Provide the id of a classifier to attach, or the label of a new one",
                             error_code="REQ02")
        return created(request, s.classifier_json(classifier, user=request.user, full=True), classifier.pk)


class ItemClassifierDetailView(APIView):
    def _classifier(self, request, target, classifierId):
        pk = parse_uuid(classifierId, "Classifier")
        classifier = attached_classifiers(request, target).filter(pk=pk).first()
        if classifier is None:
            raise NotFound("Classifier", pk)
        return classifier

    @extend_schema(operation_id="showItemClassifier", responses=s.ClassifierSchema)
    def get(self, request, ciType, ciId, classifierId):
        target = classifier_target(request, ciType, ciId)
        classifier = self._classifier(request, target, classifierId)
        return Response(s.classifier_json(classifier, user=request.user, full=True))

    @extend_schema(operation_id="detachItemClassifier", responses={204: None})
    def delete(self, request, ciType, ciId, classifierId):
        target = classifier_target(request, ciType, ciId, write=facets.OTHER)
        classifier = self._classifier(request, target, classifierId)
        facets.detach_classifier(user=request.user, target=target, classifier=classifier)
        return Response(status=204)
