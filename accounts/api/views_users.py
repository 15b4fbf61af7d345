"""Catalogue users (`/api/catalogueUsers/**`): registration, profiles, preferences, passwords and search.

The base viewset's order holds on every route (contract §2): 401 anonymous on a login-only action → 404 a user
the caller may not see (outside `policy.readable_users`) → 403 may see but not do this (`AccountPermission`)
→ 400 malformed body → 422 values breaking a rule.
"""

from django.contrib.auth import update_session_auth_hash
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from accounts import policy
from accounts.api.helpers import AccountViewSet, merged_query, query_bool
from accounts.api.schema import PAGE_PARAMETERS, errors, paged
from accounts.api.serializers import (
    ChangePasswordSerializer,
    FullUserSerializer,
    RegistrationSerializer,
    ResetPasswordSerializer,
    UserSearchSerializer,
    UserSerializer,
)
from accounts.models import User
from accounts.permissions import AccountPermission as Rule
from accounts.services import client_address
from accounts.services import users as user_service
from config.api.errors import BadRequest
from config.api.pagination import apply_sort, paginate
from config.api.viewsets import CreateMixin, ListMixin, RetrieveMixin, UpdateMixin

TAGS = ["catalogueUsers"]

USER_SORT_FIELDS = {
    "emailAddress": "email_address", "firstName": "first_name", "lastName": "last_name",
    "organisation": "organisation", "jobTitle": "job_title", "lastLogin": "last_login", "pending": "pending",
    "disabled": "disabled", "createdBy": "created_by", "creationMethod": "creation_method",
    "dateCreated": "date_created", "lastUpdated": "last_updated",
}
#: Text filters on the user list (what Mauro's admin table sends), each a case-insensitive "contains".
USER_TEXT_FILTERS = {"emailAddress": "email_address", "firstName": "first_name", "lastName": "last_name",
                     "organisation": "organisation", "jobTitle": "job_title"}
USER_FILTERS = [
    *(OpenApiParameter(name, OpenApiTypes.STR, description="Only users whose value contains this")
      for name in USER_TEXT_FILTERS),
    OpenApiParameter("pending", OpenApiTypes.BOOL),
    OpenApiParameter("disabled", OpenApiTypes.BOOL),
]
BasicUserList = paged("CatalogueUserSearchResult", UserSerializer)
#: An answer with nothing in it, said so in the schema (Mauro answers the reset-link request with an empty 200).
EMPTY_TEXT = OpenApiResponse({"type": "string", "maxLength": 0}, description="Always empty")
USER_ID = OpenApiParameter("user_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The user's id (UUID)")


def profile_changes(data):
    """Validated profile fields → the service's `changes` (a null organisation or job title clears it)."""
    changes = {field: data[field] for field in ("email_address", "first_name", "last_name", "disabled")
               if field in data}
    for field in ("organisation", "job_title"):
        if field in data:
            changes[field] = data[field] or ""
    if "user_groups" in data:
        changes["group_ids"] = data["user_groups"]
    return changes


class CatalogueUserViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, AccountViewSet):
    """Users by id: each caller reaches only the users they may read (themselves; everyone for user
    administrators), so any other id is a 404; what they may do to one is `AccountPermission`'s rule."""

    queryset = User.objects.all()
    serializer_class = FullUserSerializer
    resource = policy.USER_RESOURCE
    lookup_url_kwarg = "user_id"
    sort_fields = USER_SORT_FIELDS
    default_order = ("email_address",)
    needed_rights = {
        "list": Rule.USER_ADMINISTRATOR, "create": Rule.NOT_LOGGED_IN, "retrieve": Rule.LOGGED_IN,
        "update": Rule.SELF_OR_MANAGER, "destroy": Rule.REMOVER, "preferences": Rule.LOGGED_IN,
        "update_preferences": Rule.SELF_OR_MANAGER, "change_password": Rule.SELF,
        "reset_password_link": Rule.NOT_LOGGED_IN,
    }
    body_serializers = {"change_password": ChangePasswordSerializer}
    operation_ids = {"list": "listCatalogueUsers", "create": "registerCatalogueUser",
                     "retrieve": "showCatalogueUser", "update": "updateCatalogueUser",
                     "destroy": "deleteCatalogueUser", "preferences": "showUserPreferences",
                     "update_preferences": "updateUserPreferences", "change_password": "changePassword",
                     "reset_password_link": "sendPasswordResetLink"}

    def get_serializer_class(self):
        return RegistrationSerializer if self.action == "create" else FullUserSerializer

    def restrict_queryset(self, queryset):
        return queryset & policy.readable_users(self.request.user)

    def filter_queryset(self, queryset):
        for name, field in USER_TEXT_FILTERS.items():
            value = self.request.query_params.get(name)
            if value:
                queryset = queryset.filter(**{f"{field}__icontains": value})
        for name in ("pending", "disabled"):
            value = query_bool(self.request, name)
            if value is not None:
                queryset = queryset.filter(**{name: value})
        return queryset

    @property
    def permanent(self):
        """`?permanent=true` on a delete (400 for anything but true or false)."""
        return bool(query_bool(self.request, "permanent"))

    @extend_schema(tags=TAGS, parameters=USER_FILTERS, responses={200: FullUserSerializer, **errors(400, 401, 403)},
                   description="Every user, for user administrators.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=TAGS, responses={201: RegistrationSerializer, **errors(400, 405, 422, 429)},
                   description="Self-registration by an anonymous visitor; the account is pending until approved.")
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        return user_service.register_user(
            email_address=data["email_address"], first_name=data["first_name"], last_name=data["last_name"],
            password=data.get("password"), organisation=data.get("organisation") or "",
            job_title=data.get("job_title") or "", client=client_address(self.request._request))

    @extend_schema(tags=TAGS, parameters=[USER_ID], responses={200: FullUserSerializer, **errors(401, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(tags=TAGS, parameters=[USER_ID],
                   responses={200: FullUserSerializer, **errors(400, 401, 403, 404, 422)},
                   description="Users edit their own details; user administrators may also set `disabled` and "
                               "`groups` of users they manage.")
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        return user_service.update_user(actor=self.request.user, user=serializer.instance,
                                        changes=profile_changes(serializer.validated_data))

    @extend_schema(tags=TAGS, parameters=[
        USER_ID, OpenApiParameter("permanent", OpenApiTypes.BOOL,
                                  description="Delete the account for good (application administrators)")],
        responses={200: FullUserSerializer, 204: None, **errors(400, 401, 403, 404, 422)},
        description="Disables the account (200), or with `permanent=true` deletes it and anonymises its "
                    "name in the record (204).")
    def destroy(self, request, *args, **kwargs):
        user = self.get_object()
        if self.permanent:
            user_service.delete_user_permanently(actor=request.user, user=user)
            return Response(status=204)
        return Response(self.render(user_service.disable_user(actor=request.user, user=user)))

    @extend_schema(tags=TAGS, parameters=[USER_ID], responses={(200, "text/plain"): OpenApiTypes.STR,
                                                               **errors(401, 404)},
                   description="The preferences text exactly as the client stored it.")
    def preferences(self, request, *args, **kwargs):
        user = self.get_object()
        return HttpResponse(user.user_preferences, content_type="text/plain; charset=utf-8")

    @extend_schema(tags=TAGS, parameters=[USER_ID],
                   request={"text/plain": OpenApiTypes.STR, "application/json": OpenApiTypes.STR},
                   responses={200: FullUserSerializer, **errors(400, 401, 403, 404, 422)},
                   description="The request body is stored as it comes, as text.")
    def update_preferences(self, request, *args, **kwargs):
        user = self.get_object()
        try:
            text = request._request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("User preferences must be UTF-8 text", error_code="REQ09")
        return Response(self.render(user_service.set_user_preferences(actor=request.user, user=user, text=text)))

    @extend_schema(tags=TAGS, parameters=[USER_ID], request=ChangePasswordSerializer,
                   responses={200: FullUserSerializer, **errors(400, 401, 403, 404, 422, 429)},
                   description="A user changes their own password, giving the old one. The session stays logged in.")
    def change_password(self, request, *args, **kwargs):
        user = self.get_object()
        data = self.valid_data().validated_data
        user_service.change_password(actor=request.user, user=user, old_password=data["oldPassword"],
                                     new_password=data["newPassword"])
        session = request._request.session
        if str(session.get("_auth_user_id")) == str(user.pk):
            update_session_auth_hash(request._request, user)  # other sessions of this user end; this one stays
        return Response(self.render(user))

    @extend_schema(tags=TAGS, request=None,
                   parameters=[OpenApiParameter("email", OpenApiTypes.STR, OpenApiParameter.PATH)],
                   responses={(200, "text/plain"): EMPTY_TEXT, **errors(405)},
                   description="Emails a reset link if the address belongs to an active account. The answer is "
                               "the same whether or not it does (and when over the rate limit): 200, empty.")
    def reset_password_link(self, request, *args, **kwargs):
        user_service.request_password_reset(email=kwargs["email"], client=client_address(request._request))
        return HttpResponse(b"", content_type="text/plain; charset=utf-8")


class PasswordResetViewSet(AccountViewSet):
    """The reset with a mailed token: open to anyone, so any user id may be named (the token is the proof)."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    resource = policy.USER_RESOURCE
    lookup_url_kwarg = "user_id"
    body_serializers = {"reset_password": ResetPasswordSerializer}
    operation_ids = {"reset_password": "resetPassword"}

    @extend_schema(tags=TAGS, parameters=[USER_ID], request=ResetPasswordSerializer,
                   responses={200: UserSerializer, **errors(400, 404, 422)},
                   description="Set a new password with the one-time token from a reset-link email. Open to anyone.")
    def reset_password(self, request, *args, **kwargs):
        user = self.get_object()
        data = self.valid_data().validated_data
        user_service.reset_password(user=user, reset_token=data["resetToken"], new_password=data["newPassword"])
        return Response(self.render(user))


SEARCH_DESCRIPTION = ("Active users whose email address, first or last name contain every word of "
                      "`searchTerm`, as basic users. Any logged-in user may search.")


class UserSearchViewSet(AccountViewSet):
    """User search for any logged-in user: basic users only, whatever the caller may read otherwise."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    sort_fields = USER_SORT_FIELDS
    default_order = ("email_address",)
    needed_rights = {"search": Rule.LOGGED_IN, "search_by_term": Rule.LOGGED_IN, "search_post": Rule.LOGGED_IN}
    body_serializers = {"search_post": UserSearchSerializer}
    operation_ids = {"search": "searchCatalogueUsers", "search_by_term": "searchCatalogueUsersByTerm",
                     "search_post": "searchCatalogueUsersPost"}

    def results(self, term, page_source=None):
        users = apply_sort(self.request, user_service.search_users(term), self.sort_fields, self.default_order)
        count, page = paginate(page_source or self.request, users)
        return Response({"count": count, "items": self.render_many(page)})

    @extend_schema(tags=TAGS, parameters=PAGE_PARAMETERS + [OpenApiParameter("searchTerm", OpenApiTypes.STR)],
                   responses={200: BasicUserList, **errors(400, 401)}, description=SEARCH_DESCRIPTION)
    def search(self, request, *args, **kwargs):
        return self.results(request.query_params.get("searchTerm", ""))

    @extend_schema(tags=TAGS, parameters=PAGE_PARAMETERS + [
        OpenApiParameter("search_term", OpenApiTypes.STR, OpenApiParameter.PATH)],
                   responses={200: BasicUserList, **errors(400, 401)}, description=SEARCH_DESCRIPTION)
    def search_by_term(self, request, *args, **kwargs):
        return self.results(kwargs["search_term"])

    @extend_schema(tags=TAGS, request=UserSearchSerializer, parameters=PAGE_PARAMETERS,
                   responses={200: BasicUserList, **errors(400, 401)},
                   description=SEARCH_DESCRIPTION + " `max` and `offset` may also come in the body.")
    def search_post(self, request, *args, **kwargs):
        data = self.valid_data().validated_data
        return self.results(data.get("searchTerm") or "",
                            merged_query(request, {"max": data.get("max"), "offset": data.get("offset")}))
