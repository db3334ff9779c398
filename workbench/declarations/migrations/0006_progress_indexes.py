# Indexes for the coordinator's progress page (issue 8); written by hand.
#
# They are created in the database only (SeparateDatabaseAndState): the covering index names per-language columns,
# which models.py never names, so the model state does not carry it and makemigrations stays quiet. A language added
# later works without it (the index is then not covering for that language's columns).
#
# - passage_progress_cover: every column the progress buckets read, led by merged_into (every query asks for
#   merged_into IS NULL) and declaration, so counting a page of declarations is an index-only range read and counting
#   the whole corpus scans this narrow index instead of the passage texts. Without it SQLite picked the merged_into
#   index alone and read all 300,000 rows for a page of 50 declarations (378 ms instead of 28 ms).
# - declaration_issued_slug: the table's default order (newest first), so a page is read in order and stops early.
# - revision_state_time: the passages waiting for review, oldest first.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0005_alignment_review'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name='passage',
                    index=models.Index(
                        fields=['merged_into', 'declaration', 'source_digest', 'source_words',
                                'state_en', 'basis_en', 'state_fr', 'basis_fr'],
                        name='passage_progress_cover',
                    ),
                ),
                migrations.AddIndex(
                    model_name='declaration',
                    index=models.Index(fields=['-issued_on', 'slug'], name='declaration_issued_slug'),
                ),
                migrations.AddIndex(
                    model_name='revision',
                    index=models.Index(fields=['state', 'created_at'], name='revision_state_time'),
                ),
            ],
            state_operations=[],
        ),
    ]
