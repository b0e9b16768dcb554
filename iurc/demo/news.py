"""Demo thematic networks and news ("Reads").

Networks: the four of North America are those the programme names on its public pages
(waste management and circular economy, sustainable urban mobility and transport, economic
development, the renovation wave); in the other regions, a network is shown for themes its
agreements carry in the agreements database (partners/data/pairings.csv), which the text says.
News: the programme's own events from its public record, told in our own words (the same facts
as ``iurc.demo.events``), and one example, which says in its text that it is an example.
Idempotent: a page whose English slug exists under its parent is left as it is.
"""

import datetime
import json
import uuid

from django.db import transaction
from django.utils import translation
from django.utils.html import escape

from iurc.core import languages
from iurc.core.search import fold
from iurc.demo.builder import child_page, set_translations
from iurc.home.models import HomePage
from iurc.networks.models import ThematicNetworkPage
from iurc.news.models import NewsIndexPage, NewsPage
from partners.models import Theme
from partners.themes import theme_lookup
from regions.models import RegionPage

NORTH_AMERICA = "north-america"
ASIA = "asia-australasia"
LATIN_AMERICA = "latin-america"

EXAMPLE_NOTE = {
    "en": "This is an example article for the demo site: the programme did not publish it.",
    "vi": "Đây là bài viết mẫu của trang trình diễn: chương trình không đăng bài này.",
}

