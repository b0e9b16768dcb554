"""Demo events: the programme's own events from its public record (iurc.eu news), told in our
own words, and examples of upcoming events, which say in their text that they are examples.

Dates, places and participants are those the programme published; where it gave no time of
day, the event is shown as whole days. The examples are dated some weeks after the day the
demo is built, so that there is always an upcoming event to show. Idempotent: an event whose
English slug exists under the event index is left as it is.
"""

import datetime
import json
import uuid

from django.db import transaction
from django.utils import translation
from django.utils.html import escape

from iurc.core import languages
from iurc.demo.builder import child_page, set_translations
from iurc.events.models import EventIndexPage, EventPage
from iurc.home.models import HomePage
from iurc.networks.models import ThematicNetworkPage
from regions.models import RegionPage

EVENT_INDEX = {
    "slug": {
        "en": "events",
        "es": "eventos",
        "pt": "eventos",
        "fr": "evenements",
        "id": "acara",
        "ms": "acara",
        "vi": "su-kien",
    },
    "title": {
        "en": "Events",
        "es": "Eventos",
        "pt": "Eventos",
        "fr": "Événements",
        "zh-hans": "活动",
        "hi": "कार्यक्रम",
        "id": "Acara",
        "ja": "イベント",
        "ms": "Acara",
        "ko": "행사",
        "th": "กิจกรรม",
        "vi": "Sự kiện",
    },
    "intro": {
        "en": "<p>Forums, study visits and webinars of the programme, with their calendar "
        "files.</p>",
        "vi": "<p>Các diễn đàn, chuyến thăm học tập và hội thảo trực tuyến của chương trình, "
        "kèm tệp lịch để thêm vào lịch của bạn.</p>",
    },
}

EXAMPLE_NOTE = {
    "en": "This is an example event for the demo site: it has not been announced by the programme.",
    "vi": "Đây là sự kiện mẫu của trang trình diễn: chương trình chưa công bố sự kiện này.",
}

ASIA = "asia-australasia"

