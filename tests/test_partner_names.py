"""The demo partners' names in the other languages (partners/data/partner_names.csv)."""

import csv

import pytest
from django.utils import translation

from iurc.core.models import SearchDocument
from iurc.demo.builder import PAIRINGS_CSV
from iurc.demo.partner_names import name_partners, read_partner_names
from tests.built_once import site_fixture
from tests.factories import AgreementPageFactory, PartnerFactory

PARTNER_KINDS = {"city": "city", "trio": "city", "region": "region"}


def demo_partners():
    """(English name casefolded, country, kind) of every partner the demo file imports."""
    partners = set()
    with PAIRINGS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for side in ("eu", "partner"):
                names = row[f"{side}_side"].split(";")
                codes = row[f"{side}_countries"].split(";")
                for name, code in zip(names, codes, strict=True):
                    partners.add(
                        (name.strip().casefold(), code.strip(), PARTNER_KINDS[row["kind"]])
                    )
    return partners


def test_every_demo_partner_has_a_row_and_every_row_a_partner():
    assert set(read_partner_names()) == demo_partners()


def test_every_demo_partner_is_named_in_the_scripts_that_do_not_write_latin():
    for key, names in read_partner_names().items():
        for code in ("zh-hans", "hi", "ja", "ko", "th"):
            assert names.get(code), (key, code)


def test_chongqing_the_city_and_chongqing_the_region_are_named_apart():
    names = read_partner_names()
    city, region = names[("chongqing", "CN", "city")], names[("chongqing", "CN", "region")]

    assert city["zh-hans"] == "重庆"
    assert city["vi"] == "Trùng Khánh"
    assert city["ko"] == "충칭"
    for code in ("es", "pt", "fr", "zh-hans", "hi", "id", "ja", "ms", "ko", "th", "vi"):
        assert city.get(code) != region[code], code


def test_a_file_with_other_columns_is_refused(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("name_en,country,kind,vi\nChongqing,CN,city,Trùng Khánh\n", encoding="utf-8")

    with pytest.raises(ValueError, match="columns"):
        read_partner_names(path)


@site_fixture
def partners_to_name(site_tree):
    with translation.override("en"):
        city = PartnerFactory(name="Chongqing", country_id="CN", name_vi="Trùng Khánh (editor)")
        region = PartnerFactory(name="Chongqing", kind="region", country_id="CN")
        AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Santiago de Compostela – Chongqing",
            eu=[PartnerFactory(name="Santiago de Compostela", country_id="ES")],
            partners=[city],
        )
        AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Sisak-Moslavina – Chongqing",
            kind="region",
            eu=[PartnerFactory(name="Sisak-Moslavina", kind="region", country_id="HR")],
            partners=[region],
        )
    return city, region


def test_loading_fills_empty_names_keeps_the_editors_and_is_idempotent(partners_to_name):
    city, region = partners_to_name

    assert name_partners() == 4
    city.refresh_from_db()
    region.refresh_from_db()
    assert (city.name_zh_hans, city.name_vi) == ("重庆", "Trùng Khánh (editor)")
    assert (region.name_zh_hans, region.name_ko) == ("重庆直辖市", "충칭 직할시")
    assert city.name_en == region.name_en == "Chongqing"
    assert name_partners() == 0


def test_names_loaded_are_searchable_at_once(client, partners_to_name):
    name_partners()

    found = client.get("/zh-hans/search/", {"q": "重庆"}).context["results"]

    assert {(result.kind, result.title) for result in found} >= {
        ("partner", "重庆"),
        ("partner", "重庆直辖市"),
        ("agreement", "Santiago de Compostela – Chongqing"),
    }
    assert SearchDocument.objects.filter(kind="partner", language="th", title="ฉงชิ่ง").exists()
