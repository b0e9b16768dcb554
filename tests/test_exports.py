"""Downloads of the agreements database: CSV, JSON and GeoJSON of the filtered agreements, in
the reader's language, streamed in a fixed number of queries."""

import csv
import io
import json
import re

import pytest
from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone, translation

from iurc.core.languages import country_name
from partners import exports, records
from partners.models import AgreementPage
from tests.built_once import site_fixture
from tests.support import API_AGREEMENTS, build_open_data, csv_rows, export_url, get_json


@site_fixture
def database(site_tree):
    return build_open_data(site_tree)


def download(client, index, file_format, language="en", query=""):
    response = client.get(export_url(index, file_format, language, query))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def labels(language):
    with translation.override(language):
        return {
            "trio": str(AgreementPage.Kind.TRIO.label),
            "completed": str(AgreementPage.Status.COMPLETED.label),
        }


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [("csv", "text/csv"), ("json", "application/json"), ("geojson", "application/geo+json")],
)
def test_download_streams_an_attachment_named_after_language_and_date(
    client, database, file_format, content_type
):
    response = client.get(export_url(database.tree.agreement_index, file_format, "vi"))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].split(";")[0] == content_type
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="iurc-agreements-vi-{today}.{file_format}"'
    )


def test_csv_has_the_documented_columns_and_every_published_agreement(client, database):
    _response, content = download(client, database.tree.agreement_index, "csv")
    rows = csv_rows(content)

    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header == list(exports.COLUMNS)
    assert sorted(int(row["id"]) for row in rows) == sorted(a.pk for a in database.published)
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    for column in exports.COLUMNS:
        assert f"`{column}`" in readme, f"the README does not document the column {column}"


def test_csv_in_vietnamese_holds_what_a_vietnamese_reader_sees(client, database):
    _response, content = download(client, database.tree.agreement_index, "csv", "vi")
    trio = next(row for row in csv_rows(content) if row["id"] == str(database.trio.pk))

    vietnamese = labels("vi")
    assert vietnamese["trio"] != labels("en")["trio"]
    assert trio["title"] == "Porto, Li-xbon – Đà Nẵng"
    assert trio["kind"] == vietnamese["trio"]
    assert trio["status"] == vietnamese["completed"]
    assert trio["start_year"] == "2018"
    assert trio["end_year"] == "2020"
    assert trio["sdgs"] == "11; 17"
    assert trio["region"] == "Châu Á và Châu Úc"
    assert trio["programme_phase"] == "International Urban Cooperation (IUC)"  # no vi title
    assert trio["programme_phase_acronym"] == "IUC"
    # Several values in one cell, in the editors' order; countries one per partner.
    assert trio["eu_partners"] == "Porto; Li-xbon"
    assert trio["eu_countries"] == "Bồ Đào Nha; Bồ Đào Nha"
    assert trio["eu_country_codes"] == "PT; PT"
    assert trio["partners"] == "Đà Nẵng"
    assert trio["partner_countries"] == "Việt Nam" == country_name("VN", "vi")
    assert trio["partner_country_codes"] == "VN"
    assert trio["themes"] == "Giao thông đô thị; Quản lý nước"
    assert trio["url"] == "http://testserver/vi/agreements/porto-li-xbon-da-nang/"
    with translation.override("vi"):
        assert trio["url"] == "http://testserver" + database.trio.get_url()


def test_csv_in_english_uses_english_values_and_urls(client, database):
    _response, content = download(client, database.tree.agreement_index, "csv", "en")
    trio = next(row for row in csv_rows(content) if row["id"] == str(database.trio.pk))

    assert trio["title"] == "Porto, Lisbon – Da Nang"
    assert trio["partner_countries"] == "Vietnam"
    assert trio["themes"] == "Urban mobility; Water management"
    assert trio["url"] == "http://testserver" + database.trio.url


def test_csv_cells_that_spreadsheets_would_run_as_formulas_are_made_inert(client, database):
    _response, content = download(client, database.tree.agreement_index, "csv")
    row = next(row for row in csv_rows(content) if row["id"] == str(database.formula.pk))

    assert row["title"] == '\'=HYPERLINK("http://attacker.example","Click")'
    assert row["eu_partners"] == "'+Plus town"
    assert row["partners"] == "'@Sum city"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_formula_prefixes_get_an_apostrophe(value):
    assert exports.csv_cell(value) == "'" + value
    assert exports.csv_cell([value, "b"]) == f"'{value}; b"