EVENTS = [
    {
        "slug": "asia-australasia-information-session-2021",
        "title": {
            "en": "IURC Asia & Australasia information session for European cities",
            "vi": "Buổi giới thiệu IURC châu Á và châu Úc dành cho các thành phố châu Âu",
        },
        "slug_vi": "gioi-thieu-iurc-chau-a-chau-uc-2021",
        "summary": {
            "en": "An online session for European cities thinking of cooperating with cities "
            "in Asia and Australasia through the programme; 51 people took part.",
            "vi": "Buổi trực tuyến dành cho các thành phố châu Âu muốn hợp tác với các thành "
            "phố ở châu Á và châu Úc qua chương trình; 51 người đã tham dự.",
        },
        "body": {
            "en": [
                "The regional team, with colleagues from the China project and the central "
                "coordination in Brussels, presented the countries of the region, the "
                "thematic networks and how pairings and clusters work.",
                "A senior adviser of the European Commission's Directorate-General for "
                "Regional and Urban Policy opened the session with the EU's urban policy "
                "priorities.",
            ],
            "vi": [
                "Nhóm khu vực, cùng đồng nghiệp của dự án Trung Quốc và bộ phận điều phối "
                "chung ở Brussels, đã giới thiệu các quốc gia trong khu vực, các mạng lưới "
                "chuyên đề và cách hoạt động của việc kết nối thành phố và các cụm chủ đề.",
                "Một cố vấn cấp cao của Tổng vụ Chính sách Khu vực và Đô thị thuộc Ủy ban "
                "châu Âu đã mở đầu buổi họp với các ưu tiên chính sách đô thị của EU.",
            ],
        },
        "start": datetime.date(2021, 5, 26),
        "time_zone": "Europe/Brussels",
        "venue": {"en": "Online", "vi": "Trực tuyến"},
        "region": ASIA,
    },
    {
        "slug": "rotterdam-study-visit-busan-sejong-2022",
        "title": {
            "en": "Study visit: Rotterdam to Busan and Sejong",
            "vi": "Chuyến thăm học tập: Rotterdam đến Busan và Sejong",
        },
        "slug_vi": "rotterdam-tham-busan-sejong-2022",
        "summary": {
            "en": "The first study visit of the programme's EU–Korea partnerships: Rotterdam "
            "met its partner city Busan, and Sejong.",
            "vi": "Chuyến thăm học tập đầu tiên của các quan hệ đối tác EU – Hàn Quốc trong "
            "chương trình: Rotterdam gặp thành phố đối tác Busan và thành phố Sejong.",
        },
        "start": datetime.date(2022, 7, 4),
        "end": datetime.date(2022, 7, 8),
        "time_zone": "Asia/Seoul",
        "venue": {"en": "Busan and Sejong, Republic of Korea", "vi": "Busan và Sejong, Hàn Quốc"},
        "region": ASIA,
    },
    {
        "slug": "global-and-regional-events-brussels-2022",
        "title": {
            "en": "IURC Global and Regional Events",
            "vi": "Các sự kiện toàn cầu và khu vực của IURC",
        },
        "slug_vi": "su-kien-toan-cau-va-khu-vuc-brussels-2022",
        "summary": {
            "en": "Representatives of pilot cities from Asia, Australasia and Europe met in "
            "Brussels for the programme's global and regional events.",
            "vi": "Đại diện các thành phố thí điểm từ châu Á, châu Úc và châu Âu gặp nhau tại "
            "Brussels trong các sự kiện toàn cầu và khu vực của chương trình.",
        },
        "start": datetime.date(2022, 11, 7),
        "end": datetime.date(2022, 11, 8),
        "time_zone": "Europe/Brussels",
        "venue": {"en": "Brussels, Belgium", "vi": "Brussels, Bỉ"},
        "region": ASIA,
    },
    {
        "slug": "semarang-study-visit-sofia-2023",
        "title": {
            "en": "Study visit: Semarang to Sofia",
            "vi": "Chuyến thăm học tập: Semarang đến Sofia",
        },
        "slug_vi": "semarang-tham-sofia-2023",
        "summary": {
            "en": "A delegation of Semarang, Indonesia, visited Sofia, the capital of "
            "Bulgaria, to take their cooperation on urban mobility further.",
            "vi": "Đoàn đại biểu thành phố Semarang (Indonesia) đến thăm Sofia, thủ đô "
            "Bulgaria, để thúc đẩy hợp tác về giao thông đô thị.",
        },
        "start": datetime.date(2023, 3, 13),
        "end": datetime.date(2023, 3, 16),
        "time_zone": "Europe/Sofia",
        "venue": {"en": "Sofia, Bulgaria", "vi": "Sofia, Bulgaria"},
        "region": ASIA,
    },
    {
        "slug": "mobility-transport-deep-dive-2025",
        "title": {
            "en": "Thematic network webinar: mobility and transport deep dive",
            "vi": "Hội thảo trực tuyến mạng lưới chuyên đề: chuyên sâu về giao thông và vận tải",
        },
        "slug_vi": "hoi-thao-giao-thong-van-tai-2025",
        "summary": {
            "en": "The second deep-dive session of the Asia & Australasia thematic network "
            "webinars, on mobility and transport, with 43 participants.",
            "vi": "Buổi chuyên sâu thứ hai trong loạt hội thảo trực tuyến của các mạng lưới "
            "chuyên đề châu Á và châu Úc, về giao thông và vận tải, với 43 người tham dự.",
        },
        "start": datetime.date(2025, 9, 15),
        "time_zone": "Europe/Brussels",
        "venue": {"en": "Online", "vi": "Trực tuyến"},
        "region": ASIA,
        "network": "urban-mobility",
    },
    {
        "slug": "example-asia-australasia-regional-forum",
        "example": True,
        "title": {
            "en": "Example: Asia & Australasia regional forum in Bangkok",
            "vi": "Ví dụ: Diễn đàn khu vực châu Á và châu Úc tại Băng Cốc",
        },
        "slug_vi": "vi-du-dien-dan-khu-vuc-bang-coc",
        "summary": {
            "en": "Pilot cities of the region and their European partners share what their "
            "pairings have achieved and plan their next steps.",
            "vi": "Các thành phố thí điểm trong khu vực và các đối tác châu Âu chia sẻ kết quả "
            "hợp tác và lên kế hoạch cho những bước tiếp theo.",
        },
        # Examples stay ahead of whoever loads the demo: days from the day it is built.
        "start": 90,
        "end": 91,
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(17, 0),
        "time_zone": "Asia/Bangkok",
        "venue": {"en": "Bangkok, Thailand", "vi": "Băng Cốc, Thái Lan"},
        "registration_url": "https://example.org/iurc-forum-registration",
        "registration_deadline": 70,
        "region": ASIA,
    },
    {
        "slug": "example-circular-economy-webinar",
        "example": True,
        "title": {
            "en": "Example: webinar on circular economy in cities",
            "vi": "Ví dụ: Hội thảo trực tuyến về kinh tế tuần hoàn ở đô thị",
        },
        "slug_vi": "vi-du-hoi-thao-kinh-te-tuan-hoan",
        "summary": {
            "en": "An online session where European and Asian cities present how they reduce "
            "and reuse waste.",
            "vi": "Buổi trực tuyến nơi các thành phố châu Âu và châu Á trình bày cách giảm "
            "thiểu và tái sử dụng chất thải.",
        },
        "start": 45,
        "start_time": datetime.time(10, 0),
        "end_time": datetime.time(11, 30),
        "time_zone": "Europe/Brussels",
        "online_url": "https://example.org/iurc-webinar",
        "region": ASIA,
        "network": "circular-economy",
    },
]


