"""What search engines and link previews read: descriptions, Open Graph, JSON-LD, robots."""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from iurc.core import languages
from iurc.core.routing import page_url
from iurc.core.stream_text import plain_text

DESCRIPTION_LENGTH = 160
_JSON_IN_SCRIPT = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}

# Open Graph wants territory-qualified locales.
OG_LOCALES = {
    "en": "en_GB",
    "es": "es_ES",
    "pt": "pt_BR",
    "fr": "fr_FR",
    "zh-hans": "zh_CN",
    "hi": "hi_IN",
    "id": "id_ID",
    "ja": "ja_JP",
    "ms": "ms_MY",
    "ko": "ko_KR",
    "th": "th_TH",
    "vi": "vi_VN",
}


def site_description():
    return _(
        "The European Union's programme for city-to-city and region-to-region cooperation "
        "with partners in Latin America, China, Asia and Australasia, and North America."
    )


def description(page):
    """The meta description: the SEO field, else the page's first text, else the site's."""
    if page is None:
        return site_description()
    for candidate in _description_candidates(page):
        text = plain_text(candidate)
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return site_description()


def _description_candidates(page):
    """Texts that may describe the page, best first, computed only as far as needed."""
    yield page.search_description
    yield getattr(page, "summary_text", "")
    yield getattr(page, "summary", "")
    yield getattr(page, "intro", "")
    for block in getattr(page, "body", None) or []:
        if block.block_type == "paragraph":
            yield block.value
            return


def json_ld(request, page, breadcrumbs):
    """Organization, WebSite with a SearchAction, and the page's BreadcrumbList."""
    home_url = request.build_absolute_uri(f"/{languages.active_language()}/")
    search_url = request.build_absolute_uri(reverse("search"))
    graph = [
        {
            "@type": "Organization",
            "@id": request.build_absolute_uri("/#organization"),
            "name": _("International Urban and Regional Cooperation"),
            "alternateName": "IURC",
            "url": home_url,
        },
        {
            "@type": "WebSite",
            "@id": request.build_absolute_uri("/#website"),
            "name": _("International Urban and Regional Cooperation"),
            "url": home_url,
            "inLanguage": translation.get_language(),
            "publisher": {"@id": request.build_absolute_uri("/#organization")},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search_url}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        },
    ]
    if page is not None and breadcrumbs:
        graph.append(
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "name": crumb.title,
                        "item": request.build_absolute_uri(page_url(request, crumb)),
                    }
                    for position, crumb in enumerate(breadcrumbs, start=1)
                ],
            }
        )
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    # Inside <script>, "</script>" would end the element and "<!--<script>" would make the
    # browser read past its end: a title holds no "<" there (as Django's json_script writes).
    return data.translate(_JSON_IN_SCRIPT)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        # The switcher's links set a cookie and redirect; crawlers find every language's page
        # through hreflang and the sitemap instead.
        "Disallow: /i18n/",
        *(f"Disallow: /{code}/search/" for code in languages.codes()),
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
