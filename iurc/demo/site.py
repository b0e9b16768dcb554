"""The demo site's structure: page titles (in every language for navigation), phases, regions."""

HOME = {
    "slug": "home",
    "title": {
        "en": "International Urban and Regional Cooperation",
        "es": "Cooperación Urbana y Regional Internacional",
        "pt": "Cooperação Urbana e Regional Internacional",
        "fr": "Coopération urbaine et régionale internationale",
        "zh-hans": "国际城市与区域合作",
        "hi": "अंतर्राष्ट्रीय शहरी और क्षेत्रीय सहयोग",
        "id": "Kerja Sama Perkotaan dan Regional Internasional",
        "ja": "国際都市・地域協力",
        "ms": "Kerjasama Bandar dan Serantau Antarabangsa",
        "ko": "국제 도시·지역 협력",
        "th": "ความร่วมมือด้านเมืองและภูมิภาคระหว่างประเทศ",
        "vi": "Hợp tác Đô thị và Khu vực Quốc tế",
    },
    "intro": {
        "en": "<p>The European Union's programme for city-to-city and region-to-region "
        "cooperation with partners in Latin America, China, Asia and Australasia, and North "
        "America.</p>",
        "vi": "<p>Chương trình của Liên minh châu Âu về hợp tác giữa các thành phố và giữa các "
        "khu vực với các đối tác ở Mỹ Latinh, Trung Quốc, châu Á và châu Úc, và Bắc Mỹ.</p>",
    },
}

# Titles of the pages in the main navigation, in every language, so a reader can find their
# way even where a page's text is not translated yet.
ABOUT_TITLES = {
    "en": "About",
    "es": "Acerca de",
    "pt": "Sobre",
    "fr": "À propos",
    "zh-hans": "关于我们",
    "hi": "परिचय",
    "id": "Tentang",
    "ja": "概要",
    "ms": "Perihal",
    "ko": "소개",
    "th": "เกี่ยวกับเรา",
    "vi": "Giới thiệu",
}
ABOUT_SLUGS = {
    "en": "about",
    "es": "acerca-de",
    "pt": "sobre",
    "fr": "a-propos",
    "id": "tentang",
    "ms": "perihal",
    "vi": "gioi-thieu",
}

PHASE_INDEX = {
    "slug": {
        "en": "programme",
        "es": "programa",
        "pt": "programa",
        "fr": "programme",
        "id": "program",
        "ms": "program",
        "vi": "chuong-trinh",
    },
    "title": {
        "en": "Programme phases",
        "es": "Fases del programa",
        "pt": "Fases do programa",
        "fr": "Phases du programme",
        "zh-hans": "项目阶段",
        "hi": "कार्यक्रम के चरण",
        "id": "Tahap program",
        "ja": "プログラムの各段階",
        "ms": "Fasa program",
        "ko": "프로그램 단계",
        "th": "ระยะของโครงการ",
        "vi": "Các giai đoạn chương trình",
    },
}

REGION_INDEX = {
    "slug": {
        "en": "regions",
        "es": "regiones",
        "pt": "regioes",
        "fr": "regions",
        "id": "kawasan",
        "ms": "rantau",
        "vi": "khu-vuc",
    },
    "title": {
        "en": "Regions",
        "es": "Regiones",
        "pt": "Regiões",
        "fr": "Régions",
        "zh-hans": "地区",
        "hi": "क्षेत्र",
        "id": "Kawasan",
        "ja": "地域",
        "ms": "Rantau",
        "ko": "지역",
        "th": "ภูมิภาค",
        "vi": "Khu vực",
    },
}

AGREEMENT_INDEX = {
    "slug": {
        "en": "agreements",
        "es": "acuerdos",
        "pt": "acordos",
        "fr": "accords",
        "id": "kerja-sama",
        "ms": "perjanjian",
        "vi": "thoa-thuan",
    },
    "title": {
        "en": "Agreements",
        "es": "Acuerdos",
        "pt": "Acordos",
        "fr": "Accords",
        "zh-hans": "合作协议",
        "hi": "समझौते",
        "id": "Kerja sama",
        "ja": "協定",
        "ms": "Perjanjian",
        "ko": "협약",
        "th": "ข้อตกลง",
        "vi": "Thỏa thuận hợp tác",
    },
}

