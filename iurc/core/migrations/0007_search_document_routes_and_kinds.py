"""Search documents of views under a page (partner profiles), and what each result is.

A document names the view's path under its page (``route``, empty for the page itself) and
its kind, which the results show. The documents already written are given the kind of their
page's type; the partners' profiles are indexed by ``rebuild_search_documents``.
"""

from django.conf import settings
from django.db import migrations, models


# The page types with a kind of their own (their ``search_kind``) when this was written.
KINDS = {
    ("partners", "agreementpage"): "agreement",
    ("news", "newspage"): "news",
    ("events", "eventpage"): "event",
    ("calls", "callpage"): "call",
    ("publications", "publicationpage"): "publication",
    ("networks", "thematicnetworkpage"): "network",
}


def set_kinds(apps, schema_editor):
    SearchDocument = apps.get_model("core", "SearchDocument")
    for (app_label, model), kind in KINDS.items():
        SearchDocument.objects.filter(
            page__content_type__app_label=app_label, page__content_type__model=model
        ).update(kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_search_document_public"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="searchdocument",
            name="unique_search_document",
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("page", "Page"),
                    ("agreement", "Agreement"),
                    ("partner", "Partner profile"),
                    ("news", "News"),
                    ("event", "Event"),
                    ("call", "Call for applications"),
                    ("publication", "Publication"),
                    ("network", "Thematic network"),
                ],
                default="page",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="route",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.RunPython(set_kinds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="searchdocument",
            constraint=models.UniqueConstraint(
                fields=("page", "route", "language"), name="unique_search_document_route"
            ),
        ),
    ]
