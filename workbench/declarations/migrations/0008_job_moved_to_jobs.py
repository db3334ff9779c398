# The Job model now belongs to the jobs app (jobs.0001 takes over its table): drop it from this app's state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0007_job'),
        ('jobs', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='Job')], database_operations=[]),
    ]