PHASES = [
    {
        "acronym": "IUC",
        "slug": "iuc",
        "start_year": 2016,
        "end_year": 2020,
        "status": "completed",
        "website": "https://iuc.eu/",
        "regions": ["latin-america", "china", "asia-australasia", "north-america"],
        "title": {
            "en": "International Urban Cooperation (IUC)",
            "vi": "Chương trình Hợp tác đô thị quốc tế (IUC)",
        },
        "summary": {
            "en": "The first phase paired cities and regions of the EU with partners in the "
            "Americas and Asia to work together on sustainable urban development.",
            "vi": "Giai đoạn đầu kết nối các thành phố và khu vực của EU với các đối tác ở châu "
            "Mỹ và châu Á để cùng hợp tác phát triển đô thị bền vững.",
        },
    },
    {
        "acronym": "IURC",
        "slug": "iurc",
        "start_year": 2020,
        "end_year": None,
        "status": "current",
        "website": "https://www.iurc.eu/",
        "regions": ["latin-america", "china", "asia-australasia", "north-america"],
        "title": {
            "en": "International Urban and Regional Cooperation (IURC)",
            "vi": "Hợp tác Đô thị và Khu vực Quốc tế (IURC)",
        },
        "summary": {
            "en": "The second phase widens cooperation to regions and builds a global reference "
            "network for urban and regional innovation.",
            "vi": "Giai đoạn thứ hai mở rộng hợp tác tới các khu vực và xây dựng một mạng lưới "
            "tham chiếu toàn cầu về đổi mới đô thị và khu vực.",
        },
    },
]

# Partner countries per region: those named by the programme, plus any a pairing adds.
REGIONS = [
    {
        "key": "latin-america",
        "name": "Latin America",
        "countries": ["AR", "BR", "CL", "CO", "MX", "PE"],
        "external_page": "https://www.iurc.eu/latin-america/",
        "title": {
            "en": "Latin America",
            "es": "América Latina",
            "pt": "América Latina",
            "fr": "Amérique latine",
            "zh-hans": "拉丁美洲",
            "hi": "लैटिन अमेरिका",
            "id": "Amerika Latin",
            "ja": "ラテンアメリカ",
            "ms": "Amerika Latin",
            "ko": "라틴아메리카",
            "th": "ละตินอเมริกา",
            "vi": "Mỹ Latinh",
        },
        "slug": {
            "es": "america-latina",
            "pt": "america-latina",
            "fr": "amerique-latine",
            "vi": "my-latinh",
        },
        "intro": {
            "en": "Cities and regions of the EU cooperate with partners in Argentina, Brazil, "
            "Chile, Colombia, Mexico and Peru.",
            "vi": "Các thành phố và khu vực của EU hợp tác với các đối tác ở Argentina, Brazil, "
            "Chile, Colombia, Mexico và Peru.",
        },
    },
    {
        "key": "china",
        "name": "China",
        "countries": ["CN"],
        "external_page": "https://www.iurc.eu/china/",
        "title": {
            "en": "China",
            "es": "China",
            "pt": "China",
            "fr": "Chine",
            "zh-hans": "中国",
            "hi": "चीन",
            "id": "Tiongkok",
            "ja": "中国",
            "ms": "China",
            "ko": "중국",
            "th": "จีน",
            "vi": "Trung Quốc",
        },
        "slug": {"fr": "chine", "id": "tiongkok", "vi": "trung-quoc"},
        "intro": {
            "en": "European cities and regions work with Chinese partners on sustainable urban "
            "development and regional innovation.",
            "vi": "Các thành phố và khu vực châu Âu hợp tác với các đối tác Trung Quốc về phát "
            "triển đô thị bền vững và đổi mới khu vực.",
        },
    },
    {
        "key": "asia-australasia",
        "name": "Asia & Australasia",
        "countries": ["AU", "ID", "IN", "JP", "KR", "MY", "NZ", "TH", "VN"],
        "external_page": "https://www.iurc.eu/australasia/",
        "title": {
            "en": "Asia & Australasia",
            "es": "Asia y Australasia",
            "pt": "Ásia e Australásia",
            "fr": "Asie et Australasie",
            "zh-hans": "亚洲和大洋洲",
            "hi": "एशिया और ऑस्ट्रेलेशिया",
            "id": "Asia dan Australasia",
            "ja": "アジア・オセアニア",
            "ms": "Asia dan Australasia",
            "ko": "아시아·오세아니아",
            "th": "เอเชียและออสตราเลเซีย",
            "vi": "Châu Á và Châu Úc",
        },
        "slug": {
            "es": "asia-y-australasia",
            "pt": "asia-e-australasia",
            "fr": "asie-et-australasie",
            "id": "asia-dan-australasia",
            "ms": "asia-dan-australasia",
            "vi": "chau-a-va-chau-uc",
        },
        "intro": {
            "en": "Partnerships with cities in Australia, India, Indonesia, Japan, Malaysia, "
            "New Zealand, the Republic of Korea, Thailand and Vietnam.",
            "vi": "Quan hệ đối tác với các thành phố ở Úc, Ấn Độ, Indonesia, Nhật Bản, "
            "Malaysia, New Zealand, Hàn Quốc, Thái Lan và Việt Nam.",
        },
    },
    {
        "key": "north-america",
        "name": "North America",
        "countries": ["CA", "US"],
        "external_page": "",
        "title": {
            "en": "North America",
            "es": "América del Norte",
            "pt": "América do Norte",
            "fr": "Amérique du Nord",
            "zh-hans": "北美洲",
            "hi": "उत्तरी अमेरिका",
            "id": "Amerika Utara",
            "ja": "北米",
            "ms": "Amerika Utara",
            "ko": "북미",
            "th": "อเมริกาเหนือ",
            "vi": "Bắc Mỹ",
        },
        "slug": {
            "es": "america-del-norte",
            "pt": "america-do-norte",
            "fr": "amerique-du-nord",
            "id": "amerika-utara",
            "ms": "amerika-utara",
            "vi": "bac-my",
        },
        "intro": {
            "en": "EU cities cooperated with partners in Canada, Mexico and the United States.",
            "vi": "Các thành phố EU đã hợp tác với các đối tác ở Canada, Mexico và Hoa Kỳ.",
        },
    },
]


