"""Demo calls for applications and publications.

The programme invited European cities and regions to express their interest in pairings with
partners abroad, and presents itself in a short brochure, "IURC at a glance" (iurc.eu). The
calls below follow those invitations in kind, but their dates are set relative to the day
the demo is loaded, so that one is open, one not yet open and one closed: each says in its
text that it is an example. The brochure's files are example files made for the demo
(``data/publications/``), which say so on their first line; the brochure itself is on the
programme's site.

Idempotent: a call or publication whose English slug exists under its index is left as it is,
and so is a document whose title exists.
"""

import datetime
from pathlib import Path

from django.core.files import File
from django.utils import timezone, translation
from wagtail.documents import get_document_model

from iurc.calls.models import CallIndexPage, CallPage
from iurc.core import languages
from iurc.demo.builder import child_page, set_translations
from iurc.home.models import HomePage
from iurc.publications.models import PublicationDocument, PublicationIndexPage, PublicationPage
from regions.models import RegionPage

DATA = Path(__file__).resolve().parent / "data" / "publications"
PROGRAMME_SITE = "https://iurc.eu/"

CALL_INDEX = {
    "slug": {
        "en": "calls",
        "es": "convocatorias",
        "pt": "chamadas",
        "fr": "appels",
        "id": "panggilan",
        "ms": "pelawaan",
        "vi": "keu-goi-ung-tuyen",
    },
    "title": {
        "en": "Calls for applications",
        "es": "Convocatorias",
        "pt": "Chamadas para candidaturas",
        "fr": "Appels à candidatures",
        "zh-hans": "申请征集",
        "hi": "आवेदन आमंत्रण",
        "id": "Panggilan pendaftaran",
        "ja": "募集",
        "ms": "Pelawaan permohonan",
        "ko": "모집 공고",
        "th": "ประกาศรับสมัคร",
        "vi": "Kêu gọi ứng tuyển",
    },
    "intro": {
        "en": "<p>Invitations to cities and regions to take part in the programme: who may "
        "apply, how, and by when.</p>",
        "vi": "<p>Lời mời các thành phố và khu vực tham gia chương trình: ai có thể ứng tuyển, "
        "ứng tuyển thế nào và trước khi nào.</p>",
    },
}

PUBLICATION_INDEX = {
    "slug": {
        "en": "publications",
        "es": "publicaciones",
        "pt": "publicacoes",
        "fr": "publications",
        "id": "publikasi",
        "ms": "penerbitan",
        "vi": "an-pham",
    },
    "title": {
        "en": "Publications",
        "es": "Publicaciones",
        "pt": "Publicações",
        "fr": "Publications",
        "zh-hans": "出版物",
        "hi": "प्रकाशन",
        "id": "Publikasi",
        "ja": "出版物",
        "ms": "Penerbitan",
        "ko": "발간물",
        "th": "สิ่งพิมพ์",
        "vi": "Ấn phẩm",
    },
    "intro": {
        "en": "<p>Brochures, reports and factsheets of the programme, in every language they "
        "exist in.</p>",
        "vi": "<p>Tài liệu giới thiệu, báo cáo và tờ thông tin của chương trình, bằng mọi "
        "ngôn ngữ hiện có.</p>",
    },
}

EXAMPLE_CALL = {
    "en": "This is an example call for the demo site: its dates are not the programme's. The "
    "programme announces its real calls on its website.",
    "vi": "Đây là lời kêu gọi mẫu của trang trình diễn: ngày tháng không phải của chương "
    "trình. Chương trình công bố các lời kêu gọi thật trên trang web của mình.",
}

