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
from accounts.models import ApiKey, ApplicationRole
from config.api.errors import Forbidden, StateNotAllowed


class RightsNeedLoginPermission(BasePermission):
    """The first step of every class below that judges `view.needed_rights`: an action that needs a right needs a
    logged-in caller (401), before anything the URL names is looked up; other actions are open to anyone."""

    def has_permission(self, request, view):
        if view.needed_right() is not None:
            access.require_login(request.user)
        return True


class CatalogueItemPermission(RightsNeedLoginPermission):
    """Rights on the catalogue item the URL names: `view.parents["target"]`, a `ResolvedItem(item, model, role)`.

    `view.needed_rights` maps actions to `access.ItemRight`s (what a facet kind needs: `WRITE_METADATA`,
    `WRITE_ANNOTATION`, `DELETE_ANNOTATION`, `WRITE_FACET`); an object's `created_by` feeds `others_role`.
    """

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


class DataModelItemPermission(RightsNeedLoginPermission):
    """Writes to the items of the data model the URL names (`view.parents["model"]`): the role in
    `view.needed_rights` (an access role, the editor for every write) on a draft, undeleted model.

    The right is judged on the parents (before the object named in the URL is looked up) when
    `view.right_on_parents` is true, as for every collection action; otherwise after the object's 404.
    """

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


#: `needed_rights` value: the role that manages who may read and write a folder, classifier or model (its grants
#: and public flags), as `accounts.groups.grant_manager_role` names it for that resource.
MANAGE_ACCESS = "manage_access"


class SecurableResourcePermission(RightsNeedLoginPermission):
    """Grants and public flags of the folder, classifier or model the URL names (`view.parents["resource"]`).

    An action in `view.needed_rights` (`MANAGE_ACCESS`) needs a login (401) and the grant-manager role on the
    resource (403: container_admin on containers, editor on models), judged on the resource right after its 404
    and before any grant, role or group named below it is looked up. Other actions only need to read it.
    """

    def has_parent_permission(self, request, view):
        if view.needed_right() is not None:
            resource = view.parents["resource"]
            access.require_role(request.user, resource, groups.grant_manager_role(resource))
        return True


class UserGroupContentsPermission(BasePermission):
    """The members and grants of the group the URL names (`view.parents["group"]`, already one the caller can
    see): every action needs a login (401); listing needs `may_inspect_group` (403); adding or removing a member
    needs `may_administer_group` (403, after the member's 404)."""

    def has_permission(self, request, view):
        access.require_login(request.user)
        return True

    def has_parent_permission(self, request, view):
        return view.is_detail or groups.may_inspect_group(request.user, view.parents["group"])

    def has_object_permission(self, request, view, obj):
        return groups.may_administer_group(request.user, view.parents["group"])


class ApplicationRolePermission(BasePermission):
    """Routes for holders of `view.needed_application_role` or a stronger application role: anonymous → 401,
    anyone else → 403, before anything the URL names is looked up (as everywhere under `/api/admin/`)."""

    #: Refusals worded as Mauro words them, by the role needed (others: the generic 403).
    refusals = {ApplicationRole.APPLICATION_ADMIN: (policy.NOT_ADMINISTRATOR, policy.NOT_ADMINISTRATOR_CODE)}

    def has_permission(self, request, view):
        access.require_login(request.user)
        needed = view.needed_application_role
        if not groups.holds_application_role(request.user, needed):
            message, error_code = self.refusals.get(needed, (None, None))
            raise Forbidden(message, error_code=error_code)
        return True


class AccountPermission(BasePermission):
    """Account routes (users, API keys, administration, properties), by `accounts.policy`.

    `view.needed_rights` maps each action to one of the rules below; an action not listed is open to anyone.
    Rules on a user or a key are judged after the object's 404: users the caller may not read are outside
    the viewset's queryset (`policy.readable_users`), and a key owner is resolved as a parent the same way.
    """

    #: Anyone who is not logged in (self-registration, a reset link): 405 while logged in, as Mauro answers.
    NOT_LOGGED_IN = "not logged in"
    #: Any logged-in user.
    LOGGED_IN = "logged in"
    #: `User must be an application administrator`, at the user administrator's level or above.
    USER_ADMINISTRATOR = "user administrator"
    #: `User must be an application administrator`.
    APPLICATION_ADMINISTRATOR = "application administrator"
    #: The user themself, or a user administrator who manages them (profile and preferences).
    SELF_OR_MANAGER = "self or manager"
    #: The user themself only (changing one's password with the old one).
    SELF = "self"
    #: A user administrator (403 before the user's 404) who manages the user (approve, reject, reset the password).
    MANAGER = "manager"
    #: Disable (or with `?permanent=true` delete) a user: a manager who is not the user.
    REMOVER = "remover"
    #: Create, refresh or enable the keys of the owner named in the URL: the owner, from a session.
    KEY_OWNER = "key owner"
    #: List, show, disable or delete them: the owner, or a user administrator who manages the owner.
    KEY_REVOKER = "key revoker"

    #: Rules that need an administrator's role, checked before anything is looked up (401, then 403).
    ADMINISTRATOR_ROLES = {USER_ADMINISTRATOR: ApplicationRole.USER_ADMIN, MANAGER: ApplicationRole.USER_ADMIN,
                           APPLICATION_ADMINISTRATOR: ApplicationRole.APPLICATION_ADMIN}

    NOT_SELF_MESSAGE = "Only the user themselves may change their password; administrators reset it instead"
    LOGGED_IN_MESSAGE = "Cannot be logged in and request reset password link or self register"

    def has_permission(self, request, view):
        rule, user = view.needed_right(), request.user
        if rule is None:
            return True
        if rule == self.NOT_LOGGED_IN:
            if policy.is_logged_in(user):
                raise StateNotAllowed(self.LOGGED_IN_MESSAGE)
            return True
        policy.require_login(user)
        if rule in self.ADMINISTRATOR_ROLES:
            policy.require_administrator(user, self.ADMINISTRATOR_ROLES[rule])
        return True

    def has_parent_permission(self, request, view):
        if not view.is_detail:
            self.check_key_rule(request, view)
        return True

    def has_object_permission(self, request, view, obj):
        rule, user = view.needed_right(), request.user
        if rule in (self.KEY_OWNER, self.KEY_REVOKER):
            self.check_key_rule(request, view)
        elif rule == self.SELF_OR_MANAGER:
            return policy.can_update_user(user, obj)
        elif rule == self.SELF:
            if not policy.is_self(user, obj):
                raise Forbidden(self.NOT_SELF_MESSAGE)
        elif rule == self.MANAGER:
            return policy.can_manage_user(user, obj)
        elif rule == self.REMOVER:
            if policy.is_self(user, obj):
                raise Forbidden("Cannot delete your own account")
            if view.permanent:
                return policy.can_delete_user_permanently(user, obj)
            return policy.can_manage_user(user, obj)
        return True

    def check_key_rule(self, request, view):
        rule, owner = view.needed_right(), view.parents.get("owner")
        if rule == self.KEY_OWNER:
            policy.require_api_key_owner(request.user, owner, by_api_key=isinstance(request.auth, ApiKey))
        elif rule == self.KEY_REVOKER:
            policy.require_api_key_revoker(request.user, owner)


