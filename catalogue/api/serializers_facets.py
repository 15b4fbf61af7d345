"""Facets in Mauro's shapes (contract §6): one serializer (or a small family) per facet resource, used for request
bodies, answers and the OpenAPI schema alike (config.api.serializers applies the contract's input rule).

Messages follow Mauro's wording: `Property [key] of class [Metadata] cannot be blank`.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.access import container_actions
from catalogue import models as m
from catalogue.api.common import BreadcrumbSchema
from catalogue.selectors.items_lookup import item_reference, load_items, preload_for_references
from catalogue.selectors.paths import Locator
from config.api.serializers import (
    AnyJsonField,
    IdField,
    MauroDateTimeField,
    OptionalTextField,
    ResourceSerializer,
    StrictCharField,
)


class UserRefSerializer(ResourceSerializer):
    """Who wrote something: `{name, id}`, both null once the user is gone."""

    name = serializers.CharField(allow_null=True, source="display_name", read_only=True)
    id = IdField(allow_null=True)


def _user_ref(user):
    return {"name": user.display_name if user else None, "id": str(user.pk) if user else None}


# --- metadata -------------------------------------------------------------------------------------------------

class MetadataSerializer(ResourceSerializer):
    id = IdField()
    namespace = StrictCharField(max_length=255)
    key = StrictCharField(max_length=255)
    value = StrictCharField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)

    class Meta:
        resource = "Metadata"


class NamespaceSerializer(ResourceSerializer):
    """One metadata namespace and its keys (rendered from a dict)."""

    namespace = serializers.CharField(read_only=True)
    editable = serializers.BooleanField(read_only=True)
    defaultNamespace = serializers.BooleanField(read_only=True)
    keys = serializers.ListField(child=serializers.CharField(), read_only=True)


def namespace_json(namespace, keys, default_prefixes):
    return {"namespace": namespace, "editable": True,
            "defaultNamespace": any(namespace.startswith(prefix) for prefix in default_prefixes),
            "keys": sorted(keys)}


# --- annotations ----------------------------------------------------------------------------------------------

def replies_by_parent(item):
    """Every reply on the item grouped by parent, oldest first (one query)."""
    children = {}
    replies = (m.Annotation.objects.filter(catalogue_item_id=item.pk, parent_annotation__isnull=False)
               .select_related("created_by_user").order_by("date_created", "pk"))
    for reply in replies:
        children.setdefault(reply.parent_annotation_id, []).append(reply)
    return children


class ChildAnnotationSerializer(ResourceSerializer):
    """A reply as nested in its parent: no label; its own replies nested below it."""

    id = IdField()
    createdBy = serializers.CharField(source="created_by", read_only=True)
    createdByUser = serializers.SerializerMethodField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    description = OptionalTextField()
    childAnnotations = serializers.SerializerMethodField()

    class Meta:
        resource = "Annotation"
        omit_empty = ("description", "childAnnotations")
        select_related = ("created_by_user",)

    @extend_schema_field(UserRefSerializer)
    def get_createdByUser(self, annotation):
        return _user_ref(annotation.created_by_user)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_childAnnotations(self, annotation):
        children = self.context.get("replies", {}).get(annotation.pk)
        if not children:
            return None
        child = ChildAnnotationSerializer(context=self.context)
        return [child.to_representation(reply) for reply in children]

    @classmethod
    def preload(cls, objects, context):
        """Replies of every annotation on the item, in one query, so nesting costs nothing per annotation."""
        return {"replies": replies_by_parent(context["parents"]["target"].item)}


class AnnotationSerializer(ChildAnnotationSerializer):
    """A comment on an item: a label (required) and an optional description; replies nested."""

    label = StrictCharField(max_length=255)

    class Meta(ChildAnnotationSerializer.Meta):
        pass

    @extend_schema_field(ChildAnnotationSerializer(many=True))
    def get_childAnnotations(self, annotation):
        return super().get_childAnnotations(annotation)


class AnnotationReplySerializer(AnnotationSerializer):
    """A reply: a description (required); its label defaults to the parent's label with the reply's number."""

    label = StrictCharField(max_length=255, required=False)
    description = StrictCharField()

    class Meta(AnnotationSerializer.Meta):
        pass


# --- semantic links -------------------------------------------------------------------------------------------

@extend_schema_field({"type": "string", "enum": m.SemanticLinkType.values})
class LinkTypeField(serializers.Field):
    """`Refines`, `Does Not Refine`, `Abstracts` or `Does Not Abstract`, in any case, spaces or underscores."""

    default_error_messages = {
        "required": "Property [linkType] of class [SemanticLink] cannot be null",
        "null": "Property [linkType] of class [SemanticLink] cannot be null",
        "invalid": "Property [linkType] of class [SemanticLink] with value [{value}] cannot be used; use one of "
                   + ", ".join(m.SemanticLinkType.values),
    }

    choices = m.SemanticLinkType.values

    def to_internal_value(self, data):
        normalised = data.strip().upper().replace("_", " ") if isinstance(data, str) else None
        for choice in self.choices:
            if normalised == choice.upper():
                return choice
        self.fail("invalid", value=data)

    def to_representation(self, value):
        return value


class ItemReferenceSerializer(ResourceSerializer):
    """The brief form of a catalogue item embedded in other objects (`items_lookup.item_reference`)."""

    id = IdField()
    domainType = serializers.CharField(read_only=True)
    label = serializers.CharField(allow_null=True, read_only=True)
    model = serializers.UUIDField(required=False, read_only=True)
    breadcrumbs = BreadcrumbSchema(many=True, required=False, read_only=True)

    class Meta:
        omit_empty = ("model", "breadcrumbs")


def _missing_reference(domain_type, item_id):
    return {"id": str(item_id), "domainType": domain_type, "label": None}


class SemanticLinkSerializer(ResourceSerializer):
    """A link from the item (source) to another item (target); the target is named by type and id on input."""

    id = IdField()
    linkType = LinkTypeField(source="link_type")
    domainType = serializers.CharField(source="domain_type", read_only=True)
    unconfirmed = serializers.BooleanField(read_only=True)
    sourceMultiFacetAwareItem = serializers.SerializerMethodField()
    targetMultiFacetAwareItem = serializers.SerializerMethodField()
    targetMultiFacetAwareItemId = AnyJsonField(write_only=True)
    targetMultiFacetAwareItemDomainType = AnyJsonField(write_only=True)

    class Meta:
        resource = "SemanticLink"

    def _reference(self, domain_type, item_id):
        item = self.context["items"].get(item_id)
        return item_reference(item, self.context["locator"]) if item is not None \
            else _missing_reference(domain_type, item_id)

    @extend_schema_field(ItemReferenceSerializer)
    def get_sourceMultiFacetAwareItem(self, link):
        return self._reference(link.catalogue_item_domain_type, link.catalogue_item_id)

    @extend_schema_field(ItemReferenceSerializer)
    def get_targetMultiFacetAwareItem(self, link):
        return self._reference(link.target_domain_type, link.target_id)

    @classmethod
    def preload(cls, objects, context):
        """Both ends of every link, one query per item class, and the breadcrumbs they need (2 queries)."""
        target = context["parents"]["target"]
        references = [(link.catalogue_item_domain_type, link.catalogue_item_id) for link in objects]
        references += [(link.target_domain_type, link.target_id) for link in objects]
        known = [target.item] if target.model is None or target.model is target.item else [target.item, target.model]
        items = load_items(references, known=known)
        locator = Locator(models=[target.model] if target.model is not None else [])
        preload_for_references(items.values(), locator)
        return {"items": items, "locator": locator}


# --- version links --------------------------------------------------------------------------------------------

@extend_schema_field({"type": "string", "enum": m.VersionLinkType.values})
class VersionLinkTypeField(LinkTypeField):
    """`New Fork Of`, `New Documentation Version Of` or `New Model Version Of`, in any case, spaces or underscores."""

    default_error_messages = {
        "required": "Property [linkType] of class [VersionLink] cannot be null",
        "null": "Property [linkType] of class [VersionLink] cannot be null",
        "invalid": "Property [linkType] of class [VersionLink] with value [{value}] cannot be used; use one of "
                   + ", ".join(m.VersionLinkType.values),
    }
    choices = m.VersionLinkType.values


class ModelReferenceSerializer(ResourceSerializer):
    """A model embedded in a version link: `{id, domainType, label}`."""

    id = IdField()
    domainType = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)


class VersionLinkSerializer(ResourceSerializer):
    """A model (source) is a new version, documentation version or fork of another (target); the target is named
    by type and id on input."""

    id = IdField()
    linkType = VersionLinkTypeField(source="link_type")
    domainType = serializers.CharField(source="domain_type", read_only=True)
    sourceModel = serializers.SerializerMethodField()
    targetModel = serializers.SerializerMethodField()
    targetModelId = AnyJsonField(write_only=True)
    targetModelDomainType = AnyJsonField(write_only=True)

    class Meta:
        resource = "VersionLink"
        select_related = ("source_model", "target_model")

    @extend_schema_field(ModelReferenceSerializer)
    def get_sourceModel(self, link):
        return item_reference(link.source_model)

    @extend_schema_field(ModelReferenceSerializer)
    def get_targetModel(self, link):
        return item_reference(link.target_model)


# --- reference files ------------------------------------------------------------------------------------------

@extend_schema_field({"type": "array", "items": {"type": "integer", "minimum": -128, "maximum": 255}})
class FileContentsField(serializers.Field):
    """Bytes sent as a JSON array of byte values (0..255, or Java's signed -128..127), or an uploaded file."""

    default_error_messages = {
        "required": "Property [fileContents] of class [ReferenceFile] cannot be null",
        "null": "Property [fileContents] of class [ReferenceFile] cannot be null",
        "invalid": "Property [fileContents] of class [ReferenceFile] must be an array of byte values (-128 to 255)",
    }

    def to_internal_value(self, data):
        if hasattr(data, "read") and hasattr(data, "name"):
            return data.read()
        if not isinstance(data, list):
            self.fail("invalid")
        if any(isinstance(value, bool) for value in data):
            self.fail("invalid")
        try:
            return bytes(data)
        except (TypeError, ValueError):
            pass
        if not all(isinstance(value, int) and -128 <= value <= 255 for value in data):
            self.fail("invalid")
        return bytes(value % 256 for value in data)

    def to_representation(self, value):
        return list(value)


class ReferenceFileSerializer(ResourceSerializer):
    """A file attached to an item; its size is always that of the contents (a `fileSize` sent is ignored)."""

    id = IdField()
    domainType = serializers.CharField(source="domain_type", read_only=True)
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    fileSize = serializers.IntegerField(source="file_size", read_only=True)
    fileType = StrictCharField(source="file_type", max_length=255, required=False, allow_null=True)
    fileName = StrictCharField(source="file_name", max_length=255)
    fileContents = FileContentsField(source="contents", write_only=True)

    class Meta:
        resource = "ReferenceFile"


# --- rules ----------------------------------------------------------------------------------------------------

class RuleRepresentationSerializer(ResourceSerializer):
    id = IdField()
    language = StrictCharField(max_length=255)
    representation = StrictCharField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)

    class Meta:
        resource = "RuleRepresentation"
        omit_empty = ("language", "representation")
        select_related = ("rule",)


