"""User JSON in Mauro's shapes: a basic form (login, lists) and a full form (show)."""

from rest_framework import serializers

from config.api.serializers import mauro_datetime


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