class ContainerPermission(RightsNeedLoginPermission):
    """Folders and classifiers, by `accounts.access`. Which ones a caller reaches at all is the viewset's restricted
    queryset (404); every write needs a login (401), then the role in `view.needed_rights` (container_admin) on each
    container it changes (403):

    - update, delete: the object named in the URL, after its 404;
    - the containers an action writes into, named per action by `view.written_parents` (`{"create": ("parent",),
      "move": ("folder", "destination")}`): judged once every object in the URL is resolved, so a 404 comes first.
      None there is the root, where any logged-in user may create (Mauro's rule).
    """

    def has_parent_permission(self, request, view):
        right = view.needed_right()
        if right is not None:
            for name in getattr(view, "written_parents", {}).get(view.action, ()):
                container = view.parents.get(name)
                if container is not None:
                    access.require_role(request.user, container, right)
        return True

    def has_object_permission(self, request, view, obj):
        right = view.needed_right()
        if right is not None:
            access.require_role(request.user, obj, right)
        return True


class AuthorityPermission(BasePermission):
    """Authorities (who publishes models): reading them needs a login (401); the actions in `view.needed_rights`
    need a site administrator (403; after the 404 of an authority named in the URL)."""

    SITE_ADMIN = "site_admin"

    def has_permission(self, request, view):
        access.require_login(request.user)
        return True

    def has_parent_permission(self, request, view):
        if view.needed_right() is not None and not view.is_detail:
            access.require_site_admin(request.user)
        return True

    def has_object_permission(self, request, view, obj):
        if view.needed_right() is not None:
            access.require_site_admin(request.user)
        return True


class DataModelPermission(BasePermission):
    """Data models as whole objects, by `accounts.access`' model rules; reading needs nothing more than the
    restricted querysets the viewset resolves the URL through (404).

    - `has_permission`: the administrators' actions (`view.admin_actions`) need a site administrator (401/403,
      before anything is looked up); every other action but a read needs a login (401);
    - `has_parent_permission`: `create` needs editor on `view.parents["folder"]` (not deleted); `move` needs author
      on `view.parents["model"]` and container_admin on the destination `view.parents["folder"]`;
    - `has_object_permission`: `update` needs author for a description-only body, else editor, on a draft
      undeleted model; `destroy` needs editor, or container_admin when `view.permanent`.
    """

    READ_ACTIONS = ("list", "retrieve")

    def has_permission(self, request, view):
        if view.action in view.admin_actions:
            access.require_site_admin(request.user)
        elif view.action not in self.READ_ACTIONS:
            access.require_login(request.user)
        return True

    def has_parent_permission(self, request, view):
        if view.action == "create":
            access.require_model_creation(request.user, view.parents["folder"])
        elif view.action == "move":
            access.require_model_move(request.user, view.parents["model"], view.parents["folder"])
        return True

    def has_object_permission(self, request, view, obj):
        if view.action == "update":
            body = request.data if isinstance(request.data, dict) else {}
            access.require_model_update(request.user, obj, body.keys())
        elif view.action == "destroy":
            access.require_model_deletion(request.user, obj, permanent=view.permanent)
        return True


#: A `needed_rights` value meaning "any logged-in caller": the action is not open to anonymous callers (401).
LOGGED_IN = "logged in"


class LoggedInPermission(RightsNeedLoginPermission):
    """Actions whose `view.needed_right()` is `LOGGED_IN` need a logged-in caller (401); nothing else is judged
    here (what the caller may read is the viewset's restricted querysets)."""


class ApplicationAdministratorPermission(BasePermission):
    """`/api/admin/**`: anonymous → 401, a caller who is not an application administrator → 403, by the one
    policy function (`policy.require_administrator`)."""

    def has_permission(self, request, view):
        policy.require_administrator(request.user)
        return True


class FolderRolePermission(RightsNeedLoginPermission):
    """Writing into the folder the request names (`view.parents["folder"]`, readable or already a 404): a login
    (401), then the access role in `view.needed_rights` on that folder (403), before the body is judged."""

    def has_parent_permission(self, request, view):
        right = view.needed_right()
        if right is not None:
            access.require_role(request.user, view.parents["folder"], right)
        return True
