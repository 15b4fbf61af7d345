"""Folders, classifiers and authorities (contract §5.2, §5.10): thin views over the container services.

Each view fetches what the URL names through `accounts.access` (hidden or missing → 404), checks the
caller's right (401/403), reads the body (400/422) and calls one service.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import get_readable, readable_classifiers, readable_folders, require_login
from catalogue import models as m
from catalogue.api.serializers_containers import (
    MISSING,
    Body,
    authority_json,
    classifier_json,
    classifiers_json,
    folder_json,
    folders_json,
    is_true,
)
from catalogue.selectors.containers import classified_items, with_child_folder_flag
from catalogue.services import containers as services
from config.api.errors import NotFound
from config.api.ids import parse_uuid
from config.api.pagination import apply_sort, paginate

CONTAINER_SORT_FIELDS = {"label": "label", "lastUpdated": "last_updated", "dateCreated": "date_created"}
CONTAINER_DEFAULT_ORDER = ["label"]

LIST_PARAMETERS = [
    OpenApiParameter("max", OpenApiTypes.INT, description="Page size (default 10, capped at 100)"),
    OpenApiParameter("offset", OpenApiTypes.INT, description="Rows to skip"),
    OpenApiParameter("all", OpenApiTypes.BOOL, description="Return every row"),
    OpenApiParameter("sort", OpenApiTypes.STR, description="Field to sort by, e.g. label"),
    OpenApiParameter("order", OpenApiTypes.STR, enum=["asc", "desc"]),
]
PERMANENT_PARAMETER = OpenApiParameter("permanent", OpenApiTypes.BOOL,
                                       description="true: remove for good (204) instead of a soft delete")

LIST_RESPONSE = inline_serializer("CatalogueList", {"count": serializers.IntegerField(),
                                                    "items": serializers.ListField(child=serializers.DictField())})
CONTAINER_BODY = inline_serializer("ContainerBody", {
    "label": serializers.CharField(required=False),
    "description": serializers.CharField(required=False, allow_null=True),
    "readableByEveryone": serializers.BooleanField(required=False),
    "readableByAuthenticatedUsers": serializers.BooleanField(required=False),
})
AUTHORITY_BODY = inline_serializer("AuthorityBody", {
    "label": serializers.CharField(),
    "url": serializers.CharField(),
    "description": serializers.CharField(required=False, allow_null=True),
    "defaultAuthority": serializers.BooleanField(required=False),
})


# --- helpers shared with the data model views -----------------------------------------------------------

class CatalogueView(APIView):
    """Writes need a login: an anonymous write is a 401 before any lookup (contract §2 precedence), but
    only on methods the URL supports (others stay a 404 with Allow)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        if method not in ("get", "head", "options") and hasattr(self, method):
            require_login(request.user)


def list_response(request, queryset, to_json, *, sort_fields=None, default_order=None):
    """`{count, items}` for a queryset: sorted (client choice or default, then pk) and paged."""
    if sort_fields is not None:
        queryset = apply_sort(request, queryset, sort_fields, default_order)
    count, page = paginate(request, queryset)
    return Response({"count": count, "items": to_json(page)})


def created_response(request, data, location):
    return Response(data, status=201, headers={"Location": request.build_absolute_uri(location)})


def fetch_folder(user, folder_id, *, annotate=False):
    """A folder the caller may read, else the Folder 404 (bad UUIDs included)."""
    queryset = with_child_folder_flag(m.Folder.objects.all()) if annotate else m.Folder.objects.all()
    return get_readable(readable_folders, user, queryset.select_related("parent_folder"),
                        parse_uuid(folder_id, "Folder"), "Folder")


def fetch_child_folder(user, parent_id, folder_id, *, annotate=False):
    parent = fetch_folder(user, parent_id)
    folder = fetch_folder(user, folder_id, annotate=annotate)
    if folder.parent_folder_id != parent.pk:
        raise NotFound("Folder", folder.pk)
    return folder


def fetch_classifier(user, classifier_id):
    return get_readable(readable_classifiers, user, m.Classifier.objects.select_related("parent_classifier"),
                        parse_uuid(classifier_id, "Classifier"), "Classifier")


