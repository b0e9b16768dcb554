"""A small multilingual site for tests: home, About (en + vi), a phase, a region, agreements."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from iurc.demo import about as seed
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    HomePageFactory,
    PartnerFactory,
    ProgrammePhaseIndexPageFactory,
    ProgrammePhasePageFactory,
    QuoteFactory,
    RegionIndexPageFactory,
    RegionPageFactory,
    StandardPageFactory,
    ThemeFactory,
    publish,
    stream,
)


@pytest.fixture(autouse=True)
def fresh_cache_and_language():
    # Wagtail caches site root paths per language in the cache; tests build new trees.
    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()
    cache.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, title_vi="Hợp tác Đô thị và Khu vực Quốc tế")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "IURC"},
    )
    cache.clear()
    return home


@pytest.fixture
def quotes(db):
    niessler, bratislava = seed.QUOTES
    return [
        QuoteFactory(
            speaker=niessler["speaker"],
            text_en=niessler["text"]["en"],
            text_vi=niessler["text"]["vi"],
            role_en=niessler["role"]["en"],
            role_vi=niessler["role"]["vi"],
            organisation_en=niessler["organisation"]["en"],
            organisation_vi=niessler["organisation"]["vi"],
        ),
        QuoteFactory(
            speaker="",
            text_en=bratislava["text"]["en"],
            text_vi=bratislava["text"]["vi"],
            place_en=bratislava["place"]["en"],
            place_vi=bratislava["place"]["vi"],
        ),
    ]


def about_body(language, quotes):
    blocks = [("paragraph", f"<p>{text}</p>") for text in seed.PARAGRAPHS[language]]
    blocks += [("quote", {"quote": quote.pk}) for quote in quotes]
    blocks.append(("paragraph", f"<p>{seed.FUNDING[language]}</p>"))
    blocks.append(
        (
            "link_cards",
            {
                "heading": seed.PHASE_ONE_HEADING[language],
                "cards": [
                    {
                        "type": "item",
                        "value": {
                            "title": title,
                            "description": "",
                            "page": None,
                            "external_url": url,
                        },
                        "id": f"card-{i}",
                    }
                    for i, (title, url) in enumerate(seed.PHASE_ONE_CARDS)
                ],
            },
        )
    )
    return stream(*blocks)


@pytest.fixture
def about_page(home, quotes):
    page = StandardPageFactory(
        parent=home,
        title="About",
        slug="about",
        title_vi="Giới thiệu",
        slug_vi="gioi-thieu",
        show_in_menus=True,
        published=False,
    )
    page.body_en = about_body("en", quotes)
    page.body_vi = about_body("vi", quotes)
    return publish(page)


@pytest.fixture
def site_tree(home, about_page, quotes):
    """Every page type, with a handful of agreements."""
    phase_index = ProgrammePhaseIndexPageFactory(parent=home, show_in_menus=True)
    region_index = RegionIndexPageFactory(parent=home, show_in_menus=True)
    agreement_index = AgreementIndexPageFactory(parent=home, show_in_menus=True)
    region = RegionPageFactory(
        parent=region_index,
        title="Asia & Australasia",
        slug="asia-australasia",
        title_vi="Châu Á và Châu Úc",
        slug_vi="chau-a-va-chau-uc",
        intro="Partnerships with cities in Asia and Australasia.",
        published=False,
    )
    region.countries = ["VN", "JP", "IN"]
    region.quotes = [quotes[0]]
    publish(region)
    phase = ProgrammePhasePageFactory(
        parent=phase_index,
        title="International Urban Cooperation (IUC)",
        slug="iuc",
        acronym="IUC",
        summary="The first phase.",
        published=False,
    )
    phase.regions = [region]
    publish(phase)
    theme = ThemeFactory(name="Urban mobility", name_vi="Giao thông đô thị")
    agreements = [
        AgreementPageFactory(
            parent=agreement_index,
            title=f"Lisbon – Hanoi {i}",
            region=region,
            programme_phase=phase,
            start_year=2020 + i,
            themes=[theme],
            eu=[PartnerFactory(name=f"Lisbon {i}", country_id="PT")],
            partners=[PartnerFactory(name=f"Hanoi {i}", country_id="VN")],
        )
        for i in range(3)
    ]
    return SimpleNamespace(
        home=home,
        about=about_page,
        phase_index=phase_index,
        phase=phase,
        region_index=region_index,
        region=region,
        agreement_index=agreement_index,
        agreements=agreements,
        theme=theme,
        quotes=quotes,
    )