def test_json_is_an_array_of_the_filtered_agreements_with_lists_for_several_values(
    client, database
):
    _response, content = download(
        client, database.tree.agreement_index, "json", "vi", f"country=VN&theme={database.water.pk}"
    )
    records = json.loads(content)

    assert isinstance(records, list)
    assert [record["id"] for record in records] == [database.trio.pk]
    (trio,) = records
    # One shape for an agreement: the API's, in the same language.
    assert trio == get_json(client, f"{API_AGREEMENTS}{database.trio.pk}/", lang="vi")
    assert [partner["name"] for partner in trio["eu_partners"]] == ["Porto", "Li-xbon"]
    assert [partner["country"]["name"] for partner in trio["partners"]] == ["Việt Nam"]
    assert trio["start_year"] == 2018
    # The JSON keeps formula-like text as it is: it is not opened by spreadsheets.
    _response, content = download(client, database.tree.agreement_index, "json")
    titles = {record["id"]: record["title"] for record in json.loads(content)}
    assert titles[database.formula.pk].startswith("=HYPERLINK")


def test_every_format_lists_the_same_agreements_as_the_filtered_list(client, database):
    query = "country=VN&year=2021"
    expected = [database.tree.agreements[1].pk]

    _response, csv_content = download(client, database.tree.agreement_index, "csv", query=query)
    _response, json_content = download(client, database.tree.agreement_index, "json", query=query)
    _response, geo_content = download(client, database.tree.agreement_index, "geojson", query=query)

    assert [int(row["id"]) for row in csv_rows(csv_content)] == expected
    assert [record["id"] for record in json.loads(json_content)] == expected
    assert [feature["id"] for feature in json.loads(geo_content)["features"]] == expected
    listing = client.get(f"{database.tree.agreement_index.url}?{query}")
    assert [a.pk for a in listing.context["agreements"]] == expected


def test_geojson_draws_a_line_from_each_eu_partner_to_each_partner_with_coordinates(
    client, database
):
    _response, content = download(client, database.tree.agreement_index, "geojson", "vi")
    collection = json.loads(content)

    assert collection["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in collection["features"]}
    assert set(features) == {a.pk for a in database.published}
    trio = features[database.trio.pk]
    assert trio["type"] == "Feature"
    assert trio["geometry"] == {
        "type": "MultiLineString",
        "coordinates": [
            [[-8.611, 41.1496], [108.2022, 16.0544]],
            [[-9.1393, 38.7223], [108.2022, 16.0544]],
        ],
    }
    assert trio["properties"]["title"] == "Porto, Li-xbon – Đà Nẵng"
    assert trio["properties"] == get_json(client, f"{API_AGREEMENTS}{database.trio.pk}/", lang="vi")
    # Partners without coordinates: the feature is kept, without geometry.
    assert features[database.tree.agreements[0].pk]["geometry"] is None


def test_bad_filters_do_not_fail_the_download_and_the_valid_ones_still_apply(client, database):
    response, content = download(
        client,
        database.tree.agreement_index,
        "csv",
        query="country=VN&region=nope&year=abc&theme=999999&q=%00",
    )

    ids = {int(row["id"]) for row in csv_rows(content)}
    assert ids == {database.trio.pk, *(a.pk for a in database.tree.agreements)}


def test_drafts_and_private_agreements_are_never_downloaded(client, database):
    for file_format in ("csv", "json", "geojson"):
        _response, content = download(client, database.tree.agreement_index, file_format)
        assert b"Secret town" not in content
        assert b"Draft" not in content and b"Private" not in content


def test_an_empty_result_is_a_valid_file(client, database):
    query = "year=1999"
    _response, csv_content = download(client, database.tree.agreement_index, "csv", query=query)
    _response, json_content = download(client, database.tree.agreement_index, "json", query=query)
    _response, geo_content = download(client, database.tree.agreement_index, "geojson", query=query)

    assert csv_rows(csv_content) == []
    assert json.loads(json_content) == []
    assert json.loads(geo_content) == {"type": "FeatureCollection", "features": []}


def test_chunks_give_the_same_file_as_one_pass(client, database, monkeypatch):
    _response, whole = download(client, database.tree.agreement_index, "json", "vi")
    monkeypatch.setattr(records, "CHUNK_SIZE", 2)
    _response, chunked = download(client, database.tree.agreement_index, "json", "vi")

    assert json.loads(chunked) == json.loads(whole)
    assert len(json.loads(whole)) == 5


def test_only_the_export_formats_are_routes(client, database):
    url = export_url(database.tree.agreement_index, "csv").replace("/csv/", "/xlsx/")
    assert client.get(url).status_code == 404


def test_filename_has_language_and_date():
    assert re.fullmatch(
        r"iurc-agreements-zh-hans-\d{4}-\d{2}-\d{2}\.csv", exports.filename("zh-hans", "csv")
    )
