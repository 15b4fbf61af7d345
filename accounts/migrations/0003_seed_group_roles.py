from django.db import migrations

from accounts.roles import ensure_built_in_roles


def seed(apps, schema_editor):
    ensure_built_in_roles(apps.get_model("accounts", "GroupRole"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_group_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
