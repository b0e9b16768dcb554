"""An index on the page tree for "the children of a page".

Wagtail finds a page's children by ``depth`` and a ``path`` range, and its tree only has an
index on ``path``: under the home page that range is every page of the site, so routing and
the menu read all 20,000 agreement rows to find the four sections. With ``(depth, path)`` they
read the four rows.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_page_default_language_values"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS iurc_page_depth_path ON wagtailcore_page (depth, path)",
            reverse_sql="DROP INDEX IF EXISTS iurc_page_depth_path",
        ),
    ]
