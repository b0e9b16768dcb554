"""Public views of the agreements database besides its list: partner profiles, map, statistics.

They are routes of the AgreementIndexPage (see ``AgreementIndexPage``), so they live under its
translated URL in every language and read the same filters from the query string.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlencode

from babel.lists import format_list
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from iurc.core import languages
from iurc.core.collation import sort_key
from iurc.core.pagination import paginate
from iurc.core.visibility import published
from iurc.phases.models import ProgrammePhasePage
from partners.agreements import (
    AgreementEUMember,
    AgreementPartnerMember,
    ListedAgreementCountry,
    Partner,
)
from partners.exports import csv_cell
from partners.filters import YEAR_RANGE

MEMBER_MODELS = (AgreementEUMember, AgreementPartnerMember)
MAP_PARTNERS_PER_PAGE = 50
# Above this many agreements in the results, the page lists their countries instead of their
# partners: reading every partner of 20,000 agreements would make the page slow.
MAP_LIST_LIMIT = 500
# About 11 m: more digits would only make the embedded map data longer.
MAP_COORDINATE_DIGITS = 4


def render_database_view(request, index_page, template, title, context=None):
    """Render one of the database's views as a sub-page of the index page."""
    return TemplateResponse(
        request,
        template,
        {
            "page": index_page,
            "self": index_page,
            "title": title,
            "subpage_title": title,
            "filter": index_page.agreement_filter(request),
            **(context or {}),
        },
    )


def partner_profile(request, index_page, partner_id):
    """A partner's page: who it is, where, and all its agreements across programme phases.

    Only a published partner of at least one public agreement of this database has one; any
    other id is not found, like an id that was never used.
    """
    partner = published(Partner.objects.filter(pk=partner_id)).select_related("photo").first()
    if partner is None:
        raise Http404(_("No such partner."))
    agreements = list(index_page.agreements().with_partner(partner).with_listing_data())
    if not agreements:
        raise Http404(_("No such partner."))
    base_url = index_page.get_url(request) or ""
    return render_database_view(
        request,
        index_page,
        "pages/partners/partner_profile.html",
        partner.name,
        {
            "partner": partner,
            "agreements": agreements,
            "phases": agreements_by_phase(agreements),
            "coordinates": coordinates(partner.latitude, partner.longitude),
            "country_url": f"{base_url}?{urlencode({'country': partner.country_id})}",
            "map_url": (
                f"{base_url}{index_page.reverse_subpage('map')}"
                f"?{urlencode({'country': partner.country_id})}"
            ),
        },
    )


@dataclass
class PhaseGroup:
    phase: object  # a public ProgrammePhasePage, or None for agreements without one
    agreements: list


def agreements_by_phase(agreements):
    """Agreements grouped by their public programme phase, the newest phase first and those
    without a phase last; each group keeps the agreements' order. The phases are read in one
    query (cards load only their acronym)."""
    by_phase = {}
    for agreement in agreements:
        phase = agreement.public_programme_phase
        by_phase.setdefault(phase.pk if phase else None, []).append(agreement)
    phases = ProgrammePhasePage.objects.defer_streamfields().in_bulk(
        [pk for pk in by_phase if pk is not None]
    )
    groups = [PhaseGroup(phases.get(pk), listed) for pk, listed in by_phase.items()]
    return sorted(
        groups,
        key=lambda group: (group.phase is None, -(group.phase.start_year if group.phase else 0)),
    )


def coordinates(latitude, longitude):
    """A place's position as readers write it ("16.054° N, 108.202° E"), or ""."""
    if latitude is None or longitude is None:
        return ""
    return _("%(latitude)s° %(north_south)s, %(longitude)s° %(east_west)s") % {
        "latitude": f"{abs(latitude):.3f}",
        "north_south": pgettext("compass point", "N")
        if latitude >= 0
        else pgettext("compass point", "S"),
        "longitude": f"{abs(longitude):.3f}",
        "east_west": pgettext("compass point", "E")
        if longitude >= 0
        else pgettext("compass point", "W"),
    }


# --- Map ----------------------------------------------------------------------------------


