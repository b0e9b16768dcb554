"""Themes that mean the same are merged into the programme's curated themes
(``partners/data/themes.csv``, see ``partners.themes``): agreements, their listing rows and
drafts, and thematic networks name the curated theme; the merged names become its former
names, which imports still accept. A database without themes is left alone: the demo and the
admin add them.

Search documents still hold the merged names until ``manage.py rebuild_search_documents``.
"""

from django.db import migrations

from partners.themes import curate


def curate_themes(apps, schema_editor):
    if apps.get_model("partners", "Theme").objects.exists():
        curate(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_profiles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(curate_themes, migrations.RunPython.noop, elidable=True)]
