"""The agreements database's page: the filtered list and its other views."""

from urllib.parse import unquote_plus, urlencode

from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from iurc.core.models import IndexPage
from iurc.core.pagination import requested_page
from partners import exports, profile_search, views
from partners.agreements import AGREEMENTS_PER_PAGE, AgreementPage
from partners.filters import AgreementFilter


def without_blank_parameters(query_string):
    """``query_string`` without its parameters that have no value (``q=&region=9&country=``
    → ``region=9``), the others as they were written; None when it has none to drop."""
    pieces = query_string.split("&")
    kept = [
        piece for piece in pieces if unquote_plus(piece.partition("=")[2], errors="replace").strip()
    ]
    return None if len(kept) == len(pieces) else "&".join(kept)


class AgreementIndexPage(RoutablePageMixin, IndexPage):
    """The agreements database: a filtered list, and the same filters as map, statistics,
    downloads and partner profiles (``views.py``)."""

    subpage_types = ["partners.AgreementPage"]
    template = "pages/partners/agreement_index_page.html"

    class Meta:
        verbose_name = _("agreement index")
        verbose_name_plural = _("agreement indexes")

    purged_on_every_change = True

    def get_cached_paths(self):
        # What a CDN keeps of the database and is purged with it (iurc/core/frontend_purge.py).
        return [
            "/",
            "/map/",
            "/map/data/",
            "/statistics/",
            *(f"/statistics/{name}/csv/" for name in views.CHART_NAMES),
        ]

    def serve(self, request, view=None, args=None, kwargs=None):
        # The filter form without JavaScript sends every field, set or not: the URL a reader
        # shares, bookmarks or a crawler follows names only the filters set.
        query_string = request.META.get("QUERY_STRING", "")
        if query_string and request.method in ("GET", "HEAD"):
            kept = without_blank_parameters(query_string)
            if kept is not None:
                return HttpResponsePermanentRedirect(
                    f"{request.path}?{kept}" if kept else request.path
                )
        return super().serve(request, view=view, args=args, kwargs=kwargs)

    def agreements(self):
        """The agreements this database shows, before any filter."""
        return AgreementPage.objects.published().child_of(self)

    def search_routes(self, routes=None):
        """Its partner profiles that site search finds (``iurc.core.search.index_routes``)."""
        return profile_search.profile_routes(self, routes)

    def agreement_filter(self, request):
        """The filters of the request's query string, read once per request."""
        cached = getattr(request, "_iurc_agreement_filter", None)
        if cached is None or cached[0] != self.pk:
            cached = (self.pk, AgreementFilter(request.GET, self, request=request))
            request._iurc_agreement_filter = cached
        return cached[1]

    def url_suffix(self, request):
        """The database view being shown (map, a partner…) with its filters and page number.

        Filters name regions, countries and themes by code or id, the same in every language.
        """
        match = getattr(request, "routable_resolver_match", None)
        if match is None or match.url_name == "export":
            return ""
        subpath = self.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
        if match.url_name == "partner":
            return subpath
        params = self.agreement_filter(request).selected_params()
        page_number = requested_page(request.GET)
        if match.url_name == "index_route" and page_number and page_number > 1:
            params.append(("page", str(page_number)))
        return f"{subpath}?{urlencode(params)}" if params else subpath

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        agreement_filter = self.agreement_filter(request)
        context["filter"] = agreement_filter
        context["agreements"] = agreement_filter.page_of_results(request, AGREEMENTS_PER_PAGE)
        return context

    @path("map/", name="map")
    def map_view(self, request):
        return views.agreement_map(request, self)

    @path("map/data/", name="map_data")
    def map_data_view(self, request):
        return views.agreement_map_data(request, self)

    @path("statistics/", name="statistics")
    def statistics_view(self, request):
        return views.statistics(request, self)

    @re_path(r"^statistics/(?P<chart>[a-z]+)/csv/$", name="statistics_csv")
    def statistics_csv_view(self, request, chart):
        return views.statistics_csv(request, self, chart)

    @re_path(r"^export/(?P<file_format>csv|json|geojson)/$", name="export")
    def export_view(self, request, file_format):
        return exports.download(request, self, file_format)

    @path("partners/<int:partner_id>/", name="partner")
    def partner_view(self, request, partner_id):
        return views.partner_profile(request, self, partner_id)
