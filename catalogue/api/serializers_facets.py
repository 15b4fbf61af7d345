"""Facet JSON in Mauro's shapes (contract §6), and the input serializers that check request bodies.

Input rules: a missing or null required field is a 400; a blank value, a non-string, a value too long or
an unknown choice is a 422 naming the field (`Property [key] of class [Metadata] cannot be blank`).
"""

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from accounts.access import container_actions
from catalogue import models as m
from catalogue.api.common import BreadcrumbSchema
from catalogue.selectors.items_lookup import item_reference
from config.api.serializers import mauro_datetime

# --- input ----------------------------------------------------------------------------------------------------


class StrictText(serializers.CharField):
    """A string field that never coerces numbers and rejects whitespace-only values, keeping what was sent."""

    def __init__(self, *, owner, name, max_length=None, **kwargs):
        prop = f"Property [{name}] of class [{owner}]"
        kwargs.setdefault("error_messages", {
            "required": f"{prop} cannot be null",
            "null": f"{prop} cannot be null",
            "blank": f"{prop} cannot be blank",
            "invalid": f"{prop} must be a string",
            "max_length": f"{prop} is longer than {{max_length}} characters",
        })
        super().__init__(trim_whitespace=False, max_length=max_length, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not self.allow_blank and not data.strip():
            self.fail("blank")
        return data


class OptionalText(StrictText):
    """An optional free text (descriptions): null or blank clear it."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, allow_blank=True, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return value if value.strip() else None


class MetadataInput(serializers.Serializer):
    namespace = StrictText(owner="Metadata", name="namespace", max_length=255)
    key = StrictText(owner="Metadata", name="key", max_length=255)
    value = StrictText(owner="Metadata", name="value")


class AnnotationInput(serializers.Serializer):
    label = StrictText(owner="Annotation", name="label", max_length=255)
    description = OptionalText(owner="Annotation", name="description")


class ReplyInput(serializers.Serializer):
    label = StrictText(owner="Annotation", name="label", max_length=255, required=False)
    description = StrictText(owner="Annotation", name="description")


@extend_schema_field({"type": "string", "enum": m.SemanticLinkType.values})
class LinkTypeField(serializers.Field):
    """`Refines`, `Does Not Refine`, `Abstracts` or `Does Not Abstract`, in any case, spaces or underscores."""

    default_error_messages = {
        "required": "Property [linkType] of class [SemanticLink] cannot be null",
        "null": "Property [linkType] of class [SemanticLink] cannot be null",
        "invalid": "Property [linkType] of class [SemanticLink] with value [{value}] cannot be used; use one of "
                   + ", ".join(m.SemanticLinkType.values),
    }

    def to_internal_value(self, data):
        normalised = data.strip().upper().replace("_", " ") if isinstance(data, str) else None
        for choice in m.SemanticLinkType.values:
            if normalised == choice.upper():
                return choice
        self.fail("invalid", value=data)

    def to_representation(self, value):
        return value


class SemanticLinkInput(serializers.Serializer):
    linkType = LinkTypeField()
    targetMultiFacetAwareItemId = serializers.JSONField(
        error_messages={"required": "Property [targetMultiFacetAwareItemId] of class [SemanticLink] cannot be null"})
    targetMultiFacetAwareItemDomainType = serializers.JSONField(
        error_messages={"required": "Property [targetMultiFacetAwareItemDomainType] of class [SemanticLink] cannot "
                                    "be null"})


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


class ReferenceFileInput(serializers.Serializer):
    fileName = StrictText(owner="ReferenceFile", name="fileName", max_length=255)
    fileType = StrictText(owner="ReferenceFile", name="fileType", max_length=255, required=False, allow_null=True)
    fileSize = serializers.JSONField(required=False, help_text="Ignored: the size is that of the contents")
    fileContents = FileContentsField()


class RuleInput(serializers.Serializer):
    name = StrictText(owner="Rule", name="name", max_length=255)
    description = OptionalText(owner="Rule", name="description")


class RuleRepresentationInput(serializers.Serializer):
    language = StrictText(owner="RuleRepresentation", name="language", max_length=255)
    representation = StrictText(owner="RuleRepresentation", name="representation")


class ClassifierAttachInput(serializers.Serializer):
    """`{id}` attaches an existing classifier; `{label, description?}` creates one and attaches it."""

    id = serializers.JSONField(required=False)
    label = serializers.JSONField(required=False)
    description = OptionalText(owner="Classifier", name="description")


# --- output ---------------------------------------------------------------------------------------------------

def _user_ref(user):
    return {"name": user.display_name if user else None, "id": str(user.pk) if user else None}


def metadata_json(metadata):
    return {"id": str(metadata.pk), "namespace": metadata.namespace, "key": metadata.key, "value": metadata.value,
            "lastUpdated": mauro_datetime(metadata.last_updated)}


def namespace_json(namespace, keys, default_prefixes):
    return {"namespace": namespace, "editable": True,
            "defaultNamespace": any(namespace.startswith(prefix) for prefix in default_prefixes),
            "keys": sorted(keys)}


def annotation_json(annotation, children_by_parent=None, child=False):
    """`childAnnotations` come from `children_by_parent` ({parent id: [replies]}), so nesting costs no query."""
    data = {"id": str(annotation.pk)}
    if not child:
        data["label"] = annotation.label
    data["createdBy"] = annotation.created_by
    data["createdByUser"] = _user_ref(annotation.created_by_user)
    data["lastUpdated"] = mauro_datetime(annotation.last_updated)
    if annotation.description:
        data["description"] = annotation.description
    children = (children_by_parent or {}).get(annotation.pk)
    if children:
        data["childAnnotations"] = [annotation_json(c, children_by_parent, child=True) for c in children]
    return data


def _missing_reference(domain_type, item_id):
    return {"id": str(item_id), "domainType": domain_type, "label": None}


def semantic_link_json(link, items, locator):
    """`items` maps ids to the loaded source and target items (see `items_lookup.load_items`)."""
    source = items.get(link.catalogue_item_id)
    target = items.get(link.target_id)
    return {
        "id": str(link.pk),
        "linkType": link.link_type,
        "domainType": m.SemanticLink.domain_type,
        "unconfirmed": link.unconfirmed,
        "sourceMultiFacetAwareItem": item_reference(source, locator) if source is not None
        else _missing_reference(link.catalogue_item_domain_type, link.catalogue_item_id),
        "targetMultiFacetAwareItem": item_reference(target, locator) if target is not None
        else _missing_reference(link.target_domain_type, link.target_id),
    }


def reference_file_json(reference_file):
    return {"id": str(reference_file.pk), "domainType": m.ReferenceFile.domain_type,
            "lastUpdated": mauro_datetime(reference_file.last_updated), "fileSize": reference_file.file_size,
            "fileType": reference_file.file_type, "fileName": reference_file.file_name}


def rule_representation_json(representation):
    data = {"id": str(representation.pk)}
    if representation.language:
        data["language"] = representation.language
    if representation.representation:
        data["representation"] = representation.representation
    data["lastUpdated"] = mauro_datetime(representation.last_updated)
    return data


def rule_json(rule, representations=None):
    """`representations` defaults to the rule's (prefetched) representations."""
    data = {"id": str(rule.pk), "name": rule.name}
    if rule.description:
        data["description"] = rule.description
    data["lastUpdated"] = mauro_datetime(rule.last_updated)
    representations = list(rule.representations.all()) if representations is None else representations
    if representations:
        data["ruleRepresentations"] = [rule_representation_json(r) for r in representations]
    return data


def edit_json(edit):
    return {"dateCreated": mauro_datetime(edit.date_created), "createdBy": edit.created_by,
            "createdByUser": _user_ref(edit.created_by_user), "title": edit.title, "description": edit.description}


def classifier_json(classifier, *, user=None, full=False, role=None):
    data = {"id": str(classifier.pk), "label": classifier.label, "lastUpdated": mauro_datetime(classifier.last_updated),
            "domainType": classifier.domain_type}
    if full:
        data["readableByEveryone"] = classifier.readable_by_everyone
        data["readableByAuthenticatedUsers"] = classifier.readable_by_authenticated_users
        data["availableActions"] = container_actions(user, classifier, role)
        if classifier.description:
            data["description"] = classifier.description
    return data


# --- OpenAPI descriptions of the shapes above -------------------------------------------------------------------

def paginated(name, item_serializer):
    return inline_serializer(name, {"count": serializers.IntegerField(), "items": item_serializer(many=True)})


class UserRefSchema(serializers.Serializer):
    name = serializers.CharField(allow_null=True)
    id = serializers.UUIDField(allow_null=True)


class MetadataSchema(serializers.Serializer):
    id = serializers.UUIDField()
    namespace = serializers.CharField()
    key = serializers.CharField()
    value = serializers.CharField()
    lastUpdated = serializers.DateTimeField()


class NamespaceSchema(serializers.Serializer):
    namespace = serializers.CharField()
    editable = serializers.BooleanField()
    defaultNamespace = serializers.BooleanField()
    keys = serializers.ListField(child=serializers.CharField())


class ChildAnnotationSchema(serializers.Serializer):
    id = serializers.UUIDField()
    createdBy = serializers.CharField()
    createdByUser = UserRefSchema()
    lastUpdated = serializers.DateTimeField()
    description = serializers.CharField(required=False)


class AnnotationSchema(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField()
    createdBy = serializers.CharField()
    createdByUser = UserRefSchema()
    lastUpdated = serializers.DateTimeField()
    description = serializers.CharField(required=False)
    childAnnotations = ChildAnnotationSchema(many=True, required=False)


class ItemReferenceSchema(serializers.Serializer):
    id = serializers.UUIDField()
    domainType = serializers.CharField()
    label = serializers.CharField(allow_null=True)
    model = serializers.UUIDField(required=False)
    breadcrumbs = BreadcrumbSchema(many=True, required=False)


class SemanticLinkSchema(serializers.Serializer):
    id = serializers.UUIDField()
    linkType = serializers.ChoiceField(choices=m.SemanticLinkType.values)
    domainType = serializers.CharField()
    unconfirmed = serializers.BooleanField()
    sourceMultiFacetAwareItem = ItemReferenceSchema()
    targetMultiFacetAwareItem = ItemReferenceSchema()


class ReferenceFileSchema(serializers.Serializer):
    id = serializers.UUIDField()
    domainType = serializers.CharField()
    lastUpdated = serializers.DateTimeField()
    fileSize = serializers.IntegerField()
    fileType = serializers.CharField()
    fileName = serializers.CharField()


class RuleRepresentationSchema(serializers.Serializer):
    id = serializers.UUIDField()
    language = serializers.CharField()
    representation = serializers.CharField()
    lastUpdated = serializers.DateTimeField()


class RuleSchema(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField(required=False)
    lastUpdated = serializers.DateTimeField()
    ruleRepresentations = RuleRepresentationSchema(many=True, required=False)


class EditSchema(serializers.Serializer):
    dateCreated = serializers.DateTimeField()
    createdBy = serializers.CharField()
    createdByUser = UserRefSchema()
    title = serializers.ChoiceField(choices=m.EditTitle.values)
    description = serializers.CharField()


class ClassifierSchema(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField()
    lastUpdated = serializers.DateTimeField()
    domainType = serializers.CharField()
    readableByEveryone = serializers.BooleanField(required=False)
    readableByAuthenticatedUsers = serializers.BooleanField(required=False)
    availableActions = serializers.ListField(child=serializers.CharField(), required=False)
    description = serializers.CharField(required=False)
