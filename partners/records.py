"""Agreements and partners as plain data: the one shape the API and the downloads give them.

The API (``api.py``) answers with these dicts, the JSON download is a list of them and the
GeoJSON download a feature per agreement with them as properties; the CSV download flattens
them into its documented columns (``exports.flat_record``). Everything is in one language,
as a reader of it sees it: titles, names and summaries with the site's fallbacks, country
names from CLDR, kind and status labels, and URLs in that language.

Agreements are read as plain rows, never as pages, chunk by chunk: a fixed number of queries
per chunk (the agreements, the members of each side, the themes, the goals) and flat memory,
whatever their number. Only what the public may see is named (``iurc.core.visibility``): published
partners and themes, public regions and phases.
"""

from django.db.models import F
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from iurc.core import languages
from iurc.core.visibility import public_page_annotation
from partners.agreements import (
    AgreementEUMember,
    AgreementPage,
    AgreementPartnerMember,
    Partner,
    Theme,
)

CHUNK_SIZE = 1000
# The order of the list (``partners.filters``): newest first, undated last.
ORDER = (F("start_year").desc(nulls_last=True), "title_en", "pk")


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _coordinate(value):
    return float(value) if value is not None else None


class PageUrls:
    """Absolute URLs of pages in one language, computed from their ``url_path`` columns.

    This is what routing resolves (see ``iurc.core.sitemap``): the language prefix, then the
    page's URL path in that language, with its fallbacks, below the site root. No query per
    page.
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


class Labels:
    """Labels and country names in one language, looked up once: a download streams after
    its view has returned, when the active language may no longer be this one."""

    def __init__(self, language):
        self.language = language
        with translation.override(language):
            self.agreement_kinds = {
                value: str(label) for value, label in AgreementPage.Kind.choices
            }
            self.statuses = {value: str(label) for value, label in AgreementPage.Status.choices}
            self.partner_kinds = {value: str(label) for value, label in Partner.Kind.choices}
        self.countries = {}

    def country(self, code):
        if code not in self.countries:
            self.countries[code] = languages.country_name(code, self.language)
        return {"code": code, "name": self.countries[code]}


def partner_data(labels, pk, name, kind, country, latitude, longitude):
    """A partner, as an agreement lists it and as the partner endpoints begin it."""
    return {
        "id": pk,
        "name": name,
        "kind": kind,
        "kind_label": labels.partner_kinds.get(kind, kind),
        "country": labels.country(country),
        "latitude": _coordinate(latitude),
        "longitude": _coordinate(longitude),
    }


def partner_record(partner, labels):
    """``partner_data`` of a partner object (its name in the active language)."""
    return partner_data(
        labels,
        partner.pk,
        partner.name,
        partner.kind,
        partner.country_id,
        partner.latitude,
        partner.longitude,
    )


class AgreementRecords:
    """The agreements of a queryset as dicts in one language, in the list's order."""

    def __init__(self, request, queryset, language, chunk_size=None):
        self.queryset = queryset
        self.language = language
        self.chunk_size = chunk_size or CHUNK_SIZE
        self.urls = PageUrls(request, language)
        self.labels = Labels(language)

    def _value(self, row, field_name, prefix=""):
        return languages.translated_value(row, field_name, self.language, prefix)

    def __iter__(self):
        columns = [
            "pk",
            "kind",
            "status",
            "start_year",
            "end_year",
            "source_url",
            "programme_phase_id",
            "programme_phase__acronym",
            "region_id",
            *languages.fallback_columns("title", self.language),
            *languages.fallback_columns("summary", self.language),
            *languages.fallback_columns("title", self.language, "region__"),
            *languages.fallback_columns("title", self.language, "programme_phase__"),
            *self.urls.columns,
        ]
        # Whether the region and phase are public, in the same query: a record names them only
        # then.
        rows = (
            self.queryset.annotate(
                region_is_public=public_page_annotation("region"),
                programme_phase_is_public=public_page_annotation("programme_phase"),
            )
            .order_by(*ORDER)
            .values(*columns, "region_is_public", "programme_phase_is_public")
            .iterator(chunk_size=self.chunk_size)
        )
        for chunk in _batches(rows, self.chunk_size):
            yield from self._records(chunk)

    def _members(self, member_model, ids):
        """{agreement id: [partner dicts]} for one side, in the editors' order: its published
        partners."""
        rows = (
            member_model.objects.filter(agreement_id__in=ids, partner__live=True)
            .order_by("agreement_id", "sort_order", "pk")
            .values(
                "agreement_id",
                "partner_id",
                "partner__kind",
                "partner__country_id",
                "partner__latitude",
                "partner__longitude",
                *languages.fallback_columns("name", self.language, "partner__"),
            )
        )
        members = {}
        for row in rows:
            members.setdefault(row["agreement_id"], []).append(
                partner_data(
                    self.labels,
                    row["partner_id"],
                    self._value(row, "name", "partner__"),
                    row["partner__kind"],
                    row["partner__country_id"],
                    row["partner__latitude"],
                    row["partner__longitude"],
                )
            )
        return members

    def _themes(self, ids):
        """{agreement id: [theme dicts]}, in the themes' order (their English names)."""
        links = (
            AgreementPage.themes.through.objects.filter(agreementpage_id__in=ids, theme__live=True)
            .order_by(*(f"theme__{field}" for field in Theme._meta.ordering), "theme_id")
            .values(
                "agreementpage_id",
                "theme_id",
                *languages.fallback_columns("name", self.language, "theme__"),
            )
        )
        themes = {}
        for row in links:
            themes.setdefault(row["agreementpage_id"], []).append(
                {"id": row["theme_id"], "name": self._value(row, "name", "theme__")}
            )
        return themes

    def _goals(self, ids):
        """{agreement id: [SDG numbers]}, in the goals' order."""
        goals = {}
        links = (
            AgreementPage.sdgs.through.objects.filter(agreementpage_id__in=ids)
            .order_by("sustainabledevelopmentgoal_id")
            .values_list("agreementpage_id", "sustainabledevelopmentgoal_id")
        )
        for agreement_id, number in links:
            goals.setdefault(agreement_id, []).append(number)
        return goals

    def _records(self, rows):
        ids = [row["pk"] for row in rows]
        eu_members = self._members(AgreementEUMember, ids)
        partner_members = self._members(AgreementPartnerMember, ids)
        themes = self._themes(ids)
        goals = self._goals(ids)
        labels = self.labels
        for row in rows:
            phase = row["programme_phase_id"] if row["programme_phase_is_public"] else None
            region = row["region_id"] if row["region_id"] and row["region_is_public"] else None
            yield {
                "id": row["pk"],
                "title": self._value(row, "title"),
                "kind": row["kind"],
                "kind_label": labels.agreement_kinds.get(row["kind"], row["kind"]),
                "status": row["status"],
                "status_label": labels.statuses.get(row["status"], row["status"]),
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "programme_phase": phase
                and {
                    "id": phase,
                    "acronym": row["programme_phase__acronym"],
                    "title": self._value(row, "title", "programme_phase__"),
                },
                "region": region and {"id": region, "title": self._value(row, "title", "region__")},
                "eu_partners": eu_members.get(row["pk"], []),
                "partners": partner_members.get(row["pk"], []),
                "themes": themes.get(row["pk"], []),
                "sdgs": goals.get(row["pk"], []),
                "summary": self._value(row, "summary"),
                "source_url": row["source_url"],
                "url": self.urls.url(row) or None,
            }
