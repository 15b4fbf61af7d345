"""Who may do what with accounts: the one place that answers, so views and services never decide it themselves.

Application roles nest (site_admin ⊃ application_admin ⊃ user_admin ⊃ group_admin ⊃ container_group_admin),
so each check compares the caller's highest role with the role an action needs. Every user may read and
update their own record; user administrators may read everyone and manage users whose highest role is not
above their own (so a user administrator cannot disable, or reset the password of, a site administrator).
"""


from accounts.models import ApplicationRole, User
from accounts.roles import APPLICATION_ROLE_RANK
from config.api.errors import Forbidden, NotAuthenticated

USER_RESOURCE = "CatalogueUser"
NOT_AUTHENTICATED = "User is not authenticated"
NOT_ADMINISTRATOR = "User must be an application administrator"
NOT_ADMINISTRATOR_CODE = "PERM07"

#: Application role → rank, higher is more power (from `accounts.roles`); holding none ranks 0.
ROLE_RANK = APPLICATION_ROLE_RANK


def is_logged_in(actor):
    return actor is not None and actor.is_authenticated


def application_roles(user):
    """The application roles a user holds through groups; uses prefetched groups when a list loaded them."""
    if not is_logged_in(user):
        return set()
    prefetched = getattr(user, "_prefetched_objects_cache", {}).get("user_groups")
    if prefetched is not None:
        return {group.application_role for group in prefetched if group.application_role}
    return set(user.application_roles)


def role_rank(user):
    return max((ROLE_RANK.get(role, 0) for role in application_roles(user)), default=0)


def group_rank(group):
    return ROLE_RANK.get(group.application_role, 0)


def is_application_administrator(actor):
    """May use `/api/admin/**` (status, modules, properties) and delete users permanently."""
    return role_rank(actor) >= ROLE_RANK[ApplicationRole.APPLICATION_ADMIN]


def is_site_administrator(actor):
    """May change what only the site's own administrators may (e.g. the `site.url` property)."""
    return role_rank(actor) >= ROLE_RANK[ApplicationRole.SITE_ADMIN]


def can_administer_users(actor):
    """May list every user and use `/api/admin/catalogueUsers/**`."""
    return role_rank(actor) >= ROLE_RANK[ApplicationRole.USER_ADMIN]


def is_self(actor, target):
    return is_logged_in(actor) and actor.pk == target.pk


def can_read_user(actor, target):
    return is_self(actor, target) or can_administer_users(actor)


def can_manage_user(actor, target):
    """Disable, approve, reject, reset the password of, or change the groups of another user."""
    return (not is_self(actor, target) and can_administer_users(actor)
            and role_rank(actor) >= role_rank(target))


def can_update_user(actor, target):
    """Edit the profile (and preferences): one's own record, or one a user administrator manages."""
    return is_self(actor, target) or can_manage_user(actor, target)


def can_delete_user_permanently(actor, target):
    return can_manage_user(actor, target) and is_application_administrator(actor)


def can_assign_group(actor, group):
    """A group carrying an application role above the caller's own cannot be granted or taken away by them.

    Someone's personal group holds their content roles, so only site administrators change who is in it here.
    """
    if group.personal_owner_id is not None and role_rank(actor) < ROLE_RANK[ApplicationRole.SITE_ADMIN]:
        return False
    return can_administer_users(actor) and group_rank(group) <= role_rank(actor)


def user_available_actions(actor, target):
    """`availableActions` on a full user (contract §4.3): user admins get `[disable, show, update]`.

    A user sees `[show, update]` on their own record (never `disable`: nobody disables themselves).
    """
    if is_self(actor, target):
        return ["show", "update"]
    if can_manage_user(actor, target):
        return ["disable", "show", "update"]
    if can_read_user(actor, target):
        return ["show"]
    return []


def can_use_api_keys_of(actor, owner):
    """Create, refresh and re-enable keys: only the owner (a key acts as its owner)."""
    return is_self(actor, owner)


def can_revoke_api_keys_of(actor, owner):
    """List, disable and delete keys: the owner, or a user administrator who manages the owner."""
    return is_self(actor, owner) or can_manage_user(actor, owner)


def require_login(actor):
    if not is_logged_in(actor):
        raise NotAuthenticated(NOT_AUTHENTICATED)


def require_administrator(actor, role=ApplicationRole.APPLICATION_ADMIN):
    """The one rule behind `User must be an application administrator`: 401 when anonymous, else 403 with
    one error code unless the caller holds `role` or a role above it (user administration needs `user_admin`)."""
    require_login(actor)
    if role_rank(actor) < ROLE_RANK[role]:
        raise Forbidden(NOT_ADMINISTRATOR, error_code=NOT_ADMINISTRATOR_CODE)


def readable_users(actor):
    """Users the caller may see: everyone for user administrators, otherwise only themselves."""
    if can_administer_users(actor):
        return User.objects.all()
    if is_logged_in(actor):
        return User.objects.filter(pk=actor.pk)
    return User.objects.none()


def managed_users(actor):
    """Users `actor` manages (`can_manage_user`) as one query: others that no group ranks above the actor."""
    if not can_administer_users(actor):
        return User.objects.none()
    above = [role for role, rank in ROLE_RANK.items() if rank > role_rank(actor)]
    return User.objects.exclude(pk=actor.pk).exclude(user_groups__application_role__in=above)


def require_api_key_owner(actor, owner, *, by_api_key=False):
    """Create, refresh or re-enable keys: the owner, from a logged-in session (`by_api_key`: the caller
    authenticated with an API key, which must not be able to make or extend keys)."""
    if not can_use_api_keys_of(actor, owner):
        raise Forbidden("API keys can only be created, refreshed or enabled by the user they belong to")
    if by_api_key:
        raise Forbidden("API keys can only be created, refreshed or enabled from a logged-in session, "
                        "not with an API key")


def require_api_key_revoker(actor, owner):
    if not can_revoke_api_keys_of(actor, owner):
        raise Forbidden()
