"""Partner names in every language in site search, partner profiles as results, and results
that say what they are."""

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from iurc.core.models import SearchDocument
from partners.profile_search import partners_indexed_once
from tests.built_once import site_fixture
from tests.factories import AgreementIndexPageFactory, AgreementPageFactory, PartnerFactory


@site_fixture
def chongqing(site_tree):
    """Santiago de Compostela – Chongqing (the city) and Sisak-Moslavina – Chongqing (the
    region), each partner named in Chinese and Vietnamese as the demo names them."""
    with translation.override("en"):
        city = PartnerFactory(
            name="Chongqing", country_id="CN", name_zh_hans="重庆", name_vi="Trùng Khánh"
        )
        region = PartnerFactory(
            name="Chongqing",
            kind="region",
            country_id="CN",
            name_zh_hans="重庆直辖市",
            name_vi="Trùng Khánh (thành phố trực thuộc trung ương)",
        )
        city_agreement = AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Santiago de Compostela – Chongqing",
            eu=[PartnerFactory(name="Santiago de Compostela", country_id="ES")],
            partners=[city],
        )
        region_agreement = AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Sisak-Moslavina – Chongqing",
            kind="region",
            eu=[PartnerFactory(name="Sisak-Moslavina", kind="region", country_id="HR")],
            partners=[region],
        )
    site_tree.city, site_tree.region_partner = city, region
    site_tree.city_agreement, site_tree.region_agreement = city_agreement, region_agreement
    return site_tree


def results(client, language, query):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return [(result.kind, result.title, result.url) for result in response.context["results"] or []]


def profile_url(tree, partner, language):
    with translation.override(language):
        base = tree.agreement_index.get_url()
    return f"{base}partners/{partner.pk}/"


def test_a_chinese_reader_finds_chongqings_agreements_and_profiles_by_its_chinese_name(
    client, chongqing
):
    found = results(client, "zh-hans", "重庆")

    assert ("partner", "重庆", profile_url(chongqing, chongqing.city, "zh-hans")) in found
    assert (
        "partner",
        "重庆直辖市",
        profile_url(chongqing, chongqing.region_partner, "zh-hans"),
    ) in found
    titles = {title for kind, title, _url in found if kind == "agreement"}
    assert titles == {"Santiago de Compostela – Chongqing", "Sisak-Moslavina – Chongqing"}


def test_a_profile_found_is_served(client, chongqing):
    (url,) = [url for kind, title, url in results(client, "zh-hans", "重庆") if title == "重庆"]

    response = client.get(url)

    assert response.status_code == 200
    assert "重庆" in response.content.decode()


@pytest.mark.parametrize("query", ["Trùng Khánh", "trung khanh"])
def test_a_vietnamese_reader_finds_the_profiles_with_or_without_diacritics(
    client, chongqing, query
):
    found = results(client, "vi", query)

    assert {title for kind, title, _url in found if kind == "partner"} == {
        "Trùng Khánh",
        "Trùng Khánh (thành phố trực thuộc trung ương)",
    }
    assert sum(1 for kind, *_rest in found if kind == "agreement") == 2


def test_the_english_name_is_found_in_every_language(client, chongqing):
    for language in ("zh-hans", "vi", "ja", "th"):
        found = results(client, language, "chongqing")

        assert sum(1 for kind, *_rest in found if kind == "partner") == 2, language


def test_results_say_what_they_are_in_the_readers_language(client, chongqing):
    html = client.get("/zh-hans/search/", {"q": "重庆"}).content.decode()

    assert '<p class="search-result__kind">合作伙伴简介</p>' in html
    assert '<p class="search-result__kind">合作协议</p>' in html
    about = client.get("/vi/search/", {"q": "hop tac"}).content.decode()
    assert '<p class="search-result__kind">Trang</p>' in about


