"""The demo's rich profiles: agreements with their summary, activities, results and goals, and
partners with their facts, description and a credited locator map, filled from
iurc/demo/data/profiles/ without ever replacing what an editor wrote."""

import json

import pytest
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Revision

from iurc.demo import profiles
from iurc.demo.locators import TITLE_PREFIX
from partners.models import AgreementPage, Partner

pytestmark = pytest.mark.django_db


def profile_data():
    return json.loads(profiles.AGREEMENTS_JSON.read_text(encoding="utf-8"))["agreements"]


def agreement(programme, eu_side, partner_side):
    return profiles.demo_agreements()[profiles.agreement_key(programme, eu_side, partner_side)]


def test_profiles_cover_fifteen_agreements_and_each_names_one_that_exists(demo_site, db):
    data = profile_data()
    agreements = profiles.demo_agreements()

    assert len(data) >= 15
    missing = [
        (entry["eu_side"], entry["partner_side"])
        for entry in data
        if profiles.agreement_key(entry["programme"], entry["eu_side"], entry["partner_side"])
        not in agreements
    ]
    assert missing == []


def test_every_partner_fact_and_description_names_a_partner_that_exists(demo_site, db):
    partners = {
        ((partner.name_en or "").casefold(), partner.country_id, partner.kind)
        for partner in Partner.objects.all()
    }
    anykind = {(name, country, "") for name, country, _kind in partners}
    named = profiles.read_partner_facts().keys() | profiles.read_partner_descriptions().keys()

    assert named - partners - anykind == set()
    # Every partner of the demo has a row of facts, even if some cells stay empty.
    assert {(name, country) for name, country, _kind in partners} == {
        (name, country) for name, country, _kind in profiles.read_partner_facts()
    }


def test_profiled_agreements_read_their_profile_in_english_and_vietnamese(demo_site, db):
    for entry in profile_data():
        page = agreement(entry["programme"], entry["eu_side"], entry["partner_side"])
        for code in ("en", "vi"):
            assert getattr(page, f"summary_{code}") == entry["summary"][code], page.title
            assert getattr(page, f"activities_{code}") == "\n\n".join(entry["activities"][code])
            assert (getattr(page, f"results_{code}") or "") == "\n\n".join(
                entry.get("results", {}).get(code, [])
            )
        assert sorted(goal.number for goal in page.sdgs.all()) == sorted(entry["sdgs"])
        # Published: the live page is the latest revision.
        assert page.live and not page.has_unpublished_changes


def test_a_profiled_agreement_page_shows_its_summary_in_english_and_vietnamese(
    client, demo_site, db
):
    page = agreement("IURC", "Milan", "Bangkok")

    for code in ("en", "vi"):
        with translation.override(code):
            url = page.get_url()
        html = client.get(url).content.decode()
        assert escape(getattr(page, f"summary_{code}")) in html, code


def test_first_phase_agreements_are_completed_and_ended_by_2020(demo_site, db):
    first_phase = AgreementPage.objects.filter(programme_phase__acronym="IUC")
    second_phase = AgreementPage.objects.filter(programme_phase__acronym="IURC")

    assert first_phase.count() >= 30
    assert set(first_phase.values_list("status", "end_year")) == {("completed", 2020)}
    # What an editor opens holds it too, so that saving from the admin keeps it.
    assert {page.get_latest_revision_as_object().end_year for page in first_phase} == {2020}
    assert set(second_phase.values_list("status", flat=True)) == {"active"}
    # Nobody gave the second phase's agreements an end year: they stay unknown.
    assert set(second_phase.values_list("end_year", flat=True)) == {None}


def test_news_and_events_link_to_the_agreements_they_are_about(demo_site, db):
    rotterdam_busan = agreement("IURC", "Rotterdam", "Busan")
    sofia_semarang = agreement("IURC", "Sofia", "Semarang")

    assert [link.page.slug_en for link in rotterdam_busan.news_links.all()] == [
        "rotterdam-busan-sejong-study-visit"
    ]
    assert [link.page.slug_en for link in rotterdam_busan.events_links.all()] == [
        "rotterdam-study-visit-busan-sejong-2022"
    ]
    assert [link.page.slug_en for link in sofia_semarang.events_links.all()] == [
        "semarang-study-visit-sofia-2023"
    ]
    for link in [*rotterdam_busan.news_links.all(), *sofia_semarang.events_links.all()]:
        assert link.page.live and not link.page.has_unpublished_changes