@dataclass
class MapPartner:
    """A partner of the current results, as the map and its list show it."""

    pk: int
    name: str
    country_code: str
    latitude: float | None
    longitude: float | None
    kind: str = Partner.Kind.CITY
    agreements: int = 0
    url: str = ""

    @property
    def country_name(self):
        return languages.country_name(self.country_code)

    @property
    def kind_label(self):
        """City, region…: with the country, what tells partners of the same name apart."""
        if self.kind in Partner.Kind.values:
            return Partner.Kind(self.kind).label
        return self.kind

    @property
    def is_located(self):
        return self.latitude is not None and self.longitude is not None


def map_partners(agreements, language=None):
    """The partners of ``agreements`` and the pairs of partners that share an agreement.

    Read as plain rows, one query per side of the agreements whatever their number, never as
    pages: the map of the whole database has thousands of partners. Names are read from the
    language columns with the site's fallbacks (modeltranslation's per-row fallback is too slow
    for that many rows). Returns ``(partners, pairs)``: partners sorted by name, pairs as
    deduplicated ``(smaller id, larger id)`` tuples.
    """
    agreement_ids = agreements.order_by().values("pk")
    name_columns = languages.fallback_columns(
        "name", language or languages.active_language(), "partner__"
    )
    members = defaultdict(set)
    partners = {}
    for model in MEMBER_MODELS:
        rows = (
            model.objects.filter(agreement__in=agreement_ids, partner__live=True)
            .order_by()
            .values_list(
                "agreement_id",
                "partner_id",
                "partner__country_id",
                "partner__latitude",
                "partner__longitude",
                "partner__kind",
                *name_columns,
            )
        )
        for agreement_id, pk, country, latitude, longitude, kind, *names in rows:
            members[agreement_id].add(pk)
            if pk not in partners:
                partners[pk] = MapPartner(
                    pk=pk,
                    name=languages.first_translation(names),
                    country_code=country,
                    latitude=None if latitude is None else float(latitude),
                    longitude=None if longitude is None else float(longitude),
                    kind=kind,
                )
    pairs = set()
    for partner_ids in members.values():
        for pk in partner_ids:
            partners[pk].agreements += 1
        pairs.update(combinations(sorted(partner_ids), 2))
    ordered = sorted(
        partners.values(),
        key=lambda partner: (sort_key(partner.name, language), partner.country_code, partner.pk),
    )
    return ordered, pairs


def map_data(partners, pairs):
    """What the map script draws, as compact arrays (served as JSON by ``agreement_map_data``).

    ``partners``: ``[id, latitude, longitude, name, agreements, kind, country]`` for each
    located partner; ``kinds`` and ``countries``: the names of those kinds and country codes in
    the reader's language (once each, however many partners share them);
    ``links``: ``[i, j]`` positions in that list of two partners that share an agreement.
    """
    located = [partner for partner in partners if partner.is_located]
    position = {partner.pk: index for index, partner in enumerate(located)}
    return {
        "partners": [
            [
                partner.pk,
                round(partner.latitude, MAP_COORDINATE_DIGITS),
                round(partner.longitude, MAP_COORDINATE_DIGITS),
                partner.name,
                partner.agreements,
                partner.kind,
                partner.country_code,
            ]
            for partner in located
        ],
        "kinds": {partner.kind: partner.kind_label for partner in located},
        "countries": {partner.country_code: partner.country_name for partner in located},
        "links": sorted(
            [position[first], position[second]]
            for first, second in pairs
            if first in position and second in position
        ),
    }


def map_data_url(request, index_page, agreement_filter):
    """Where the map script reads its data: one URL per language and filters, the same for
    every visitor, so that the page cache can keep it."""
    base_url = index_page.get_url(request) or ""
    url = base_url + index_page.reverse_subpage("map_data")
    query = agreement_filter.query_string
    return f"{url}?{query}" if query else url


@dataclass
class MapCountry:
    """A country of the current results, in the summary shown instead of a long partner list."""

    code: str
    name: str
    agreements: int
    url: str


