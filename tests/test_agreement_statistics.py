"""The statistics view of the agreements database: figures, links, text alternatives."""

import csv
import io
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.utils import translation

from partners import views
from tests.built_once import site_fixture
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    PartnerFactory,
    ProgrammePhaseIndexPageFactory,
    ProgrammePhasePageFactory,
    RegionIndexPageFactory,
    RegionPageFactory,
    ThemeFactory,
)


@site_fixture
def database(home):
    """Six agreements with known facts, and one unpublished that must never be counted.

    | agreement | region        | phase | themes          | kind   | year | countries |
    | 1         | Asia          | IUC   | mobility        | city   | 2017 | ES, JP    |
    | 2         | Asia          | IUC   | mobility, water | city   | 2017 | ES, VN    |
    | 3         | Asia          | IURC  | water           | trio   | 2021 | DE, BR    |
    | 4         | Latin America | IURC  |                 | city   | 2021 | ES, MX    |
    | 5         | Latin America | IURC  | water           | region | 2022 | ES, MX    |
    | 6         |               | IURC  |                 | city   |      | ES, BR    |
    """
    index = AgreementIndexPageFactory(parent=home)
    regions = RegionIndexPageFactory(parent=home)
    asia = RegionPageFactory(parent=regions, title="Asia & Australasia", slug="asia")
    latin = RegionPageFactory(parent=regions, title="Latin America", slug="latin-america")
    phases = ProgrammePhaseIndexPageFactory(parent=home)
    iuc = ProgrammePhasePageFactory(parent=phases, acronym="IUC", start_year=2016, end_year=2020)
    iurc = ProgrammePhasePageFactory(parent=phases, acronym="IURC", start_year=2021, end_year=None)
    mobility = ThemeFactory(name="Urban mobility")
    water = ThemeFactory(name="Water")
    facts = [
        (asia, iuc, [mobility], "city", 2017, "ES", "JP"),
        (asia, iuc, [mobility, water], "city", 2017, "ES", "VN"),
        (asia, iurc, [water], "trio", 2021, "DE", "BR"),
        (latin, iurc, [], "city", 2021, "ES", "MX"),
        (latin, iurc, [water], "region", 2022, "ES", "MX"),
        (None, iurc, [], "city", None, "ES", "BR"),
    ]
    for number, (region, phase, themes, kind, year, eu, other) in enumerate(facts, start=1):
        AgreementPageFactory(
            parent=index,
            title=f"Agreement {number}",
            region=region,
            programme_phase=phase,
            themes=themes,
            kind=kind,
            start_year=year,
            eu=[PartnerFactory(country_id=eu)],
            partners=[PartnerFactory(country_id=other)],
        )
    AgreementPageFactory(
        parent=index, title="Draft", region=asia, start_year=2017, live=False, published=False
    )
    return SimpleNamespace(
        index=index,
        url=f"{index.url}statistics/",
        asia=asia,
        latin=latin,
        iuc=iuc,
        iurc=iurc,
        mobility=mobility,
        water=water,
    )


def figures(response):
    """{chart name: [(label, count), ...]} as the view computed them."""
    return {
        chart.name: [(row.label, row.count) for row in chart.rows]
        for chart in response.context["charts"]
    }


def table_rows(html, chart):
    """[(label, count)] read from the data table of one chart, as a reader sees it."""
    table = re.search(rf'<table class="data-table" data-chart="{chart}">(.*?)</table>', html, re.S)
    rows = re.findall(
        r'<th scope="row">(?:<a [^>]*>)?(.*?)(?:</a>)?</th>\s*'
        r'<td class="data-table__number">(.*?)</td>',
        table.group(1),
        re.S,
    )
    return [(unescape(label), int(count.replace(",", ""))) for label, count in rows]


def test_statistics_count_the_published_agreements_per_facet(client, database):
    response = client.get(database.url)

    assert response.status_code == 200
    assert response.context["total"] == 6
    assert figures(response) == {
        "region": [("Asia & Australasia", 3), ("Latin America", 2), ("Not recorded", 1)],
        # By number of agreements, then by name; an agreement counts under each side's country.
        "country": [
            ("Spain", 5),
            ("Brazil", 2),
            ("Mexico", 2),
            ("Germany", 1),
            ("Japan", 1),
            ("Vietnam", 1),
        ],
        "phase": [("IUC (2016–2020)", 2), ("IURC (2021–…)", 4)],
        "theme": [("Urban mobility", 2), ("Water", 3)],
        "kind": [("City pairing", 4), ("Trio", 1), ("Region-to-region", 1)],
        "year": [
            ("2017", 2),
            ("2018", 0),
            ("2019", 0),
            ("2020", 0),
            ("2021", 2),
            ("2022", 1),
            ("Not recorded", 1),
        ],
    }


def test_each_chart_has_a_data_table_with_the_same_figures(client, database):
    response = client.get(database.url)
    html = response.content.decode()

    for name, rows in figures(response).items():
        assert table_rows(html, name) == rows, name
    assert "<caption>Agreements per region: data of the chart</caption>" in html
    assert '<th scope="col">Region</th>' in html


