"""Agreements for the download and API tests, on top of ``site_tree``: a located trio with
Vietnamese translations, a pairing with formula-like text, a draft and a private agreement."""

from types import SimpleNamespace

from django.utils import translation
from wagtail.models import PageViewRestriction

from partners.models import AgreementPage, Partner
from tests.factories import AgreementPageFactory, PartnerFactory, ThemeFactory


def build(tree):
    with translation.override("en"):
        return _build(tree)


def _build(tree):
    water = ThemeFactory(name="Water management", name_vi="Quản lý nước")
    porto = PartnerFactory(
        name="Porto", country_id="PT", latitude="41.149600", longitude="-8.611000"
    )
    lisbon = PartnerFactory(
        name="Lisbon",
        name_vi="Li-xbon",
        country_id="PT",
        latitude="38.722300",
        longitude="-9.139300",
    )
    da_nang = PartnerFactory(
        name="Da Nang",
        name_vi="Đà Nẵng",
        country_id="VN",
        kind=Partner.Kind.CITY,
        latitude="16.054400",
        longitude="108.202200",
    )
    trio = AgreementPageFactory(
        parent=tree.agreement_index,
        title="Porto, Lisbon – Da Nang",
        title_vi="Porto, Li-xbon – Đà Nẵng",
        slug="porto-lisbon-da-nang",
        slug_vi="porto-li-xbon-da-nang",
        kind=AgreementPage.Kind.TRIO,
        status=AgreementPage.Status.COMPLETED,
        region=tree.region,
        programme_phase=tree.phase,
        start_year=2018,
        themes=[water, tree.theme],
        eu=[porto, lisbon],
        partners=[da_nang],
    )
    formula = AgreementPageFactory(
        parent=tree.agreement_index,
        title='=HYPERLINK("http://attacker.example","Click")',
        slug="formula",
        start_year=2017,
        eu=[PartnerFactory(name="+Plus town", country_id="IT")],
        partners=[PartnerFactory(name="@Sum city", country_id="JP")],
    )
    hidden_partner = PartnerFactory(name="Secret town", country_id="KR")
    draft = AgreementPageFactory(
        parent=tree.agreement_index,
        title="Draft – Secret town",
        slug="draft",
        live=False,
        published=False,
        partners=[hidden_partner],
    )
    private = AgreementPageFactory(
        parent=tree.agreement_index,
        title="Private – Secret town",
        slug="private",
        partners=[hidden_partner],
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return SimpleNamespace(
        tree=tree,
        trio=trio,
        formula=formula,
        draft=draft,
        private=private,
        water=water,
        porto=porto,
        lisbon=lisbon,
        da_nang=da_nang,
        hidden_partner=hidden_partner,
        published=[*tree.agreements, trio, formula],
    )


def add_agreements(tree, count):
    """``count`` more published pairings, each with two new partners and a theme."""
    start = tree.agreement_index.get_children().count()
    with translation.override("en"):
        for i in range(start, start + count):
            AgreementPageFactory(
                parent=tree.agreement_index,
                title=f"Extra pairing {i}",
                region=tree.region,
                programme_phase=tree.phase,
                start_year=2016 + i % 5,
                themes=[tree.theme],
                eu=[PartnerFactory(country_id="FR", latitude="48.85", longitude="2.35")],
                partners=[PartnerFactory(country_id="JP")],
            )