def map_countries(agreement_filter, map_url):
    """The countries of the agreements in the results, each with its number of agreements and
    a link to the map narrowed to it.

    Without a country filter, these are the counts the filter form shows already; with one,
    one grouped query over the narrow country rows.
    """
    if "country" in agreement_filter.values:
        rows = (
            agreement_filter.filtered(rows=ListedAgreementCountry)
            .order_by()
            .values_list("country")
            .annotate(count=Count("*"))
        )
        counts = dict(rows)
    else:
        facet = next(facet for facet in agreement_filter.facets if facet.name == "country")
        counts = {choice.value: choice.count for choice in facet.choices}
    countries = [
        MapCountry(
            code=code,
            name=languages.country_name(code),
            agreements=count,
            url=f"{map_url}?{agreement_filter.query_string_with('country', code)}",
        )
        for code, count in counts.items()
        if count
    ]
    return sorted(countries, key=lambda country: (sort_key(country.name), country.code))


def agreement_map(request, index_page):
    """The partners of the filtered agreements on a map, and always as a list beside it.

    The map script reads its partners from ``agreement_map_data``; the page itself stays the
    same size however many agreements match. Up to ``MAP_LIST_LIMIT`` agreements, it lists their
    partners (a page at a time); above, it lists their countries, each a link to the map of that
    country's agreements, until the filters narrow the results.
    """
    agreement_filter = index_page.agreement_filter(request)
    base_url = index_page.get_url(request) or ""
    map_url = base_url + index_page.reverse_subpage("map")

    def partner_url(pk):
        return base_url + index_page.reverse_subpage("partner", kwargs={"partner_id": pk})

    total = agreement_filter.total
    context = {
        "total": total,
        "map_data_url": map_data_url(request, index_page, agreement_filter),
        "partner_url_pattern": partner_url(0),
    }
    if total > MAP_LIST_LIMIT:
        context["countries"] = map_countries(agreement_filter, map_url)
        context["show_map"] = True
    else:
        partners, _pairs = map_partners(agreement_filter.results)
        listed = paginate(request, partners, MAP_PARTNERS_PER_PAGE)
        if listed.notice:
            agreement_filter.messages.append(listed.notice)
        for partner in listed:
            partner.url = partner_url(partner.pk)
        located = sum(1 for partner in partners if partner.is_located)
        context.update(
            partners=listed,
            show_map=bool(located),
            unlocated_count=len(partners) - located,
        )
    return render_database_view(
        request,
        index_page,
        "pages/partners/agreement_map.html",
        _("Map of the agreements"),
        context,
    )


def agreement_map_data(request, index_page):
    """What the map draws for the filters of the query string, as JSON (see ``map_data``).

    An ordinary anonymous GET with a stable URL, so the page cache keeps and compresses it;
    only published partners of public agreements are in it, as in the list.
    """
    agreement_filter = index_page.agreement_filter(request)
    partners, pairs = map_partners(agreement_filter.results)
    return JsonResponse(map_data(partners, pairs))


# --- Statistics ---------------------------------------------------------------------------

# The facets shown as charts, in this order, with the heading of each chart.
CHARTS = (
    ("region", gettext_lazy("Agreements per region")),
    ("country", gettext_lazy("Agreements per country")),
    ("phase", gettext_lazy("Agreements per programme phase")),
    ("theme", gettext_lazy("Agreements per theme")),
    ("kind", gettext_lazy("Agreements per kind")),
    ("year", gettext_lazy("Agreements per start year")),
)
CHART_NAMES = tuple(name for name, _heading in CHARTS)
# Facets where an agreement has at most one value, so the agreements without one can be
# counted as the difference to the total.
SINGLE_VALUED = {"region", "phase", "kind", "year"}
# Charts whose bars are sorted by their number of agreements rather than in the facet's order.
BY_COUNT = {"country"}
# A summary names at most this many values that tie for largest or smallest, then says how
# many others there are.
NAMED_IN_SUMMARY = 3


@dataclass
class ChartRow:
    label: str
    count: int
    url: str = ""
    selected: bool = False
    width: str = "0"  # bar length in percent of the largest bar, as an SVG attribute


@dataclass
class Chart:
    name: str
    label: str
    heading: str
    rows: list
    summary: str = ""
    note: str = ""
    csv_url: str = ""


def _year_rows(rows):
    """Years in chronological order, with the years without agreements between them."""
    by_year = {int(row.label): row for row in rows}
    if not by_year:
        return []
    first, last = max(min(by_year), YEAR_RANGE[0]), min(max(by_year), YEAR_RANGE[1])
    return [
        by_year.get(year) or ChartRow(label=str(year), count=0) for year in range(first, last + 1)
    ]