NETWORKS = [
    {
        "region": NORTH_AMERICA,
        "slug": "waste-management-circular-economy",
        "slug_vi": "quan-ly-chat-thai-kinh-te-tuan-hoan",
        "theme": "Circular economy",
        "title": {
            "en": "Waste management and circular economy",
            "fr": "Gestion des déchets et économie circulaire",
            "es": "Gestión de residuos y economía circular",
            "vi": "Quản lý chất thải và kinh tế tuần hoàn",
        },
        "intro": {
            "en": "European and North American cities compare how they prevent, collect and "
            "reuse waste, and how materials can stay in use longer.",
            "fr": "Des villes européennes et nord-américaines comparent leurs façons de "
            "prévenir, collecter et réutiliser les déchets, et de garder les matériaux en "
            "usage plus longtemps.",
            "vi": "Các thành phố châu Âu và Bắc Mỹ so sánh cách phòng ngừa, thu gom và tái "
            "sử dụng chất thải, và cách giữ vật liệu được sử dụng lâu hơn.",
        },
    },
    {
        "region": NORTH_AMERICA,
        "slug": "sustainable-urban-mobility",
        "slug_vi": "giao-thong-do-thi-ben-vung",
        "theme": "Urban mobility",
        "title": {
            "en": "Sustainable urban mobility and transport",
            "fr": "Mobilité urbaine durable et transports",
            "es": "Movilidad urbana sostenible y transporte",
            "vi": "Giao thông và di chuyển đô thị bền vững",
        },
        "intro": {
            "en": "Cities share what they learn about public transport, cycling, walking and "
            "cleaner vehicles.",
            "fr": "Les villes partagent ce qu'elles apprennent sur les transports publics, le "
            "vélo, la marche et les véhicules plus propres.",
            "vi": "Các thành phố chia sẻ kinh nghiệm về giao thông công cộng, xe đạp, đi bộ "
            "và phương tiện sạch hơn.",
        },
    },
    {
        "region": NORTH_AMERICA,
        "slug": "economic-development",
        "slug_vi": "phat-trien-kinh-te",
        "title": {
            "en": "Economic development",
            "fr": "Développement économique",
            "es": "Desarrollo económico",
            "vi": "Phát triển kinh tế",
        },
        "intro": {
            "en": "Local economies that innovate: how cities and regions support businesses, "
            "skills and investment.",
            "fr": "Des économies locales qui innovent : comment villes et régions soutiennent "
            "les entreprises, les compétences et l'investissement.",
            "vi": "Kinh tế địa phương đổi mới: cách các thành phố và vùng hỗ trợ doanh nghiệp, "
            "kỹ năng và đầu tư.",
        },
    },
    {
        "region": NORTH_AMERICA,
        "slug": "renovation-wave",
        "slug_vi": "lan-song-cai-tao",
        "title": {
            "en": "Renovation wave",
            "fr": "Vague de rénovation",
            "es": "Ola de renovación",
            "vi": "Làn sóng cải tạo công trình",
        },
        "intro": {
            "en": "Renovating buildings to use less energy, following the European Union's "
            "Renovation Wave strategy.",
            "fr": "Rénover les bâtiments pour qu'ils consomment moins d'énergie, dans l'esprit "
            "de la stratégie « Vague de rénovation » de l'Union européenne.",
            "vi": "Cải tạo các tòa nhà để tiết kiệm năng lượng, theo chiến lược Làn sóng cải "
            "tạo (Renovation Wave) của Liên minh châu Âu.",
        },
    },
    {
        "region": ASIA,
        "slug": "urban-mobility",
        "slug_vi": "giao-thong-do-thi",
        "theme": "Urban mobility",
        "title": {"en": "Urban mobility", "fr": "Mobilité urbaine", "vi": "Giao thông đô thị"},
        "intro": {
            "en": "The region's pairings on urban mobility, the theme most of its agreements "
            "in the database carry.",
            "fr": "Les jumelages de la région sur la mobilité urbaine, le thème que portent le "
            "plus de ses accords dans la base de données.",
            "vi": "Các cặp hợp tác của khu vực về giao thông đô thị, chủ đề được gắn với nhiều "
            "thỏa thuận nhất của khu vực trong cơ sở dữ liệu.",
        },
    },
    {
        "region": ASIA,
        "slug": "circular-economy",
        "slug_vi": "kinh-te-tuan-hoan",
        "theme": "Circular economy",
        "title": {"en": "Circular economy", "fr": "Économie circulaire", "vi": "Kinh tế tuần hoàn"},
        "intro": {
            "en": "The region's pairings on the circular economy, as the agreements database "
            "records them.",
            "fr": "Les jumelages de la région sur l'économie circulaire, tels que la base de "
            "données des accords les enregistre.",
            "vi": "Các cặp hợp tác của khu vực về kinh tế tuần hoàn, theo cơ sở dữ liệu thỏa "
            "thuận.",
        },
    },
    {
        "region": LATIN_AMERICA,
        "slug": "regional-innovation",
        "slug_vi": "doi-moi-sang-tao-vung",
        "theme": "Regional innovation",
        "title": {
            "en": "Regional innovation",
            "es": "Innovación regional",
            "pt": "Inovação regional",
            "fr": "Innovation régionale",
            "vi": "Đổi mới sáng tạo vùng",
        },
        "intro": {
            "en": "Region-to-region partnerships on innovation strategies, the theme of most "
            "of the region's agreements in the database.",
            "es": "Asociaciones entre regiones sobre estrategias de innovación, el tema de la "
            "mayoría de los acuerdos de la región en la base de datos.",
            "pt": "Parcerias entre regiões sobre estratégias de inovação, o tema da maioria "
            "dos acordos da região na base de dados.",
            "fr": "Des partenariats entre régions sur les stratégies d'innovation, le thème de "
            "la plupart des accords de la région dans la base de données.",
            "vi": "Các quan hệ đối tác giữa các vùng về chiến lược đổi mới sáng tạo, chủ đề "
            "của phần lớn thỏa thuận của khu vực trong cơ sở dữ liệu.",
        },
    },
]

NEWS_INDEX = {
    "title": {
        "en": "Reads",
        "es": "Lecturas",
        "pt": "Leituras",
        "fr": "Lectures",
        "zh-hans": "文章",
        "hi": "लेख",
        "id": "Bacaan",
        "ja": "記事",
        "ms": "Bacaan",
        "ko": "읽을거리",
        "th": "บทความ",
        "vi": "Tin bài",
    },
    "slug": {
        "en": "news",
        "es": "lecturas",
        "pt": "leituras",
        "fr": "lectures",
        "id": "bacaan",
        "ms": "bacaan",
        "vi": "tin-bai",
    },
    "intro": {
        "en": "<p>News from the programme's regions and thematic networks.</p>",
        "fr": "<p>Des nouvelles des régions et des réseaux thématiques du programme.</p>",
        "vi": "<p>Tin tức từ các khu vực và mạng lưới chuyên đề của chương trình.</p>",
    },
}