def _paragraphs(texts):
    return json.dumps(
        [
            {"type": "paragraph", "value": f"<p>{escape(text)}</p>", "id": str(uuid.uuid4())}
            for text in texts
        ]
    )


def _date(value):
    """A date, or for an example a number of days after today (None stays None)."""
    if isinstance(value, int):
        return datetime.date.today() + datetime.timedelta(days=value)
    return value


def _build(definition, region, network):
    def build(page):
        set_translations(page, "title", definition["title"])
        page.slug_vi = definition["slug_vi"]
        summary = definition["summary"]
        if definition.get("example"):
            summary = {code: f"{EXAMPLE_NOTE[code]} {text}" for code, text in summary.items()}
        set_translations(page, "summary", summary)
        set_translations(page, "venue", definition.get("venue", {}))
        body = definition.get("body", {})
        for code, texts in body.items():
            setattr(page, languages.localized_field("body", code), _paragraphs(texts))
        page.start_date = _date(definition["start"])
        page.end_date = _date(definition.get("end"))
        page.start_time = definition.get("start_time")
        page.end_time = definition.get("end_time")
        page.time_zone = definition["time_zone"]
        page.online_url = definition.get("online_url", "")
        page.registration_url = definition.get("registration_url", "")
        page.registration_deadline = _date(definition.get("registration_deadline"))
        page.region = region
        page.network = network

    return build


@transaction.atomic
def build_events(stdout=None):
    """The event index under the home page and its events; returns how many were created."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    created_count = 0
    with translation.override(languages.default_language()):

        def build_index(page):
            set_translations(page, "title", EVENT_INDEX["title"])
            set_translations(page, "slug", EVENT_INDEX["slug"])
            set_translations(page, "intro", EVENT_INDEX["intro"])
            page.show_in_menus = True

        index, created = child_page(home, EventIndexPage, "events", build_index)
        created_count += created
        regions = {page.slug_en: page for page in RegionPage.objects.all()}
        for definition in EVENTS:
            region = regions.get(definition.get("region"))
            network = None
            if region is not None and definition.get("network"):
                # The thematic networks of the demo (iurc/demo/news.py), when they exist.
                networks = ThematicNetworkPage.objects.child_of(region)
                network = networks.filter(slug_en=definition["network"]).first()
            page, created = child_page(
                index, EventPage, definition["slug"], _build(definition, region, network)
            )
            created_count += created
            if created and stdout:
                stdout.write(f"  created event: {page.title}")
    return created_count