def fetch_child_classifier(user, parent_id, classifier_id):
    parent = fetch_classifier(user, parent_id)
    classifier = fetch_classifier(user, classifier_id)
    if classifier.parent_classifier_id != parent.pk:
        raise NotFound("Classifier", classifier.pk)
    return classifier


def container_changes(body, *, label_required=False, default_label=False):
    """{service field: value} from a folder/classifier body.

    `label_required`: missing or null → 400. `default_label` (folder create): missing, null or empty →
    the service picks `New Folder...`. Otherwise a given label is checked by the label rules (422).
    """
    changes = {}
    if label_required:
        changes["label"] = body.required_text("label")
    else:
        label = body.raw_text("label")
        if label is not MISSING and not (default_label and label in (None, "")):
            changes["label"] = label
    description = body.text("description")
    if description is not MISSING:
        changes["description"] = description
    for key, field in (("readableByEveryone", "readable_by_everyone"),
                       ("readableByAuthenticatedUsers", "readable_by_authenticated_users")):
        value = body.boolean(key)
        if value is not MISSING:
            changes[field] = value
    return changes


def _folder_show(request, folder):
    folder = with_child_folder_flag(m.Folder.objects.filter(pk=folder.pk)).first()
    return folder_json(folder, user=request.user)


# --- folders ------------------------------------------------------------------------------------------------

class FolderListView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS, responses={200: LIST_RESPONSE}, operation_id="listFolders",
                   summary="Every folder the caller may read (flat)")
    def get(self, request):
        queryset = with_child_folder_flag(readable_folders(request.user, m.Folder.objects.all()))
        return list_response(request, queryset, lambda page: folders_json(page, user=request.user),
                             sort_fields=CONTAINER_SORT_FIELDS, default_order=CONTAINER_DEFAULT_ORDER)

    @extend_schema(request=CONTAINER_BODY, responses={201: OpenApiTypes.OBJECT}, operation_id="createFolder",
                   summary="Create a root folder (label defaults to New Folder)")
    def post(self, request):
        services.ensure_can_create_root_container(request.user)
        return _create_folder(request, parent=None)


def _create_folder(request, *, parent):
    body = Body(request.data, domain_type="Folder")
    changes = container_changes(body, default_label=True)
    folder = services.create_folder(user=request.user, parent=parent, label=changes.pop("label", None), **changes)
    return created_response(request, _folder_show(request, folder), f"/api/folders/{folder.pk}")


def _update_folder(request, folder):
    services.ensure_container_admin(request.user, folder)
    body = Body(request.data, domain_type="Folder")
    folder = services.update_folder(user=request.user, folder=folder, changes=container_changes(body))
    return Response(_folder_show(request, folder))


def _delete_folder(request, folder):
    services.ensure_container_admin(request.user, folder)
    if is_true(request.query_params.get("permanent")):
        services.permanently_delete_folder_tree(user=request.user, folder=folder)
        return Response(status=204)
    folder = services.soft_delete_folder(user=request.user, folder=folder)
    return Response(_folder_show(request, folder))


class FolderDetailView(CatalogueView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showFolder")
    def get(self, request, folder_id):
        return Response(folder_json(fetch_folder(request.user, folder_id, annotate=True), user=request.user))

    @extend_schema(request=CONTAINER_BODY, responses={200: OpenApiTypes.OBJECT}, operation_id="updateFolder")
    def put(self, request, folder_id):
        return _update_folder(request, fetch_folder(request.user, folder_id))

    @extend_schema(parameters=[PERMANENT_PARAMETER], responses={200: OpenApiTypes.OBJECT, 204: None},
                   operation_id="deleteFolder", summary="Soft delete (cascading) or, with permanent=true, remove")
    def delete(self, request, folder_id):
        return _delete_folder(request, fetch_folder(request.user, folder_id))


class FolderChildrenView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS, responses={200: LIST_RESPONSE}, operation_id="listChildFolders")
    def get(self, request, folder_id):
        parent = fetch_folder(request.user, folder_id)
        queryset = with_child_folder_flag(readable_folders(request.user, m.Folder.objects.filter(parent_folder=parent)))
        return list_response(request, queryset, lambda page: folders_json(page, user=request.user),
                             sort_fields=CONTAINER_SORT_FIELDS, default_order=CONTAINER_DEFAULT_ORDER)

    @extend_schema(request=CONTAINER_BODY, responses={201: OpenApiTypes.OBJECT}, operation_id="createChildFolder")
    def post(self, request, folder_id):
        parent = fetch_folder(request.user, folder_id)
        services.ensure_container_admin(request.user, parent)
        return _create_folder(request, parent=parent)


