# State only: on_delete lives in Django, not in the database (no SQL). The content of a model now protects it,
# so Django refuses to delete a model that still has content instead of leaving rows pointing at nothing.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0002_drop_duplicate_facet_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='annotation',
            name='model',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='classifierlink',
            name='model',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='dataclass',
            name='model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='dataclassextension',
            name='model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='dataelement',
            name='model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='datatype',
            name='model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='edit',
            name='model',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='enumerationvalue',
            name='model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='metadata',
            name='model',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='referencefile',
            name='model',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='rule',
            name='model',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='semanticlink',
            name='model',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='versionlink',
            name='source_model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
        migrations.AlterField(
            model_name='versionlink',
            name='target_model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.cataloguemodel'),
        ),
    ]
