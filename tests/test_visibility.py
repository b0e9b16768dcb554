"""What the public may see, on every surface, after every event that changes it.

One agreement, "Zephyrine pairing", has partners, a theme and a region of its own, each with
a name no other object has. Every test changes one thing (an event: publish, unpublish, move,
delete, a view restriction on the page or above it, a partner, theme or region renamed,
moved to another country or unpublished) and then reads every public surface that could show
those names: pages, lists and their facets, statistics, the map, downloads, the API, search,
partner profiles and the sitemap. The first test proves each surface shows them before any
event, so that an empty result afterwards means hidden, not broken. The page cache is on.
"""

import json
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import PageViewRestriction, ReferenceIndex

from iurc.core.models import Quote
from iurc.home.models import StandardPage
from partners.models import (
    AgreementIndexPage,
    AgreementPage,
    AgreementPartnerMember,
    Partner,
    Theme,
)
from regions.models import Country
from tests.built_once import site_fixture
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    PartnerFactory,
    RegionPageFactory,
    ThemeFactory,
)
from tests.support import API_AGREEMENTS, API_PARTNERS, export_url

# With the page cache on, as in production: a surface read before an event is read again after
# it, so every event must reach the cached copies too (iurc/core/cache_tags.py).
pytestmark = pytest.mark.usefixtures("page_cache")

NEEDLES = ("Zephyrine", "Yantai", "Quimper", "Ocean economy", "Zanzibar")
AGREEMENT_NEEDLES = ("Zephyrine", "Yantai", "Quimper", "Ocean economy")

# Where each name shows while everything is public (the first test checks it).
SHOWN = {
    "Zephyrine": {
        "home",
        "agreement list",
        "region page",
        "agreement page",
        "csv",
        "json",
        "geojson",
        "api agreements",
        "api agreement",
        "api partner",
        "partner profile",
        "sitemap",
    },
    "Yantai": {
        "home",
        "agreement list",
        "region page",
        "agreement page",
        "map",
        "map data",
        "csv",
        "json",
        "geojson",
        "api agreements",
        "api agreement",
        "api partners",
        "api partner",
        "partner profile",
    },
    # The map and statistics have the list's filters, with their labels.
    "Ocean economy": {
        "agreement list",
        "map",
        "statistics",
        "agreement page",
        "csv",
        "json",
        "geojson",
        "api agreements",
        "api agreement",
    },
    "Zanzibar": {
        "home",
        "agreement list",
        "map",
        "statistics",
        "agreement page",
        "region page",
        "csv",
        "json",
        "geojson",
        "api agreements",
        "api agreement",
    },
}
SEARCHES = {"site search", "agreement search", "api search"}


@site_fixture
def secret(site_tree):
    """The agreement, its partners, theme and region, and a second, restricted database."""
    region = RegionPageFactory(
        parent=site_tree.region_index, title="Zanzibar Coast", slug="coast-region"
    )
    # Located, so that the map's data names them too.
    yantai = PartnerFactory(
        name="Yantai", country=Country.objects.get(code="CN"), latitude="37.46", longitude="121.45"
    )
    quimper = PartnerFactory(
        name="Quimper", country=Country.objects.get(code="FR"), latitude="48.0", longitude="-4.1"
    )
    theme = ThemeFactory(name="Ocean economy")
    agreement = AgreementPageFactory(
        parent=site_tree.agreement_index,
        title="Zephyrine pairing",
        slug="zephyrine-pairing",
        region=region,
        programme_phase=site_tree.phase,
        start_year=2023,
        themes=[theme],
        eu=[quimper],
        partners=[yantai],
    )
    closed = AgreementIndexPageFactory(parent=site_tree.home, title="Closed", slug="closed")
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    return SimpleNamespace(
        tree=site_tree,
        agreement=agreement,
        yantai=yantai,
        quimper=quimper,
        theme=theme,
        region=region,
        closed=closed,
    )


PASSWORD_FORM = "wagtailcore/password_required.html"


def _templates(response):
    return {template.name for template in getattr(response, "templates", [])}


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def _url(page, language):
    with translation.override(language):
        return page.url


def surfaces(secret, language="en"):
    """{surface: URL} of every surface that lists or names the agreement and its parts."""
    index = AgreementIndexPage.objects.get(pk=secret.tree.agreement_index.pk)
    database = _url(index, language)
    agreement = AgreementPage.objects.filter(pk=secret.agreement.pk).first()
    return {
        "home": _url(secret.tree.home, language),
        "agreement list": database,
        "statistics": f"{database}statistics/",
        "map": f"{database}map/",
        "map data": f"{database}map/data/",
        "region page": _url(secret.region, language),
        "agreement page": _url(agreement, language) if agreement and agreement.live else None,
        "partner profile": f"{database}partners/{secret.yantai.pk}/",
        "csv": export_url(index, "csv", language),
        "json": export_url(index, "json", language),
        "geojson": export_url(index, "geojson", language),
        "api agreements": f"{API_AGREEMENTS}?page_size=100&lang={language}",
        "api agreement": f"{API_AGREEMENTS}{secret.agreement.pk}/?lang={language}",
        "api partners": f"{API_PARTNERS}?page_size=100&lang={language}",
        "api partner": f"{API_PARTNERS}{secret.yantai.pk}/?lang={language}",
        "sitemap": "/sitemap.xml",
    }


