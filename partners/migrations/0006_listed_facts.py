"""The country rows carry the agreement's facts, and themes get listing rows of their own.

Listing rows are derived data (see ``partners.listing``): they are emptied first and written
again at the end for every visible agreement, all in one transaction.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def empty_listing(apps, schema_editor):
    apps.get_model("partners", "ListedAgreement").objects.all().delete()
    if schema_editor.connection.vendor == "postgresql":
        # Check the deletes' deferred foreign keys now: PostgreSQL refuses to alter a table
        # that still has such checks pending in the transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def list_visible_agreements(apps, schema_editor):
    AgreementPage = apps.get_model("partners", "AgreementPage")
    ListedAgreement = apps.get_model("partners", "ListedAgreement")
    ListedAgreementCountry = apps.get_model("partners", "ListedAgreementCountry")
    ListedAgreementTheme = apps.get_model("partners", "ListedAgreementTheme")
    Page = apps.get_model("wagtailcore", "Page")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    themes_of = AgreementPage._meta.get_field("themes").remote_field.through.objects
    restricted = [
        restriction.page.path for restriction in PageViewRestriction.objects.select_related("page")
    ]
    for agreement in AgreementPage.objects.filter(live=True).iterator():
        if any(agreement.path.startswith(path) for path in restricted):
            continue
        facts = {
            # Wagtail's tree paths spend four characters per level.
            "index_page_id": Page.objects.get(path=agreement.path[:-4]).pk,
            "kind": agreement.kind,
            "status": agreement.status,
            "start_year": agreement.start_year,
            "region_id": agreement.region_id,
            "programme_phase_id": agreement.programme_phase_id,
        }
        ListedAgreement.objects.create(
            agreement_id=agreement.pk,
            sort_year=agreement.start_year or 0,
            sort_title=agreement.title_en or agreement.title,
            **facts,
        )
        codes = set()
        for relation in ("eu_members", "partner_members"):
            codes.update(getattr(agreement, relation).values_list("partner__country_id", flat=True))
        ListedAgreementCountry.objects.bulk_create(
            ListedAgreementCountry(agreement_id=agreement.pk, country_id=code, **facts)
            for code in sorted(codes)
        )
        themes = themes_of.filter(agreementpage_id=agreement.pk).values_list("theme_id", flat=True)
        ListedAgreementTheme.objects.bulk_create(
            ListedAgreementTheme(agreement_id=agreement.pk, theme_id=pk, **facts)
            for pk in sorted(themes)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("iurc", "0006_search_document_trigram_index"),
        ("partners", "0005_reviewed_snippets"),
        ("regions", "0002_countries"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RunPython(empty_listing, migrations.RunPython.noop),
        migrations.AddField(
            model_name="listedagreementcountry",
            name="index_page",
            field=models.ForeignKey(
                db_index=False,
                default=1,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="listedagreementcountry",
            name="kind",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="listedagreementcountry",
            name="programme_phase",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="iurc.programmephasepage",
            ),
        ),
        migrations.AddField(
            model_name="listedagreementcountry",
            name="region",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="regions.regionpage",
            ),
        ),
        migrations.AddField(
            model_name="listedagreementcountry",
            name="start_year",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="listedagreementcountry",
            name="status",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="ListedAgreementTheme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("status", models.CharField(max_length=20)),
                ("start_year", models.PositiveSmallIntegerField(null=True)),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="themes",
                        to="partners.listedagreement",
                    ),
                ),
                (
                    "index_page",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "programme_phase",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="iurc.programmephasepage",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="regions.regionpage",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.theme",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["theme", "agreement"], name="listed_theme_lookup")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agreement", "theme"), name="unique_listed_theme"
                    )
                ],
            },
        ),
        migrations.RunPython(list_visible_agreements, migrations.RunPython.noop),
    ]
