"""Copy existing (English) page values into the English columns added by 0001.

Pages created by earlier migrations (the tree root, Wagtail's welcome page) would otherwise
have empty translation fields. A separate migration: PostgreSQL cannot build 0001's indexes
in a transaction that has already updated rows.
"""

from django.db import migrations
from django.db.models import F

LANGUAGES = ("en", "es", "pt", "fr", "zh_hans", "hi", "ind", "ja", "ms", "ko", "th", "vi")


def copy_default_language(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(title_en__isnull=True).update(
        title_en=F("title"),
        slug_en=F("slug"),
        seo_title_en=F("seo_title"),
        search_description_en=F("search_description"),
    )
    Page.objects.filter(url_path_en__isnull=True).update(
        **{f"url_path_{language}": F("url_path") for language in LANGUAGES}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_page_translation_fields")]

    operations = [migrations.RunPython(copy_default_language, migrations.RunPython.noop)]