# The home page's lead image: an illustration drawn for the demo (iurc/demo/images.py).
HOME_IMAGE = {
    "alt": {
        "en": (
            "Illustration: cities of Europe joined by golden lines to partner "
            "cities across the world"
        ),
        "es": (
            "Ilustración: ciudades de Europa unidas por líneas doradas a ciudades "
            "socias de todo el mundo"
        ),
        "pt": (
            "Ilustração: cidades da Europa ligadas por linhas douradas a cidades "
            "parceiras em todo o mundo"
        ),
        "fr": (
            "Illustration : des villes d'Europe reliées par des lignes dorées à des "
            "villes partenaires du monde entier"
        ),
        "zh-hans": "插图：欧洲城市以金色线条与世界各地的合作城市相连",
        "hi": "चित्रण: यूरोप के शहर सुनहरी रेखाओं से दुनिया भर के साझेदार शहरों से जुड़े हुए",
        "id": (
            "Ilustrasi: kota-kota Eropa yang terhubung dengan garis emas ke "
            "kota-kota mitra di seluruh dunia"
        ),
        "ja": "イラスト：ヨーロッパの都市が金色の線で世界各地のパートナー都市と結ばれている",
        "ms": (
            "Ilustrasi: bandar-bandar Eropah yang dihubungkan dengan garisan emas "
            "kepada bandar rakan kongsi di seluruh dunia"
        ),
        "ko": "일러스트: 유럽의 도시들이 금색 선으로 세계 곳곳의 파트너 도시와 이어져 있다",
        "th": "ภาพประกอบ: เมืองในยุโรปเชื่อมต่อด้วยเส้นสีทองกับเมืองพันธมิตรทั่วโลก",
        "vi": (
            "Hình minh họa: các thành phố châu Âu được nối bằng những đường màu "
            "vàng với các thành phố đối tác trên khắp thế giới"
        ),
    },
    "credit": {
        "en": "Illustration drawn for the demo site",
        "es": "Ilustración creada para el sitio de demostración",
        "pt": "Ilustração criada para o sítio de demonstração",
        "fr": "Illustration réalisée pour le site de démonstration",
        "zh-hans": "为演示网站绘制的插图",
        "hi": "डेमो साइट के लिए बनाया गया चित्रण",
        "id": "Ilustrasi yang dibuat untuk situs demo",
        "ja": "デモサイトのために描いたイラスト",
        "ms": "Ilustrasi yang dilukis untuk laman demo",
        "ko": "데모 사이트를 위해 그린 일러스트",
        "th": "ภาพประกอบที่วาดขึ้นสำหรับเว็บไซต์สาธิต",
        "vi": "Hình minh họa vẽ cho trang trình diễn",
    },
}
