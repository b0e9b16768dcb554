"""Finding agreements: every filter, the facet counts, bad parameters, and scale."""

import io
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import PageViewRestriction

from iurc.phases.models import ProgrammePhasePage
from partners import filters
from partners.filters import FACETS
from partners.models import (
    AgreementPage,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
)
from tests.built_once import site_fixture
from tests.factories import (
    AgreementPageFactory,
    PartnerFactory,
    ProgrammePhasePageFactory,
    RegionPageFactory,
    ThemeFactory,
    publish,
)

pytestmark = pytest.mark.django_db


@site_fixture
def database(site_tree):
    """The small site's three Lisbon–Hanoi agreements (Asia, IUC, 2020–2022, mobility), plus
    two agreements that differ from them in every facet."""
    with translation.override("en"):
        latin_america = RegionPageFactory(parent=site_tree.region_index, title="Latin America")
        iurc = ProgrammePhasePageFactory(
            parent=site_tree.phase_index,
            title="IURC",
            acronym="IURC",
            start_year=2020,
            status=ProgrammePhasePage.Status.CURRENT,
        )
        water = ThemeFactory(name="Water", name_vi="Nước")
        trio = AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Porto – Bologna – Lima",
            title_vi="Porto – Bologna – Lima (bộ ba)",
            kind=AgreementPage.Kind.TRIO,
            status=AgreementPage.Status.COMPLETED,
            region=latin_america,
            programme_phase=iurc,
            start_year=2018,
            themes=[water],
            eu=[
                PartnerFactory(name="Porto", country_id="PT"),
                PartnerFactory(name="Bologna", country_id="IT"),
            ],
            partners=[PartnerFactory(name="Lima", country_id="PE")],
        )
        regions = AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Andalusia – Jalisco",
            kind=AgreementPage.Kind.REGION_TO_REGION,
            region=latin_america,
            programme_phase=iurc,
            start_year=2018,
            eu=[PartnerFactory(name="Andalusia", country_id="ES")],
            partners=[PartnerFactory(name="Jalisco", country_id="MX")],
        )
    return SimpleNamespace(
        tree=site_tree,
        url=site_tree.agreement_index.url,
        latin_america=latin_america,
        iurc=iurc,
        water=water,
        trio=trio,
        regions=regions,
    )


def titles(response):
    html = response.content.decode()
    return set(re.findall(r'class="agreement-card__title"><a href="[^"]*">([^<]*)</a>', html))


def result_count(response):
    html = response.content.decode()
    match = re.search(r'<h2 id="results-heading"[^>]*>\s*([\d.,]+)', html)
    return int(re.sub(r"\D", "", match.group(1)))


def options(response, facet):
    """{value: (label, count, selected)} of one facet's select."""
    html = response.content.decode()
    select = re.search(rf'<select id="filter-{facet}".*?</select>', html, re.S).group(0)
    found = {}
    for value, selected, label, count in re.findall(
        r'<option value="([^"]+)"( selected)?>(.*?) \((\d+)\)</option>', select
    ):
        found[value] = (label, int(count), bool(selected))
    return found


LISBON_HANOI = {f"Lisbon – Hanoi {i}" for i in range(3)}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", LISBON_HANOI | {"Porto – Bologna – Lima", "Andalusia – Jalisco"}),
        ("country=VN", LISBON_HANOI),  # partner side
        ("country=it", {"Porto – Bologna – Lima"}),  # EU side, any case
        ("kind=trio", {"Porto – Bologna – Lima"}),
        ("kind=region", {"Andalusia – Jalisco"}),
        # The Lisbon–Hanoi agreements are of the first phase, completed like it.
        ("status=completed", LISBON_HANOI | {"Porto – Bologna – Lima"}),
        ("year=2021", {"Lisbon – Hanoi 1"}),
        ("year=2018&kind=city", set()),
        ("q=bologna", {"Porto – Bologna – Lima"}),
        ("q=hanoi&year=2022", {"Lisbon – Hanoi 2"}),
    ],
)
def test_each_filter_narrows_the_list(client, database, query, expected):
    response = client.get(f"{database.url}?{query}")

    assert response.status_code == 200
    assert titles(response) == expected
    assert result_count(response) == len(expected)


