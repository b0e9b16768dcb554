"""A small multilingual site for tests: home, About (en + vi), a phase, a region, agreements."""

import os
from types import SimpleNamespace

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from modelsearch import index as search_index
from modelsearch import signal_handlers
from wagtail.models import Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from xdist.scheduler import LoadScopeScheduling

from iurc.demo import about as seed

# Site fixtures, built once per module, or per group of a module's tests that use the same
# (tests/built_once.py): its hooks and fixtures act from here.
from tests.built_once import (  # noqa: F401
    pytest_collection_finish,
    pytest_collection_modifyitems,
    shared_site,
    site_fixture,
    site_group,
    small_site,
)
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
    make_live,
    stream,
)

# Hypothesis profiles, chosen by HYPOTHESIS_PROFILE. "ci" (the default) draws the same examples
# on every run, so that a failure in CI is a failure on every machine; "dev" draws new ones each
# run and remembers failures in .hypothesis/; "deep" draws twenty times as many, for a long run
# after a change to how parameters are read.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("deep", max_examples=2000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


class ModuleScheduling(LoadScopeScheduling):
    """Send each test module whole to one xdist worker, and the demo site's tests (the browser
    tests among them) together to one, so that what a module or that package builds once is
    built once."""

    def _split_scope(self, nodeid):
        module = nodeid.split("::", 1)[0]
        return "tests/demo_site/" if module.startswith("tests/demo_site/") else module


def pytest_xdist_make_scheduler(config, log):
    return ModuleScheduling(config, log)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with no session of this process left on it when it is
    dropped. Django keeps a connection per thread and per context: Playwright's event loop
    gives the browser tests' fixtures contexts of their own, whose connections nothing closes;
    PostgreSQL then waited five seconds for them before refusing to drop the database ("being
    accessed by other users"), which the next run had to drop."""
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            # A fresh connection: a test that copied the test database as a template had to end
            # every other session on it, this process's own included.
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(scope="session", autouse=True)
def no_reference_index():
    """Wagtail's reference index (the admin's "used in" counts) is written on every save: a
    quarter of the cost of publishing a page, and no test reads it. Like Wagtail's own search
    index (iurc/settings/test.py), it is not kept up to date in tests."""
    with disable_reference_index_auto_update():
        yield


@pytest.fixture(scope="session", autouse=True)
def no_wagtail_search_index():
    """Wagtail's own search index is not kept in tests (iurc/settings/test.py), yet its
    handlers ran on every save of a page, partner, theme or quote: a task that fetched the
    object twice to index it in no backend, a tenth of the queries of building a site. They
    are disconnected; ``wagtail_search_updates`` connects them for a test."""
    _disconnect_wagtail_search_index()
    yield
    signal_handlers.register_signal_handlers()


@pytest.fixture
def wagtail_search_updates():
    """Wagtail's search index kept up to date on every save, as in production (with a backend
    that updates: see tests/test_admin_search.py)."""
    signal_handlers.register_signal_handlers()
    yield
    _disconnect_wagtail_search_index()


def _disconnect_wagtail_search_index():
    for model in search_index.get_indexed_models():
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(signal_handlers.post_delete_signal_handler, sender=model)


@pytest.fixture(autouse=True)
def fresh_cache_and_language():
    # Wagtail caches site root paths per language in the cache; tests build new trees.
    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The page cache and the remembered site and menu (iurc/core/memo.py) switched on, empty,
    as production has them with Redis (in process memory here), with no clock margin: a change
    counts against every entry stored before it."""
    from iurc.core import memo
    from iurc.core.page_cache import local_entries

    settings.IURC_PAGE_CACHE = {
        **settings.IURC_PAGE_CACHE,
        "ENABLED": True,
        "MEMO": True,
        "CLOCK_MARGIN": 0,
    }
    caches["pages"].clear()
    local_entries.clear()
    memo.forget_all()
    yield caches["pages"]
    caches["pages"].clear()
    local_entries.clear()
    memo.forget_all()


@site_fixture
def home():
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


@site_fixture
def quotes():
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


@site_fixture
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
    return make_live(page)


@site_fixture
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
    make_live(region)
    phase = ProgrammePhasePageFactory(
        parent=phase_index,
        title="International Urban Cooperation (IUC)",
        slug="iuc",
        acronym="IUC",
        summary="The first phase.",
        published=False,
    )
    phase.regions = [region]
    make_live(phase)
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