def shown(client, secret, needles=NEEDLES, language="en"):
    """{needle: surfaces whose answer shows it}; a 404 shows nothing."""
    found = {needle: set() for needle in needles}
    for name, url in surfaces(secret, language).items():
        if url is None:
            continue
        response = client.get(url)
        # A restricted page answers with its password form (which names only its URL) or a
        # redirect to the log-in.
        assert response.status_code in (200, 302, 404), (name, url, response.status_code)
        if response.status_code != 200 or PASSWORD_FORM in _templates(response):
            continue
        text = _body(response)
        # JSON escapes non-ASCII; compare what a reader of the data sees.
        if response.get("Content-Type", "").startswith(("application/json", "application/geo")):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        for needle in needles:
            if needle.casefold() in text.casefold():
                found[needle].add(name)
    return found


def found_by(client, secret, term, language="en"):
    """The searches that find the agreement with ``term``."""
    database = _url(secret.tree.agreement_index, language)
    found = set()
    response = client.get(f"/{language}/search/?q={quote(term)}")
    if any(result.page_id == secret.agreement.pk for result in response.context["results"] or []):
        found.add("site search")
    response = client.get(f"{database}?q={quote(term)}")
    if any(page.pk == secret.agreement.pk for page in response.context["agreements"]):
        found.add("agreement search")
    results = client.get(f"{API_AGREEMENTS}?q={quote(term)}&lang={language}").json()["results"]
    if any(record["id"] == secret.agreement.pk for record in results):
        found.add("api search")
    return found


def assert_hidden(client, secret, needles=AGREEMENT_NEEDLES):
    assert shown(client, secret, needles) == {needle: set() for needle in needles}
    for term in ("Zephyrine", "Yantai"):
        assert found_by(client, secret, term) == set(), term


def assert_all_shown(client, secret):
    assert shown(client, secret) == {needle: SHOWN.get(needle, set()) for needle in NEEDLES} | {
        # Yantai's profile lists the agreement with both its partners.
        "Quimper": SHOWN["Yantai"] - {"api partner"}
    }
    for term in ("Zephyrine", "Yantai", "Ocean economy"):
        assert found_by(client, secret, term) == SEARCHES, term


def restrict(page, kind=PageViewRestriction.PASSWORD):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret" if kind == "password" else ""
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.set([Group.objects.get_or_create(name="Programme partners")[0]])
    return restriction


@pytest.fixture(autouse=True)
def cached_surfaces(client, secret):
    """Every surface read once before the test's event, so that the page cache holds them:
    what the event hides must leave the cached copies too."""
    shown(client, secret)
    for term in ("Zephyrine", "Yantai"):
        found_by(client, secret, term)


# --- Before any event -----------------------------------------------------------------------


def test_a_public_agreement_and_its_parts_show_on_every_surface(client, secret):
    assert_all_shown(client, secret)


# --- The agreement page ---------------------------------------------------------------------


def test_unpublishing_an_agreement_hides_it_everywhere(client, secret):
    secret.agreement.unpublish()

    assert_hidden(client, secret)


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
)
def test_a_view_restriction_on_an_agreement_hides_it_everywhere(client, secret, kind):
    restrict(secret.agreement, kind)

    assert_hidden(client, secret)


def test_a_view_restriction_above_an_agreement_hides_it_everywhere(client, secret):
    # The search documents and listing rows of every page below it go; the database itself
    # is hidden, so its surfaces answer 404 or show nothing.
    restrict(secret.tree.agreement_index)

    assert_hidden(client, secret)


def test_removing_the_restriction_shows_the_agreement_again(client, secret):
    restriction = restrict(secret.agreement)
    restriction.delete()

    assert_all_shown(client, secret)


def test_moving_an_agreement_below_a_restricted_page_hides_it_and_back_shows_it(client, secret):
    secret.agreement.move(secret.closed, pos="last-child")
    assert_hidden(client, secret)

    agreement = AgreementPage.objects.get(pk=secret.agreement.pk)
    agreement.move(secret.tree.agreement_index, pos="last-child")
    assert_all_shown(client, secret)