def test_statistics_follow_the_current_filters(client, database):
    response = client.get(database.url, {"phase": database.iurc.pk})

    assert response.context["total"] == 4
    result = figures(response)
    assert result["region"] == [
        ("Asia & Australasia", 1),
        ("Latin America", 2),
        ("Not recorded", 1),
    ]
    assert result["theme"] == [("Water", 2)]
    assert result["year"] == [("2021", 2), ("2022", 1), ("Not recorded", 1)]
    # The chosen phase is shown among the others (counted with the other filters) and marked.
    assert result["phase"] == [("IUC (2016–2020)", 2), ("IURC (2021–…)", 4)]
    html = response.content.decode()
    assert re.search(r'<a href="[^"]*" aria-current="true">IURC \(2021–…\)</a>', html)
    assert "Your filter chose IURC (2021–…)" in html


def test_search_and_facets_combine(client, database):
    response = client.get(database.url, {"q": "water", "region": database.latin.pk})

    assert response.context["total"] == 1
    assert figures(response)["kind"] == [("Region-to-region", 1)]


def test_every_value_links_to_the_list_filtered_by_it(client, database):
    response = client.get(database.url, {"year": 2021})
    html = response.content.decode()
    list_url = database.index.url

    # Crawlable links that keep the other filters.
    assert f'<a href="{list_url}?year=2021&amp;region={database.asia.pk}">' in html
    assert f'<a href="{list_url}?year=2017">2017</a>' in html
    # The list at such a link shows exactly as many agreements as the table says.
    listing = client.get(list_url, {"year": 2021, "region": database.asia.pk})
    assert listing.context["agreements"].paginator.count == 1


def test_years_are_in_chronological_order_without_links_for_empty_years(client, database):
    response = client.get(database.url)
    year_rows = response.context["charts"][-1].rows

    assert [row.label for row in year_rows][:6] == ["2017", "2018", "2019", "2020", "2021", "2022"]
    assert [bool(row.url) for row in year_rows] == [True, False, False, False, True, True, False]


def test_each_chart_has_a_text_alternative(client, database):
    html = client.get(database.url).content.decode()

    assert (
        '<figcaption class="bar-chart__summary">Largest: Asia &amp; Australasia (3). '
        "Smallest: Latin America (2).</figcaption>"
    ) in html
    assert "From 2017 to 2022. Most agreements started in 2017 and 2021 (2 each)." in html
    assert "Largest: Spain (5). Smallest: Germany, Japan, and Vietnam (1 each)." in html
    # The bars repeat the table for the eye only: hidden from assistive technology and
    # out of the tab order, so keyboard and screen reader users meet each link once.
    bars = re.findall(r'<div class="bar-chart__bars"([^>]*)>', html)
    assert bars and all('aria-hidden="true"' in attributes for attributes in bars)
    bar_links = re.findall(r'<a class="bar-chart__row[^"]*" href="[^"]*"([^>]*)>', html)
    assert bar_links and all('tabindex="-1"' in attributes for attributes in bar_links)


def rows(*counts):
    return [views.ChartRow(label=label, count=count) for label, count in counts]


@pytest.mark.parametrize(
    ("name", "counts", "summary"),
    [
        (
            "theme",
            [("Agri-food", 1), ("Energy", 1), ("Health", 1), ("Water", 1), ("Waste", 1)],
            "All 5 themes have 1 agreement each.",
        ),
        ("region", [("Asia", 3), ("Africa", 3)], "All 2 regions have 3 agreements each."),
        (
            "country",
            [("Spain", 3), ("Italy", 3), ("Chile", 1)],
            "Largest: Spain and Italy (3 each). Smallest: Chile (1).",
        ),
        (
            "theme",
            [("A", 9), ("B", 1), ("C", 1), ("D", 1), ("E", 1), ("F", 1)],
            "Largest: A (9). Smallest: B, C, D, and 2 others (1 each).",
        ),
        ("kind", [("Trio", 2)], "All the agreements counted are under Trio (2)."),
        ("year", [("2023", 4)], "All started in 2023."),
        ("year", [("2023", 1)], "The agreement started in 2023."),
        (
            "year",
            [("2019", 2), ("2020", 0), ("2021", 2)],
            "From 2019 to 2021. Most agreements started in 2019 and 2021 (2 each).",
        ),
        (
            "year",
            [("2019", 2), ("2020", 2)],
            "From 2019 to 2020. 2 agreements started each year.",
        ),
        (
            "year",
            [("2019", 1), ("2020", 3)],
            "From 2019 to 2020. Most agreements started in 2020 (3).",
        ),
    ],
)
def test_summaries_read_well_for_ties_and_single_values(name, counts, summary):
    with translation.override("en"):
        assert views._summary(name, rows(*counts)) == summary


def test_a_single_start_year_says_when_some_years_are_unknown():
    with translation.override("en"):
        summary = views._summary("year", rows(("2023", 3)), unknown=2)

    assert summary == "All 3 agreements with a known start year started in 2023."


