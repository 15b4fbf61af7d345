"""Terminologies and code sets as whole models (the data models' routes, for these kinds), and what they hold:
terms, term relationship types, term relationships, the term tree and a code set's chosen terms (contract §5.4).

The model routes are the data models' viewsets with another kind, shape and resource name, so rights, states and
answers are the same (`DataModelPermission`). The item routes resolve the terminology (or code set) named in the
URL through the access policy (404), then the item named below it (404), then the editor's right on a draft,
undeleted model (403, `DataModelItemPermission`), then the body (400/422); each action calls one service of
`catalogue.services.terminologies`.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.access import EDITOR
from catalogue import models as m
from catalogue.api import serializers_terminologies as out
from catalogue.api.serializers_datamodels import (
    CodeSetSerializer,
    CodeSetShowSerializer,
    TerminologySerializer,
    TerminologyShowSerializer,
    data_model_json,
)
from catalogue.api.serializers_tree import TreeNodeSerializer
from catalogue.api.views_datamodels import PERMANENT_PARAMETER, DataModelViewSet, FolderDataModelViewSet
from catalogue.api.views_items import ModelItemViewSet
from catalogue.selectors import terminologies as select
from catalogue.selectors import tree
from catalogue.selectors.datamodels import MODEL_DEFAULT_ORDER, MODEL_SORT_FIELDS
from catalogue.services import terminologies as services
from config.api.viewsets import CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin

# --- terminologies and code sets as whole models ---------------------------------------------------------------


def _model_kind(kind, collection, index_serializer, show_serializer, operation_prefix, lookup):
    """The class attributes and schema of one kind of model's viewsets."""

    class KindMixin:
        resource = kind.value
        lookup_url_kwarg = lookup

        @extend_schema(parameters=[PERMANENT_PARAMETER], responses={200: show_serializer, 204: None},
                       summary="Soft delete, or with permanent=true remove for good")
        def destroy(self, request, *args, **kwargs):
            return super().destroy(request, *args, **kwargs)

        @extend_schema(request=None, responses={200: show_serializer})
        def move(self, request, *args, **kwargs):
            return super().move(request, *args, **kwargs)

        @extend_schema(request=None, responses={200: show_serializer})
        def undo_soft_delete(self, request, *args, **kwargs):
            return super().undo_soft_delete(request, *args, **kwargs)

    KindMixin.kind, KindMixin.collection = kind, collection
    KindMixin.index_serializer, KindMixin.show_serializer = index_serializer, show_serializer
    KindMixin.__name__ = f"{operation_prefix}KindMixin"
    return KindMixin


TerminologyKind = _model_kind(m.ModelDomainType.TERMINOLOGY, "terminologies", TerminologySerializer,
                              TerminologyShowSerializer, "Terminology", "terminologyId")
CodeSetKind = _model_kind(m.ModelDomainType.CODE_SET, "codeSets", CodeSetSerializer, CodeSetShowSerializer,
                          "CodeSet", "codeSetId")


class TerminologyViewSet(TerminologyKind, DataModelViewSet):
    """`/terminologies`: every readable terminology, one terminology (show, update, soft or permanent delete), its
    move to a folder, and the administrators' bulk delete and restore."""

    operation_ids = {"list": "listTerminologies", "retrieve": "showTerminology", "update": "updateTerminology",
                     "destroy": "deleteTerminology", "destroy_many": "deleteTerminologies",
                     "move": "changeTerminologyFolder", "undo_soft_delete": "undoSoftDeleteTerminology"}


class FolderTerminologyViewSet(TerminologyKind, FolderDataModelViewSet):
    """`/folders/{folder}/terminologies`: the readable terminologies of a folder, creating one there, moving one in."""

    operation_ids = {"list": "listFolderTerminologies", "create": "createTerminology",
                     "move": "moveTerminologyToFolder"}

    @extend_schema(summary="Create a terminology in a folder (the only way to create one)")
    def create(self, request, *args, **kwargs):
        return CreateMixin.create(self, request, *args, **kwargs)


class CodeSetViewSet(CodeSetKind, DataModelViewSet):
    """`/codeSets`: as `/terminologies`, for code sets."""

    operation_ids = {"list": "listCodeSets", "retrieve": "showCodeSet", "update": "updateCodeSet",
                     "destroy": "deleteCodeSet", "destroy_many": "deleteCodeSets", "move": "changeCodeSetFolder",
                     "undo_soft_delete": "undoSoftDeleteCodeSet"}


class FolderCodeSetViewSet(CodeSetKind, FolderDataModelViewSet):
    """`/folders/{folder}/codeSets`: the readable code sets of a folder, creating one there, moving one in."""

    operation_ids = {"list": "listFolderCodeSets", "create": "createCodeSet", "move": "moveCodeSetToFolder"}

    @extend_schema(summary="Create a code set in a folder (the only way to create one)")
    def create(self, request, *args, **kwargs):
        return CreateMixin.create(self, request, *args, **kwargs)