NEWS = [
    {
        "slug": "asia-australasia-information-session",
        "slug_vi": "buoi-gioi-thieu-iurc-chau-a-chau-uc",
        "date": datetime.date(2021, 5, 27),
        "regions": [ASIA],
        "tags": ["information session", "Asia & Australasia"],
        "title": {
            "en": "European cities hear how to cooperate with Asia and Australasia",
            "vi": "Các thành phố châu Âu tìm hiểu cách hợp tác với châu Á và châu Úc",
        },
        "intro": {
            "en": "On 26 May 2021, 51 people joined the online information session of IURC "
            "Asia & Australasia for European cities.",
            "vi": "Ngày 26 tháng 5 năm 2021, 51 người đã tham gia buổi giới thiệu trực tuyến "
            "của IURC châu Á và châu Úc dành cho các thành phố châu Âu.",
        },
        "body": {
            "en": [
                "The regional team, with colleagues from the China project and the central "
                "coordination in Brussels, presented the countries of the region, its "
                "thematic networks and how pairings and clusters of cities work.",
                "A senior adviser of the European Commission's Directorate-General for "
                "Regional and Urban Policy opened the session with the EU's urban policy "
                "priorities.",
            ],
            "vi": [
                "Nhóm khu vực, cùng đồng nghiệp của dự án Trung Quốc và bộ phận điều phối "
                "chung ở Brussels, đã giới thiệu các quốc gia trong khu vực, các mạng lưới "
                "chuyên đề và cách hoạt động của việc kết nối các thành phố và các cụm thành phố.",
                "Một cố vấn cấp cao của Tổng vụ Chính sách Khu vực và Đô thị thuộc Ủy ban "
                "châu Âu đã mở đầu buổi họp với các ưu tiên chính sách đô thị của EU.",
            ],
        },
    },
    {
        "slug": "rotterdam-busan-sejong-study-visit",
        "slug_vi": "rotterdam-tham-busan-va-sejong",
        "date": datetime.date(2022, 7, 11),
        "regions": [ASIA],
        "networks": [(ASIA, "urban-mobility")],
        "tags": ["study visit", "Asia & Australasia"],
        "title": {
            "en": "Rotterdam visits its partners Busan and Sejong",
            "vi": "Rotterdam thăm các đối tác Busan và Sejong",
        },
        "intro": {
            "en": "From 4 to 8 July 2022, Rotterdam made the first study visit of the "
            "programme's EU–Korea partnerships, to its partner city Busan and to Sejong.",
            "vi": "Từ ngày 4 đến ngày 8 tháng 7 năm 2022, Rotterdam thực hiện chuyến thăm học "
            "tập đầu tiên của các quan hệ đối tác EU – Hàn Quốc trong chương trình, đến thành "
            "phố đối tác Busan và thành phố Sejong.",
        },
        "body": {
            "en": [
                "A study visit lets a delegation see its partner's projects on the ground and "
                "plan the next steps of the cooperation together.",
            ],
            "vi": [
                "Chuyến thăm học tập giúp đoàn đại biểu tận mắt thấy các dự án của đối tác và "
                "cùng lên kế hoạch cho các bước hợp tác tiếp theo.",
            ],
        },
    },
    {
        "slug": "global-and-regional-events-brussels",
        "slug_vi": "su-kien-toan-cau-va-khu-vuc-tai-brussels",
        "date": datetime.date(2022, 11, 14),
        "regions": [ASIA],
        "tags": ["Asia & Australasia"],
        "title": {
            "en": "Pilot cities from Asia, Australasia and Europe meet in Brussels",
            "vi": "Các thành phố thí điểm từ châu Á, châu Úc và châu Âu gặp nhau tại Brussels",
        },
        "intro": {
            "en": "In November 2022, representatives of pilot cities came to Brussels for the "
            "programme's global and regional events.",
            "vi": "Tháng 11 năm 2022, đại diện các thành phố thí điểm đã đến Brussels dự các "
            "sự kiện toàn cầu và khu vực của chương trình.",
        },
        "body": {
            "en": [
                "Meeting in person, partner cities compared their progress and prepared the "
                "work of their pairings for the following months.",
            ],
            "vi": [
                "Gặp gỡ trực tiếp, các thành phố đối tác đã so sánh tiến độ và chuẩn bị công "
                "việc của các cặp hợp tác cho những tháng tiếp theo.",
            ],
        },
    },
    {
        "slug": "north-america-networks-example",
        "slug_vi": "vi-du-mang-luoi-bac-my",
        "date": datetime.date(2026, 11, 20),
        "example": True,
        "regions": [NORTH_AMERICA],
        "networks": [
            (NORTH_AMERICA, "waste-management-circular-economy"),
            (NORTH_AMERICA, "renovation-wave"),
        ],
        "tags": ["networks", "North America"],
        "title": {
            "en": "Four thematic networks for North America",
            "vi": "Bốn mạng lưới chuyên đề cho Bắc Mỹ",
        },
        "intro": {
            "en": "Waste and the circular economy, mobility, economic development and the "
            "renovation of buildings: how the region's networks work.",
            "vi": "Chất thải và kinh tế tuần hoàn, giao thông, phát triển kinh tế và cải tạo "
            "công trình: cách các mạng lưới của khu vực hoạt động.",
        },
        "body": {
            "en": [
                "Each network gathers the cities of the region that work on its theme, so "
                "that what one pairing learns can help the others.",
            ],
            "vi": [
                "Mỗi mạng lưới tập hợp các thành phố trong khu vực cùng làm việc về chủ đề "
                "của mạng lưới, để điều một cặp hợp tác học được có thể giúp các cặp khác.",
            ],
        },
    },
]