class ChildFolderDetailView(CatalogueView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showChildFolder")
    def get(self, request, folder_id, child_id):
        return Response(folder_json(fetch_child_folder(request.user, folder_id, child_id, annotate=True),
                                    user=request.user))

    @extend_schema(request=CONTAINER_BODY, responses={200: OpenApiTypes.OBJECT}, operation_id="updateChildFolder")
    def put(self, request, folder_id, child_id):
        return _update_folder(request, fetch_child_folder(request.user, folder_id, child_id))

    @extend_schema(parameters=[PERMANENT_PARAMETER], responses={200: OpenApiTypes.OBJECT, 204: None},
                   operation_id="deleteChildFolder")
    def delete(self, request, folder_id, child_id):
        return _delete_folder(request, fetch_child_folder(request.user, folder_id, child_id))


class FolderMoveView(CatalogueView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="moveFolder",
                   summary="Move a folder under another folder, or to the root with `root`")
    def put(self, request, folder_id, destination_id):
        folder = fetch_folder(request.user, folder_id)
        destination = None if destination_id == "root" else fetch_folder(request.user, destination_id)
        services.ensure_container_admin(request.user, folder)
        if destination is None:
            services.ensure_can_create_root_container(request.user)
        else:
            services.ensure_container_admin(request.user, destination)
        folder = services.move_folder(user=request.user, folder=folder, destination=destination)
        return Response(_folder_show(request, folder))


# --- classifiers --------------------------------------------------------------------------------------------

def _create_classifier(request, *, parent):
    body = Body(request.data, domain_type="Classifier")
    changes = container_changes(body, label_required=True)
    classifier = services.create_classifier(user=request.user, parent=parent, **changes)
    return created_response(request, classifier_json(classifier, user=request.user),
                            f"/api/classifiers/{classifier.pk}")


def _update_classifier(request, classifier):
    services.ensure_container_admin(request.user, classifier)
    body = Body(request.data, domain_type="Classifier")
    classifier = services.update_classifier(user=request.user, classifier=classifier, changes=container_changes(body))
    return Response(classifier_json(classifier, user=request.user))


def _delete_classifier(request, classifier):
    services.ensure_container_admin(request.user, classifier)
    services.delete_classifier(user=request.user, classifier=classifier)
    return Response(status=204)


class ClassifierListView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS, responses={200: LIST_RESPONSE}, operation_id="listClassifiers")
    def get(self, request):
        queryset = readable_classifiers(request.user, m.Classifier.objects.all())
        return list_response(request, queryset, lambda page: classifiers_json(page, user=request.user),
                             sort_fields=CONTAINER_SORT_FIELDS, default_order=CONTAINER_DEFAULT_ORDER)

    @extend_schema(request=CONTAINER_BODY, responses={201: OpenApiTypes.OBJECT}, operation_id="createClassifier")
    def post(self, request):
        services.ensure_can_create_root_container(request.user)
        return _create_classifier(request, parent=None)


class ClassifierDetailView(CatalogueView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showClassifier")
    def get(self, request, classifier_id):
        return Response(classifier_json(fetch_classifier(request.user, classifier_id), user=request.user))

    @extend_schema(request=CONTAINER_BODY, responses={200: OpenApiTypes.OBJECT}, operation_id="updateClassifier")
    def put(self, request, classifier_id):
        return _update_classifier(request, fetch_classifier(request.user, classifier_id))

    @extend_schema(responses={204: None}, operation_id="deleteClassifier")
    def delete(self, request, classifier_id):
        return _delete_classifier(request, fetch_classifier(request.user, classifier_id))


class ClassifierChildrenView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS, responses={200: LIST_RESPONSE}, operation_id="listChildClassifiers")
    def get(self, request, classifier_id):
        parent = fetch_classifier(request.user, classifier_id)
        queryset = readable_classifiers(request.user, m.Classifier.objects.filter(parent_classifier=parent))
        return list_response(request, queryset, lambda page: classifiers_json(page, user=request.user),
                             sort_fields=CONTAINER_SORT_FIELDS, default_order=CONTAINER_DEFAULT_ORDER)

    @extend_schema(request=CONTAINER_BODY, responses={201: OpenApiTypes.OBJECT}, operation_id="createChildClassifier")
    def post(self, request, classifier_id):
        parent = fetch_classifier(request.user, classifier_id)
        services.ensure_container_admin(request.user, parent)
        return _create_classifier(request, parent=parent)