def test_a_partner_in_draft_is_never_found(client, chongqing):
    chongqing.city.live = False
    chongqing.city.save()

    assert "重庆" not in [title for _kind, title, _url in results(client, "zh-hans", "重庆")]

    chongqing.city.live = True
    chongqing.city.save()
    assert "重庆" in [title for _kind, title, _url in results(client, "zh-hans", "重庆")]


def test_a_partner_whose_agreements_are_private_is_never_found(client, chongqing):
    restriction = PageViewRestriction.objects.create(
        page=chongqing.city_agreement, restriction_type=PageViewRestriction.LOGIN
    )

    titles = [title for _kind, title, _url in results(client, "zh-hans", "重庆")]
    assert "重庆" not in titles
    assert "Santiago de Compostela – Chongqing" not in titles
    assert "重庆直辖市" in titles

    restriction.delete()
    assert "重庆" in [title for _kind, title, _url in results(client, "zh-hans", "重庆")]


def test_a_restricted_database_hides_every_profile(client, chongqing):
    PageViewRestriction.objects.create(
        page=chongqing.agreement_index, restriction_type=PageViewRestriction.LOGIN
    )

    assert results(client, "zh-hans", "重庆") == []
    assert not SearchDocument.objects.filter(kind="partner", public=True).exists()


def test_an_unpublished_agreement_takes_its_partners_profiles_with_it(client, chongqing):
    chongqing.region_agreement.unpublish()

    titles = [title for _kind, title, _url in results(client, "zh-hans", "重庆")]
    assert "重庆直辖市" not in titles
    assert "Sisak-Moslavina – Chongqing" not in titles
    assert "重庆" in titles


def test_a_renamed_partner_is_found_by_its_new_name(client, chongqing):
    chongqing.city.name_vi = "Trùng Khánh mới"
    chongqing.city.save()

    found = results(client, "vi", "moi")

    assert ("partner", "Trùng Khánh mới") in [(kind, title) for kind, title, _url in found]
    assert "Santiago de Compostela – Chongqing" in [title for _kind, title, _url in found]


def test_partners_saved_in_a_bulk_change_are_indexed_once_at_its_end(client, chongqing):
    def profile_found():
        return ("partner", "Trùng Khánh mới") in [
            (kind, title) for kind, title, _url in results(client, "vi", "moi")
        ]

    with partners_indexed_once():
        chongqing.city.name_vi = "Trùng Khánh mới"
        chongqing.city.save()
        assert not profile_found()

    assert profile_found()


def test_the_agreements_filter_search_ignores_profiles(client, chongqing):
    with translation.override("zh-hans"):
        url = chongqing.agreement_index.get_url()

    response = client.get(url, {"q": "重庆"})

    assert response.context["filter"].total == 2


def test_a_deleted_agreement_takes_its_partners_profiles_with_it(client, chongqing):
    chongqing.region_agreement.delete()

    titles = [title for _kind, title, _url in results(client, "zh-hans", "重庆")]
    assert "重庆直辖市" not in titles
    assert "重庆" in titles


def test_results_with_profiles_stay_within_the_search_budget(
    client, chongqing, django_assert_max_num_queries
):
    client.get("/zh-hans/search/?q=重庆")

    with django_assert_max_num_queries(8):
        response = client.get("/zh-hans/search/?q=重庆")

    assert len(response.context["results"]) == 4


def test_an_agreement_moved_to_another_database_takes_its_partners_profile_with_it(
    client, chongqing
):
    archive = AgreementIndexPageFactory(
        parent=chongqing.home, title="Archive", slug="archive", title_zh_hans="档案"
    )
    chongqing.city_agreement.move(archive, pos="last-child")

    found = [(title, url) for kind, title, url in results(client, "zh-hans", "重庆")]
    with translation.override("zh-hans"):
        archive_url = archive.get_url()
    assert ("重庆", f"{archive_url}partners/{chongqing.city.pk}/") in found
    assert ("重庆", profile_url(chongqing, chongqing.city, "zh-hans")) not in found
    assert ("重庆直辖市", profile_url(chongqing, chongqing.region_partner, "zh-hans")) in found
