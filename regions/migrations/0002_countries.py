from django.db import migrations

from regions.iso3166 import COUNTRY_CODES


def add_countries(apps, schema_editor):
    Country = apps.get_model("regions", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [Country(code=code) for code in COUNTRY_CODES if code not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
