"""The built-in group roles, as data (Mauro's names). Seeded by a migration and re-created on demand."""

# (name, display name, application level, parent: the role directly above)
BUILT_IN_ROLES = [
    ("site_admin", "Site Administrator", True, None),
    ("application_admin", "Application Administrator", True, "site_admin"),
    ("user_admin", "User Administrator", True, "application_admin"),
    ("group_admin", "Group Administrator", True, "user_admin"),
    ("container_group_admin", "Container Group Administrator", True, "group_admin"),
    ("container_admin", "Container Administrator", False, "site_admin"),
    ("editor", "Editor", False, "container_admin"),
    ("author", "Author", False, "editor"),
    ("reviewer", "Reviewer", False, "author"),
    ("reader", "Reader", False, "reviewer"),
]


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
