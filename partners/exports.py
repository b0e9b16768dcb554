"""Downloads of the agreements database: the current filter result as CSV, JSON or GeoJSON.

A download holds what a reader of the active language sees, in the shape the API gives an
agreement (``partners.records``): the JSON download is a list of those records, the GeoJSON
download a feature per agreement with the record as its properties, and the CSV download the
same records flattened into stable columns documented in the README.

Whatever the number of agreements, a download streams with flat memory and a fixed number of
queries per chunk (see ``partners.records``).
"""

import csv
import io
import json
from dataclasses import dataclass

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from iurc.core import languages
from partners.records import AgreementRecords

MULTI_VALUE_SEPARATOR = "; "

# The columns of the CSV download, in this order (``flat_record``); the README documents them.
COLUMNS = (
    "id",
    "title",
    "kind",
    "status",
    "start_year",
    "end_year",
    "programme_phase",
    "programme_phase_acronym",
    "region",
    "eu_partners",
    "eu_countries",
    "eu_country_codes",
    "partners",
    "partner_countries",
    "partner_country_codes",
    "themes",
    "sdgs",
    "url",
)


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


FORMATS = {
    "csv": Format("csv", "text/csv; charset=utf-8"),
    "json": Format("json", "application/json"),
    "geojson": Format("geojson", "application/geo+json"),
}


# --- Formats ---------------------------------------------------------------------------------

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a CSV cell: lists joined, None empty, formula-like text made inert."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = MULTI_VALUE_SEPARATOR.join(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def flat_record(record):
    """A record as the CSV download's columns: labels, names and titles as text."""
    phase, region = record["programme_phase"], record["region"]
    eu, others = record["eu_partners"], record["partners"]
    return {
        "id": record["id"],
        "title": record["title"],
        "kind": record["kind_label"],
        "status": record["status_label"],
        "start_year": record["start_year"],
        "end_year": record["end_year"],
        "programme_phase": phase and phase["title"],
        "programme_phase_acronym": (phase and phase["acronym"]) or None,
        "region": region and region["title"],
        "eu_partners": [partner["name"] for partner in eu],
        "eu_countries": [partner["country"]["name"] for partner in eu],
        "eu_country_codes": [partner["country"]["code"] for partner in eu],
        "partners": [partner["name"] for partner in others],
        "partner_countries": [partner["country"]["name"] for partner in others],
        "partner_country_codes": [partner["country"]["code"] for partner in others],
        "themes": [theme["name"] for theme in record["themes"]],
        "sdgs": [str(number) for number in record["sdgs"]],
        "url": record["url"],
    }


def csv_chunks(records, rows_per_chunk):
    # The byte order mark makes Excel read the file as UTF-8 (Vietnamese, Thai, Chinese…);
    # csv readers and spreadsheets other than Excel ignore it or read it as UTF-8's BOM.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for count, record in enumerate(records, start=1):
        flat = flat_record(record)
        writer.writerow([csv_cell(flat[column]) for column in COLUMNS])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_array(items, rows_per_chunk, opening="[\n", closing="\n]\n"):
    """A JSON array streamed item by item: ``opening`` + items separated by commas + ``closing``."""
    parts = [opening]
    for count, item in enumerate(items):
        if count:
            parts.append(",\n")
        parts.append(_dumps(item))
        if (count + 1) % rows_per_chunk == 0:
            yield "".join(parts)
            parts = []
    parts.append(closing)
    yield "".join(parts)


def json_chunks(records, rows_per_chunk):
    return _json_array(records, rows_per_chunk)


def _position(partner):
    """A partner's GeoJSON position, [longitude, latitude], or None where it is not located."""
    if partner["latitude"] is None or partner["longitude"] is None:
        return None
    return [partner["longitude"], partner["latitude"]]


def geometry(record):
    """A line from each EU partner to each partner on the other side, where both are located.

    Always a MultiLineString, so that GIS tools read the file as one layer; None when no line
    can be drawn (RFC 7946 allows features without geometry).
    """
    lines = [
        [_position(member), _position(other)]
        for member in record["eu_partners"]
        for other in record["partners"]
        if _position(member) and _position(other)
    ]
    return {"type": "MultiLineString", "coordinates": lines} if lines else None


def geojson_chunks(records, rows_per_chunk):
    features = (
        {
            "type": "Feature",
            "id": record["id"],
            "geometry": geometry(record),
            "properties": record,
        }
        for record in records
    )
    return _json_array(
        features,
        rows_per_chunk,
        opening='{"type":"FeatureCollection","features":[\n',
        closing="\n]}\n",
    )


WRITERS = {"csv": csv_chunks, "json": json_chunks, "geojson": geojson_chunks}


def filename(language, file_format):
    return f"iurc-agreements-{language}-{timezone.localdate().isoformat()}.{file_format}"


def download(request, index_page, file_format):
    """The agreements the query string selects, as an attachment in ``file_format``.

    Invalid filters are dropped as on the list (see ``partners.filters``): the download holds
    what the reader saw.
    """
    language = languages.active_language()
    spec = FORMATS[file_format]
    # The filter reads the listing rows, which hold only visible agreements; published()
    # says so again, so that a row out of step can never expose a draft or a private page.
    agreements = index_page.agreement_filter(request).results.published()
    records = AgreementRecords(request, agreements, language)
    response = StreamingHttpResponse(
        WRITERS[file_format](records, rows_per_chunk=200), content_type=spec.content_type
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename(language, spec.extension)
    )
    response["Content-Language"] = language
    return response
