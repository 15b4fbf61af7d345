# The lineage tables of folders and classifiers (each container with every ancestor), filled for the rows
# that exist (from here on the containers keep them: `catalogue.models.lineage`), and partial indexes of the
# rows flagged public, which the access policy reads.

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    for container, lineage, parent_field in (("Folder", "FolderLineage", "parent_folder_id"),
                                             ("Classifier", "ClassifierLineage", "parent_classifier_id")):
        parents = dict(apps.get_model("catalogue", container).objects.values_list("pk", parent_field))
        chains = {}
        for pk in parents:
            pending, current = [], pk
            while current is not None and current not in chains and len(pending) <= len(parents):
                pending.append(current)
                current = parents.get(current)
            above = chains.get(current, [])
            for node in reversed(pending):
                above = [(node, 0), *((ancestor, depth + 1) for ancestor, depth in above)]
                chains[node] = above
        table = apps.get_model("catalogue", lineage)
        table.objects.bulk_create([table(descendant_id=pk, ancestor_id=ancestor, depth=depth)
                                   for pk, chain in chains.items() for ancestor, depth in chain], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0003_content_protects_its_model'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClassifierLineage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('depth', models.PositiveIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name='FolderLineage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('depth', models.PositiveIntegerField()),
            ],
        ),
        migrations.AddIndex(
            model_name='cataloguemodel',
            index=models.Index(condition=models.Q(('readable_by_everyone', True)), fields=['folder'], name='model_public'),
        ),
        migrations.AddIndex(
            model_name='cataloguemodel',
            index=models.Index(condition=models.Q(('readable_by_authenticated_users', True)), fields=['folder'], name='model_authn'),
        ),
        migrations.AddIndex(
            model_name='classifier',
            index=models.Index(condition=models.Q(('readable_by_everyone', True)), fields=['id'], name='classifier_public'),
        ),
        migrations.AddIndex(
            model_name='classifier',
            index=models.Index(condition=models.Q(('readable_by_authenticated_users', True)), fields=['id'], name='classifier_authn'),
        ),
        migrations.AddIndex(
            model_name='folder',
            index=models.Index(condition=models.Q(('readable_by_everyone', True)), fields=['id'], name='folder_public'),
        ),
        migrations.AddIndex(
            model_name='folder',
            index=models.Index(condition=models.Q(('readable_by_authenticated_users', True)), fields=['id'], name='folder_authn'),
        ),
        migrations.AddField(
            model_name='classifierlineage',
            name='ancestor',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.classifier'),
        ),
        migrations.AddField(
            model_name='classifierlineage',
            name='descendant',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='lineage', to='catalogue.classifier'),
        ),
        migrations.AddField(
            model_name='folderlineage',
            name='ancestor',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.folder'),
        ),
        migrations.AddField(
            model_name='folderlineage',
            name='descendant',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='lineage', to='catalogue.folder'),
        ),
        migrations.AddIndex(
            model_name='classifierlineage',
            index=models.Index(fields=['ancestor', 'descendant'], name='classifier_lineage_below'),
        ),
        migrations.AddConstraint(
            model_name='classifierlineage',
            constraint=models.UniqueConstraint(fields=('descendant', 'ancestor'), name='classifier_lineage_unique'),
        ),
        migrations.AddIndex(
            model_name='folderlineage',
            index=models.Index(fields=['ancestor', 'descendant'], name='folder_lineage_below'),
        ),
        migrations.AddConstraint(
            model_name='folderlineage',
            constraint=models.UniqueConstraint(fields=('descendant', 'ancestor'), name='folder_lineage_unique'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
