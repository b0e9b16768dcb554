"""The read-only JSON API of the agreements database (``/api/v1/``).

Anonymous, GET only, JSON only. Every endpoint answers in the language of ``?lang=`` (English
by default), with the same fallbacks as the site; list endpoints are paginated
(``count``/``next``/``previous``/``results``) and cost a fixed number of queries per page.
Agreements take the filters of the site's database (``partners.filters``); unlike the site,
which drops a bad filter with a message, the API refuses the request with a 400 that names the
parameter, so that a typo never passes for a result. Unpublished agreements, and agreements
behind a view restriction, are never shown, nor are partners that only take part in those.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from iurc.core import languages
from iurc.core.parameters import whole_number
from iurc.core.visibility import public_pages, published
from regions.models import Country

from .filters import FACETS, MAX_PARAMETER_LENGTH, SEARCH_PARAMETER, AgreementFilter
from .models import (
    AgreementEUMember,
    AgreementIndexPage,
    AgreementPage,
    AgreementPartnerMember,
    ListedAgreement,
    Partner,
)
from .records import ORDER, AgreementRecords, Labels, PageUrls, partner_record

LANGUAGE_PARAMETER = "lang"
PAGE_PARAMETER = "page"
PAGE_SIZE_PARAMETER = "page_size"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# The largest ids the columns hold (Wagtail's pages: integer; partners: bigint). A larger id
# in a URL is not found without asking the database, which would fail on it.
MAX_PAGE_ID = 2**31 - 1
MAX_PARTNER_ID = 2**63 - 1


# --- Serializers -----------------------------------------------------------------------------
#
# Agreements and partners take the shape of ``partners.records``, which the downloads share.


class PartnerSerializer(serializers.BaseSerializer):
    def to_representation(self, partner):
        return {
            **partner_record(partner, self.context["labels"]),
            "population": partner.population,
            "website": partner.website,
            "url": self.profile_url(partner),
        }

    def profile_url(self, partner):
        """The partner's profile in the agreements database, in the requested language."""
        index = self.context.get("database")
        if index is None:
            return None
        database_url = self.context["urls"].page_url(index)
        if not database_url:
            return None
        return database_url + index.reverse_subpage("partner", args=[partner.pk])


class PartnerDetailSerializer(PartnerSerializer):
    def to_representation(self, partner):
        urls = self.context["urls"]
        return {
            **super().to_representation(partner),
            "agreements": [
                {
                    "id": agreement.pk,
                    "title": agreement.title,
                    "url": urls.page_url(agreement) or None,
                }
                for agreement in partner.published_agreements
            ],
        }


class Pagination(PageNumberPagination):
    """Page numbers from 1; a malformed page or page size is a 400, a page past the end a 404."""

    page_size = DEFAULT_PAGE_SIZE
    page_query_param = PAGE_PARAMETER
    page_size_query_param = PAGE_SIZE_PARAMETER
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = gettext_lazy("There is no page {page_number}.")

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param, "").strip()
        if not value:
            return self.page_size
        size = whole_number(value, minimum=1, maximum=self.max_page_size)
        if size is None:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("The page size is a whole number from 1 to %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param, "").strip()
        if not value:
            return 1
        if value in self.last_page_strings:
            return paginator.num_pages
        number = whole_number(value, minimum=1)
        if number is None:
            raise ValidationError(
                {self.page_query_param: [_("The page is a whole number from 1.")]}
            )
        return number


class JsonOnly(BaseContentNegotiation):
    """Every answer is JSON, whatever the request accepts. ``format`` is then a parameter like
    any other, and an unknown one (a 400 naming it), where DRF's negotiation would answer
    ``?format=xml`` with a bare 404."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ReadOnlyApiView(APIView):
    """Anonymous JSON reads in the language of ``?lang=``, with every parameter checked."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    content_negotiation_class = JsonOnly
    # Parameters besides ``lang`` (and ``page``/``page_size`` on lists).
    parameters = ()

    def dispatch(self, request, *args, **kwargs):
        requested = request.GET.get(LANGUAGE_PARAMETER, "")
        self.language = (
            requested if requested in languages.codes() else languages.default_language()
        )
        with translation.override(self.language):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = self.language
        # Public data read without credentials: any web page may use it.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def known_parameters(self):
        known = {LANGUAGE_PARAMETER, *self.parameters}
        if getattr(self, "pagination_class", None):
            known |= {PAGE_PARAMETER, PAGE_SIZE_PARAMETER}
        return known

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        params = request.query_params
        known = self.known_parameters()
        errors = {}
        for name in params:
            if name not in known:
                errors[name[:MAX_PARAMETER_LENGTH]] = [
                    _("Unknown parameter. The parameters here are: %(names)s.")
                    % {"names": ", ".join(sorted(known))}
                ]
            elif len(params.getlist(name)) > 1:
                errors[name] = [_("Give this parameter once.")]
        requested = params.get(LANGUAGE_PARAMETER)
        if requested is not None and requested not in languages.codes():
            errors[LANGUAGE_PARAMETER] = [
                _("“%(value)s” is not a language of this site. The languages are: %(codes)s.")
                % {"value": requested[:40], "codes": ", ".join(languages.codes())}
            ]
        if errors:
            raise ValidationError(errors)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "urls": PageUrls(self.request, self.language),
            "labels": Labels(self.language),
        }

    def agreement_records(self, agreements):
        return list(AgreementRecords(self.request, agreements, self.language))


def published_agreements():
    return AgreementPage.objects.published().defer_streamfields()


