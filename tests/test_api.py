"""The read-only JSON API: agreements and partners, paginated, filtered, in any language."""

from django.utils import translation

from iurc.core.languages import codes, country_name
from partners.models import AgreementPage, Partner
from tests.built_once import site_fixture
from tests.support import API_AGREEMENTS as AGREEMENTS
from tests.support import API_PARTNERS as PARTNERS
from tests.support import build_open_data, get_json


@site_fixture
def database(site_tree):
    return build_open_data(site_tree)


def ids(payload):
    return [item["id"] for item in payload["results"]]


# --- Agreements ------------------------------------------------------------------------------


def test_agreement_list_is_paginated_newest_first(client, database):
    first = get_json(client, AGREEMENTS, page_size=2)

    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/agreements/?page=2&page_size=2"
    second = get_json(client, first["next"])
    third = get_json(client, second["next"])
    assert third["next"] is None
    assert second["previous"] == "http://testserver/api/v1/agreements/?page_size=2"
    listed = ids(first) + ids(second) + ids(third)
    assert sorted(listed) == sorted(a.pk for a in database.published)
    years = [AgreementPage.objects.get(pk=pk).start_year for pk in listed]
    assert years == sorted(years, reverse=True)


def test_agreement_in_english_by_default(client, database):
    payload = get_json(client, f"{AGREEMENTS}{database.trio.pk}/")

    assert payload == {
        "id": database.trio.pk,
        "title": "Porto, Lisbon – Da Nang",
        "kind": "trio",
        "kind_label": "Trio",
        "status": "completed",
        "status_label": "Completed",
        "start_year": 2018,
        "end_year": 2020,
        "programme_phase": {
            "id": database.tree.phase.pk,
            "acronym": "IUC",
            "title": "International Urban Cooperation (IUC)",
        },
        "region": {"id": database.tree.region.pk, "title": "Asia & Australasia"},
        "eu_partners": [
            {
                "id": database.porto.pk,
                "name": "Porto",
                "kind": "city",
                "kind_label": "City",
                "country": {"code": "PT", "name": "Portugal"},
                "latitude": 41.1496,
                "longitude": -8.611,
            },
            {
                "id": database.lisbon.pk,
                "name": "Lisbon",
                "kind": "city",
                "kind_label": "City",
                "country": {"code": "PT", "name": "Portugal"},
                "latitude": 38.7223,
                "longitude": -9.1393,
            },
        ],
        "partners": [
            {
                "id": database.da_nang.pk,
                "name": "Da Nang",
                "kind": "city",
                "kind_label": "City",
                "country": {"code": "VN", "name": "Vietnam"},
                "latitude": 16.0544,
                "longitude": 108.2022,
            }
        ],
        "themes": [
            {"id": database.tree.theme.pk, "name": "Urban mobility"},
            {"id": database.water.pk, "name": "Water management"},
        ],
        "sdgs": [11, 17],
        "summary": "",
        "source_url": "",
        "url": "http://testserver/en/agreements/porto-lisbon-da-nang/",
    }


def test_lang_gives_the_agreement_as_a_reader_of_that_language_sees_it(client, database):
    response = client.get(f"{AGREEMENTS}{database.trio.pk}/", {"lang": "vi"})
    payload = response.json()

    assert response["Content-Language"] == "vi"
    assert payload["title"] == "Porto, Li-xbon – Đà Nẵng"
    with translation.override("vi"):
        assert payload["kind_label"] == str(AgreementPage.Kind.TRIO.label) != "Trio"
    assert payload["region"]["title"] == "Châu Á và Châu Úc"
    assert [p["name"] for p in payload["eu_partners"]] == ["Porto", "Li-xbon"]
    assert payload["partners"][0]["country"] == {"code": "VN", "name": country_name("VN", "vi")}
    assert payload["partners"][0]["country"]["name"] == "Việt Nam"
    assert {t["name"] for t in payload["themes"]} == {"Giao thông đô thị", "Quản lý nước"}
    assert payload["url"] == "http://testserver/vi/agreements/porto-li-xbon-da-nang/"


def test_malay_falls_back_like_the_site(client, database):
    payload = get_json(client, f"{AGREEMENTS}{database.trio.pk}/", lang="ms")

    assert payload["title"] == "Porto, Lisbon – Da Nang"
    assert payload["url"].startswith("http://testserver/ms/")


def test_an_unknown_language_is_a_clear_400(client, database):
    payload = get_json(client, AGREEMENTS, expect=400, lang="xx")

    assert list(payload) == ["lang"]
    assert "“xx” is not a language of this site" in payload["lang"][0]
    for code in codes():
        assert code in payload["lang"][0]


FILTERS = [
    ({"country": "VN"}, "trio_and_tree"),
    ({"country": "vn", "year": "2018"}, "trio"),
    ({"kind": "trio"}, "trio"),
    # The first phase's agreements are completed; the one without a phase is active.
    ({"status": "completed"}, "trio_and_tree"),
    ({"theme": "water"}, "trio"),
    ({"region": "region", "year": "2020"}, "first"),
    ({"phase": "phase", "q": "Hanoi"}, "tree"),
    ({"q": "Đà Nẵng", "lang": "vi"}, "trio"),
]


def test_agreement_filters_are_the_sites(client, database):
    values = {
        "water": database.water.pk,
        "region": database.tree.region.pk,
        "phase": database.tree.phase.pk,
    }
    tree = [a.pk for a in database.tree.agreements]
    wanted = {
        "trio": [database.trio.pk],
        "first": [tree[0]],
        "tree": tree,
        "trio_and_tree": [*tree, database.trio.pk],
    }
    for params, expected in FILTERS:
        params = {name: values.get(value, value) for name, value in params.items()}

        payload = get_json(client, AGREEMENTS, **params)

        assert sorted(ids(payload)) == sorted(wanted[expected]), params
        assert payload["count"] == len(wanted[expected]), params


