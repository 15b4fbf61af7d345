"""User JSON in Mauro's shapes: a basic form (login, lists) and a full form (show)."""

from rest_framework import serializers

from accounts.api.fields import ReferenceIdField, StrictEmailField
from config.api.serializers import (
    ResourceSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    mauro_datetime,
)


def basic_user(user):
    data = {
        "id": str(user.id),
        "emailAddress": user.email_address,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "pending": user.pending,
        "disabled": user.disabled,
        "createdBy": user.created_by,
    }
    if user.needs_to_reset_password:
        data["needsToResetPassword"] = True
    return data


def full_user(user, available_actions):
    data = basic_user(user)
    data["creationMethod"] = user.creation_method
    data["availableActions"] = sorted(available_actions)
    if user.last_login:
        data["lastLogin"] = mauro_datetime(user.last_login)
    if user.organisation:
        data["organisation"] = user.organisation
    if user.job_title:
        data["jobTitle"] = user.job_title
    groups = [{"id": str(g.id), "name": g.name} for g in user.user_groups.all()]
    if groups:
        data["groups"] = groups
    return data


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(trim_whitespace=True, max_length=254)
    password = serializers.CharField(trim_whitespace=False, max_length=4096)


class UserResponseSerializer(serializers.Serializer):
    """Describes the basic user form for the OpenAPI schema."""

    id = serializers.UUIDField()
    emailAddress = serializers.EmailField()
    firstName = serializers.CharField()
    lastName = serializers.CharField()
    pending = serializers.BooleanField()
    disabled = serializers.BooleanField()
    createdBy = serializers.CharField()
    needsToResetPassword = serializers.BooleanField(required=False)




# --- output shapes for the OpenAPI schema -------------------------------------------------------------------

class GroupReferenceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class FullUserResponseSerializer(UserResponseSerializer):
    """The full user form (show, lists, updates)."""

    creationMethod = serializers.CharField()
    availableActions = serializers.ListField(child=serializers.CharField())
    lastLogin = serializers.DateTimeField(required=False)
    organisation = serializers.CharField(required=False)
    jobTitle = serializers.CharField(required=False)
    groups = GroupReferenceSerializer(many=True, required=False)


class ApiKeyResponseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    apiKey = serializers.UUIDField(required=False, help_text="The key itself; only in the answer to its creation")
    name = serializers.CharField()
    expiryDate = serializers.DateField()
    expired = serializers.BooleanField()
    disabled = serializers.BooleanField()
    refreshable = serializers.BooleanField()
    createdDate = serializers.DateField()


class ApiPropertyResponseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    key = serializers.CharField()
    value = serializers.CharField()
    category = serializers.CharField(required=False)
    publiclyVisible = serializers.BooleanField()
    lastUpdatedBy = serializers.CharField()
    createdBy = serializers.CharField()
    lastUpdated = serializers.DateTimeField()


# --- output functions -----------------------------------------------------------------------------------------

def api_key_item(api_key, plain_key=None):
    """An API key as listed; the key itself only when it has just been created (it is not stored)."""
    data = {"id": str(api_key.id)}
    if plain_key is not None:
        data["apiKey"] = str(plain_key)
    data.update({
        "name": api_key.name,
        "expiryDate": api_key.expiry_date.isoformat(),
        "expired": api_key.expired,
        "disabled": api_key.disabled,
        "refreshable": api_key.refreshable,
        "createdDate": api_key.date_created.date().isoformat(),
    })
    return data


def property_item(prop):
    data = {"id": str(prop.id), "key": prop.key, "value": prop.value}
    if prop.category:
        data["category"] = prop.category
    data.update({
        "publiclyVisible": prop.publicly_visible,
        "lastUpdatedBy": prop.last_updated_by,
        "createdBy": prop.created_by,
        "lastUpdated": mauro_datetime(prop.last_updated),
    })
    return data


# --- input ----------------------------------------------------------------------------------------------------
# Request bodies follow the contract's input rule through `ResourceSerializer.is_valid()`: a missing or null
# required field → 400; a wrong JSON type, a blank required text or a broken rule → 422. Names and e-mail
# addresses are trimmed; passwords are kept as sent.

def _name_field(**kwargs):
    return StrictCharField(max_length=255, trim_whitespace=True, **kwargs)


def _optional_text(**kwargs):
    return StrictCharField(max_length=255, trim_whitespace=True, required=False, allow_blank=True, allow_null=True,
                           **kwargs)


def _password_field(**kwargs):
    return StrictCharField(max_length=4096, trim_whitespace=False, **kwargs)


def _email_field(**kwargs):
    return StrictEmailField(max_length=254, trim_whitespace=True, **kwargs)


class UserBody(ResourceSerializer):
    class Meta(ResourceSerializer.Meta):
        resource = "CatalogueUser"


class RegistrationSerializer(UserBody):
    emailAddress = _email_field()
    firstName = _name_field()
    lastName = _name_field()
    password = _password_field(required=False, allow_null=True)
    organisation = _optional_text()
    jobTitle = _optional_text()


class AdminRegistrationSerializer(UserBody):
    emailAddress = _email_field()
    firstName = _name_field()
    lastName = _name_field()
    organisation = _optional_text()
    jobTitle = _optional_text()
    groups = serializers.ListField(child=ReferenceIdField(), required=False, allow_empty=True,
                                   help_text="Groups to join: objects with an id, or ids")


class UserUpdateSerializer(UserBody):
    """Every field optional; fields not listed here (id, pending, availableActions...) are ignored."""

    emailAddress = _email_field(required=False)
    firstName = _name_field(required=False)
    lastName = _name_field(required=False)
    organisation = _optional_text()
    jobTitle = _optional_text()
    disabled = StrictBooleanField(required=False)
    groups = serializers.ListField(child=ReferenceIdField(), required=False, allow_empty=True)


class ChangePasswordSerializer(UserBody):
    oldPassword = _password_field()
    newPassword = _password_field()


class ResetPasswordSerializer(UserBody):
    resetToken = StrictCharField(max_length=100, trim_whitespace=True)
    newPassword = _password_field()


class UserSearchSerializer(UserBody):
    searchTerm = StrictCharField(required=False, allow_blank=True, allow_null=True, max_length=255,
                                 trim_whitespace=True)
    max = StrictIntegerField(required=False)
    offset = StrictIntegerField(required=False)


class ApiKeyCreateSerializer(ResourceSerializer):
    name = _name_field()
    expiresInDays = StrictIntegerField(required=False)
    refreshable = StrictBooleanField(required=False)

    class Meta(ResourceSerializer.Meta):
        resource = "ApiKey"


class ApiPropertySerializer(ResourceSerializer):
    key = StrictCharField(max_length=255, trim_whitespace=True)
    value = StrictCharField(allow_blank=True, trim_whitespace=False, max_length=100_000)
    category = _optional_text()
    publiclyVisible = StrictBooleanField(required=False)

    class Meta(ResourceSerializer.Meta):
        resource = "ApiProperty"


class ApiPropertyUpdateSerializer(ApiPropertySerializer):
    key = StrictCharField(max_length=255, trim_whitespace=True, required=False)
    value = StrictCharField(allow_blank=True, trim_whitespace=False, max_length=100_000, required=False)
