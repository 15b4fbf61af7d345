"""Catalogue users (`/api/catalogueUsers/**`): registration, profiles, preferences, passwords and search.

Order of checks on every route (contract §2): 401 anonymous on a login-only action → 404 a user the caller
may not see → 403 may see but not do this → 400 malformed body → 422 values breaking a rule.
"""

from django.contrib.auth import update_session_auth_hash
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from accounts.api.helpers import created, list_response, merged_query, query_bool, read_body
from accounts.api.schema import PAGE_PARAMETERS, errors, paged
from accounts.api.serializers import (
    ChangePasswordSerializer,
    FullUserResponseSerializer,
    RegistrationSerializer,
    ResetPasswordSerializer,
    UserResponseSerializer,
    UserSearchSerializer,
    UserUpdateSerializer,
    basic_user,
    full_user,
)
from accounts.models import User
from accounts.services import client_address
from accounts.services import users as user_service
from config.api.errors import BadRequest, Forbidden, StateNotAllowed

TAGS = ["catalogueUsers"]
LOGGED_IN_NOT_ALLOWED = "Cannot be logged in and request reset password link or self register"

USER_SORT_FIELDS = {
    "emailAddress": "email_address", "firstName": "first_name", "lastName": "last_name",
    "organisation": "organisation", "jobTitle": "job_title", "lastLogin": "last_login", "pending": "pending",
    "disabled": "disabled", "createdBy": "created_by", "creationMethod": "creation_method",
    "dateCreated": "date_created", "lastUpdated": "last_updated",
}
#: Text filters on the user list (what Mauro's admin table sends), each a case-insensitive "contains".
USER_TEXT_FILTERS = {"emailAddress": "email_address", "firstName": "first_name", "lastName": "last_name",
                     "organisation": "organisation", "jobTitle": "job_title"}
USER_LIST_PARAMETERS = PAGE_PARAMETERS + [
    *(OpenApiParameter(name, OpenApiTypes.STR, description="Only users whose value contains this")
      for name in USER_TEXT_FILTERS),
    OpenApiParameter("pending", OpenApiTypes.BOOL),
    OpenApiParameter("disabled", OpenApiTypes.BOOL),
]
USER_ID = OpenApiParameter("user_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The user's id (UUID)")

FullUserList = paged("CatalogueUserList", FullUserResponseSerializer)
BasicUserList = paged("CatalogueUserSearchResult", UserResponseSerializer)


def show(actor, user):
    return full_user(user, policy.user_available_actions(actor, user))


def show_list(request, users):
    """A page of full users; groups come in one extra query whatever the page size."""
    actor = request.user
    return list_response(request, users.prefetch_related("user_groups"), lambda user: show(actor, user),
                         sort_fields=USER_SORT_FIELDS, default_order=["email_address"])


def filter_users(request, users):
    for name, field in USER_TEXT_FILTERS.items():
        value = request.query_params.get(name)
        if value:
            users = users.filter(**{f"{field}__icontains": value})
    for name in ("pending", "disabled"):
        value = query_bool(request, name)
        if value is not None:
            users = users.filter(**{name: value})
    return users


def optional_text(data, name):
    value = data.get(name)
    return value or ""


class UsersView(APIView):
    @extend_schema(tags=TAGS, operation_id="listCatalogueUsers", parameters=USER_LIST_PARAMETERS,
                   responses={200: FullUserList, **errors(400, 401, 403)},
                   description="Every user, for user administrators.")
    def get(self, request):
        policy.require_user_administrator(request.user)
        return show_list(request, filter_users(request, User.objects.all()))

    @extend_schema(tags=TAGS, operation_id="registerCatalogueUser", request=RegistrationSerializer,
                   responses={201: FullUserResponseSerializer, **errors(400, 405, 422, 429)},
                   description="Self-registration by an anonymous visitor; the account is pending until approved.")
    def post(self, request):
        if policy.is_logged_in(request.user):
            raise StateNotAllowed(LOGGED_IN_NOT_ALLOWED)
        data = read_body(RegistrationSerializer, request.data)
        user = user_service.register_user(
            email_address=data["emailAddress"], first_name=data["firstName"], last_name=data["lastName"],
            password=data.get("password"), organisation=optional_text(data, "organisation"),
            job_title=optional_text(data, "jobTitle"), client=client_address(request._request))
        return created(request, show(request.user, user), f"/api/catalogueUsers/{user.id}")


