"""The programme's About page: the Vietnamese text of the page that started the project
(verbatim, from shared/seed/about-vi.txt) and our own English version of it.

The original Vietnamese page left two headings and its button labels in English ("Visit the
IURC (Phase II) Pages", "Visit Page", "Visit Website"). Here the heading is written in
Vietnamese and the button labels are interface strings, translated in locale/.
"""

TITLE = {"en": "About", "vi": "Giới thiệu"}
SLUG = {"en": "about", "vi": "gioi-thieu"}

PARAGRAPHS = {
    "vi": [
        "Bước vào giai đoạn thứ hai của Chương trình Hợp tác đô thị quốc tế (IUC) (2016-2020), "
        "IURC nhắm tới việc lãnh đạo và phát triển một hình thức hợp tác khu vực và đô thị quốc "
        "tế phi tập trung và khu vực quốc tế trong lĩnh vực phát triển và đổi mới đô thị bền "
        "vững, ở các quốc gia và khu vực đối tác quan trọng phù hợp với đường hướng đối ngoại "
        "của “Châu Âu 2020”",
        "Dựa trên việc tận dụng các kết quả và bài học được rút ra ở giai đoạn trước, chương "
        "trình mới tối ưu hóa giá trị gia tăng của hợp tác quốc tế, biến IURC thành một Mạng "
        "lưới tham chiếu toàn cầu về đổi mới khu vực và đô thị.",
    ],
    "en": [
        "IURC is the second phase of the International Urban Cooperation programme (IUC, "
        "2016-2020). It sets out to lead and grow decentralised international cooperation "
        "between cities and between regions on sustainable urban development and innovation, "
        "in partner countries and regions that matter to the external agenda of “Europe 2020”.",
        "Building on the results and lessons of the first phase, the new programme makes the "
        "most of what international cooperation adds, and turns IURC into a global reference "
        "network for urban and regional innovation.",
    ],
}

FUNDING = {
    "vi": "Chương trình EU, được tài trợ vốn theo Văn kiện Hợp tác và được đồng thực hiện bởi "
    "Vụ các văn kiện Chính sách Đối ngoại và Tổng vụ Chính sách khu vực và Đô thị của Ủy ban "
    "Châu Âu, sẽ góp phần vào các mục tiêu của Chương trình nghị sự đô thị mới, Chương trình "
    "nghị sự 2030 (SDGs), Chương trình nghị sự đô thị cho EU và các mục tiêu chính trị của "
    "chính sách gắn kết châu Âu thông qua ngoại giao giữa các thành phố và các nỗ lực hợp tác "
    "để vượt qua những thách thức chung.",
    "en": "This EU programme is funded under the Partnership Instrument and run jointly by the "
    "European Commission's Service for Foreign Policy Instruments and its Directorate-General "
    "for Regional and Urban Policy. Through city diplomacy and shared efforts to meet common "
    "challenges, it serves the New Urban Agenda, the 2030 Agenda and its Sustainable "
    "Development Goals, the Urban Agenda for the EU and the political aims of European "
    "cohesion policy.",
}

# Quotes are snippets: the same quote can appear on any page.
QUOTES = [
    {
        "key": "niessler",
        "speaker": "Rudolf Niessler",
        "text": {
            "vi": "IUC không đơn thuần là ký kết các thỏa thuận, mà còn là việc triển khai thực "
            "tế các dự án tập trung cụ thể. Là một nền tảng chức năng giúp cho việc hợp tác giữa "
            "các bên liên quan từ các tổ chức kinh doanh, các chính phủ và các tổ chức nghiên "
            "cứu nơi cùng nhau thực hiện các hành động và tạo sự khác biệt cho tương lai",
            "en": "IUC is not only about signing agreements: it is about carrying out focused "
            "projects on the ground. It is a working platform where people from business, "
            "government and research cooperate, act together and make a difference for the "
            "future.",
        },
        "role": {
            "vi": "Cố vấn chính về Quan hệ quốc tế",
            "en": "Principal Adviser for International Relations",
        },
        "organisation": {"vi": "DG REGIO, Ủy ban Châu Âu", "en": "DG REGIO, European Commission"},
        "place": {},
    },
    {
        "key": "bratislava",
        "speaker": "",
        "text": {
            "vi": "Dự án đặc biệt này đã tập hợp chúng ta lại, chúng ta có thể đối thoại với các "
            "quốc gia ở phía bên kia bán cầu. Chúng tôi nhận ra rằng, mặc dù có sự khác biệt về "
            "địa lý và văn hóa, chúng ta có những vấn đề chung mà có thể tìm thấy cùng một giải "
            "pháp: khi xét đến bản thân chúng ta, đến tự nhiên, đến môi trường mà chúng ta sống",
            "en": "This special project brought us together and let us talk with countries on "
            "the other side of the world. We found that, for all our differences of geography "
            "and culture, we share problems that the same solutions can answer: in how we look "
            "at ourselves, at nature, and at the environment we live in.",
        },
        "role": {},
        "organisation": {},
        "place": {"vi": "Bratislava (Slovakia)", "en": "Bratislava (Slovakia)"},
    },
]

PHASE_TWO_HEADING = {
    "vi": "Truy cập các trang IURC (Giai đoạn II)",
    "en": "Visit the IURC (Phase II) pages",
}
# Phase II cards link to this portal's own region pages, by region key.
PHASE_TWO_CARDS = [
    ("latin-america", "IURC Latin America"),
    ("china", "IURC China"),
    ("asia-australasia", "IURC Asia & Australasia"),
]

PHASE_ONE_HEADING = {
    "vi": "Truy cập các trang web IUC (Giai đoạn I)",
    "en": "Visit the IUC (Phase I) websites",
}
PHASE_ONE_CARDS = [
    ("International Urban Cooperation (IUC)", "https://iuc.eu/"),
    ("IUC Asia", "https://www.iuc-asia.eu/"),
    ("IUC-LAC (Latin American and the Caribbean)", "http://iuc-la.eu/"),
]
