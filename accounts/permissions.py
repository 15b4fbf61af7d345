"""DRF permission classes: the one door through which API views ask the access policy (`accounts.access`).

They decide nothing themselves. A viewset (config.api.viewsets.ApiViewSet) declares per action what it needs,
`needed_rights = {"create": access.WRITE_METADATA, ...}` (absent: reading is enough, and reading was already
ensured by resolving the URL's objects through restricted querysets), and the classes here ask the policy in
the contract's order:

- `has_permission`: a login-only action from an anonymous caller → 401, before anything is looked up;
- `has_parent_permission` (collection actions: list, create): the right on the parent named in the URL → 403;
- `has_object_permission` (detail actions): the right on the object's item → 403, after its 404.

The Django admin asks the same policy module (`access.role_on`, `access.role_at_least`, `access.readable_*`).
"""

from rest_framework.permissions import BasePermission

from accounts import access, groups, policy


class CatalogueItemPermission(BasePermission):
    """Rights on the catalogue item the URL names: `view.parents["target"]`, a `ResolvedItem(item, model, role)`.

    `view.needed_rights` maps actions to `access.ItemRight`s (what a facet kind needs: `WRITE_METADATA`,
    `WRITE_ANNOTATION`, `DELETE_ANNOTATION`, `WRITE_FACET`); an object's `created_by` feeds `others_role`.
    """

    def has_permission(self, request, view):
        if view.needed_right() is not None:
            access.require_login(request.user)
        return True

    def has_parent_permission(self, request, view):
        right = view.needed_right()
        if right is not None and not view.is_detail:
            target = view.parents["target"]
            access.require_item_right(request.user, target.item, target.model, right)
        return True

    def has_object_permission(self, request, view, obj):
        right = view.needed_right()
        if right is not None:
            target = view.parents["target"]
            access.require_item_right(request.user, target.item, target.model, right,
                                      created_by=getattr(obj, "created_by", None))
        return True


class DataModelItemPermission(BasePermission):
    """Writes to the items of the data model the URL names (`view.parents["model"]`): the role in
    `view.needed_rights` (an access role, the editor for every write) on a draft, undeleted model.

    The right is judged on the parents (before the object named in the URL is looked up) when
    `view.right_on_parents` is true, as for every collection action; otherwise after the object's 404.
    """

    def has_permission(self, request, view):
        if view.needed_right() is not None:
            access.require_login(request.user)
        return True

    def has_parent_permission(self, request, view):
        right = view.needed_right()
        if right is not None and view.right_on_parents:
            access.require_editable_model(request.user, view.parents["model"], right)
        return True

    def has_object_permission(self, request, view, obj):
        right = view.needed_right()
        if right is not None and not view.right_on_parents:
            access.require_editable_model(request.user, view.parents["model"], right)
        return True


class UserGroupPermission(BasePermission):
    """User groups, by `accounts.groups`' policy: every action needs a login (401); listing and creating need
    `may_create_groups` (403); changing or deleting one needs `may_administer_group` (403). Which groups a caller
    can see at all is the viewset's queryset (`visible_groups`), so an invisible group is a 404."""

    def has_permission(self, request, view):
        access.require_login(request.user)
        return True

    def has_parent_permission(self, request, view):
        return view.is_detail or groups.may_create_groups(request.user)

    def has_object_permission(self, request, view, obj):
        return view.action == "retrieve" or groups.may_administer_group(request.user, obj)


#: A `needed_rights` value meaning "any logged-in caller": the action is not open to anonymous callers (401).
LOGGED_IN = "logged in"


class LoggedInPermission(BasePermission):
    """Actions whose `view.needed_right()` is `LOGGED_IN` need a logged-in caller (401); nothing else is judged
    here (what the caller may read is the viewset's restricted querysets)."""

    def has_permission(self, request, view):
        if view.needed_right() is not None:
            access.require_login(request.user)
        return True


class ApplicationAdministratorPermission(BasePermission):
    """`/api/admin/**`: anonymous → 401, a caller who is not an application administrator → 403, by the one
    policy function (`policy.require_application_administrator`)."""

    def has_permission(self, request, view):
        policy.require_application_administrator(request.user)
        return True


class FolderRolePermission(BasePermission):
    """Writing into the folder the request names (`view.parents["folder"]`, readable or already a 404): a login
    (401), then the access role in `view.needed_rights` on that folder (403), before the body is judged."""

    def has_permission(self, request, view):
        if view.needed_right() is not None:
            access.require_login(request.user)
        return True

    def has_parent_permission(self, request, view):
        right = view.needed_right()
        if right is not None:
            access.require_role(request.user, view.parents["folder"], right)
        return True
