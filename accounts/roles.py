"""The group roles and their order, defined once here; every rank, chain and list of roles derives from it.

Two ladders, each written weakest first, where a role includes every role before it:
- resource roles, granted to groups on folders, classifiers and models (`accounts.access` ranks them);
- application roles, held by a group for the whole application (`accounts.policy`, `accounts.groups`).

The built-in `GroupRole` rows (Mauro's names) are the two ladders chained by `parent` (the role directly above);
the strongest resource role hangs under the strongest application role. Seeded by a migration and re-created
on demand.
"""

READER, REVIEWER, AUTHOR, EDITOR, CONTAINER_ADMIN = "reader", "reviewer", "author", "editor", "container_admin"
CONTAINER_GROUP_ADMIN, GROUP_ADMIN, USER_ADMIN, APPLICATION_ADMIN, SITE_ADMIN = (
    "container_group_admin", "group_admin", "user_admin", "application_admin", "site_admin")

#: Resource roles, weakest first: the one definition of their order.
RESOURCE_ROLES = (READER, REVIEWER, AUTHOR, EDITOR, CONTAINER_ADMIN)
#: Application roles, weakest first: the one definition of their order.
APPLICATION_ROLES = (CONTAINER_GROUP_ADMIN, GROUP_ADMIN, USER_ADMIN, APPLICATION_ADMIN, SITE_ADMIN)

#: Resource role → rank from 0 (reader); a higher rank includes the lower ones.
RESOURCE_ROLE_RANK = {role: rank for rank, role in enumerate(RESOURCE_ROLES)}
#: Application role → rank from 1 (container_group_admin); 0 is left for holding none.
APPLICATION_ROLE_RANK = {role: rank for rank, role in enumerate(APPLICATION_ROLES, start=1)}

#: Resource roles that may be granted on a model: all but the container's own administrator.
MODEL_GRANTABLE = RESOURCE_ROLES[:RESOURCE_ROLE_RANK[CONTAINER_ADMIN]]

DISPLAY_NAMES = {
    SITE_ADMIN: "Site Administrator", APPLICATION_ADMIN: "Application Administrator",
    USER_ADMIN: "User Administrator", GROUP_ADMIN: "Group Administrator",
    CONTAINER_GROUP_ADMIN: "Container Group Administrator", CONTAINER_ADMIN: "Container Administrator",
    EDITOR: "Editor", AUTHOR: "Author", REVIEWER: "Reviewer", READER: "Reader",
}


def strongest_first(roles):
    return list(reversed(roles))


def application_roles_at_least(minimum):
    """`minimum` and every application role above it."""
    return frozenset(APPLICATION_ROLES[APPLICATION_ROLE_RANK[minimum] - 1:])


def _built_in_roles():
    """(name, display name, application level, parent) for each built-in role, parents before children."""
    rows = []
    for ladder, application_level, top_parent in ((APPLICATION_ROLES, True, None),
                                                  (RESOURCE_ROLES, False, APPLICATION_ROLES[-1])):
        parent = top_parent
        for name in strongest_first(ladder):
            rows.append((name, DISPLAY_NAMES[name], application_level, parent))
            parent = name
    return rows


BUILT_IN_ROLES = _built_in_roles()


def ensure_built_in_roles(group_role_model):
    """Create any missing built-in role; works with the real model or a migration's historical one."""
    by_name = {}
    for name, display, application_level, parent in BUILT_IN_ROLES:
        role, _ = group_role_model.objects.get_or_create(
            name=name, defaults={"display_name": display, "application_level_role": application_level,
                                 "created_by": "bootstrap", "parent": by_name.get(parent)})
        by_name[name] = role
    return by_name


def role_named(name):
    """The built-in role called `name` (re-seeding the table if it was emptied, e.g. by `manage.py flush`)."""
    from accounts.models import GroupRole

    role = GroupRole.objects.filter(name=name).first()
    return role if role is not None else ensure_built_in_roles(GroupRole)[name]
