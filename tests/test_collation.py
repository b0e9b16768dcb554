"""Names in the order readers of each language expect (ICU collation), in lists and facets."""

import re

import pytest
from django.utils import translation

from iurc.core.collation import sorted_by_name
from partners.views import map_partners
from tests.built_once import site_fixture
from tests.factories import AgreementPageFactory, PartnerFactory


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Letters with diacritics where the Vietnamese alphabet has them, not after "Việt Nam".
        ("vi", ["Áo", "Ấn Độ", "Bỉ", "Bulgaria", "Đan Mạch", "Đức", "Hoa Kỳ", "Úc", "Việt Nam"]),
        # Chinese by pinyin: běi, chéng, chóng, guǎng, shàng.
        ("zh-hans", ["北京", "成都", "重庆", "广州", "上海"]),
        # Thai by consonant, past the leading vowels เ and โ.
        ("th", ["กรุงเทพมหานคร", "ขอนแก่น", "โคราช", "เชียงใหม่", "ภูเก็ต"]),
        # Japanese kana by sound, hiragana and katakana together.
        ("ja", ["アメリカ合衆国", "いわき", "オランダ", "ドイツ", "とやま", "トヨタ"]),
        # Korean: Hangul in its alphabet's order, before Latin names.
        ("ko", ["광주", "대구", "부산", "서울", "인천", "Seoul"]),
        # Hindi: Devanagari in its alphabet's order (vowels, then consonants), before Latin.
        ("hi", ["अहमदाबाद", "आगरा", "कोलकाता", "दिल्ली", "मुंबई", "Delhi"]),
    ],
)
def test_names_sort_by_the_rules_of_each_language(language, expected):
    shuffled = list(reversed(expected))
    shuffled[0], shuffled[-1] = shuffled[-1], shuffled[0]

    assert sorted_by_name(shuffled, language=language) == expected
    assert sorted(shuffled) != expected  # code-point order would get it wrong


def test_the_active_language_is_the_default():
    names = ["Việt Nam", "Áo", "Đức"]

    with translation.override("vi"):
        assert sorted_by_name(names) == ["Áo", "Đức", "Việt Nam"]


def test_numbers_in_names_sort_by_value():
    assert sorted_by_name(["District 10", "District 2"], language="en") == [
        "District 2",
        "District 10",
    ]


# Countries whose Vietnamese names code-point order puts in the wrong places.
COUNTRIES = ["AT", "IN", "BE", "BG", "DK", "DE"]


@site_fixture
def countries_database(site_tree):
    """The small site (Portugal and Vietnam) with one more agreement per country above, and
    partners with Chinese names."""
    with translation.override("en"):
        for code in COUNTRIES:
            AgreementPageFactory(
                parent=site_tree.agreement_index,
                title=f"Agreement with {code}",
                eu=[PartnerFactory(name=f"City of {code}", country_id=code)],
                partners=[PartnerFactory(name=f"Partner of {code}", country_id="CN")],
            )
        chinese = {"Shanghai": "上海", "Beijing": "北京", "Chongqing": "重庆", "Chengdu": "成都"}
        AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Chinese cities",
            kind="trio",
            eu=[PartnerFactory(name="Shanghai", name_zh_hans="上海", country_id="CN")],
            partners=[
                PartnerFactory(name=name, name_zh_hans=chinese[name], country_id="CN")
                for name in ("Beijing", "Chongqing", "Chengdu")
            ],
        )
    return site_tree


def select_options(html, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    labels = re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)
    return [re.sub(r" \(\d+\)$", "", label) for label in labels]


def test_the_country_facet_of_the_vietnamese_database_is_in_vietnamese_order(
    client, countries_database
):
    with translation.override("vi"):
        url = countries_database.agreement_index.get_url()
    options = select_options(client.get(url).content.decode(), "country")

    assert options == [
        "Áo",
        "Ấn Độ",
        "Bỉ",
        "Bồ Đào Nha",
        "Bulgaria",
        "Đan Mạch",
        "Đức",
        "Trung Quốc",
        "Việt Nam",
    ]


def test_the_map_lists_partners_in_the_readers_order(countries_database):
    agreements = countries_database.agreement_index.agreements().filter(title="Chinese cities")

    with translation.override("zh-hans"):
        partners, _pairs = map_partners(agreements)

    assert [partner.name for partner in partners] == ["北京", "成都", "重庆", "上海"]


def test_a_region_page_lists_its_countries_in_the_readers_order(client, countries_database):
    with translation.override("vi"):
        url = countries_database.region.get_url()
    html = client.get(url).content.decode()
    section = html.split('id="region-countries"', 1)[1].split("</ul>", 1)[0]

    assert re.findall(r"<li>([^<]+)</li>", section) == ["Ấn Độ", "Nhật Bản", "Việt Nam"]
