"""The group roles: every rank, chain and list of roles derives from their one order (`accounts.role_order`).

Two ladders, each written weakest first, where a role includes every role before it:
- resource roles, granted to groups on folders, classifiers and models (`accounts.access` ranks them);
- application roles, held by a group for the whole application (`accounts.policy`, `accounts.groups`).

The built-in `GroupRole` rows (Mauro's names) are the two ladders chained by `parent` (the role directly above);
the strongest resource role hangs under the strongest application role. Seeded by a migration and re-created
on demand.
"""

from accounts.role_order import (  # noqa: F401  (the role rules' vocabulary, re-exported for their callers)
    APPLICATION_ADMIN,
    APPLICATION_ROLE_RANK,
    APPLICATION_ROLES,
    AUTHOR,
    CONTAINER_ADMIN,
    CONTAINER_GROUP_ADMIN,
    DISPLAY_NAMES,
    EDITOR,
    GROUP_ADMIN,
    MODEL_GRANTABLE,
    READER,
    RESOURCE_ROLE_RANK,
    RESOURCE_ROLES,
    REVIEWER,
    SITE_ADMIN,
    USER_ADMIN,
    strongest_first,
)


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