@pytest.mark.parametrize(("limit", "array_from"), [(0, 500), (1, 500), (500, 500), (500, 0)])
def test_a_search_gives_the_same_results_and_counts_as_ids_or_as_a_subquery(
    client, database, monkeypatch, limit, array_from
):
    # "lisbon" matches three agreements: read as ids up to a limit of three, as a subquery
    # past it; the ids are one array parameter past ``array_from`` of them.
    monkeypatch.setattr(filters, "SEARCH_IDS_LIMIT", limit)
    monkeypatch.setattr(filters, "SEARCH_ARRAY_FROM", array_from)
    response = client.get(f"{database.url}?q=lisbon&kind=city")

    assert titles(response) == LISBON_HANOI
    assert result_count(response) == 3
    assert options(response, "kind")["city"] == ("City pairing", 3, True)
    assert options(response, "country")["VN"][1] == 3
    assert options(response, "year") == {
        "2022": ("2022", 1, False),
        "2021": ("2021", 1, False),
        "2020": ("2020", 1, False),
    }


def test_filters_by_page_and_theme_facets(client, database):
    region = client.get(f"{database.url}?region={database.latin_america.pk}")
    phase = client.get(f"{database.url}?phase={database.tree.phase.pk}")
    theme = client.get(f"{database.url}?theme={database.water.pk}")

    assert titles(region) == {"Porto – Bologna – Lima", "Andalusia – Jalisco"}
    assert titles(phase) == LISBON_HANOI
    assert titles(theme) == {"Porto – Bologna – Lima"}


def test_result_count_is_right_with_a_filter_on_every_column(client, database):
    """The count usually comes from the facet counts' GROUP BY, which has no column left to
    group when region, phase, kind, status and year are all chosen."""
    response = client.get(
        f"{database.url}?region={database.latin_america.pk}&phase={database.iurc.pk}"
        "&kind=trio&status=completed&year=2018"
    )

    assert titles(response) == {"Porto – Bologna – Lima"}
    assert result_count(response) == 1


def test_every_facet_count_is_the_number_of_results_its_choice_gives(client, database):
    base = f"{database.url}?kind=city"
    response = client.get(base)
    for facet in FACETS:
        for value, (label, count, _selected) in options(response, facet.name).items():
            chosen = client.get(f"{base}&{facet.name}={value}")
            expected = result_count(chosen) if facet.name != "kind" else None
            if facet.name == "kind":
                # The kind facet counts without its own filter: what choosing it would give.
                chosen = client.get(f"{database.url}?kind={value}")
                expected = result_count(chosen)
            assert count == expected, f"{facet.name}={value} ({label})"


def test_facet_counts_show_both_sides_and_the_selected_choice(client, database):
    response = client.get(f"{database.url}?country=PE")

    countries = options(response, "country")
    assert countries["PE"] == ("Peru", 1, True)
    assert countries["PT"][1] == 4  # Lisbon on three agreements, Porto on one
    assert countries["VN"][1] == 3
    assert titles(response) == {"Porto – Bologna – Lima"}


def test_search_and_labels_use_the_readers_language(client, database):
    with translation.override("vi"):
        url = database.tree.agreement_index.url

    response = client.get(f"{url}?q=bộ+ba")
    themes = options(client.get(url), "theme")

    assert titles(response) == {"Porto – Bologna – Lima (bộ ba)"}
    assert themes[str(database.water.pk)][0] == "Nước"
    assert options(response, "country")["PE"][0] == "Peru"


