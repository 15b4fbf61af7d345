"""Folders, classifiers and authorities in Mauro's shapes: one serializer family per resource (index and show),
used for request bodies, answers and the OpenAPI schema (config.api.serializers applies the input rule).

Other areas (tree, paths, security) embed the same shapes through `folder_json`, `classifier_json` and
`authority_json`, which render with these serializers.
"""

from rest_framework import serializers
from rest_framework.fields import empty

from accounts.access import container_actions
from catalogue.api.common import BreadcrumbSchema
from catalogue.selectors.containers import classifier_paths, folder_paths, with_child_folder_flag
from config.api.serializers import (
    IdField,
    MauroDateTimeField,
    OptionalTextField,
    ResourceSerializer,
    StrictBooleanField,
    StrictCharField,
)

#: The code of a null given for a text an object always has, on an update: a value breaking a rule (422).
NULL_ON_UPDATE = "null_on_update"


class RequiredTextField(StrictCharField):
    """A text every object has (a label, an authority's url).

    Create: missing or null is a 400, unless `create_default` (a folder's label: missing, null or empty is None and
    the service picks Mauro's `New Folder`). Update: null, like blank, is a 422. Other rules (characters, length,
    uniqueness) are the services' (the admin and imports share them).
    """

    def __init__(self, *, create_default=False, **kwargs):
        self.create_default = create_default
        kwargs.setdefault("required", not create_default)
        super().__init__(allow_null=True, **kwargs)

    def run_validation(self, data=empty):
        creating = getattr(self.parent, "instance", None) is None
        if creating and self.create_default and (data is None or data == ""):
            return None
        if data is None and not creating:
            raise serializers.ValidationError(self.error_messages["null"], code=NULL_ON_UPDATE)
        if data is None:
            self.fail("null")
        return super().run_validation(data)


def _user(serializer):
    """The caller: the request's user in a view, or the `user` given by code that embeds the shape."""
    context = serializer.context
    return context["user"] if "user" in context else context["request"].user


# --- folders ------------------------------------------------------------------------------------------------

class FolderSerializer(ResourceSerializer):
    """A folder as lists show it: `{id, label, deleted?, lastUpdated, domainType, hasChildFolders, path}`."""

    id = IdField()
    label = RequiredTextField(create_default=True)
    deleted = serializers.SerializerMethodField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    domainType = serializers.CharField(source="domain_type", read_only=True)
    hasChildFolders = serializers.SerializerMethodField()
    path = serializers.SerializerMethodField()

    class Meta:
        resource = "Folder"
        omit_empty = ("deleted",)

    def get_deleted(self, folder) -> bool:
        return True if folder.deleted else None

    def get_hasChildFolders(self, folder) -> bool:
        flag = getattr(folder, "has_child_folders", None)
        if flag is None:
            flag = folder.child_folders.exists()
        return bool(flag)

    def get_path(self, folder) -> str:
        return self.context["paths"][folder.pk]

    @classmethod
    def query_plan(cls, queryset):
        """Whether each folder has children, inside the same query."""
        return with_child_folder_flag(super().query_plan(queryset))

    @classmethod
    def preload(cls, objects, context):
        return {"paths": folder_paths(objects)}


class ContainerShowFields(serializers.Serializer):
    """What a folder's or classifier's show adds to its index shape; the fields a body may change besides the label."""

    readableByEveryone = StrictBooleanField(source="readable_by_everyone", required=False)
    readableByAuthenticatedUsers = StrictBooleanField(source="readable_by_authenticated_users", required=False)
    availableActions = serializers.SerializerMethodField()
    description = OptionalTextField()

    def get_availableActions(self, container) -> list[str]:
        return container_actions(_user(self), container)


class FolderShowSerializer(FolderSerializer, ContainerShowFields):
    """One folder, and the body of a folder create or update (the label defaults to `New Folder`)."""

    class Meta(FolderSerializer.Meta):
        omit_empty = ("deleted", "description")
        select_related = ("parent_folder",)


# --- classifiers ----------------------------------------------------------------------------------------

class ClassifierSerializer(ResourceSerializer):
    """A classifier as lists show it: `{id, label, lastUpdated, domainType, path}`."""

    id = IdField()
    label = RequiredTextField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    domainType = serializers.CharField(source="domain_type", read_only=True)
    path = serializers.SerializerMethodField()

    class Meta:
        resource = "Classifier"

    def get_path(self, classifier) -> str:
        return self.context["paths"][classifier.pk]

    @classmethod
    def preload(cls, objects, context):
        return {"paths": classifier_paths(objects)}


class ClassifierShowSerializer(ClassifierSerializer, ContainerShowFields):
    """One classifier, and the body of a classifier create (label required) or update."""

    class Meta(ClassifierSerializer.Meta):
        omit_empty = ("description",)
        select_related = ("parent_classifier",)


class ClassifiedItemSerializer(ResourceSerializer):
    """One catalogue item a classifier is attached to; model items also name their model and breadcrumbs."""

    id = IdField()
    domainType = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    path = serializers.CharField(read_only=True)
    model = IdField()
    breadcrumbs = BreadcrumbSchema(many=True, read_only=True)

    class Meta:
        omit_empty = ("model", "breadcrumbs")


# --- authorities ----------------------------------------------------------------------------------------

class AuthoritySerializer(ResourceSerializer):
    """An authority (who publishes models): `{id, url, label, defaultAuthority, description?}`, and its body."""

    id = IdField()
    url = RequiredTextField()
    label = RequiredTextField()
    defaultAuthority = StrictBooleanField(source="default_authority", required=False)
    description = OptionalTextField()

    class Meta:
        resource = "Authority"
        omit_empty = ("description",)


# --- the same shapes for other areas --------------------------------------------------------------------

def folder_json(folder, *, user, full=True, path=None):
    """One folder: the index form (`full=False`) or the show form with flags and availableActions."""
    serializer_class = FolderShowSerializer if full else FolderSerializer
    paths = {folder.pk: path} if path is not None else folder_paths([folder])
    return serializer_class(context={"user": user, "paths": paths}).to_representation(folder)


def classifier_json(classifier, *, user, full=True, path=None):
    """One classifier: `{id, label, lastUpdated, domainType, path}` (+ flags and availableActions when full)."""
    serializer_class = ClassifierShowSerializer if full else ClassifierSerializer
    paths = {classifier.pk: path} if path is not None else classifier_paths([classifier])
    return serializer_class(context={"user": user, "paths": paths}).to_representation(classifier)


def authority_json(authority):
    return AuthoritySerializer().to_representation(authority)
