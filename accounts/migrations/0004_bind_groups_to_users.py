"""Bind each group to its creator and each personal group to its owner by key instead of by name or email.

Existing rows are bound only where the evidence is unambiguous: the creator's email is the group's
`created_by` and the account existed when the group was made (so an address registered again later does
not inherit the group); a personal group additionally has the owner's personal name and the owner as a
member. Anything else stays unbound: it is then an ordinary group that only group administrators manage.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PERSONAL_SUFFIX = " Group"


def bind_groups(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    UserGroup = apps.get_model("accounts", "UserGroup")
    users = {email: (pk, created) for pk, email, created in User.objects.values_list("pk", "email_address",
                                                                                   "date_created")}
    creators, personal_candidates = {}, {}
    for pk, name, created_by, created in UserGroup.objects.values_list("pk", "name", "created_by", "date_created"):
        email = (created_by or "").strip().lower()
        user = users.get(email)
        if user is None or user[1] > created:
            continue
        creators.setdefault(user[0], []).append(pk)
        if name == f"{email}{PERSONAL_SUFFIX}":
            personal_candidates[pk] = user[0]
    members = set(UserGroup.members.through.objects.filter(usergroup_id__in=list(personal_candidates))
                  .values_list("usergroup_id", "user_id"))
    for user_id, group_ids in creators.items():
        UserGroup.objects.filter(pk__in=group_ids).update(creator_id=user_id)
    for group_id, user_id in personal_candidates.items():
        if (group_id, user_id) in members:
            UserGroup.objects.filter(pk=group_id).update(personal_owner_id=user_id)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_seed_group_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="usergroup",
            name="creator",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="created_groups", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="usergroup",
            name="personal_owner",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                       related_name="personal_group", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(bind_groups, migrations.RunPython.noop),
    ]
