"""Translation states per segment instead of per field, and a summary per object.

States recorded per field keep their meaning for fields that are one segment (a title, a
rich text field): they are kept, under the field's name as path. A StreamField's state was
one hash of the whole stream; its segments are recorded afresh the next time the page is
saved, so those rows are removed.
"""

import django.db.models.deletion
from django.db import migrations, models


def drop_stream_states(apps, schema_editor):
    SegmentState = apps.get_model("translations", "SegmentState")
    SegmentState.objects.filter(path="body").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("translations", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="fieldtranslationstate", name="unique_field_translation_state"
        ),
        migrations.RenameModel("FieldTranslationState", "SegmentState"),
        migrations.RenameField("segmentstate", "field", "path"),
        migrations.RenameIndex(
            model_name="segmentstate",
            new_name="translation_content_871af5_idx",
            old_name="translation_content_8ad5c0_idx",
        ),
        migrations.AlterField(
            model_name="segmentstate",
            name="path",
            field=models.CharField(max_length=500, verbose_name="segment"),
        ),
        migrations.AddField(
            model_name="segmentstate",
            name="source_text",
            field=models.TextField(blank=True),
        ),
        migrations.AlterModelOptions(
            name="segmentstate",
            options={
                "verbose_name": "segment translation state",
                "verbose_name_plural": "segment translation states",
            },
        ),
        migrations.AddConstraint(
            model_name="segmentstate",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id", "path", "language"),
                name="unique_segment_state",
            ),
        ),
        migrations.RunPython(drop_stream_states, migrations.RunPython.noop),
        migrations.CreateModel(
            name="TranslationSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.CharField(max_length=255)),
                ("language", models.CharField(max_length=10, verbose_name="language")),
                ("label", models.CharField(max_length=255, verbose_name="title")),
                ("sort_key", models.CharField(max_length=300)),
                ("live", models.BooleanField(default=True)),
                ("total", models.PositiveIntegerField(default=0)),
                ("missing", models.PositiveIntegerField(default=0)),
                ("outdated", models.PositiveIntegerField(default=0)),
                ("todo", models.JSONField(default=list)),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype")),
            ],
            options={
                "verbose_name": "translation summary",
                "verbose_name_plural": "translation summaries",
                "indexes": [
                    models.Index(fields=["language", "live", "sort_key"], name="translation_summary_rows"),
                    models.Index(fields=["content_type", "object_id"], name="translation_summary_object"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("content_type", "object_id", "language"), name="unique_translation_summary")
                ],
            },
        ),
    ]