def _all_equal(name, number, count):
    """The summary of a chart whose values all have ``count`` agreements ("All 5 themes have
    1 agreement each."): one sentence per chart, so that translators can inflect the noun."""
    values = {"number": intcomma(number), "count": intcomma(count)}
    if name == "region":
        return (
            ngettext(
                "All %(number)s regions have %(count)s agreement each.",
                "All %(number)s regions have %(count)s agreements each.",
                count,
            )
            % values
        )
    if name == "country":
        return (
            ngettext(
                "All %(number)s countries have %(count)s agreement each.",
                "All %(number)s countries have %(count)s agreements each.",
                count,
            )
            % values
        )
    if name == "phase":
        return (
            ngettext(
                "All %(number)s programme phases have %(count)s agreement each.",
                "All %(number)s programme phases have %(count)s agreements each.",
                count,
            )
            % values
        )
    if name == "theme":
        return (
            ngettext(
                "All %(number)s themes have %(count)s agreement each.",
                "All %(number)s themes have %(count)s agreements each.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "All %(number)s kinds have %(count)s agreement each.",
            "All %(number)s kinds have %(count)s agreements each.",
            count,
        )
        % values
    )


def _named(rows):
    """The labels of ``rows`` as a list in the reader's language ("A, B and C"), the ones past
    ``NAMED_IN_SUMMARY`` counted instead of named ("A, B, C and 4 others")."""
    labels = [row.label for row in rows[:NAMED_IN_SUMMARY]]
    others = len(rows) - len(labels)
    if others:
        labels.append(
            ngettext("%(number)s other", "%(number)s others", others) % {"number": intcomma(others)}
        )
    return format_list(labels, locale=languages.cldr_locale(languages.active_language()))


def _extreme(rows, count, largest):
    """The largest or smallest values of a chart: "Largest: A (3)." or, for a tie,
    "Largest: A and B (3 each)."."""
    values = {"labels": _named(rows), "count": intcomma(count)}
    if len(rows) == 1:
        if largest:
            return _("Largest: %(labels)s (%(count)s).") % values
        return _("Smallest: %(labels)s (%(count)s).") % values
    if largest:
        return _("Largest: %(labels)s (%(count)s each).") % values
    return _("Smallest: %(labels)s (%(count)s each).") % values


def _year_summary(years, counted, unknown):
    """What the years chart shows: the span of start years and the busiest of them.

    ``years``: every year of the span, those without agreements included; ``counted``: those
    with some."""
    if len(counted) == 1:
        year, count = counted[0].label, counted[0].count
        if unknown:
            return ngettext(
                "The one agreement with a known start year started in %(year)s.",
                "All %(count)s agreements with a known start year started in %(year)s.",
                count,
            ) % {"count": intcomma(count), "year": year}
        return ngettext("The agreement started in %(year)s.", "All started in %(year)s.", count) % {
            "year": year
        }
    most = max(row.count for row in counted)
    busiest = [row for row in counted if row.count == most]
    span = _("From %(first)s to %(last)s.") % {
        "first": counted[0].label,
        "last": counted[-1].label,
    }
    if len(busiest) == len(years):
        busy = ngettext(
            "%(count)s agreement started each year.",
            "%(count)s agreements started each year.",
            most,
        ) % {"count": intcomma(most)}
    elif len(busiest) == 1:
        busy = _("Most agreements started in %(largest)s (%(most)s).") % {
            "largest": busiest[0].label,
            "most": intcomma(most),
        }
    else:
        busy = _("Most agreements started in %(largest)s (%(most)s each).") % {
            "largest": _named(busiest),
            "most": intcomma(most),
        }
    return f"{span} {busy}"


