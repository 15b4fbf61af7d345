from django.db import migrations

# (name, display name, application level, parent)
ROLES = [
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


def seed(apps, schema_editor):
    GroupRole = apps.get_model("accounts", "GroupRole")
    by_name = {}
    for name, display, application_level, parent in ROLES:
        role, _ = GroupRole.objects.get_or_create(
            name=name, defaults={"display_name": display, "application_level_role": application_level,
                                 "created_by": "bootstrap", "parent": by_name.get(parent)})
        by_name[name] = role


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_group_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