def test_partners_have_their_facts_and_a_credited_locator_map(demo_site, db):
    karlsruhe = Partner.objects.get(name_en="Karlsruhe")
    cordoba_city = Partner.objects.get(name_en="Córdoba", kind="city")
    cordoba_province = Partner.objects.get(name_en="Córdoba", kind="region")

    assert karlsruhe.population == 309_000
    assert karlsruhe.area == 173
    assert karlsruhe.website == "https://www.karlsruhe.de/"
    assert "Federal Constitutional Court" in karlsruhe.description_en
    assert "Tòa án Hiến pháp" in karlsruhe.description_vi
    # One name, two partners: each has its own figures.
    assert (cordoba_city.population, cordoba_province.population) == (1_505_000, 3_840_000)

    located = Partner.objects.filter(latitude__isnull=False).select_related("photo")
    assert located.count() == Partner.objects.count()
    for partner in located:
        assert partner.photo.title.startswith(TITLE_PREFIX), partner
        assert partner.photo_credit_en == "Illustration: IURC portal demo"
        assert partner.photo_credit_vi == "Hình minh họa: bản trình diễn cổng thông tin IURC"
        assert partner.name_en in partner.photo_alt_en
        assert partner.photo_alt_vi.startswith("Bản đồ minh họa")
    assert karlsruhe.photo_alt_vi.endswith(", Đức.")
    # Small enough for the site's renditions.
    assert (karlsruhe.photo.width, karlsruhe.photo.height) == (640, 360)
    assert karlsruhe.photo.get_rendition("fill-320x180").width == 320


def test_loading_again_keeps_what_editors_wrote_and_fills_what_they_left_empty(demo_site, db):
    page = agreement("IURC", "Rotterdam", "Busan")
    profile_summary = page.summary_en
    page.summary_en = ""
    page.summary_vi = "Bản tóm tắt do biên tập viên viết."
    page.results_en = "What the editor wrote."
    page.save_revision().publish()
    # A draft waits for review: it is filled too, and stays a draft.
    page.refresh_from_db()
    page.title_en = "Rotterdam – Busan (draft title)"
    page.save_revision()
    partner = Partner.objects.get(name_en="Busan")
    partner.population = 3_400_000
    partner.photo = None
    partner.photo_credit_en = ""
    partner.save()
    revisions = Revision.objects.count()

    created = profiles.build_profiles()

    page.refresh_from_db()
    partner.refresh_from_db()
    assert created == 0
    assert (page.summary_en, page.summary_vi, page.results_en) == (
        profile_summary,
        "Bản tóm tắt do biên tập viên viết.",
        "What the editor wrote.",
    )
    assert page.title_en != "Rotterdam – Busan (draft title)"
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.title_en == "Rotterdam – Busan (draft title)"
    assert draft.summary_en == profile_summary
    assert partner.population == 3_400_000
    # Its picture was taken away: the demo's map comes back, credited.
    assert partner.photo.title == f"{TITLE_PREFIX}Busan (KR)"
    assert partner.photo_credit_en == "Illustration: IURC portal demo"
    # The live page's published revision and the draft's; the partner, which no editor has
    # saved in the admin, has no revisions: its row is saved as the importer saves it.
    assert Revision.objects.count() == revisions + 2

    assert profiles.build_profiles() == 0
    assert Revision.objects.count() == revisions + 2


def test_an_editors_photo_keeps_its_own_credit(demo_site, db):
    partner = Partner.objects.get(name_en="Nagpur")
    other = Partner.objects.get(name_en="Karlsruhe").photo
    other.title = "A photograph of the editor's"
    other.save()
    partner.photo = other
    partner.photo_credit_en = ""
    partner.photo_alt_en = ""
    partner.save()

    profiles.build_profiles()

    partner.refresh_from_db()
    assert partner.photo == other
    assert (partner.photo_credit_en, partner.photo_alt_en) == ("", "")


def test_a_profile_with_a_goal_that_does_not_exist_is_refused(tmp_path):
    path = tmp_path / "agreements.json"
    entry = {"programme": "IUC", "eu_side": "A", "partner_side": "B", "sdgs": [18]}
    path.write_text(json.dumps({"agreements": [entry]}), encoding="utf-8")

    with pytest.raises(profiles.ProfileDataError, match="18"):
        profiles.read_agreement_profiles(path)


def test_partner_facts_refuse_a_website_without_https_and_a_figure_that_is_not_one(tmp_path):
    path = tmp_path / "facts.csv"
    header = "name,country,kind,population,population_year,area_km2,website\n"
    path.write_text(header + "Turku,FI,,202000,2023,245,http://www.turku.fi/\n", encoding="utf-8")
    with pytest.raises(profiles.ProfileDataError, match="https"):
        profiles.read_partner_facts(path)

    path.write_text(header + "Turku,FI,,about 200000,2023,,\n", encoding="utf-8")
    with pytest.raises(profiles.ProfileDataError, match="line 2"):
        profiles.read_partner_facts(path)