@pytest.mark.parametrize(
    "query, message",
    [
        ("region=abc", "“abc” is not a known region"),
        ("region=999999", "“999999” is not a known region"),
        ("country=XX", "“XX” is not a known country"),
        ("country=%00%00", None),
        ("theme=-1", "“-1” is not a known theme"),
        ("phase=1e9", "“1e9” is not a known programme phase"),
        ("kind=pair", "“pair” is not a known kind"),
        ("status=open", "“open” is not a known status"),
        ("year=1800", "“1800” is not a known start year"),
        ("year=99999999999999999999", "is not a known start year"),
        ("kind=trio&kind=city", "Only one kind can be chosen at a time"),
        ("q=%21%21%21", "Your search has no letters or numbers in it"),
        ("page=-4", None),
        ("page=999", None),
        ("unknown=1", None),
    ],
)
def test_bad_parameters_give_a_message_not_an_error(client, database, query, message):
    response = client.get(f"{database.url}?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    if message:
        assert message in html
    if "kind=trio&kind=city" in query:
        assert titles(response) == {"Porto – Bologna – Lima"}


def test_pagination_links_keep_the_filters(client, database):
    with translation.override("en"):
        for i in range(25):
            AgreementPageFactory(
                parent=database.tree.agreement_index, title=f"Seville – Lima {i}", start_year=2019
            )
    response = client.get(f"{database.url}?year=2019")
    html = response.content.decode()

    assert result_count(response) == 25
    assert 'href="?year=2019&amp;page=2"' in html
    second = client.get(f"{database.url}?year=2019&page=2")
    assert len(titles(second)) == 1


def test_unpublished_and_restricted_agreements_leave_the_list_and_the_counts(client, database):
    database.trio.unpublish()
    PageViewRestriction.objects.create(
        page=database.regions, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    response = client.get(database.url)

    assert titles(response) == LISBON_HANOI
    assert "PE" not in options(response, "country")
    assert ListedAgreement.objects.count() == 3

    PageViewRestriction.objects.filter(page=database.regions).delete()
    assert titles(client.get(database.url)) == LISBON_HANOI | {"Andalusia – Jalisco"}


def test_changed_agreement_is_filed_under_its_new_facts(client, database):
    agreement = database.tree.agreements[0].specific
    agreement.start_year = 2016
    agreement.themes = [database.water]
    agreement.save_revision().publish()

    response = client.get(f"{database.url}?year=2016")

    assert titles(response) == {"Lisbon – Hanoi 0"}
    # Country and theme counts read rows of their own, which follow the agreement's facts.
    assert options(response, "country")["VN"][1] == 1
    assert options(response, "theme") == {str(database.water.pk): ("Water", 1, False)}
    assert titles(client.get(f"{database.url}?theme={database.tree.theme.pk}")) == {
        "Lisbon – Hanoi 1",
        "Lisbon – Hanoi 2",
    }


def test_rebuild_listing_writes_the_rows_publishing_writes(database):
    """``manage.py rebuild_listing`` rebuilds the derived rows exactly as publishing wrote them."""

    def rows():
        return {
            model.__name__: sorted(
                model.objects.values_list(
                    "agreement_id",
                    *fields,
                    "index_page",
                    "kind",
                    "status",
                    "start_year",
                    "region",
                    "programme_phase",
                )
            )
            for model, fields in (
                (ListedAgreement, ["sort_year", "sort_title"]),
                (ListedAgreementCountry, ["country"]),
                (ListedAgreementTheme, ["theme"]),
            )
        }

    for agreement in AgreementPage.objects.all():
        publish(agreement)
    published = rows()
    ListedAgreement.objects.all().delete()
    assert ListedAgreementCountry.objects.count() == 0

    call_command("rebuild_listing", stdout=io.StringIO())

    assert rows() == published
    assert len(published["ListedAgreementTheme"]) == 4  # three on mobility, one on water


def test_partner_profile_lists_its_agreements_in_every_phase(client, database):
    with translation.override("en"):
        hanoi = PartnerFactory(name="Hà Nội", name_vi="Hà Nội", country_id="VN")
        AgreementPageFactory(
            parent=database.tree.agreement_index,
            title="Lisbon – Hà Nội",
            programme_phase=database.tree.phase,
            partners=[hanoi],
        )
        AgreementPageFactory(
            parent=database.tree.agreement_index,
            title="Porto – Hà Nội",
            programme_phase=database.iurc,
            partners=[hanoi],
        )
    with translation.override("vi"):
        url = f"{database.tree.agreement_index.url}partners/{hanoi.pk}/"

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Hà Nội</h1>" in html
    assert "Việt Nam" in html  # country name in the reader's language
    assert titles(response) == {"Lisbon – Hà Nội", "Porto – Hà Nội"}


@pytest.mark.parametrize("suffix", ["partners/999999/", "partners/abc/", "partners/"])
def test_unknown_partner_is_a_404(client, database, suffix):
    assert client.get(f"{database.url}{suffix}").status_code == 404


def test_agreement_cards_link_partners_to_their_profiles(client, database):
    html = client.get(database.url).content.decode()
    lima = database.trio.partner_partners()[0]

    assert f'href="{database.url}partners/{lima.pk}/">Lima</a>' in html


def test_the_result_count_is_announced_by_a_heading_that_keeps_its_role(client, database):
    html = client.get(f"{database.url}?country=DE").content.decode()

    heading = re.search(r'<h2 id="results-heading"[^>]*>', html).group(0)
    assert 'aria-live="polite"' in heading
    assert "role=" not in heading  # role="status" on a heading is invalid ARIA
