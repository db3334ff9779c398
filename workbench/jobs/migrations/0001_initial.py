# The Job model moves here from the declarations app (issue 20). Its table already exists (declarations.0007): the
# model is created in the migration state only, over the old table, then the table is renamed to this app's name.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('declarations', '0007_job'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=20, verbose_name='kind')),
                        ('language', models.CharField(choices=[('en', 'English'), ('fr', 'French')], max_length=12, verbose_name='language')),
                        ('status', models.CharField(choices=[('queued', 'waiting'), ('running', 'running'), ('done', 'done'), ('failed', 'failed')], default='queued', max_length=10, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress')),
                        ('message', models.TextField(blank=True, verbose_name='message')),
                        ('input', models.BinaryField(blank=True, default=b'', verbose_name='input')),
                        ('result', models.BinaryField(blank=True, default=b'', verbose_name='result')),
                        ('result_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('declaration', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='declarations.declaration', verbose_name='declaration')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                    ],
                    options={
                        'verbose_name': 'job',
                        'verbose_name_plural': 'jobs',
                        'ordering': ['-created_at', '-pk'],
                        'db_table': 'declarations_job',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='job', table=None),
    ]
