"""The publication library's filters, read from the query string: ``type``, ``year``,
``region``, ``network`` (a thematic network's page id), ``language`` (the language of a
file), ``page``.

A value the library cannot use (unknown, malformed, out of range, a region the public may not
see, repeated) is dropped with a message in the reader's language; it never fails the request.
"""

from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from iurc.core import languages
from iurc.core.pagination import paginate
from iurc.core.parameters import printable, whole_number
from iurc.core.visibility import public_pages
from iurc.networks.models import ThematicNetworkPage
from regions.models import RegionPage

PUBLICATIONS_PER_PAGE = 12
YEAR_RANGE = (1990, 2100)


class PublicationFilter:
    def __init__(self, request, publications):
        self.request = request
        self.types = publications.model.Type
        self.messages = []
        self.all_publications = publications
        params = request.GET
        self.type = self._single(params, "type", self._clean_type)
        self.year = self._single(params, "year", self._clean_year)
        self.region = self._single(params, "region", self._clean_region)
        self.network = self._single(params, "network", self._clean_network)
        self.language = self._single(params, "language", self._clean_language)
        if self.type:
            publications = publications.filter(publication_type=self.type)
        if self.year:
            publications = publications.filter(year=self.year)
        if self.region:
            through = publications.model.regions.through
            named = through.objects.filter(publicationpage_id=OuterRef("pk"))
            publications = publications.filter(
                Exists(named.filter(regionpage_id=self.region.pk)) | ~Exists(named)
            )
        if self.network:
            tagged = publications.model.networks.through.objects.filter(
                publicationpage_id=OuterRef("pk"), thematicnetworkpage_id=self.network.pk
            )
            publications = publications.filter(Exists(tagged))
        if self.language:
            files = publications.model.documents.rel.related_model.objects.filter(
                page_id=OuterRef("pk"), language=self.language
            )
            publications = publications.filter(Exists(files))
        ordered = publications.order_by("-year", "path").prefetch_related("documents")
        self.page = paginate(request, ordered, PUBLICATIONS_PER_PAGE)
        if self.page.notice:
            self.messages.append(self.page.notice)

    def _single(self, params, name, clean):
        values = [value for value in params.getlist(name) if value.strip()]
        if not values:
            return None
        if len(values) > 1:
            self.messages.append(
                _("“%(name)s” was given more than once; the first value is used.") % {"name": name}
            )
        value = clean(values[0].strip())
        if value is None:
            self.messages.append(
                _("“%(value)s” is not a choice of “%(name)s”; that filter is not applied.")
                % {"value": printable(values[0]), "name": name}
            )
        return value

    def _clean_type(self, value):
        return value if value in self.types.values else None

    def _clean_year(self, value):
        return whole_number(value, *YEAR_RANGE)

    def _clean_region(self, value):
        pk = whole_number(value)
        if pk is None:
            return None
        return public_pages(RegionPage.objects.filter(pk=pk), self.request).first()

    def _clean_network(self, value):
        pk = whole_number(value)
        if pk is None:
            return None
        networks = ThematicNetworkPage.objects.filter(pk=pk)
        return public_pages(networks, self.request).first()

    def _clean_language(self, value):
        return value if value in languages.codes() else None

    @property
    def is_active(self):
        return bool(self.type or self.year or self.region or self.network or self.language)

    @cached_property
    def type_choices(self):
        return [(value, label, value == self.type) for value, label in self.types.choices]

    @cached_property
    def year_choices(self):
        years = self.all_publications.order_by("-year").values_list("year", flat=True).distinct()
        return [(year, year, year == self.year) for year in years]

    @cached_property
    def region_choices(self):
        regions = public_pages(RegionPage.objects.all(), self.request).order_by("path")
        selected = self.region.pk if self.region else None
        return [(region.pk, region.title, region.pk == selected) for region in regions]

    @cached_property
    def network_choices(self):
        """The public networks some publication of the library names."""
        through = self.all_publications.model.networks.through
        named = through.objects.filter(
            publicationpage_id__in=self.all_publications.values("pk")
        ).values("thematicnetworkpage_id")
        networks = public_pages(ThematicNetworkPage.objects.filter(pk__in=named), self.request)
        selected = self.network.pk if self.network else None
        return [(page.pk, page.title, page.pk == selected) for page in networks.order_by("path")]

    @cached_property
    def language_choices(self):
        return [
            (code, name, code == self.language) for code, name in languages.NATIVE_NAMES.items()
        ]

    @property
    def params(self):
        pairs = [
            (name, value)
            for name, value in (
                ("type", self.type),
                ("year", self.year),
                ("region", self.region.pk if self.region else None),
                ("network", self.network.pk if self.network else None),
                ("language", self.language),
            )
            if value
        ]
        return urlencode(pairs)