# --- the content of a terminology ------------------------------------------------------------------------------

class TerminologyItemViewSet(ModelItemViewSet):
    """Items of the terminology named by `{terminologyId}`: `self.parents["model"]`, read through the access policy
    (404); every write needs the editor role on a draft, undeleted terminology."""

    sort_fields = select.TERM_SORT_FIELDS
    default_order = select.BY_CODE

    def resolve_parents(self):
        return {"model": select.terminology(self.request.user, self.kwargs["terminologyId"])}


_WRITES = {"create": EDITOR, "update": EDITOR, "destroy": EDITOR}


class TermViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, TerminologyItemViewSet):
    """The terms of a terminology (`…/terms[/{termId}]`), by code unless sorted otherwise."""

    queryset = m.Term.objects.all()
    needed_rights = _WRITES
    resource = select.TERM
    lookup_url_kwarg = "termId"
    operation_ids = {"list": "listTerms", "create": "createTerm", "retrieve": "showTerm", "update": "updateTerm",
                     "destroy": "deleteTerm"}

    def get_serializer_class(self):
        return out.TermSerializer if self.action == "list" else out.TermShowSerializer

    def restrict_queryset(self, queryset):
        return queryset.filter(model_id=self.model.pk)

    def perform_create(self, serializer):
        return services.create_term(user=self.request.user, terminology=self.model, **serializer.validated_data)

    def perform_update(self, serializer):
        return services.update_term(user=self.request.user, term=serializer.instance,
                                    changes=serializer.validated_data)

    def perform_destroy(self, term):
        services.delete_term(user=self.request.user, term=term)


TERM_ID = OpenApiParameter("termId", OpenApiTypes.UUID, OpenApiParameter.PATH)


class TermTreeViewSet(TerminologyItemViewSet):
    """`…/terms/tree[/{termId}]`: one level of the term tree, a bare array of tree nodes. A terminology without a
    parental or child relationship type has no tree: 400."""

    serializer_class = TreeNodeSerializer
    pagination_class = None
    operation_ids = {"tree": "termTree", "subtree": "termSubtree"}

    @extend_schema(responses={200: TreeNodeSerializer(many=True)},
                   summary="The first level of a hierarchical terminology's term tree")
    def tree(self, request, *args, **kwargs):
        return Response(self.render_many(tree.term_tree(model=self.model)))

    @extend_schema(parameters=[TERM_ID], responses={200: TreeNodeSerializer(many=True)},
                   summary="The terms a term is the parent of, in a hierarchical terminology")
    def subtree(self, request, *args, **kwargs):
        select.require_hierarchy(self.model)
        parent = select.term_of(self.model, kwargs["termId"])
        return Response(self.render_many(tree.term_tree(model=self.model, parent=parent)))


class TermCodeSetsViewSet(ListMixin, TerminologyItemViewSet):
    """`…/terms/{termId}/codeSets`: the readable code sets that have chosen the term."""

    queryset = m.CatalogueModel.objects.all()
    serializer_class = CodeSetSerializer
    sort_fields = MODEL_SORT_FIELDS
    default_order = MODEL_DEFAULT_ORDER
    operation_ids = {"list": "listTermCodeSets"}

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["term"] = select.term_of(parents["model"], self.kwargs["termId"])
        return parents

    def restrict_queryset(self, queryset):
        return select.code_sets_of_term(self.request.user, self.parents["term"])


class TermRelationshipTypeViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin,
                                  TerminologyItemViewSet):
    """The relationship types of a terminology (`…/termRelationshipTypes[/{termRelationshipTypeId}]`), by label."""

    queryset = m.TermRelationshipType.objects.all()
    needed_rights = _WRITES
    resource = select.RELATIONSHIP_TYPE
    lookup_url_kwarg = "termRelationshipTypeId"
    sort_fields = select.TYPE_SORT_FIELDS
    default_order = select.BY_LABEL
    operation_ids = {"list": "listTermRelationshipTypes", "create": "createTermRelationshipType",
                     "retrieve": "showTermRelationshipType", "update": "updateTermRelationshipType",
                     "destroy": "deleteTermRelationshipType"}

    def get_serializer_class(self):
        return out.TermRelationshipTypeSerializer if self.action == "list" else out.TermRelationshipTypeShowSerializer

    def restrict_queryset(self, queryset):
        return queryset.filter(model_id=self.model.pk)

    def perform_create(self, serializer):
        return services.create_relationship_type(user=self.request.user, terminology=self.model,
                                                 **serializer.validated_data)

    def perform_update(self, serializer):
        return services.update_relationship_type(user=self.request.user, relationship_type=serializer.instance,
                                                 changes=serializer.validated_data)

    def perform_destroy(self, relationship_type):
        services.delete_relationship_type(user=self.request.user, relationship_type=relationship_type)