def test_an_agreement_moved_to_another_database_is_listed_there_only(client, secret):
    other = AgreementIndexPageFactory(parent=secret.tree.home, title="Other", slug="other")

    secret.agreement.move(other, pos="last-child")

    def listed(index):
        response = client.get(_url(index, "en"))
        return [page.pk for page in response.context["agreements"]]

    assert secret.agreement.pk not in listed(secret.tree.agreement_index)
    assert secret.agreement.pk in listed(other)


def test_deleting_an_agreement_removes_it_everywhere(client, secret):
    AgreementPage.objects.get(pk=secret.agreement.pk).delete()

    assert_hidden(client, secret)


def test_a_draft_agreement_shows_nowhere_until_it_is_published(client, secret):
    secret.agreement.unpublish()
    agreement = AgreementPage.objects.get(pk=secret.agreement.pk)
    agreement.title = "Zephyrine pairing (draft)"
    revision = agreement.save_revision()
    assert_hidden(client, secret)

    revision.publish()
    assert_all_shown(client, secret)


# --- Partners -------------------------------------------------------------------------------


def test_an_unpublished_partner_is_named_nowhere_and_has_no_profile(client, secret):
    secret.yantai.unpublish()

    found = shown(client, secret, ("Yantai", "Zephyrine"))
    assert found["Yantai"] == set()
    assert found["Zephyrine"] == SHOWN["Zephyrine"] - {"partner profile", "api partner"}
    assert found_by(client, secret, "Yantai") == set()


def test_a_partner_of_a_restricted_agreement_only_has_no_profile(client, secret):
    restrict(secret.agreement)

    assert client.get(surfaces(secret)["partner profile"]).status_code == 404
    assert client.get(surfaces(secret)["api partner"]).status_code == 404


def test_a_partner_that_was_never_published_has_no_profile(client, secret):
    draft = PartnerFactory(name="Weihai", country=Country.objects.get(code="CN"), live=False)
    AgreementPartnerMember.objects.create(
        agreement_id=secret.agreement.pk, partner=draft, sort_order=5
    )
    AgreementPage.objects.get(pk=secret.agreement.pk).save_revision().publish()
    database = _url(secret.tree.agreement_index, "en")

    assert client.get(f"{database}partners/{draft.pk}/").status_code == 404
    assert client.get(f"{API_PARTNERS}{draft.pk}/").status_code == 404
    assert shown(client, secret, ("Weihai",)) == {"Weihai": set()}
    assert found_by(client, secret, "Weihai") == set()


def test_a_renamed_partner_is_found_by_its_new_name_in_every_search(client, secret):
    partner = Partner.objects.get(pk=secret.yantai.pk)
    partner.name = "Chongqing"
    partner.name_zh_hans = "重庆"
    partner.save_revision().publish()

    assert found_by(client, secret, "重庆", "zh-hans") == SEARCHES
    assert found_by(client, secret, "Chongqing") == SEARCHES
    assert found_by(client, secret, "Yantai") == set()
    found = shown(client, secret, ("Yantai", "Chongqing"))
    assert found["Yantai"] == set()
    assert found["Chongqing"] == SHOWN["Yantai"]


def test_a_partner_moved_to_another_country_is_counted_there(client, secret):
    partner = Partner.objects.get(pk=secret.yantai.pk)
    partner.country = Country.objects.get(code="JP")
    partner.save_revision().publish()
    database = _url(secret.tree.agreement_index, "en")

    in_japan = client.get(f"{database}?country=JP").context["agreements"]
    in_china = client.get(f"{database}?country=CN").context["agreements"]
    assert secret.agreement.pk in [page.pk for page in in_japan]
    assert secret.agreement.pk not in [page.pk for page in in_china]
    assert "Japan" in _body(client.get(surfaces(secret)["csv"]))


def test_a_partner_draft_changes_nothing_until_it_is_published(client, secret):
    partner = Partner.objects.get(pk=secret.yantai.pk)
    partner.name = "Chongqing"
    partner.save_revision()

    assert shown(client, secret, ("Chongqing",)) == {"Chongqing": set()}
    assert found_by(client, secret, "Chongqing") == set()
    assert found_by(client, secret, "Yantai") == SEARCHES


# --- Themes ---------------------------------------------------------------------------------


def test_an_unpublished_theme_is_named_nowhere_and_cannot_be_chosen(client, secret):
    Theme.objects.get(pk=secret.theme.pk).unpublish()
    database = _url(secret.tree.agreement_index, "en")

    assert shown(client, secret, ("Ocean economy",)) == {"Ocean economy": set()}
    assert found_by(client, secret, "Ocean economy") == set()
    response = client.get(f"{database}?theme={secret.theme.pk}")
    assert "Ocean economy" not in _body(response)
    assert response.context["filter"].values == {}
    assert client.get(f"{API_AGREEMENTS}?theme={secret.theme.pk}").status_code == 400