class UserView(APIView):
    @extend_schema(tags=TAGS, operation_id="showCatalogueUser", parameters=[USER_ID],
                   responses={200: FullUserResponseSerializer, **errors(401, 404)})
    def get(self, request, user_id):
        return Response(show(request.user, policy.get_readable_user(request.user, user_id)))

    @extend_schema(tags=TAGS, operation_id="updateCatalogueUser", parameters=[USER_ID], request=UserUpdateSerializer,
                   responses={200: FullUserResponseSerializer, **errors(400, 401, 403, 404, 422)},
                   description="Users edit their own details; user administrators may also set `disabled` and "
                               "`groups` of users they manage.")
    def put(self, request, user_id):
        user = policy.get_readable_user(request.user, user_id)
        if not policy.can_update_user(request.user, user):
            raise Forbidden()
        data = read_body(UserUpdateSerializer, request.data)
        changes = {model_field: data[name] for name, model_field in (
            ("emailAddress", "email_address"), ("firstName", "first_name"), ("lastName", "last_name"),
            ("disabled", "disabled")) if name in data}
        for name, model_field in (("organisation", "organisation"), ("jobTitle", "job_title")):
            if name in data:
                changes[model_field] = data[name] or ""
        if "groups" in data:
            changes["group_ids"] = data["groups"]
        user = user_service.update_user(actor=request.user, user=user, changes=changes)
        return Response(show(request.user, user))

    @extend_schema(tags=TAGS, operation_id="deleteCatalogueUser", parameters=[
        USER_ID, OpenApiParameter("permanent", OpenApiTypes.BOOL,
                                  description="Delete the account for good (application administrators)")],
        responses={200: FullUserResponseSerializer, 204: None, **errors(400, 401, 403, 404, 422)},
        description="Disables the account (200), or with `permanent=true` deletes it and anonymises its "
                    "name in the record (204).")
    def delete(self, request, user_id):
        user = policy.get_readable_user(request.user, user_id)
        permanent = query_bool(request, "permanent")
        if permanent:
            user_service.delete_user_permanently(actor=request.user, user=user)
            return Response(status=204)
        user = user_service.disable_user(actor=request.user, user=user)
        return Response(show(request.user, user))


class UserPreferencesView(APIView):
    @extend_schema(tags=TAGS, operation_id="showUserPreferences", parameters=[USER_ID],
                   responses={(200, "text/plain"): OpenApiTypes.STR, **errors(401, 404)},
                   description="The preferences text exactly as the client stored it.")
    def get(self, request, user_id):
        user = policy.get_readable_user(request.user, user_id)
        return HttpResponse(user.user_preferences, content_type="text/plain; charset=utf-8")

    @extend_schema(tags=TAGS, operation_id="updateUserPreferences", parameters=[USER_ID],
                   request={"text/plain": OpenApiTypes.STR, "application/json": OpenApiTypes.STR},
                   responses={200: FullUserResponseSerializer, **errors(400, 401, 403, 404, 422)},
                   description="The request body is stored as it comes, as text.")
    def put(self, request, user_id):
        user = policy.get_readable_user(request.user, user_id)
        if not policy.can_update_user(request.user, user):
            raise Forbidden()
        try:
            text = request._request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("User preferences must be UTF-8 text", error_code="REQ09")
        user = user_service.set_user_preferences(actor=request.user, user=user, text=text)
        return Response(show(request.user, user))


