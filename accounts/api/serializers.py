"""The account resources, each described once for its request body, its answer and its OpenAPI schema: users (a
basic form for login and search, a full form for show, lists and updates), API keys and API properties.

Request bodies follow the contract's input rule through `ResourceSerializer.is_valid()`: a missing or null
required field → 400; a wrong JSON type, a blank required text or a broken rule → 422. Names and e-mail
addresses are trimmed; passwords are kept as sent.
"""

import datetime
import uuid

from rest_framework import serializers

from accounts import policy
from accounts.api.fields import GroupReferencesField, StrictEmailField
from config.api.serializers import (
    IdField,
    MauroDateTimeField,
    ResourceSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)


def basic_user(user):
    """The basic user form as a dict, for the group member lists (`UserSerializer` gives the same answer)."""
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


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(trim_whitespace=True, max_length=254)
    password = serializers.CharField(trim_whitespace=False, max_length=4096)


def _name_field(**kwargs):
    return StrictCharField(max_length=255, trim_whitespace=True, **kwargs)


def _optional_text(**kwargs):
    return StrictCharField(max_length=255, trim_whitespace=True, required=False, allow_blank=True, allow_null=True,
                           **kwargs)


def _password_field(**kwargs):
    return StrictCharField(max_length=4096, trim_whitespace=False, **kwargs)


# --- users ----------------------------------------------------------------------------------------------------

class UserSerializer(ResourceSerializer):
    """The basic user form (login, search results, a password reset); `needsToResetPassword` only when true."""

    id = IdField()
    emailAddress = StrictEmailField(source="email_address", max_length=254, trim_whitespace=True)
    firstName = _name_field(source="first_name")
    lastName = _name_field(source="last_name")
    pending = serializers.BooleanField(read_only=True)
    disabled = StrictBooleanField(required=False)
    createdBy = serializers.CharField(source="created_by", read_only=True)
    needsToResetPassword = serializers.SerializerMethodField()

    class Meta(ResourceSerializer.Meta):
        resource = "CatalogueUser"
        omit_empty = ("needsToResetPassword",)

    def get_needsToResetPassword(self, user) -> bool:
        return True if user.needs_to_reset_password else None


class FullUserSerializer(UserSerializer):
    """The full user form (show, lists) and the body of an update: users edit their own details; user
    administrators also `disabled` and `groups` (the service judges those). Empty optional values are left out."""

    creationMethod = serializers.CharField(source="creation_method", read_only=True)
    availableActions = serializers.SerializerMethodField()
    lastLogin = MauroDateTimeField(source="last_login", read_only=True)
    organisation = _optional_text()
    jobTitle = _optional_text(source="job_title")
    groups = GroupReferencesField(source="user_groups", required=False)

    class Meta(UserSerializer.Meta):
        omit_empty = ("needsToResetPassword", "lastLogin", "organisation", "jobTitle", "groups")
        prefetch_related = ("user_groups",)

    def get_availableActions(self, user) -> list[str]:
        return sorted(policy.user_available_actions(self.context["request"].user, user))


class RegistrationSerializer(FullUserSerializer):
    """Self-registration: the profile and an optional password; the answer is the new (pending) user."""

    disabled = serializers.BooleanField(read_only=True)
    groups = GroupReferencesField(source="user_groups", read_only=True)
    password = _password_field(required=False, allow_null=True, write_only=True)


class AdminRegistrationSerializer(FullUserSerializer):
    """A user administrator's registration: the profile and the groups to join (no password: one is mailed)."""

    disabled = serializers.BooleanField(read_only=True)


class ChangePasswordSerializer(ResourceSerializer):
    """A user's own password change: the old password proves it is them."""

    oldPassword = _password_field()
    newPassword = _password_field()

    class Meta(ResourceSerializer.Meta):
        resource = "CatalogueUser"


class ResetPasswordSerializer(ResourceSerializer):
    """A new password with the one-time token from a reset-link email."""

    resetToken = StrictCharField(max_length=100, trim_whitespace=True)
    newPassword = _password_field()

    class Meta(ResourceSerializer.Meta):
        resource = "CatalogueUser"


class UserSearchSerializer(ResourceSerializer):
    """A search from a body: the words to find, and optionally the page (as `max`/`offset` in a query)."""

    searchTerm = StrictCharField(required=False, allow_blank=True, allow_null=True, max_length=255,
                                 trim_whitespace=True)
    max = StrictIntegerField(required=False)
    offset = StrictIntegerField(required=False)

    class Meta(ResourceSerializer.Meta):
        resource = "CatalogueUser"


# --- API keys -------------------------------------------------------------------------------------------------

class ApiKeySerializer(ResourceSerializer):
    """An API key as listed; the key itself (`apiKey`) only in the answer to its creation (it is not stored)."""

    id = IdField()
    apiKey = serializers.SerializerMethodField(help_text="The key itself; only in the answer to its creation")
    name = _name_field()
    expiresInDays = StrictIntegerField(required=False, write_only=True,
                                       help_text="Days from today until the key expires (default 365)")
    expiryDate = serializers.DateField(source="expiry_date", read_only=True)
    expired = serializers.BooleanField(read_only=True)
    disabled = serializers.BooleanField(read_only=True)
    refreshable = StrictBooleanField(required=False)
    createdDate = serializers.SerializerMethodField()

    class Meta(ResourceSerializer.Meta):
        resource = "ApiKey"
        omit_empty = ("apiKey",)

    def get_apiKey(self, api_key) -> uuid.UUID:
        plain = getattr(api_key, "plain_key", None)
        return str(plain) if plain is not None else None

    def get_createdDate(self, api_key) -> datetime.date:
        return api_key.date_created.date().isoformat()


# --- API properties -------------------------------------------------------------------------------------------

class ApiPropertySerializer(ResourceSerializer):
    """An application setting; `category` is left out when empty."""

    id = IdField()
    key = StrictCharField(max_length=255, trim_whitespace=True)
    value = StrictCharField(allow_blank=True, trim_whitespace=False, max_length=100_000)
    category = _optional_text()
    publiclyVisible = StrictBooleanField(source="publicly_visible", required=False)
    lastUpdatedBy = serializers.CharField(source="last_updated_by", read_only=True)
    createdBy = serializers.CharField(source="created_by", read_only=True)
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)

    class Meta(ResourceSerializer.Meta):
        resource = "ApiProperty"
        omit_empty = ("category",)