def _paragraphs(texts):
    return json.dumps(
        [
            {"type": "paragraph", "value": f"<p>{escape(text)}</p>", "id": str(uuid.uuid4())}
            for text in texts
        ]
    )


def _network(definition, themes):
    def build(page):
        set_translations(page, "title", definition["title"])
        page.slug_vi = definition["slug_vi"]
        set_translations(page, "intro", definition["intro"])
        page.theme = themes.get(fold(definition.get("theme", "")))
        page.show_in_menus = False

    return build


def _article(definition):
    def build(page):
        set_translations(page, "title", definition["title"])
        page.slug_vi = definition["slug_vi"]
        intro = definition["intro"]
        if definition.get("example"):
            intro = {code: f"{EXAMPLE_NOTE[code]} {text}" for code, text in intro.items()}
        set_translations(page, "intro", intro)
        for code, texts in definition["body"].items():
            setattr(page, languages.localized_field("body", code), _paragraphs(texts))
        page.date = definition["date"]

    return build


@transaction.atomic
def build_networks_and_news(stdout=None):
    """The networks under their regions, the news index and its articles; returns how many
    pages were created."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    created_count = 0
    with translation.override(languages.default_language()):
        regions = {page.slug_en: page for page in RegionPage.objects.all()}
        themes = theme_lookup(Theme.objects.all())  # by name or former name
        networks = {}
        for definition in NETWORKS:
            region = regions.get(definition["region"])
            if region is None:
                continue
            page, created = child_page(
                region, ThematicNetworkPage, definition["slug"], _network(definition, themes)
            )
            networks[(definition["region"], definition["slug"])] = page
            created_count += created

        def build_index(page):
            set_translations(page, "title", NEWS_INDEX["title"])
            set_translations(page, "slug", NEWS_INDEX["slug"])
            set_translations(page, "intro", NEWS_INDEX["intro"])
            page.show_in_menus = True

        index, created = child_page(home, NewsIndexPage, "news", build_index)
        created_count += created
        for definition in NEWS:
            page, created = child_page(index, NewsPage, definition["slug"], _article(definition))
            created_count += created
            if not created:
                continue
            page.regions = [regions[key] for key in definition["regions"] if key in regions]
            page.networks = [
                networks[key] for key in definition.get("networks", ()) if key in networks
            ]
            page.tags.add(*definition["tags"])
            page.save_revision().publish()
            if stdout:
                stdout.write(f"  created article: {page.title}")
    return created_count