def _summary(name, rows, unknown=0):
    """A sentence that says what the chart shows, for readers who cannot see it.

    ``unknown``: how many agreements have no value for the chart's facet.
    """
    counted = [row for row in rows if row.count]
    if not counted:
        return _("No agreements to count.")
    if name == "year":
        return _year_summary(rows, counted, unknown)
    if len(counted) == 1:
        return _("All the agreements counted are under %(label)s (%(count)s).") % {
            "label": counted[0].label,
            "count": intcomma(counted[0].count),
        }
    most = max(row.count for row in counted)
    fewest = min(row.count for row in counted)
    if most == fewest:
        return _all_equal(name, len(counted), most)
    largest = [row for row in counted if row.count == most]
    smallest = [row for row in counted if row.count == fewest]
    return f"{_extreme(largest, most, True)} {_extreme(smallest, fewest, False)}"


def _by_count(rows):
    """Rows from the most agreements to the fewest, equal counts in the reader's order."""
    return sorted(rows, key=lambda row: (-row.count, sort_key(row.label)))


def statistics_charts(agreement_filter, total, list_url, names=CHART_NAMES):
    """One chart per facet of ``CHARTS`` (those of ``names``), from the facet counts of the
    current filters.

    Each row links to the list filtered by its value. The counts of a facet that is itself
    filtered are those of every value with the *other* filters (as in the filter form), so the
    chosen value is shown among the others and marked as selected.
    """
    facets = {facet.name: facet for facet in agreement_filter.facets}
    charts = []
    for name, heading in CHARTS:
        if name not in names:
            continue
        facet = facets[name]
        rows = [
            ChartRow(
                label=choice.label,
                count=choice.count,
                url=f"{list_url}?{agreement_filter.query_string_with(name, choice.value)}",
                selected=choice.selected,
            )
            for choice in facet.choices
        ]
        note = ""
        if name == "year":
            rows = _year_rows(rows)
        elif name in BY_COUNT:
            rows = _by_count(rows)
        unknown = 0
        if name in SINGLE_VALUED and facet.selected is None:
            unknown = max(total - sum(row.count for row in rows), 0)
        summary = _summary(name, rows, unknown)
        if unknown:
            rows.append(ChartRow(label=str(_("Not recorded")), count=unknown))
        elif name == "theme":
            note = _("An agreement with several themes is counted once under each of them.")
        elif name == "country":
            note = _(
                "An agreement between partners of several countries is counted once under "
                "each of them."
            )
        if facet.selected is not None:
            note = _(
                "Your filter chose %(value)s: the other values are counted with your other "
                "filters, for comparison."
            ) % {"value": facet.selected.label}
        largest = max((row.count for row in rows), default=0)
        for row in rows:
            share = 100 * row.count / largest if largest else 0
            row.width = f"{max(share, 0.5) if row.count else 0:.1f}"
        charts.append(
            Chart(
                name=name,
                label=facet.label,
                heading=str(heading),
                rows=rows,
                summary=summary,
                note=note,
            )
        )
    return charts


def statistics(request, index_page):
    """Agreements per region, country, phase, theme, kind and start year, for the current
    filters."""
    agreement_filter = index_page.agreement_filter(request)
    total = agreement_filter.total
    list_url = index_page.get_url(request) or ""
    query = agreement_filter.query_string
    charts = statistics_charts(agreement_filter, total, list_url)
    for chart in charts:
        chart.csv_url = list_url + index_page.reverse_subpage(
            "statistics_csv", kwargs={"chart": chart.name}
        )
        if query:
            chart.csv_url += f"?{query}"
    return render_database_view(
        request,
        index_page,
        "pages/partners/agreement_statistics.html",
        _("Statistics of the agreements"),
        {"total": total, "charts": charts},
    )


def statistics_csv(request, index_page, chart_name):
    """The numbers of one chart for the current filters, as a CSV file in the reader's
    language: a row per value (the chart's own order) and its number of agreements.

    An ordinary response with a stable URL per language, chart and filters, so the page cache
    keeps it like the chart's page. Names are written so that no spreadsheet runs them.
    """
    if chart_name not in CHART_NAMES:
        raise Http404(_("No such chart."))
    agreement_filter = index_page.agreement_filter(request)
    language = languages.active_language()
    (chart,) = statistics_charts(agreement_filter, agreement_filter.total, "", names=(chart_name,))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(str(chart.label)), csv_cell(str(_("Agreements")))])
    writer.writerows([csv_cell(row.label), row.count] for row in chart.rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"iurc-agreements-{chart_name}-{language}.csv"
    )
    response["Content-Language"] = language
    return response