class ChangePasswordView(APIView):
    @extend_schema(tags=TAGS, operation_id="changePassword", parameters=[USER_ID], request=ChangePasswordSerializer,
                   responses={200: FullUserResponseSerializer, **errors(400, 401, 403, 404, 422, 429)},
                   description="A user changes their own password, giving the old one. The session stays logged in.")
    def put(self, request, user_id):
        user = policy.get_readable_user(request.user, user_id)
        if not policy.is_self(request.user, user):
            raise Forbidden("Only the user themselves may change their password; administrators reset it instead")
        data = read_body(ChangePasswordSerializer, request.data)
        user_service.change_password(actor=request.user, user=user, old_password=data["oldPassword"],
                                     new_password=data["newPassword"])
        session = request._request.session
        if str(session.get("_auth_user_id")) == str(user.pk):
            update_session_auth_hash(request._request, user)  # other sessions of this user end; this one stays
        return Response(show(request.user, user))


class ResetPasswordView(APIView):
    @extend_schema(tags=TAGS, operation_id="resetPassword", parameters=[USER_ID], request=ResetPasswordSerializer,
                   responses={200: UserResponseSerializer, **errors(400, 404, 422)},
                   description="Set a new password with the one-time token from a reset-link email. Open to anyone.")
    def put(self, request, user_id):
        user = policy.get_any_user(user_id)
        data = read_body(ResetPasswordSerializer, request.data)
        user_service.reset_password(user=user, reset_token=data["resetToken"], new_password=data["newPassword"])
        return Response(basic_user(user))


class ResetPasswordLinkView(APIView):
    @extend_schema(tags=TAGS, operation_id="sendPasswordResetLink",
                   parameters=[OpenApiParameter("email", OpenApiTypes.STR, OpenApiParameter.PATH)],
                   responses={200: None, **errors(405)},
                   description="Emails a reset link if the address belongs to an active account. The answer is "
                               "the same whether or not it does.")
    def get(self, request, email):
        if policy.is_logged_in(request.user):
            raise StateNotAllowed(LOGGED_IN_NOT_ALLOWED)
        user_service.request_password_reset(email=email, client=client_address(request._request))
        return Response(status=200)


class UserSearchView(APIView):
    SEARCH_DESCRIPTION = ("Active users whose email address, first or last name contain every word of "
                          "`searchTerm`, as basic users. Any logged-in user may search.")

    @extend_schema(tags=TAGS, operation_id="searchCatalogueUsers", parameters=PAGE_PARAMETERS + [
        OpenApiParameter("searchTerm", OpenApiTypes.STR)], responses={200: BasicUserList, **errors(400, 401)},
        description=SEARCH_DESCRIPTION)
    def get(self, request, search_term=None):
        policy.require_login(request.user)
        term = search_term if search_term is not None else request.query_params.get("searchTerm", "")
        return self.results(request, term)

    @extend_schema(tags=TAGS, operation_id="searchCatalogueUsersPost", request=UserSearchSerializer,
                   parameters=PAGE_PARAMETERS, responses={200: BasicUserList, **errors(400, 401)},
                   description=SEARCH_DESCRIPTION + " `max` and `offset` may also come in the body.")
    def post(self, request):
        policy.require_login(request.user)
        data = read_body(UserSearchSerializer, request.data)
        return self.results(request, data.get("searchTerm") or "",
                            merged_query(request, {"max": data.get("max"), "offset": data.get("offset")}))

    def results(self, request, term, page_source=None):
        return list_response(request, user_service.search_users(term), basic_user, sort_fields=USER_SORT_FIELDS,
                             default_order=["email_address"], page_source=page_source)


class UserSearchTermView(UserSearchView):
    http_method_names = ["get", "options"]

    @extend_schema(tags=TAGS, operation_id="searchCatalogueUsersByTerm", parameters=PAGE_PARAMETERS + [
        OpenApiParameter("search_term", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses={200: BasicUserList, **errors(400, 401)}, description=UserSearchView.SEARCH_DESCRIPTION)
    def get(self, request, search_term=None):
        return super().get(request, search_term)