def test_summaries_join_names_the_readers_way():
    with translation.override("vi"):
        summary = views._summary("country", rows(("Tây Ban Nha", 3), ("Ý", 3), ("Chi Lê", 1)))

    assert "Tây Ban Nha và Ý" in summary


def test_bar_lengths_are_relative_to_the_largest_value(client, database):
    response = client.get(database.url)
    kind = next(chart for chart in response.context["charts"] if chart.name == "kind")

    assert [row.width for row in kind.rows] == ["100.0", "25.0", "25.0"]
    assert '<rect width="25.0" height="10">' in response.content.decode()


def test_statistics_without_agreements_say_so(client, database):
    response = client.get(database.url, {"q": "no such words anywhere"})

    assert response.status_code == 200
    assert response.context["total"] == 0
    assert "No agreements to count." in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"year": "1700"}, {"region": "x"}, {"theme": ["999999", "2"]}, {"page": "-1"}]
)
def test_bad_filters_never_fail_the_statistics(client, database, params):
    response = client.get(database.url, params)

    assert response.status_code == 200
    assert response.context["total"] == 6


def test_numbers_are_written_the_readers_way():
    rows = [views.ChartRow(label="A", count=12345), views.ChartRow(label="B", count=1200)]

    with translation.override("en"):
        english = views._summary("region", rows)
    with translation.override("fr"):
        french = views._summary("region", rows)

    assert "(12,345)" in english
    assert re.search(r"\(12\s345\)", french), french


def test_statistics_are_in_the_readers_language(client, database):
    with translation.override("vi"):
        url = f"{database.index.url}statistics/"
    html = client.get(url).content.decode()

    assert '<html lang="vi"' in html


STATISTICS_QUERY_BUDGET = 20


def test_statistics_make_as_many_queries_with_60_agreements_as_with_10(
    client, database, django_assert_max_num_queries
):
    urls = [database.url, f"{database.url}?phase={database.iurc.pk}&q=Agreement"]

    def count(url):
        client.get(url)  # warm Wagtail's cached site root paths, as in production
        with django_assert_max_num_queries(STATISTICS_QUERY_BUDGET) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    def grow(count):
        start = database.index.get_children().count()
        for i in range(start, start + count):
            AgreementPageFactory(
                parent=database.index,
                title=f"Agreement {i}",
                region=database.asia,
                programme_phase=database.iurc,
                themes=[database.water, database.mobility],
                start_year=2000 + i % 20,
            )

    grow(4)
    with_10 = [count(url) for url in urls]
    grow(50)
    with_60 = [count(url) for url in urls]

    assert with_60 == with_10


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_each_chart_links_to_a_csv_of_its_numbers_with_the_current_filters(client, database):
    html = client.get(database.url, {"phase": database.iurc.pk}).content.decode()

    for name in views.CHART_NAMES:
        assert f'href="{database.url}{name}/csv/?phase={database.iurc.pk}"' in html, name
    response = client.get(f"{database.url}country/csv/", {"phase": database.iurc.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert csv_rows(response) == [
        ["Country", "Agreements"],
        ["Spain", "3"],
        ["Brazil", "2"],
        ["Mexico", "2"],
        ["Germany", "1"],
    ]


def test_a_charts_csv_holds_the_numbers_of_its_table(client, database):
    response = client.get(f"{database.url}year/csv/")

    assert csv_rows(response) == [
        ["Start year", "Agreements"],
        ["2017", "2"],
        ["2018", "0"],
        ["2019", "0"],
        ["2020", "0"],
        ["2021", "2"],
        ["2022", "1"],
        ["Not recorded", "1"],
    ]


def test_a_charts_csv_names_values_in_the_readers_language(client, database):
    with translation.override("vi"):
        url = f"{database.index.url}statistics/country/csv/"
    rows = csv_rows(client.get(url))

    assert rows[0] == ["Quốc gia", "Thỏa thuận"]
    assert ["Tây Ban Nha", "5"] in rows
    assert ["Việt Nam", "1"] in rows


def test_a_charts_csv_cannot_run_formulas_in_a_spreadsheet(client, database):
    database.water.name = '=HYPERLINK("http://example.com")'
    database.water.save()

    rows = csv_rows(client.get(f"{database.url}theme/csv/"))

    assert ['\'=HYPERLINK("http://example.com")', "3"] in rows


@pytest.mark.parametrize("chart", ["partners", "REGION", "x", "theme2"])
def test_an_unknown_charts_csv_is_not_found(client, database, chart):
    assert client.get(f"{database.url}{chart}/csv/").status_code == 404


def test_a_charts_csv_is_kept_by_the_page_cache(client, database, page_cache):
    url = f"{database.url}region/csv/?phase={database.iurc.pk}"
    first = client.get(url)
    assert first["X-Cache"] == "MISS"

    # A tag seen for the first time counts against the first entry stored with it.
    served = [client.get(url) for _attempt in range(3)]

    assert served[-1]["X-Cache"] == "HIT"
    assert served[-1]["Content-Type"] == "text/csv; charset=utf-8"