class RuleSerializer(ResourceSerializer):
    id = IdField()
    name = StrictCharField(max_length=255)
    description = OptionalTextField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    ruleRepresentations = RuleRepresentationSerializer(source="representations", many=True, read_only=True)

    class Meta:
        resource = "Rule"
        omit_empty = ("description", "ruleRepresentations")
        prefetch_related = ("representations",)


# --- edits ----------------------------------------------------------------------------------------------------

class EditSerializer(ResourceSerializer):
    dateCreated = MauroDateTimeField(source="date_created", read_only=True)
    createdBy = serializers.CharField(source="created_by", read_only=True)
    createdByUser = serializers.SerializerMethodField()
    title = serializers.ChoiceField(choices=m.EditTitle.values, read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        resource = "Edit"
        select_related = ("created_by_user",)

    @extend_schema_field(UserRefSerializer)
    def get_createdByUser(self, edit):
        return _user_ref(edit.created_by_user)


# --- classifiers on items -------------------------------------------------------------------------------------

class ItemClassifierSerializer(ResourceSerializer):
    """A classifier attached to an item, as lists show it."""

    id = IdField()
    label = serializers.CharField(read_only=True)
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    domainType = serializers.CharField(source="domain_type", read_only=True)

    class Meta:
        resource = "Classifier"


@extend_schema_field({"oneOf": [
    {"type": "string", "format": "uuid"},
    {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}},
]})
class ClassifierIdField(IdField):
    """On input the id of a classifier to attach, as a string or `{id}` (checked by the view); on output the id."""


class ItemClassifierDetailSerializer(ItemClassifierSerializer):
    """One attached classifier in full; on input `{id}` attaches an existing classifier, `{label, description?}`
    creates one and attaches it."""

    id = ClassifierIdField(read_only=False, required=False)
    label = StrictCharField(required=False)
    readableByEveryone = serializers.BooleanField(source="readable_by_everyone", read_only=True)
    readableByAuthenticatedUsers = serializers.BooleanField(source="readable_by_authenticated_users", read_only=True)
    availableActions = serializers.SerializerMethodField()
    description = OptionalTextField()

    class Meta(ItemClassifierSerializer.Meta):
        omit_empty = ("description",)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_availableActions(self, classifier):
        return container_actions(self.context["request"].user, classifier)
