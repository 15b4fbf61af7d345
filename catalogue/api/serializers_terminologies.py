"""Terms, term relationship types and term relationships in Mauro's shapes: one serializer family for the request
bodies, the answers (index and show) and the OpenAPI schema.

They share the model items' base (`serializers_items.ModelItemSerializer`: id, domainType, label, path, model,
breadcrumbs, description?, aliases?) and show fields (availableActions, lastUpdated, classifiers?). A page renders
with the queries that loaded it: paths and breadcrumbs come from the terminology (`Locator`, no class tree), and a
relationship's type and terms are selected with it (`selectors.terminologies.relationships`).
"""

from rest_framework import serializers

from catalogue import models as m
from catalogue.api.serializers_datamodels import AliasesField
from catalogue.api.serializers_items import (
    ID_REFERENCE,
    DomainTypeField,
    JsonReferenceField,
    ModelItemSerializer,
    ShowFieldsMixin,
)
from catalogue.selectors.paths import Locator
from config.api.serializers import OptionalTextField, StrictBooleanField, StrictCharField


class TerminologyItemSerializer(ModelItemSerializer):
    """What every item of a terminology shows; its paths and breadcrumbs need only the models of the page."""

    aliases = AliasesField()

    @classmethod
    def preload(cls, objects, context):
        locator = context.get("locator")
        if locator is None:
            parents = context.get("parents") or {}
            model = parents.get("model")
            is_terminology = model is not None and model.model_domain_type == m.ModelDomainType.TERMINOLOGY
            locator = Locator([model] if is_terminology else [])
        missing = {x.model_id for x in objects} - {None}
        locator.preload_models(missing)
        return {"locator": locator}


class TermSerializer(TerminologyItemSerializer):
    """A term as lists show it: `{code, definition, url?, description?, aliases?, index?}` in; the label is
    `code: definition`, worked out, never sent."""

    domainType = DomainTypeField("Term")
    label = serializers.CharField(read_only=True)
    code = StrictCharField(max_length=255)
    definition = StrictCharField()
    url = OptionalTextField(max_length=2048)

    class Meta:
        resource = "Term"
        omit_empty = ("description", "aliases", "url")


class TermShowSerializer(ShowFieldsMixin, TermSerializer):
    """One term: the list shape plus availableActions, lastUpdated and classifiers (when any)."""

    class Meta(TermSerializer.Meta):
        omit_empty = (*TermSerializer.Meta.omit_empty, "classifiers")


class TermRelationshipTypeSerializer(TerminologyItemSerializer):
    """A relationship type as lists show it: `{label, displayLabel?, parentalRelationship?, childRelationship?,
    description?}` in (the display label defaults to the label)."""

    domainType = DomainTypeField("TermRelationshipType")
    displayLabel = StrictCharField(source="display_label", required=False, allow_null=True)
    parentalRelationship = StrictBooleanField(source="parental_relationship", required=False, write_only=True)
    childRelationship = StrictBooleanField(source="child_relationship", required=False, write_only=True)

    class Meta:
        resource = "TermRelationshipType"
        omit_empty = ("description", "aliases")


class TermRelationshipTypeShowSerializer(ShowFieldsMixin, TermRelationshipTypeSerializer):
    """One relationship type: the list shape plus whether it is parental or child, and the show fields."""

    parentalRelationship = StrictBooleanField(source="parental_relationship", required=False)
    childRelationship = StrictBooleanField(source="child_relationship", required=False)

    class Meta(TermRelationshipTypeSerializer.Meta):
        omit_empty = (*TermRelationshipTypeSerializer.Meta.omit_empty, "classifiers")


#: What a relationship shows of its type and terms (their list shapes), rendered by `to_representation`.
_RELATED = ("relationshipType", "sourceTerm", "targetTerm")


class TermRelationshipSerializer(TerminologyItemSerializer):
    """A relationship as lists show it: `{relationshipType, sourceTerm, targetTerm, description?}` in, each of the
    three an id (`"<uuid>"` or `{"id": ...}`) of the terminology; out, each in its list shape. The label is the
    type's."""

    domainType = DomainTypeField("TermRelationship")
    label = serializers.CharField(read_only=True)
    relationshipType = JsonReferenceField(source="relationship_type", accepts=ID_REFERENCE,
                                          shows=TermRelationshipTypeSerializer, required=True, allow_null=False)
    sourceTerm = JsonReferenceField(source="source_term", accepts=ID_REFERENCE, shows=TermSerializer,
                                    required=True, allow_null=False)
    targetTerm = JsonReferenceField(source="target_term", accepts=ID_REFERENCE, shows=TermSerializer,
                                    required=True, allow_null=False)
    aliases = None

    class Meta:
        resource = "TermRelationship"
        omit_empty = ("description",)

    @classmethod
    def _plan(cls):
        return tuple(entry for entry in super()._plan() if entry[0] not in _RELATED)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        rendered = self.context.setdefault("_related_serializers", {})
        for key, attribute, serializer_class in (
                ("relationshipType", "relationship_type", TermRelationshipTypeSerializer),
                ("sourceTerm", "source_term", TermSerializer), ("targetTerm", "target_term", TermSerializer)):
            serializer = rendered.get(serializer_class)
            if serializer is None:
                serializer = rendered[serializer_class] = serializer_class(context=self.context)
            data[key] = serializer.to_representation(getattr(instance, attribute))
        return data


class TermRelationshipShowSerializer(ShowFieldsMixin, TermRelationshipSerializer):
    """One relationship: the list shape plus the show fields."""

    class Meta(TermRelationshipSerializer.Meta):
        omit_empty = (*TermRelationshipSerializer.Meta.omit_empty, "classifiers")


def terminology_item_json(item, *, model, context):
    """The show of a term, relationship type or relationship found elsewhere (a path lookup)."""
    context = {**context, "parents": {"model": model}, "locator": Locator([model])}
    serializer_class = {m.Term: TermShowSerializer, m.TermRelationshipType: TermRelationshipTypeShowSerializer,
                        m.TermRelationship: TermRelationshipShowSerializer}[type(item)]
    item.model = model
    return serializer_class(context=context).to_representation(item)