def test_a_renamed_theme_is_found_by_its_new_name_only(client, secret):
    theme = Theme.objects.get(pk=secret.theme.pk)
    theme.name = "Blue economy"
    theme.save_revision().publish()

    assert found_by(client, secret, "Blue economy") == SEARCHES
    assert found_by(client, secret, "Ocean economy") == set()
    found = shown(client, secret, ("Ocean economy", "Blue economy"))
    assert found == {"Ocean economy": set(), "Blue economy": SHOWN["Ocean economy"]}


def test_a_deleted_theme_is_named_nowhere(client, secret):
    Theme.objects.get(pk=secret.theme.pk).delete()

    assert shown(client, secret, ("Ocean economy",)) == {"Ocean economy": set()}
    assert found_by(client, secret, "Ocean economy") == set()


# --- Regions --------------------------------------------------------------------------------


def _region_hidden(client, secret):
    database = _url(secret.tree.agreement_index, "en")
    assert shown(client, secret, ("Zanzibar",)) == {"Zanzibar": set()}
    response = client.get(f"{database}?region={secret.region.pk}")
    assert response.context["filter"].values == {}
    assert client.get(f"{API_AGREEMENTS}?region={secret.region.pk}").status_code == 400
    # The agreement itself is still public; the region's own page is not.
    found = shown(client, secret, ("Zephyrine",))
    assert found["Zephyrine"] == SHOWN["Zephyrine"] - {"region page"}


def test_an_unpublished_region_is_named_and_linked_nowhere(client, secret):
    secret.region.unpublish()

    _region_hidden(client, secret)


def test_a_restricted_region_is_named_and_linked_nowhere(client, secret):
    restrict(secret.region)

    _region_hidden(client, secret)


def test_a_renamed_region_shows_its_new_name(client, secret):
    region = secret.region
    region.title = "Swahili Coast"
    region.save_revision().publish()

    found = shown(client, secret, ("Zanzibar", "Swahili Coast"))
    assert found == {"Zanzibar": set(), "Swahili Coast": SHOWN["Zanzibar"]}


# --- Pages that show other content ------------------------------------------------------------


def _words(text):
    return " ".join(text.split()[:4])


def test_an_unpublished_quote_leaves_the_pages_and_the_search_that_showed_it(client, secret):
    about, chosen = secret.tree.about, secret.tree.quotes[0]
    ReferenceIndex.create_or_update_for_object(about)  # tests do not keep it up to date
    words = _words(chosen.text_en)
    assert words in _body(client.get(_url(about, "en")))
    assert about.pk in [
        result.page_id for result in client.get(f"/en/search/?q={quote(words)}").context["results"]
    ]

    Quote.objects.get(pk=chosen.pk).unpublish()

    assert words not in _body(client.get(_url(about, "en")))
    assert not client.get(f"/en/search/?q={quote(words)}").context["results"]


def test_a_link_card_to_a_page_the_public_may_not_see_has_no_link(client, secret):
    about = StandardPage.objects.get(pk=secret.tree.about.pk)
    body = about.body.raw_data
    cards = next(block for block in body if block["type"] == "link_cards")["value"]["cards"]
    cards[0]["value"].update(page=secret.region.pk, external_url="")
    about.body = body
    about.save()
    region_url = _url(secret.region, "en")
    assert f'href="{region_url}"' in _body(client.get(_url(about, "en")))

    restrict(secret.region)

    assert f'href="{region_url}"' not in _body(client.get(_url(about, "en")))


def test_breadcrumbs_do_not_name_an_unpublished_page_above(client, secret):
    index = AgreementIndexPage.objects.get(pk=secret.tree.agreement_index.pk)
    index.title = "Hidden database"
    index.save()
    page_url = _url(secret.agreement, "en")
    assert "Hidden database" in _body(client.get(page_url))

    index.unpublish()  # its agreements stay live, as Wagtail's "this page only" leaves them

    html = _body(client.get(page_url))
    assert "Zephyrine" in html
    assert "Hidden database" not in html


def test_a_rich_text_link_to_a_page_the_public_may_not_see_keeps_its_text_only(client, secret):
    about = StandardPage.objects.get(pk=secret.tree.about.pk)
    about.intro = f'<p>Read about <a linktype="page" id="{secret.region.pk}">the coast</a>.</p>'
    about.save()
    region_url = _url(secret.region, "en")
    assert f'<a href="{region_url}">the coast</a>' in _body(client.get(_url(about, "en")))

    secret.region.unpublish()

    html = _body(client.get(_url(about, "en")))
    assert "<a>the coast</a>" in html
    assert region_url not in html
