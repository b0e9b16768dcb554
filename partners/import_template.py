"""The template files of the agreement import: the header row and one example row, as CSV
or XLSX; the XLSX has a second sheet with the valid values (``importer.ValidValues``).

The example is a trio, so that it shows two names on one side with one country code for both
and one coordinate per name, all separated by ``;``. It names a region, programme and themes
of the database, so that the template imports as it is.
"""

import csv
import io

import openpyxl
from django.utils.translation import gettext as _

from partners.importer import COLUMNS
from regions.models import RegionPage

EXAMPLE = {
    "kind": "trio",
    "eu_side": "Lisbon; Porto",
    "eu_countries": "PT",
    "partner_side": "Hanoi",
    "partner_countries": "VN",
    "start_year": "2024",
    "source": "https://www.iurc.eu/",
    "eu_latitude": "38.7223; 41.1579",
    "eu_longitude": "-9.1393; -8.6291",
    "partner_latitude": "21.0285",
    "partner_longitude": "105.8542",
}
PREFERRED_PROGRAMME = "IURC"
EXAMPLE_THEMES = 2


def example_row(valid):
    """The example row, with a region, programme and themes that ``valid`` accepts."""
    region = (
        RegionPage.objects.filter(countries__code=EXAMPLE["partner_countries"])
        .order_by("path")
        .first()
    )
    regions = list(valid.region_names)
    if region is None or (region.title_en or region.slug_en) not in valid.region_names:
        region_name = regions[0] if regions else ""
    else:
        region_name = region.title_en or region.slug_en
    programmes = valid.programmes
    programme = (
        PREFERRED_PROGRAMME if PREFERRED_PROGRAMME in programmes else next(iter(programmes), "")
    )
    themes = list(valid.theme_names)[:EXAMPLE_THEMES]
    return {
        **EXAMPLE,
        "region": region_name,
        "programme": programme,
        "themes": "; ".join(themes),
    }


def template_csv(valid):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    example = example_row(valid)
    writer.writerow([example[column] for column in COLUMNS])
    # A byte order mark, so that spreadsheet programs open the file as UTF-8.
    return "\ufeff" + out.getvalue()


def template_xlsx(valid):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Agreements")[:31]
    sheet.append(list(COLUMNS))
    example = example_row(valid)
    cells = []
    for column in COLUMNS:
        value = example[column]
        if column == "start_year" and value.isdigit():
            value = int(value)
        cells.append(value)
    sheet.append(cells)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(len(column), len(str(example[column]))) + 2
    values = workbook.create_sheet(_("Valid values")[:31])
    columns = valid.as_columns()
    values.append([name for name, _values in columns])
    longest = max((len(listed) for _name, listed in columns), default=0)
    for position in range(longest):
        values.append(
            [listed[position] if position < len(listed) else None for _name, listed in columns]
        )
    for index, (_name, listed) in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        values.column_dimensions[letter].width = max([20, *map(len, listed)]) + 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
