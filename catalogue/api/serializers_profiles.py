"""Profiles in Mauro's shapes: profile providers, a profile of an item (sections of typed fields with their current
values), the bodies that save or validate one or many profiles, and the profile error body.

Answers are rendered from `catalogue.selectors.profiles` objects; request bodies are read by the input serializers
below, which apply the contract's input rule (a body that is not an object or a missing list → 400, a value of the
wrong JSON type → 422). A field's `currentValue` is text: numbers and booleans are taken as their text, as Mauro's
binding reads them.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.api.serializers_facets import ItemReferenceSerializer
from catalogue.selectors.items_lookup import item_reference, preload_for_references
from catalogue.selectors.paths import Locator
from catalogue.selectors.profiles import field_total
from config.api.serializers import IdField, MauroMessages, ResourceSerializer, StrictCharField

# --- providers ------------------------------------------------------------------------------------------------

class DefiningDataModelSerializer(ResourceSerializer):
    """The data model that defines a dynamic profile."""

    id = serializers.UUIDField(read_only=True)
    label = serializers.CharField(read_only=True)
    description = serializers.CharField(allow_null=True, read_only=True)


class ProfileProviderSerializer(ResourceSerializer):
    """A profile provider (`catalogue.selectors.profiles.ProfileProvider`); `dataModel` only for dynamic ones."""

    name = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)
    displayName = serializers.CharField(source="display_name", read_only=True)
    namespace = serializers.CharField(read_only=True)
    allowsExtraMetadataKeys = serializers.BooleanField(source="allows_extra_metadata_keys", read_only=True)
    knownMetadataKeys = serializers.ListField(child=serializers.CharField(), source="known_metadata_keys",
                                              read_only=True)
    providerType = serializers.CharField(source="provider_type", read_only=True)
    metadataNamespace = serializers.CharField(source="metadata_namespace", read_only=True)
    domains = serializers.ListField(child=serializers.CharField(), read_only=True)
    editableAfterFinalisation = serializers.BooleanField(source="editable_after_finalisation", read_only=True)
    dataModel = DefiningDataModelSerializer(source="data_model", read_only=True, required=False)

    class Meta:
        omit_empty = ("dataModel",)


class ProfileProviderReferenceSerializer(ResourceSerializer):
    """The brief form naming a provider, in answers holding many profiles."""

    name = serializers.CharField(read_only=True)
    namespace = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)


# --- profiles -------------------------------------------------------------------------------------------------

class ProfileFieldSerializer(ResourceSerializer):
    """One field with its current value (`FieldValue`)."""

    fieldName = serializers.CharField(source="field.field_name", read_only=True)
    metadataPropertyName = serializers.CharField(source="field.metadata_property_name", allow_null=True,
                                                 read_only=True)
    currentValue = serializers.CharField(source="shown_value", read_only=True)
    dataType = serializers.CharField(source="field.data_type", read_only=True)
    allowedValues = serializers.ListField(child=serializers.CharField(), source="field.allowed_values",
                                          read_only=True, required=False)
    maxMultiplicity = serializers.IntegerField(source="field.max_multiplicity", read_only=True)
    minMultiplicity = serializers.IntegerField(source="field.min_multiplicity", read_only=True)
    uneditable = serializers.BooleanField(source="field.uneditable", read_only=True)
    editableAfterFinalisation = serializers.BooleanField(source="field.editable_after_finalisation", read_only=True)
    derived = serializers.BooleanField(source="field.derived", read_only=True)
    derivedFrom = serializers.CharField(source="field.derived_from", read_only=True, required=False)
    description = serializers.CharField(source="field.description", read_only=True, required=False)
    regularExpression = serializers.CharField(source="field.regular_expression", read_only=True, required=False)
    defaultValue = serializers.CharField(source="field.default_value", read_only=True, required=False)

    class Meta:
        omit_empty = ("allowedValues", "derivedFrom", "description", "regularExpression", "defaultValue")


class ProfileSectionSerializer(ResourceSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(allow_null=True, read_only=True)
    fields = ProfileFieldSerializer(many=True, read_only=True)


class ProfileSerializer(ResourceSerializer):
    """A profile of an item (`catalogue.selectors.profiles.Profile`); a profile's definition has no item."""

    sections = ProfileSectionSerializer(many=True, read_only=True)
    id = IdField(required=False)
    label = serializers.CharField(read_only=True, required=False)
    domainType = serializers.CharField(source="domain_type", read_only=True, required=False)

    class Meta:
        omit_empty = ("id", "label", "domainType")


class ProfileErrorSerializer(ResourceSerializer):
    message = serializers.CharField(read_only=True)
    fieldName = serializers.CharField(read_only=True)
    metadataPropertyName = serializers.CharField(allow_null=True, read_only=True)


class ProfileErrorsSerializer(ResourceSerializer):
    """What is wrong with a profile's values: `{total, errors, fieldTotal}`."""

    total = serializers.IntegerField(read_only=True)
    errors = ProfileErrorSerializer(many=True, read_only=True)
    fieldTotal = serializers.IntegerField(read_only=True)


def profile_errors_json(errors):
    return {"total": len(errors), "errors": errors, "fieldTotal": field_total(errors)}