class AgreementList(ReadOnlyApiView, ListAPIView):
    pagination_class = Pagination
    parameters = (SEARCH_PARAMETER, *(facet.name for facet in FACETS))

    def get_queryset(self):
        params = self.request.query_params
        # Every agreements database at once (there is one, but nothing here assumes it).
        agreement_filter = AgreementFilter(params, language=self.language)
        errors = {}
        for facet in FACETS:
            value = params.get(facet.name, "").strip()
            if value and facet.name not in agreement_filter.values:
                errors[facet.name] = [
                    _("“%(value)s” is not a known %(filter)s.")
                    % {"value": value[:40], "filter": str(facet.label).lower()}
                ]
        if params.get(SEARCH_PARAMETER, "").strip() and not agreement_filter.query:
            errors[SEARCH_PARAMETER] = [_("The search has no letters or numbers in it.")]
        if errors:
            raise ValidationError(errors)
        # The ids of the matching agreements, counted and paginated on their narrow listing
        # rows, in the order of ``records.ORDER`` (``newest_first``): the wide page table is
        # read only for the page asked for, whatever the number of agreements.
        return agreement_filter.filtered().newest_first().values_list("agreement_id", flat=True)

    def list(self, request, *args, **kwargs):
        # A page of ids, then that page's agreements as records: no page object is built. The
        # listing rows hold only visible agreements; published() says so again, so that a row
        # out of step can never expose a draft or a private agreement.
        ids = self.paginate_queryset(self.get_queryset())
        agreements = published_agreements().filter(pk__in=ids)
        return self.get_paginated_response(self.agreement_records(agreements))


class AgreementDetail(ReadOnlyApiView, RetrieveAPIView):
    def retrieve(self, request, *args, **kwargs):
        records = []
        if self.kwargs["pk"] <= MAX_PAGE_ID:
            records = self.agreement_records(published_agreements().filter(pk=self.kwargs["pk"]))
        if not records:
            raise NotFound(_("There is no published agreement with this id."))
        return Response(records[0])


def on_either_side(ids):
    """A condition on partners: they take part in one of the agreements ``ids``, either side."""
    ids = ids.order_by()
    return Exists(
        AgreementEUMember.objects.filter(partner=OuterRef("pk"), agreement__in=ids)
    ) | Exists(AgreementPartnerMember.objects.filter(partner=OuterRef("pk"), agreement__in=ids))


def shown_partners():
    """Published partners of at least one public agreement, ordered by their English name.

    Visible agreements are read from their narrow listing rows (``ListedAgreement``): a
    partner list tests every partner, and the page table with its view-restriction test makes
    that slow at 20,000 agreements.
    """
    listed = ListedAgreement.objects.values("agreement_id")
    partners = published(Partner.objects.filter(on_either_side(listed)))
    return partners.order_by("name_en", "country_id", "pk")


class PartnerViewMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        index = (
            public_pages(AgreementIndexPage.objects.all())
            .only("path", *context["urls"].columns)
            .order_by("path")
            .first()
        )
        context["database"] = index
        return context


class PartnerList(PartnerViewMixin, ReadOnlyApiView, ListAPIView):
    serializer_class = PartnerSerializer
    pagination_class = Pagination
    parameters = ("country", "kind", SEARCH_PARAMETER)

    def get_queryset(self):
        params = self.request.query_params
        partners = shown_partners()
        errors = {}
        country = params.get("country", "").strip().upper()
        if country:
            if (
                len(country) == 2
                and country.isalpha()
                and Country.objects.filter(pk=country).exists()
            ):
                partners = partners.filter(country_id=country)
            else:
                errors["country"] = [
                    _("“%(value)s” is not a known country: use its ISO 3166-1 code, like VN.")
                    % {"value": country[:40]}
                ]
        kind = params.get("kind", "").strip()
        if kind:
            if kind in Partner.Kind.values:
                partners = partners.filter(kind=kind)
            else:
                errors["kind"] = [
                    _("“%(value)s” is not a kind of partner. The kinds are: %(kinds)s.")
                    % {"value": kind[:40], "kinds": ", ".join(Partner.Kind.values)}
                ]
        query = params.get(SEARCH_PARAMETER, "").replace("\x00", "").strip()
        if len(query) > MAX_PARAMETER_LENGTH:
            errors[SEARCH_PARAMETER] = [
                _("The search is at most %(max)s characters long.") % {"max": MAX_PARAMETER_LENGTH}
            ]
        elif query:
            in_any_language = Q()
            for column in languages.localized_fields("name"):
                in_any_language |= Q(**{f"{column}__icontains": query})
            partners = partners.filter(in_any_language)
        if errors:
            raise ValidationError(errors)
        return partners


class PartnerDetail(PartnerViewMixin, ReadOnlyApiView, RetrieveAPIView):
    serializer_class = PartnerDetailSerializer

    def get_object(self):
        partner = None
        if self.kwargs["pk"] <= MAX_PARTNER_ID:
            partner = shown_partners().filter(pk=self.kwargs["pk"]).first()
        if partner is None:
            raise NotFound(_("There is no partner of a published agreement with this id."))
        partner.published_agreements = list(
            published_agreements().with_partner(partner).order_by(*ORDER)
        )
        return partner


class ApiRoot(ReadOnlyApiView):
    def get(self, request):
        return Response(
            {
                name: request.build_absolute_uri(reverse(f"api:{name}-list"))
                for name in ("agreements", "partners")
            }
        )