# (days from today it opens, days from today it closes): open, not yet open, closed.
CALLS = [
    {
        "slug": "european-cities-asia-australasia",
        "slug_vi": "thanh-pho-chau-au-chau-a-chau-uc",
        "days": (-30, 45),
        "times": (datetime.time(9, 0), datetime.time(17, 0)),
        "time_zone": "Europe/Brussels",
        "region": "asia-australasia",
        "title": {
            "en": "European cities: pair with a city in Asia or Australasia",
            "vi": "Các thành phố châu Âu: kết nối với một thành phố ở châu Á hoặc châu Úc",
        },
        "summary": {
            "en": "European cities interested in working with a city in Asia or Australasia "
            "on sustainable urban development say so here; the programme matches cities that "
            "share priorities.",
            "vi": "Các thành phố châu Âu muốn hợp tác với một thành phố ở châu Á hoặc châu Úc "
            "về phát triển đô thị bền vững đăng ký tại đây; chương trình kết nối các thành "
            "phố có chung ưu tiên.",
        },
        "eligibility": {
            "en": "<p>Local and regional governments of the European Union's member states, "
            "ready to commit staff to exchanges and study visits.</p>",
            "vi": "<p>Chính quyền địa phương và khu vực của các nước thành viên Liên minh châu "
            "Âu, sẵn sàng cử cán bộ tham gia trao đổi và các chuyến thăm học tập.</p>",
        },
        "how_to_apply": {
            "en": "<p>Describe your city's priorities and the themes you would work on, then "
            "send the form on the programme's website before the deadline.</p>",
            "vi": "<p>Nêu các ưu tiên của thành phố và những chủ đề muốn hợp tác, rồi gửi mẫu "
            "đơn trên trang web của chương trình trước hạn chót.</p>",
        },
    },
    {
        "slug": "cities-latin-america-caribbean",
        "slug_vi": "thanh-pho-my-latinh-caribe",
        "days": (20, 80),
        "times": (datetime.time(9, 0), datetime.time(18, 0)),
        "time_zone": "America/Bogota",
        "region": "latin-america",
        "title": {
            "en": "Cities of Latin America and the Caribbean: join a thematic network",
            "vi": "Các thành phố Mỹ Latinh và Caribe: tham gia một mạng lưới chuyên đề",
        },
        "summary": {
            "en": "Cities of Latin America and the Caribbean may join one of the programme's "
            "thematic networks with European cities.",
            "vi": "Các thành phố Mỹ Latinh và Caribe có thể tham gia một mạng lưới chuyên đề "
            "của chương trình cùng các thành phố châu Âu.",
        },
        "eligibility": {
            "en": "<p>Municipal and regional governments of the region.</p>",
            "vi": "<p>Chính quyền thành phố và khu vực trong vùng.</p>",
        },
        "how_to_apply": {
            "en": "<p>The form opens on the opening date, on the programme's website.</p>",
            "vi": "<p>Mẫu đơn mở vào ngày bắt đầu, trên trang web của chương trình.</p>",
        },
    },
    {
        "slug": "north-america-renovation-wave",
        "slug_vi": "bac-my-lan-song-cai-tao",
        "days": (-120, -60),
        "times": (datetime.time(9, 0), datetime.time(17, 0)),
        "time_zone": "America/Toronto",
        "region": "north-america",
        "title": {
            "en": "North America: cities for the renovation wave network",
            "vi": "Bắc Mỹ: các thành phố cho mạng lưới làn sóng cải tạo",
        },
        "summary": {
            "en": "Cities of Canada, Mexico and the United States applied to work with European "
            "cities on renovating buildings.",
            "vi": "Các thành phố của Canada, Mexico và Hoa Kỳ đã ứng tuyển để cùng các thành "
            "phố châu Âu cải tạo các tòa nhà.",
        },
        "eligibility": {
            "en": "<p>Cities of Canada, Mexico and the United States.</p>",
            "vi": "<p>Các thành phố của Canada, Mexico và Hoa Kỳ.</p>",
        },
        "how_to_apply": {
            "en": "<p>This call is closed.</p>",
            "vi": "<p>Lời kêu gọi này đã đóng.</p>",
        },
    },
]