class ChildClassifierDetailView(CatalogueView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showChildClassifier")
    def get(self, request, classifier_id, child_id):
        return Response(classifier_json(fetch_child_classifier(request.user, classifier_id, child_id),
                                        user=request.user))

    @extend_schema(request=CONTAINER_BODY, responses={200: OpenApiTypes.OBJECT}, operation_id="updateChildClassifier")
    def put(self, request, classifier_id, child_id):
        return _update_classifier(request, fetch_child_classifier(request.user, classifier_id, child_id))

    @extend_schema(responses={204: None}, operation_id="deleteChildClassifier")
    def delete(self, request, classifier_id, child_id):
        return _delete_classifier(request, fetch_child_classifier(request.user, classifier_id, child_id))


class ClassifierCatalogueItemsView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS[:3], responses={200: LIST_RESPONSE},
                   operation_id="listClassifiedCatalogueItems",
                   summary="The catalogue items the classifier is attached to that the caller may read")
    def get(self, request, classifier_id):
        classifier = fetch_classifier(request.user, classifier_id)
        items = classified_items(user=request.user, classifier=classifier)
        count, page = paginate(request, items)
        return Response({"count": count, "items": page})


# --- authorities --------------------------------------------------------------------------------------------

def fetch_authority(authority_id):
    pk = parse_uuid(authority_id, "Authority")
    authority = m.Authority.objects.filter(pk=pk).first()
    if authority is None:
        raise NotFound("Authority", pk)
    return authority


def authority_changes(body, *, required):
    changes = {}
    for field in ("label", "url"):
        if required:
            changes[field] = body.required_text(field)
        elif field in body:
            changes[field] = body.raw_text(field)
    description = body.text("description")
    if description is not MISSING:
        changes["description"] = description
    default = body.boolean("defaultAuthority")
    if default is not MISSING:
        changes["default_authority"] = default
    return changes


class AuthorityListView(CatalogueView):
    @extend_schema(parameters=LIST_PARAMETERS, responses={200: LIST_RESPONSE}, operation_id="listAuthorities")
    def get(self, request):
        require_login(request.user)
        return list_response(request, m.Authority.objects.all(), lambda page: [authority_json(a) for a in page],
                             sort_fields={"label": "label", "url": "url"}, default_order=["label", "url"])

    @extend_schema(request=AUTHORITY_BODY, responses={201: OpenApiTypes.OBJECT}, operation_id="createAuthority")
    def post(self, request):
        services.ensure_site_admin(request.user)
        changes = authority_changes(Body(request.data, domain_type="Authority"), required=True)
        authority = services.create_authority(user=request.user, **changes)
        return created_response(request, authority_json(authority), f"/api/authorities/{authority.pk}")


class AuthorityDetailView(CatalogueView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showAuthority")
    def get(self, request, authority_id):
        require_login(request.user)
        return Response(authority_json(fetch_authority(authority_id)))

    @extend_schema(request=AUTHORITY_BODY, responses={200: OpenApiTypes.OBJECT}, operation_id="updateAuthority")
    def put(self, request, authority_id):
        services.ensure_site_admin(request.user)
        authority = fetch_authority(authority_id)
        changes = authority_changes(Body(request.data, domain_type="Authority"), required=False)
        return Response(authority_json(services.update_authority(user=request.user, authority=authority,
                                                                 changes=changes)))

    @extend_schema(responses={204: None}, operation_id="deleteAuthority")
    def delete(self, request, authority_id):
        services.ensure_site_admin(request.user)
        services.delete_authority(user=request.user, authority=fetch_authority(authority_id))
        return Response(status=204)
