"""What an agreement's page and a partner's profile tell a visitor: the cooperation's
activities, results and goals, its years and status, the news and events about it; the
partner's photo, facts and agreements by programme phase, in the reader's language."""

from types import SimpleNamespace

import pytest
from django.utils import translation
from wagtail.images.tests.utils import get_test_image_file
from wagtail_factories import ImageFactory

from iurc.events.models import EventPageAgreement
from iurc.news.models import NewsPageAgreement
from iurc.phases.models import ProgrammePhasePage
from partners.models import AgreementPage
from tests.built_once import site_fixture
from tests.factories import (
    AgreementPageFactory,
    PartnerFactory,
    ProgrammePhasePageFactory,
    make_live,
)
from tests.factories_content import NewsIndexPageFactory, NewsPageFactory
from tests.factories_events import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


@site_fixture
def profiles(site_tree):
    """Chongqing, in two agreements of two phases; one of them fully profiled, with a news
    item, an event and a news draft about it."""
    with translation.override("en"):
        second_phase = ProgrammePhasePageFactory(
            parent=site_tree.phase_index,
            title="International Urban and Regional Cooperation (IURC)",
            acronym="IURC",
            start_year=2021,
            end_year=None,
            status=ProgrammePhasePage.Status.CURRENT,
        )
        photo = ImageFactory(title="Chongqing", file=get_test_image_file(filename="cq.png"))
        chongqing = PartnerFactory(
            name="Chongqing",
            name_vi="Trùng Khánh",
            name_zh_hans="重庆",
            country_id="CN",
            latitude="29.563000",
            longitude="106.551600",
            population=32054159,
            area="82402.0",
            website="https://www.cq.gov.cn/",
            description="A municipality on the Yangtze.",
            description_vi="Một thành phố trực thuộc trung ương bên sông Dương Tử.",
            photo=photo,
            photo_alt="The Yangtze at Chongqing",
            photo_credit="Demo illustration",
            photo_credit_vi="Hình minh họa",
        )
        profiled = AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Santiago de Compostela – Chongqing",
            programme_phase=second_phase,
            start_year=2023,
            summary="Two cities on biotechnology.",
            activities="Study visits of researchers.\n\nA joint incubator pilot.",
            activities_vi="Các chuyến khảo sát của nhà nghiên cứu.\n\nThí điểm vườn ươm chung.",
            results="A cooperation plan signed in 2024.",
            source_url="https://www.iurc.eu/author/someone/page/2/",
            eu=[PartnerFactory(name="Santiago de Compostela", country_id="ES")],
            partners=[chongqing],
        )
        profiled.sdgs.set([9, 11])
        first = AgreementPageFactory(
            parent=site_tree.agreement_index,
            title="Bologna – Chongqing",
            programme_phase=site_tree.phase,
            start_year=2017,
            end_year=2020,
            eu=[PartnerFactory(name="Bologna", country_id="IT")],
            partners=[chongqing],
        )
        news_index = NewsIndexPageFactory(parent=site_tree.home)
        news = NewsPageFactory(parent=news_index, title="A biotech incubator opens")
        draft = NewsPageFactory(
            parent=news_index, title="Not yet public", live=False, published=False
        )
        events = EventIndexPageFactory(parent=site_tree.home)
        event = EventPageFactory(parent=events, title="Biotech week")
        for page, model in ((news, NewsPageAgreement), (draft, NewsPageAgreement)):
            model.objects.create(page=page, agreement=profiled)
        EventPageAgreement.objects.create(page=event, agreement=profiled)
        make_live(profiled)
    return SimpleNamespace(
        tree=site_tree,
        chongqing=chongqing,
        profiled=profiled,
        first=first,
        second_phase=second_phase,
        profile_url=f"/en/agreements/partners/{chongqing.pk}/",
    )


def article(response):
    html = response.content.decode()
    return html[html.index("<article") : html.index("</article>")]


def test_agreement_page_shows_activities_results_goals_and_years(client, profiles):
    html = article(client.get(profiles.profiled.url))

    assert "Study visits of researchers." in html
    assert "A joint incubator pilot." in html
    assert "A cooperation plan signed in 2024." in html
    assert "Industry, innovation and infrastructure" in html
    assert "Sustainable cities and communities" in html
    assert "since 2023" in html
    assert "Active" in html


def test_agreement_page_reads_in_vietnamese_with_goals_translated(client, profiles):
    response = client.get(profiles.profiled.url.replace("/en/", "/vi/", 1), follow=True)
    html = article(response)

    assert "Hoạt động và dự án thí điểm" in html
    assert "Thí điểm vườn ươm chung." in html
    assert "Các thành phố và cộng đồng bền vững" in html
    # The results are not translated yet: shown in English, and marked as such.
    assert '<ul class="profile-list" lang="en"><li>A cooperation plan signed in 2024.' in html


def test_first_phase_agreement_reads_completed_with_its_years(client, profiles):
    html = article(client.get(profiles.first.url))

    assert "2017–2020" in html
    assert "Completed" in html
    assert profiles.first.status == AgreementPage.Status.COMPLETED


def test_agreement_page_links_public_news_and_events_about_it_only(client, profiles):
    html = article(client.get(profiles.profiled.url))

    assert "News and events about this agreement" in html
    assert "A biotech incubator opens" in html
    assert "Biotech week" in html
    assert "Not yet public" not in html


def test_a_list_of_posts_is_no_source_the_page_names_its_site(client, profiles):
    html = article(client.get(profiles.profiled.url))

    assert '<a href="https://www.iurc.eu/" rel="noopener nofollow">iurc.eu</a>' in html
    assert "/author/" not in html


def test_partner_profile_shows_photo_facts_and_agreements_by_phase(client, profiles):
    html = article(client.get(profiles.profile_url))

    assert "<h1>Chongqing</h1>" in html
    assert 'alt="The Yangtze at Chongqing"' in html
    assert "Image: Demo illustration" in html
    assert "A municipality on the Yangtze." in html
    assert "32,054,159" in html
    assert "82,402 km²" in html
    assert "29.563° N, 106.552° E" in html
    assert '<a href="https://www.cq.gov.cn/" rel="noopener nofollow">cq.gov.cn</a>' in html
    assert "2 agreements" in html
    # The current phase first, each with its agreements.
    iurc = html.index("International Urban and Regional Cooperation (IURC)")
    iuc = html.index("International Urban Cooperation (IUC)")
    assert iurc < html.index("Santiago de Compostela – Chongqing") < iuc
    assert iuc < html.index("Bologna – Chongqing")


def test_partner_profile_in_vietnamese_names_the_city_in_vietnamese(client, profiles):
    with translation.override("vi"):
        database = profiles.tree.agreement_index.get_url()

    html = article(client.get(f"{database}partners/{profiles.chongqing.pk}/"))

    assert "<h1>Trùng Khánh</h1>" in html
    assert "Một thành phố trực thuộc trung ương bên sông Dương Tử." in html
    assert "Hình minh họa" in html
    assert "29.563° B, 106.552° Đ" in html
