"""Filters of the agreements database: read from the query string, with a count per choice.

Every filter lives in the URL (``?region=12&country=VN&year=2018&q=water``), so a result can be
shared, bookmarked and crawled, and the form works without JavaScript. A value that is unknown,
malformed or repeated is dropped with a message in the reader's language; it never fails the
request. The counts of a facet are computed with every *other* filter applied, which is what a
reader who changes only that facet would get. The counts take three grouped queries
whatever the number of agreements and the filters set: one for the facets on a column of the
listing rows, one for countries and one for themes.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, F, Func, Q, Value
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iurc.core import languages
from iurc.core.collation import sorted_by_name
from iurc.core.pagination import paginate
from iurc.core.parameters import whole_number
from iurc.core.search import matching_documents, query_terms
from iurc.core.visibility import public_pages, published
from iurc.phases.models import ProgrammePhasePage
from partners.agreements import (
    AgreementPage,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
    Theme,
)
from partners.cards import agreement_cards
from regions.models import Country, RegionPage

YEAR_RANGE = (1990, 2100)
MAX_PARAMETER_LENGTH = 200


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    choices: list = field(default_factory=list)

    @property
    def selected(self):
        return next((choice for choice in self.choices if choice.selected), None)


class FacetDefinition:
    """One filter: how a URL value is checked, how it filters, how its counts are grouped.

    ``rows`` is the listing table the counts read (see ``ListedFacts``): the agreements'
    own rows, or one row per country or theme of an agreement.
    """

    name = ""
    label = ""
    rows = ListedAgreement

    def clean(self, value, request=None):
        """The value as the database holds it, or None when it is not a valid choice
        (``request``: the one shown, for ``public_pages``)."""
        raise NotImplementedError

    def apply(self, queryset, value):
        """``queryset`` (listing rows of any of the tables) narrowed to ``value``."""
        raise NotImplementedError

    def counts(self, queryset):
        """{value: number of agreements} among ``queryset``, rows of ``self.rows``."""
        raise NotImplementedError

    def labels(self, values, request=None):
        """{value: label in the reader's language}."""
        raise NotImplementedError

    def order(self, choices):
        """Choices by their label, in the order of the reader's language (ICU collation)."""
        return sorted_by_name(choices, key=lambda choice: choice.label)


class FieldFacet(FacetDefinition):
    """A facet over one column of the listing rows (a value, or a foreign key)."""

    column = ""

    def apply(self, queryset, value):
        return queryset.filter(**{self.column: value})

    def counts(self, queryset):
        # Agreements without a value are left out here, not in SQL: a condition on the
        # column would keep the planner from counting a whole database from an index alone.
        rows = queryset.order_by().values_list(self.column).annotate(count=Count("*"))
        return {value: count for value, count in rows if value is not None}


class ChoicesFacet(FieldFacet):
    choices_class = None

    def clean(self, value, request=None):
        return value if value in self.choices_class.values else None

    def labels(self, values, request=None):
        names = dict(self.choices_class.choices)
        return {value: str(names[value]) for value in values if value in names}

    def order(self, choices):
        position = {value: index for index, value in enumerate(self.choices_class.values)}
        return sorted(choices, key=lambda choice: position[choice.value])


class PageFacet(FieldFacet):
    """Agreements grouped by a page they point to (their region, their programme phase)."""

    page_model = None

    def clean(self, value, request=None):
        pk = whole_number(value)
        if pk is None:
            return None
        pages = public_pages(self.page_model.objects.filter(pk=pk), request)
        return pk if pages.exists() else None

    def label_columns(self):
        """What ``label_of`` reads, as plain values: a page instance is slow to build (every
        language of every field), and a facet may list dozens."""
        return languages.fallback_columns("title", languages.active_language())

    def labels(self, values, request=None):
        """Labels of the public pages among ``values``: agreements that point to a page the
        public may not see are counted as having none."""
        pages = public_pages(self.page_model.objects.filter(pk__in=values), request).order_by()
        return {
            pk: self.label_of(row) for pk, *row in pages.values_list("pk", *self.label_columns())
        }

    def label_of(self, row):
        """The label of a page from its ``label_columns``: its title, in the reader's language
        or the first of its fallbacks that has one."""
        return languages.first_translation(row)


class RegionFacet(PageFacet):
    name = "region"
    label = gettext_lazy("Region")
    column = "region"
    page_model = RegionPage


class PhaseFacet(PageFacet):
    name = "phase"
    label = gettext_lazy("Programme phase")
    column = "programme_phase"
    page_model = ProgrammePhasePage

    def label_columns(self):
        return ("acronym", "start_year", "end_year")

    def label_of(self, row):
        acronym, start_year, end_year = row
        return f"{acronym} ({start_year}–{end_year or '…'})"

    def order(self, choices):
        return sorted(choices, key=lambda choice: choice.label)


class KindFacet(ChoicesFacet):
    name = "kind"
    label = gettext_lazy("Kind")
    column = "kind"
    choices_class = AgreementPage.Kind


class StatusFacet(ChoicesFacet):
    name = "status"
    label = gettext_lazy("Status")
    column = "status"
    choices_class = AgreementPage.Status


class YearFacet(FieldFacet):
    name = "year"
    label = gettext_lazy("Start year")
    column = "start_year"

    def clean(self, value, request=None):
        year = whole_number(value)
        return year if year is not None and YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None

    def labels(self, values, request=None):
        return {value: str(value) for value in values}

    def order(self, choices):
        return sorted(choices, key=lambda choice: choice.value, reverse=True)


class RelatedFacet(FieldFacet):
    """A facet over something an agreement has several of, counted on its own rows: an
    agreement with two countries is one row of each."""

    def apply(self, queryset, value):
        chosen = self.rows.objects.filter(**{self.column: value})
        return queryset.filter(agreement_id__in=chosen.values("agreement_id"))


class ThemeFacet(RelatedFacet):
    name = "theme"
    label = gettext_lazy("Theme")
    column = "theme"
    rows = ListedAgreementTheme

    def clean(self, value, request=None):
        pk = whole_number(value)
        if pk is None:
            return None
        return pk if published(Theme.objects.filter(pk=pk)).exists() else None

    def labels(self, values, request=None):
        columns = languages.fallback_columns("name", languages.active_language())
        themes = published(Theme.objects.filter(pk__in=values)).order_by()
        return {
            pk: languages.first_translation(names)
            for pk, *names in themes.values_list("pk", *columns)
        }


class CountryFacet(RelatedFacet):
    """A country on either side of the agreement."""

    name = "country"
    label = gettext_lazy("Country")
    column = "country"
    rows = ListedAgreementCountry

    def clean(self, value, request=None):
        code = value.upper()
        if len(code) != 2 or not code.isalpha():
            return None
        return code if Country.objects.filter(pk=code).exists() else None

    def labels(self, values, request=None):
        return {code: languages.country_name(code) for code in values}


FACETS = (
    RegionFacet(),
    CountryFacet(),
    ThemeFacet(),
    PhaseFacet(),
    KindFacet(),
    StatusFacet(),
    YearFacet(),
)
SEARCH_PARAMETER = "q"
PARAMETERS = (SEARCH_PARAMETER, *(facet.name for facet in FACETS))
# Searches matching at most this many pages are filtered on by their ids (``_matching_pages``),
# passed as one array past ``SEARCH_ARRAY_FROM`` of them.
SEARCH_IDS_LIMIT = 5000
SEARCH_ARRAY_FROM = 500


class AgreementFilter:
    """The agreements a query string asks for, the facets around them, and what was wrong.

    ``index_page`` is the agreements database to look in; None looks in every one.
    ``request``, the one shown, lets page filters skip the view restriction test when routing
    found none on the site (``public_pages``).
    """

    def __init__(self, params, index_page=None, language=None, request=None):
        self.request = request
        self.scope = {} if index_page is None else {"index_page": index_page}
        self.language = language or languages.active_language()
        self.messages = []
        self.values = {}
        for facet in FACETS:
            value = self._single(params, facet.name, facet.label)
            if value is None:
                continue
            cleaned = facet.clean(value, self.request)
            if cleaned is None:
                self.messages.append(
                    _("“%(value)s” is not a known %(filter)s; that filter was ignored.")
                    % {"value": value[:40], "filter": str(facet.label).lower()}
                )
            else:
                self.values[facet.name] = cleaned
        self.query = (self._single(params, SEARCH_PARAMETER, _("search")) or "").strip()
        if self.query and not query_terms(self.query):
            self.messages.append(
                _("Your search has no letters or numbers in it, so it was ignored.")
            )
            self.query = ""

    def _single(self, params, name, label):
        values = [value for value in params.getlist(name) if value.strip()]
        if not values:
            return None
        if len(values) > 1:
            self.messages.append(
                _("Only one %(filter)s can be chosen at a time; the first one was used.")
                % {"filter": str(label).lower()}
            )
        return values[0].replace("\x00", "")[:MAX_PARAMETER_LENGTH]

    @property
    def is_active(self):
        return bool(self.values or self.query)

    def filtered(self, without=None, rows=ListedAgreement, columns=True):
        """The listing rows (of the table ``rows``) of the agreements matching every filter
        except ``without``, and except those on a column of the listing rows when not
        ``columns``."""
        queryset = rows.objects.filter(**self.scope)
        for facet in FACETS:
            if not columns and facet.rows is ListedAgreement:
                continue
            if facet.name != without and facet.name in self.values:
                queryset = facet.apply(queryset, self.values[facet.name])
        if self.query:
            queryset = queryset.filter(self._search_condition)
        return queryset

    @cached_property
    def _matching_pages(self):
        """The search, run once for the results and every facet count.

        A search that matches up to ``SEARCH_IDS_LIMIT`` pages is read as a list of ids, so the
        four or five queries that filter on it look those rows up by key instead of each
        matching the text again (the planner cannot tell how many documents a trigram search
        keeps, and planned for a scan of every listing row). A broader search stays a subquery.
        It leaves out ``search``'s check that the page is live (a join with the page table):
        the listing rows it meets stand for live agreements only.
        """
        documents = matching_documents(self.query, self.language).values_list("page_id", flat=True)
        ids = list(documents[: SEARCH_IDS_LIMIT + 1])
        return ids if len(ids) <= SEARCH_IDS_LIMIT else documents

    @cached_property
    def _search_condition(self):
        """The condition on listing rows of matching ``_matching_pages``: on PostgreSQL, past
        ``SEARCH_ARRAY_FROM`` ids, ``agreement_id = ANY(array)``, one parameter that
        PostgreSQL checks against a hash of the ids (thousands of ids in an ``IN`` list would
        be as many parameters, each compiled by Django, in each of the queries)."""
        ids = self._matching_pages
        if (
            isinstance(ids, list)
            and len(ids) > SEARCH_ARRAY_FROM
            and connection.vendor == "postgresql"
        ):
            return Func(
                F("agreement_id"),
                Value(ids),
                arg_joiner=" = ANY(",
                template="(%(expressions)s::integer[]))",
                output_field=BooleanField(),
            )
        return Q(agreement_id__in=ids)

    @property
    def results(self):
        """The matching agreement pages, newest first."""
        return AgreementPage.objects.filter(pk__in=self.filtered().values("agreement_id")).order_by(
            F("start_year").desc(nulls_last=True), "title_en", "pk"
        )

    def page_of_results(self, request, per_page):
        """One page of results with what a listing shows: paginated on the narrow rows, then
        only that page's agreements are loaded."""
        page = paginate(
            request,
            self.filtered().newest_first().values_list("agreement_id", flat=True),
            per_page,
            count=self.total,
        )
        if page.notice:
            self.messages.append(page.notice)
        page.object_list = agreement_cards(page.object_list, request)
        return page

    @cached_property
    def _shared_counts(self):
        """{facet name: {value: count}} of every column facet, and the number of matching
        agreements.

        One GROUP BY over all their columns, with every filter but theirs applied, gives them
        together: a facet's count is the sum of the groups that match every other column
        filter, and the total the sum of those that match them all. At 20,000 agreements each
        count is a scan of the listing rows, and this makes six scans one, whichever filters
        are set; the groups are at most the combinations of regions, phases, kinds, statuses
        and years.
        """
        shared = [facet for facet in FACETS if facet.rows is ListedAgreement]
        counts = {facet.name: Counter() for facet in shared}
        rows = (
            self.filtered(columns=False)
            .order_by()
            .values_list(*(facet.column for facet in shared))
            .annotate(count=Count("*"))
        )
        total = 0
        for *values, count in rows:
            missed = [
                facet.name
                for facet, value in zip(shared, values, strict=True)
                if facet.name in self.values and value != self.values[facet.name]
            ]
            if not missed:
                total += count
            elif len(missed) > 1:
                continue
            for facet, value in zip(shared, values, strict=True):
                if value is not None and missed in ([], [facet.name]):
                    counts[facet.name][value] += count
        return counts, total

    @cached_property
    def total(self):
        """How many agreements match every filter."""
        return self._shared_counts[1]

    @cached_property
    def facets(self):
        """Every facet with its choices and how many agreements each would give."""
        facets = []
        shared_counts = self._shared_counts[0]
        for facet in FACETS:
            selected = self.values.get(facet.name)
            if facet.name in shared_counts:
                counts = dict(shared_counts[facet.name])
            else:
                counts = facet.counts(self.filtered(without=facet.name, rows=facet.rows))
            if selected is not None:
                counts.setdefault(selected, 0)
            labels = facet.labels(list(counts), self.request)
            choices = [
                Choice(
                    value=str(value), label=labels[value], count=count, selected=value == selected
                )
                for value, count in counts.items()
                if value in labels
            ]
            facets.append(Facet(facet.name, str(facet.label), facet.order(choices)))
        return facets

    def selected_params(self):
        """The valid filters as query-string pairs, in a stable order, for links that keep them."""
        pairs = [(SEARCH_PARAMETER, self.query)] if self.query else []
        pairs += [
            (facet.name, str(self.values[facet.name]))
            for facet in FACETS
            if facet.name in self.values
        ]
        return pairs

    @property
    def query_string(self):
        """The valid filters, URL-encoded without the leading "?" ("" when there are none)."""
        return urlencode(self.selected_params())

    def query_string_with(self, name, value):
        """The filters with one of them set to ``value`` (or removed when it is None)."""
        pairs = [pair for pair in self.selected_params() if pair[0] != name]
        if value is not None:
            pairs.append((name, str(value)))
        return urlencode(pairs)
