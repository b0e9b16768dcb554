"""Add a column per language to Wagtail's Page for the fields wagtail-modeltranslation translates.

0004 then fills them for the pages that already exist.
"""

from django.db import migrations, models

from iurc.core.migration_operations import AddFieldsToOtherApp

# Column suffixes as modeltranslation builds them ("id" becomes "ind": "_id" means a foreign key).
LANGUAGES = ("en", "es", "pt", "fr", "zh_hans", "hi", "ind", "ja", "ms", "ko", "th", "vi")


def page_fields(language):
    return [
        (
            f"title_{language}",
            models.CharField(
                help_text="The page title as you'd like it to be seen by the public",
                max_length=255,
                null=True,
                verbose_name="title",
            ),
        ),
        (
            f"slug_{language}",
            models.SlugField(
                allow_unicode=True,
                help_text="The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/",
                max_length=255,
                null=True,
                verbose_name="slug",
            ),
        ),
        (
            f"url_path_{language}",
            models.TextField(blank=True, editable=False, null=True, verbose_name="URL path"),
        ),
        (
            f"seo_title_{language}",
            models.CharField(
                blank=True,
                help_text="The name of the page displayed on search engine results as the clickable headline.",
                max_length=255,
                null=True,
                verbose_name="title tag",
            ),
        ),
        (
            f"search_description_{language}",
            models.TextField(
                blank=True,
                help_text="The descriptive text displayed underneath a headline in search engine results.",
                null=True,
                verbose_name="meta description",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [
        AddFieldsToOtherApp(
            "wagtailcore",
            "page",
            [(name, field) for language in LANGUAGES for name, field in page_fields(language)],
        )
    ]
