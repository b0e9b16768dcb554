"""/sitemap.xml: every live public page in every language, with its alternates.

Built from two queries whatever the number of pages: the URL of a page in a language is the
language prefix plus its ``url_path_<language>`` below the site root, as routing resolves it.
Above the protocol's 50,000 URLs per file, /sitemap.xml becomes an index of one file per
language.
"""

from xml.sax.saxutils import escape, quoteattr

from django.http import Http404, StreamingHttpResponse
from wagtail.models import Page, Site

from iurc.core import languages
from iurc.core.visibility import public_pages

MAX_URLS_PER_FILE = 50_000
URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _path_in(page_or_root, code):
    return languages.translated_value(page_or_root, "url_path", code)


class SiteMap:
    def __init__(self, request):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        self.base = request.build_absolute_uri("/").rstrip("/")
        self.root = site.root_page
        self.roots = {code: _path_in(self.root, code) for code in languages.codes()}
        self.pages = (
            public_pages(Page.objects.descendant_of(self.root, inclusive=True))
            .defer_streamfields()
            .order_by("path")
        )

    def url(self, page, code):
        root = self.roots[code]
        path = _path_in(page, code)
        if not path or not path.startswith(root):
            return None
        return f"{self.base}/{code}/{path[len(root) :]}"

    def entries(self, codes):
        for page in self.pages.iterator(chunk_size=2000):
            urls = {code: self.url(page, code) for code in languages.codes()}
            links = [(code, url) for code, url in urls.items() if url]
            default = urls.get(languages.default_language())
            if default:
                links.append(("x-default", default))
            alternates = "".join(
                f'    <xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(url)}/>\n'
                for code, url in links
            )
            lastmod = (
                f"    <lastmod>{page.last_published_at.date().isoformat()}</lastmod>\n"
                if page.last_published_at
                else ""
            )
            for code in codes:
                if urls[code]:
                    loc = f"    <loc>{escape(urls[code])}</loc>\n"
                    yield f"  <url>\n{loc}{lastmod}{alternates}  </url>\n"

    def urlset(self, codes):
        yield URLSET_OPEN
        yield from self.entries(codes)
        yield "</urlset>\n"

    def index(self):
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        for code in languages.codes():
            yield f"  <sitemap><loc>{escape(self.base)}/sitemap-{code}.xml</loc></sitemap>\n"
        yield "</sitemapindex>\n"


def _xml(chunks):
    return StreamingHttpResponse(chunks, content_type="application/xml; charset=utf-8")


def sitemap(request):
    site_map = SiteMap(request)
    if site_map.pages.count() * len(languages.codes()) > MAX_URLS_PER_FILE:
        return _xml(site_map.index())
    return _xml(site_map.urlset(languages.codes()))


def language_sitemap(request, code):
    if code not in languages.codes():
        raise Http404
    return _xml(SiteMap(request).urlset([code]))