PUBLICATIONS = [
    {
        "slug": "iurc-at-a-glance",
        "slug_vi": "tong-quan-ve-iurc",
        "type": PublicationPage.Type.BROCHURE,
        "year": 2021,
        "title": {
            "en": "IURC at a glance",
            "fr": "L’IURC en bref",
            "es": "El IURC de un vistazo",
            "vi": "Tổng quan về IURC",
        },
        "summary": {
            "en": "The programme in a few pages: what it is, where it works and how cities "
            "take part.",
            "vi": "Chương trình trong vài trang: chương trình là gì, hoạt động ở đâu và các "
            "thành phố tham gia thế nào.",
        },
        "description": {
            "en": "<p>The files offered here are example files made for the demo site, not "
            "the brochure itself, which the programme publishes on its website.</p>",
            "vi": "<p>Các tệp ở đây là tệp mẫu của trang trình diễn, không phải chính tài liệu "
            "giới thiệu mà chương trình đăng trên trang web của mình.</p>",
        },
        "files": {
            "en": ("IURC at a glance (example file)", "iurc-at-a-glance-example-en.pdf"),
            "vi": ("Tổng quan về IURC (tệp mẫu)", "iurc-at-a-glance-example-vi.pdf"),
        },
    },
]


def build_calls_and_publications(stdout=None):
    """The call and publication indexes under the home page and their pages; returns how many
    pages were created."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    created_count = 0
    with translation.override(languages.default_language()):
        regions = {page.slug_en: page for page in RegionPage.objects.all()}
        calls, created = child_page(home, CallIndexPage, "calls", _index(CALL_INDEX))
        created_count += created
        today = timezone.localdate()
        for definition in CALLS:
            region = regions.get(definition["region"])
            page, created = child_page(
                calls, CallPage, definition["slug"], _call(definition, today, region)
            )
            if created:
                created_count += 1
                _log(stdout, page)
        library, created = child_page(
            home, PublicationIndexPage, "publications", _index(PUBLICATION_INDEX)
        )
        created_count += created
        for definition in PUBLICATIONS:
            page, created = child_page(
                library, PublicationPage, definition["slug"], _publication(definition)
            )
            if created:
                created_count += 1
                _log(stdout, page)
    return created_count


def _log(stdout, page):
    if stdout:
        stdout.write(f"  created {page._meta.verbose_name}: {page.title}")


def _index(definition):
    def build(page):
        set_translations(page, "title", definition["title"])
        set_translations(page, "slug", definition["slug"])
        set_translations(page, "intro", definition["intro"])
        page.show_in_menus = True

    return build


def _call(definition, today, region):
    def build(page):
        page.regions = [region] if region is not None else []
        set_translations(page, "title", definition["title"])
        page.slug_vi = definition["slug_vi"]
        opens, closes = definition["days"]
        page.opens_on = today + datetime.timedelta(days=opens)
        page.closes_on = today + datetime.timedelta(days=closes)
        page.opens_at_time, page.closes_at_time = definition["times"]
        page.time_zone = definition["time_zone"]
        page.apply_url = PROGRAMME_SITE
        set_translations(
            page,
            "summary",
            {code: f"{text} {EXAMPLE_CALL[code]}" for code, text in definition["summary"].items()},
        )
        set_translations(page, "eligibility", definition["eligibility"])
        set_translations(page, "how_to_apply", definition["how_to_apply"])

    return build


def _publication(definition):
    def build(page):
        set_translations(page, "title", definition["title"])
        page.slug_vi = definition["slug_vi"]
        page.publication_type = definition["type"]
        page.year = definition["year"]
        set_translations(page, "summary", definition["summary"])
        set_translations(page, "description", definition["description"])
        page.documents = [
            PublicationDocument(language=code, document=_document(title, name))
            for code, (title, name) in definition["files"].items()
        ]

    return build


def _document(title, name):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        with (DATA / name).open("rb") as handle:
            document = Document(title=title)
            document.file.save(name, File(handle), save=False)
            # What the admin's upload form records: pages show the size without asking the
            # storage, and the download's ETag is the hash.
            document._set_document_file_metadata()
            document.save()
    return document