BAD_PARAMETERS = [
    ({"region": "abc"}, ["region"]),
    ({"country": "ZZ", "theme": "999999"}, ["country", "theme"]),
    ({"year": "20180"}, ["year"]),
    ({"kind": "pairing"}, ["kind"]),
    ({"q": "%%%"}, ["q"]),
    ({"regoin": "1"}, ["regoin"]),
    ({"page": "two"}, ["page"]),
    ({"page": "0"}, ["page"]),
    ({"page_size": "1000"}, ["page_size"]),
    ({"page_size": "-1"}, ["page_size"]),
]


def test_bad_parameters_are_a_400_naming_each_one(client, database):
    for params, faulty in BAD_PARAMETERS:
        payload = get_json(client, AGREEMENTS, expect=400, **params)

        assert sorted(payload) == sorted(faulty), params
        messages = [message for name in faulty for message in payload[name]]
        assert messages and all(isinstance(message, str) and message for message in messages)


def test_a_repeated_parameter_is_a_400(client, database):
    payload = get_json(client, f"{AGREEMENTS}?country=VN&country=PT", expect=400)
    assert list(payload) == ["country"]


def test_a_page_past_the_end_is_a_404(client, database):
    get_json(client, AGREEMENTS, expect=404, page=99)
    assert ids(get_json(client, AGREEMENTS, page="last", page_size=2)) != []


def test_bad_input_never_fails(client, database):
    for url in (
        f"{AGREEMENTS}?q=%00water",
        f"{AGREEMENTS}?year=99999999999999999999",
        f"{AGREEMENTS}99999999999999999999/",
        f"{PARTNERS}99999999999999999999/",
        f"{PARTNERS}?q=%00",
        f"{PARTNERS}?country=%00%00",
        f"{AGREEMENTS}?lang=%00",
        f"{AGREEMENTS}?page=99999999999999999999",
    ):
        assert client.get(url).status_code in (200, 400, 404), url


def test_drafts_and_private_agreements_are_never_exposed(client, database):
    listed = ids(get_json(client, AGREEMENTS, page_size=100))
    assert database.draft.pk not in listed
    assert database.private.pk not in listed

    for agreement in (database.draft, database.private):
        response = client.get(f"{AGREEMENTS}{agreement.pk}/")
        assert response.status_code == 404
        assert "detail" in response.json()


def test_a_missing_id_is_a_json_404_not_a_redirect_to_a_language(client, database):
    response = client.get(f"{AGREEMENTS}999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no published agreement with this id."}


def test_the_api_only_reads(client, database):
    response = client.post(AGREEMENTS, {"title": "New"})
    assert response.status_code == 405
    assert "detail" in response.json()
    assert client.delete(f"{AGREEMENTS}{database.trio.pk}/").status_code == 405


def test_any_web_page_may_read_the_api(client, database):
    assert client.get(AGREEMENTS)["Access-Control-Allow-Origin"] == "*"


def test_api_root_links_to_the_endpoints(client, database):
    assert get_json(client, "/api/v1/") == {
        "agreements": "http://testserver/api/v1/agreements/",
        "partners": "http://testserver/api/v1/partners/",
    }


# --- Partners --------------------------------------------------------------------------------


def test_partners_are_those_of_published_agreements(client, database):
    payload = get_json(client, PARTNERS, page_size=100)

    assert payload["count"] == 2 * 3 + 3 + 2
    hidden = [
        member.partner_id
        for agreement in (database.draft, database.private)
        for member in [*agreement.eu_members.all(), *agreement.partner_members.all()]
    ]
    assert database.hidden_partner.pk in hidden and len(hidden) == 4
    assert ids(payload) == list(
        Partner.objects.exclude(pk__in=hidden)
        .order_by("name_en", "country_id", "pk")
        .values_list("pk", flat=True)
    )


def test_partner_filters(client, database):
    in_portugal = Partner.objects.filter(country_id="PT").order_by("name_en", "pk")
    assert ids(get_json(client, PARTNERS, country="pt")) == list(
        in_portugal.values_list("pk", flat=True)
    )
    assert in_portugal.count() == 5
    assert ids(get_json(client, PARTNERS, country="VN", q="nẵng")) == [database.da_nang.pk]
    assert ids(get_json(client, PARTNERS, q="li-xbon", lang="vi")) == [database.lisbon.pk]
    assert get_json(client, PARTNERS, kind="region")["count"] == 0
    assert sorted(get_json(client, PARTNERS, expect=400, country="XX", kind="town")) == [
        "country",
        "kind",
    ]


def test_partner_in_vietnamese_with_its_published_agreements(client, database):
    payload = get_json(client, f"{PARTNERS}{database.da_nang.pk}/", lang="vi")

    assert payload["name"] == "Đà Nẵng"
    assert payload["country"] == {"code": "VN", "name": "Việt Nam"}
    assert payload["latitude"] == 16.0544
    assert payload["url"] == f"http://testserver/vi/agreements/partners/{database.da_nang.pk}/"
    assert payload["agreements"] == [
        {
            "id": database.trio.pk,
            "title": "Porto, Li-xbon – Đà Nẵng",
            "url": "http://testserver/vi/agreements/porto-li-xbon-da-nang/",
        }
    ]
    assert client.get(payload["url"]).status_code == 200


def test_a_partner_of_hidden_agreements_only_is_not_found(client, database):
    response = client.get(f"{PARTNERS}{database.hidden_partner.pk}/")
    assert response.status_code == 404
    assert b"Secret" not in response.content


# --- Query budgets ---------------------------------------------------------------------------