RELATIONSHIP_SORT_FIELDS = {"label": "label", "idx": "index", "index": "index", "lastUpdated": "last_updated",
                            "dateCreated": "date_created"}


class TermRelationshipViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin,
                              TerminologyItemViewSet):
    """The relationships a term is the source or the target of (`…/terms/{termId}/termRelationships[/{id}]`); a
    new one must have the term at one end."""

    queryset = m.TermRelationship.objects.all()
    needed_rights = _WRITES
    resource = select.RELATIONSHIP
    lookup_url_kwarg = "termRelationshipId"
    sort_fields = RELATIONSHIP_SORT_FIELDS
    default_order = ("label", "source_term__code", "target_term__code")
    operation_ids = {"list": "listTermRelationships", "create": "createTermRelationship",
                     "retrieve": "showTermRelationship", "update": "updateTermRelationship",
                     "destroy": "deleteTermRelationship"}

    def get_serializer_class(self):
        return out.TermRelationshipSerializer if self.action == "list" else out.TermRelationshipShowSerializer

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["term"] = select.term_of(parents["model"], self.kwargs["termId"])
        return parents

    def restrict_queryset(self, queryset):
        return select.relationships_of_term(self.parents["term"])

    def perform_create(self, serializer):
        return services.create_relationship(user=self.request.user, terminology=self.model,
                                            term=self.parents["term"], **serializer.validated_data)

    def perform_update(self, serializer):
        return services.update_relationship(user=self.request.user, relationship=serializer.instance,
                                            term=self.parents["term"], changes=serializer.validated_data)

    def perform_destroy(self, relationship):
        services.delete_relationship(user=self.request.user, relationship=relationship)


class TypeTermRelationshipViewSet(ListMixin, RetrieveMixin, TerminologyItemViewSet):
    """The relationships of one type (`…/termRelationshipTypes/{id}/termRelationships[/{id}]`), read only."""

    queryset = m.TermRelationship.objects.all()
    resource = select.RELATIONSHIP
    lookup_url_kwarg = "termRelationshipId"
    sort_fields = RELATIONSHIP_SORT_FIELDS
    default_order = ("label", "source_term__code", "target_term__code")
    operation_ids = {"list": "listTermRelationshipsOfType", "retrieve": "showTermRelationshipOfType"}

    def get_serializer_class(self):
        return out.TermRelationshipSerializer if self.action == "list" else out.TermRelationshipShowSerializer

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["relationshipType"] = select.relationship_type_of(parents["model"],
                                                                  self.kwargs["termRelationshipTypeId"])
        return parents

    def restrict_queryset(self, queryset):
        return select.relationships().filter(relationship_type=self.parents["relationshipType"])


# --- the terms of a code set -----------------------------------------------------------------------------------

class CodeSetTermViewSet(ListMixin, ModelItemViewSet):
    """`/codeSets/{codeSetId}/terms`: the terms a readable code set has chosen, by code; `PUT|DELETE …/{termId}`
    chooses a term (of any terminology the caller can read) or drops it, answering the code set. The term is judged
    before the right: 404, then 403 (editor on a draft code set)."""

    queryset = m.Term.objects.all()
    serializer_class = out.TermSerializer
    needed_rights = {"add_term": EDITOR, "remove_term": EDITOR}
    resource = select.TERM
    lookup_url_kwarg = "termId"
    sort_fields = select.TERM_SORT_FIELDS
    default_order = select.BY_CODE
    operation_ids = {"list": "listCodeSetTerms", "add_term": "addTermToCodeSet",
                     "remove_term": "removeTermFromCodeSet"}

    def resolve_parents(self):
        return {"model": select.code_set(self.request.user, self.kwargs["codeSetId"])}

    def restrict_queryset(self, queryset):
        return select.code_set_terms(self.model)

    def get_object(self):
        term = select.readable_term(self.request.user, self.kwargs["termId"])
        self.check_object_permissions(self.request, term)
        return term

    @extend_schema(parameters=[TERM_ID], request=None, responses={200: CodeSetShowSerializer},
                   summary="Add a term to a code set")
    def add_term(self, request, *args, **kwargs):
        code_set = services.add_term_to_code_set(user=request.user, code_set=self.model, term=self.get_object())
        return Response(data_model_json(code_set, user=request.user))

    @extend_schema(parameters=[TERM_ID], request=None, responses={200: CodeSetShowSerializer},
                   summary="Remove a term from a code set")
    def remove_term(self, request, *args, **kwargs):
        code_set = services.remove_term_from_code_set(user=request.user, code_set=self.model, term=self.get_object())
        return Response(data_model_json(code_set, user=request.user))

