"""The names and order of the group roles: plain data below the models, so a model's field choices and the
role rules (`accounts.roles`) share one definition.

Two ladders, each written weakest first, where a role includes every role before it: resource roles (granted
to groups on folders, classifiers and models) and application roles (held by a group for the whole application).
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
