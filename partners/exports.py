"""Downloads of the agreements database: the current filter result as CSV, JSON or GeoJSON.

A download holds what a reader of the active language sees: titles, regions, phases, themes and
partner names with their fallbacks, country names from CLDR, kind and status labels, and the
URL of each agreement in that language. The columns are stable and documented in the README.

Whatever the number of agreements, a download streams with flat memory and a fixed number of
queries per chunk: the agreements are read as plain rows through a database cursor, and for each
chunk of them one query reads the members of each side and one the themes. No page object is
built.
"""

import csv
import io
import json
from dataclasses import dataclass

from django.db.models import F
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from wagtail.models import Site

from iurc.core import languages
from partners.agreements import AgreementEUMember, AgreementPage, AgreementPartnerMember

CHUNK_SIZE = 1000
MULTI_VALUE_SEPARATOR = "; "
# The order of the list (``partners.filters``): newest first, undated last.
ORDER = (F("start_year").desc(nulls_last=True), "title_en", "pk")

# The columns of every format, in this order; the README documents them.
COLUMNS = (
    "id",
    "title",
    "kind",
    "status",
    "start_year",
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


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class PageUrls:
    """Absolute URLs of pages in one language, computed from their ``url_path`` columns.

    This is what routing resolves (see ``iurc.core.sitemap``): the language prefix, then the page's
    ``url_path_<language>`` below the site root, else its English one. No query per page.
    """

    def __init__(self, request, language):
        self.language = language
        site = Site.find_for_request(request)
        self.root = self.path_of(site.root_page) if site else None
        with translation.override(language):
            self.prefix = request.build_absolute_uri(reverse("wagtail_serve", args=[""]))

    @property
    def columns(self):
        """The columns ``url`` reads from a page row."""
        return languages.fallback_columns("url_path", self.language)

    def path_of(self, page):
        return languages.translated_value(page, "url_path", self.language)

    def url(self, row):
        """The URL of the page in ``row`` (a dict holding ``columns``, or a page), or "" when
        the page is not below the site root."""
        path = languages.translated_value(row, "url_path", self.language)
        if self.root is None or not path or not path.startswith(self.root):
            return ""
        return self.prefix + path[len(self.root) :]

    def page_url(self, page):
        return self.url(page)


class AgreementRecords:
    """The agreements of a queryset as dicts of plain values in one language, chunk by chunk."""

    def __init__(self, request, queryset, language, chunk_size=None):
        self.queryset = queryset
        self.language = language
        self.chunk_size = chunk_size or CHUNK_SIZE
        self.urls = PageUrls(request, language)
        self.title = languages.fallback_columns("title", language)
        self.region_title = languages.fallback_columns("title", language, "region__")
        self.phase_title = languages.fallback_columns("title", language, "programme_phase__")
        self.partner_name = languages.fallback_columns("name", language, "partner__")
        self.theme_name = languages.fallback_columns("name", language, "theme__")
        # Labels are looked up now: the response streams after the view has returned, when
        # the active language may no longer be this one.
        with translation.override(language):
            self.kinds = {value: str(label) for value, label in AgreementPage.Kind.choices}
            self.statuses = {value: str(label) for value, label in AgreementPage.Status.choices}
        self.country_names = {}

    def __iter__(self):
        columns = [
            "pk",
            "kind",
            "status",
            "start_year",
            "programme_phase__acronym",
            *self.title,
            *self.region_title,
            *self.phase_title,
            *self.urls.columns,
        ]
        rows = self.queryset.order_by(*ORDER).values(*columns).iterator(chunk_size=self.chunk_size)
        for chunk in _batches(rows, self.chunk_size):
            yield from self._records(chunk)

    def country_name(self, code):
        if code not in self.country_names:
            self.country_names[code] = languages.country_name(code, self.language)
        return self.country_names[code]

    def _members(self, member_model, ids):
        """{agreement id: [partner dicts]} for one side, in the editors' order."""
        rows = (
            member_model.objects.filter(agreement_id__in=ids)
            .order_by("agreement_id", "sort_order", "pk")
            .values(
                "agreement_id",
                "partner_id",
                "partner__country_id",
                "partner__latitude",
                "partner__longitude",
                *self.partner_name,
            )
        )
        members = {}
        for row in rows:
            latitude, longitude = row["partner__latitude"], row["partner__longitude"]
            members.setdefault(row["agreement_id"], []).append(
                {
                    "id": row["partner_id"],
                    "name": languages.translated_value(row, "name", self.language, "partner__"),
                    "country_code": row["partner__country_id"],
                    "country": self.country_name(row["partner__country_id"]),
                    "coordinates": (
                        [float(longitude), float(latitude)]
                        if latitude is not None and longitude is not None
                        else None
                    ),
                }
            )
        return members

    def _themes(self, ids):
        links = AgreementPage.themes.through.objects.filter(agreementpage_id__in=ids).values(
            "agreementpage_id", *self.theme_name
        )
        themes = {}
        for row in links:
            themes.setdefault(row["agreementpage_id"], []).append(
                languages.translated_value(row, "name", self.language, "theme__")
            )
        for names in themes.values():
            names.sort(key=str.casefold)
        return themes

    def _records(self, rows):
        ids = [row["pk"] for row in rows]
        eu_members = self._members(AgreementEUMember, ids)
        partner_members = self._members(AgreementPartnerMember, ids)
        themes = self._themes(ids)
        for row in rows:
            eu = eu_members.get(row["pk"], [])
            others = partner_members.get(row["pk"], [])
            record = {
                "id": row["pk"],
                "title": languages.translated_value(row, "title", self.language),
                "kind": self.kinds.get(row["kind"], row["kind"]),
                "status": self.statuses.get(row["status"], row["status"]),
                "start_year": row["start_year"],
                "programme_phase": languages.translated_value(
                    row, "title", self.language, "programme_phase__"
                )
                or None,
                "programme_phase_acronym": row["programme_phase__acronym"] or None,
                "region": languages.translated_value(row, "title", self.language, "region__")
                or None,
                "eu_partners": [member["name"] for member in eu],
                "eu_countries": [member["country"] for member in eu],
                "eu_country_codes": [member["country_code"] for member in eu],
                "partners": [member["name"] for member in others],
                "partner_countries": [member["country"] for member in others],
                "partner_country_codes": [member["country_code"] for member in others],
                "themes": themes.get(row["pk"], []),
                "url": self.urls.url(row),
            }
            yield record, eu, others


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


def csv_chunks(records, rows_per_chunk):
    # The byte order mark makes Excel read the file as UTF-8 (Vietnamese, Thai, Chinese…);
    # csv readers and spreadsheets other than Excel ignore it or read it as UTF-8's BOM.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for count, (record, _eu, _others) in enumerate(records, start=1):
        writer.writerow([csv_cell(record[column]) for column in COLUMNS])
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
    return _json_array((record for record, _eu, _others in records), rows_per_chunk)


def geometry(eu, others):
    """A line from each EU partner to each partner on the other side, where both are located.

    Always a MultiLineString, so that GIS tools read the file as one layer; None when no line
    can be drawn (RFC 7946 allows features without geometry).
    """
    lines = [
        [member["coordinates"], other["coordinates"]]
        for member in eu
        for other in others
        if member["coordinates"] and other["coordinates"]
    ]
    return {"type": "MultiLineString", "coordinates": lines} if lines else None


def geojson_chunks(records, rows_per_chunk):
    features = (
        {
            "type": "Feature",
            "id": record["id"],
            "geometry": geometry(eu, others),
            "properties": record,
        }
        for record, eu, others in records
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