class ProfileInvalidSchema(serializers.Serializer):
    """OpenAPI description of the 422 answer of a profile validation: the error body with the profile's errors."""

    status = serializers.IntegerField()
    reason = serializers.CharField()
    errorCode = serializers.CharField()
    message = serializers.CharField()
    path = serializers.CharField()
    version = serializers.CharField()
    total = serializers.IntegerField()
    errors = ProfileErrorSerializer(many=True)
    fieldTotal = serializers.IntegerField()

    class Meta:
        ref_name = "ProfileInvalid"


class ProfileProvidedSerializer(ResourceSerializer):
    """One profile among many: the profile, its item, its provider and (once validated) what is wrong with it."""

    profile = ProfileSerializer(source="*", read_only=True)
    multiFacetAwareItem = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField()
    profileProviderService = ProfileProviderReferenceSerializer(source="provider", read_only=True)

    class Meta:
        omit_empty = ("errors",)

    @extend_schema_field(ItemReferenceSerializer)
    def get_multiFacetAwareItem(self, profile):
        return item_reference(profile.item, self.context["locator"])

    @extend_schema_field(ProfileErrorsSerializer(required=False))
    def get_errors(self, profile):
        return profile_errors_json(profile.errors) if profile.errors else None

    @classmethod
    def preload(cls, objects, context):
        locator = Locator()
        preload_for_references([profile.item for profile in objects], locator)
        return {"locator": locator}


class ProfileProvidedListSchema(serializers.Serializer):
    """OpenAPI description of the answer holding many profiles."""

    count = serializers.IntegerField()
    profilesProvided = ProfileProvidedSerializer(many=True)

    class Meta:
        ref_name = "ProfileProvidedList"


class ProfilesInvalidSchema(ProfileProvidedListSchema):
    """OpenAPI description of the 422 answer of validating many profiles: the error body with every profile."""

    status = serializers.IntegerField()
    reason = serializers.CharField()
    errorCode = serializers.CharField()
    message = serializers.CharField()
    path = serializers.CharField()
    version = serializers.CharField()
    total = serializers.IntegerField()
    errors = ProfileErrorSerializer(many=True)

    class Meta:
        ref_name = "ProfilesInvalid"


# --- request bodies -------------------------------------------------------------------------------------------

@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]})
class ProfileValueField(MauroMessages, serializers.Field):
    """A field's value: text (numbers and booleans as their text, null as empty); an object or a list is a 422."""

    expected = "a string"

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return "true" if data else "false"
        if isinstance(data, (int, float)):
            return str(data)
        if not isinstance(data, str):
            self.wrong_type()
        return data

    def to_representation(self, value):
        return value


class ProfileFieldInputSerializer(ResourceSerializer):
    """A submitted field, matched to its definition by `metadataPropertyName`, else by section and `fieldName`."""

    fieldName = StrictCharField(required=False, allow_null=True, allow_blank=True)
    metadataPropertyName = StrictCharField(required=False, allow_null=True, allow_blank=True)
    currentValue = ProfileValueField()

    class Meta:
        resource = "ProfileField"


class ProfileSectionInputSerializer(ResourceSerializer):
    name = StrictCharField(required=False, allow_null=True, allow_blank=True)
    fields = ProfileFieldInputSerializer(many=True, required=False)

    class Meta:
        resource = "ProfileSection"


class ProfileInputSerializer(ResourceSerializer):
    """A profile to save or validate on the item the URL names: its sections of fields (other keys are ignored)."""

    sections = ProfileSectionInputSerializer(many=True)

    class Meta:
        resource = "Profile"


class NamedItemInputSerializer(ResourceSerializer):
    multiFacetAwareItemDomainType = StrictCharField()
    multiFacetAwareItemId = StrictCharField()

    class Meta:
        resource = "MultiFacetAwareItem"


class ProviderReferenceInputSerializer(ResourceSerializer):
    namespace = StrictCharField()
    name = StrictCharField()
    version = StrictCharField(required=False, allow_null=True)

    class Meta:
        resource = "ProfileProviderService"


class ItemsProfilesInputSerializer(ResourceSerializer):
    """`getMany`: the profiles (by provider) of items of the model the URL names."""

    multiFacetAwareItems = NamedItemInputSerializer(many=True)
    profileProviderServices = ProviderReferenceInputSerializer(many=True)

    class Meta:
        resource = "ItemsProfiles"


class ProvidedProfileInputSerializer(ProfileInputSerializer):
    """A profile among many: it names its item by `domainType` and `id`."""

    id = StrictCharField()
    domainType = StrictCharField()


class ProfileProvidedInputSerializer(ResourceSerializer):
    profile = ProvidedProfileInputSerializer()
    profileProviderService = ProviderReferenceInputSerializer()

    class Meta:
        resource = "ProfileProvided"


class ProfileProvidedCollectionInputSerializer(ResourceSerializer):
    """`saveMany` and `validateMany`: profiles of items of the model the URL names."""

    profilesProvided = ProfileProvidedInputSerializer(many=True)

    class Meta:
        resource = "ProfileProvidedCollection"
