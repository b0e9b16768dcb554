"""/sitemap.xml: every live public page in every language, with its alternates.

A small site is one file. Above ``MAX_URLS_PER_FILE`` URLs, /sitemap.xml is an index of files
``/sitemap-<language>-<n>.xml``: file n of a language holds the public pages whose id is in the
n-th block of ``PAGES_PER_FILE`` ids, so a file is found by an index range (never by skipping
rows), keeps its URL as pages are added, and stays a few megabytes whatever the site's size.
/sitemap-<language>.xml is that language's pages: one file, or the index of its files.

Each file costs a fixed number of queries: the URL of a page in a language is the language
prefix plus its ``url_path_<language>`` below the site root, as routing resolves it. Files are
plain responses, so the page cache can keep them.
"""

from xml.sax.saxutils import escape

from django.db.models import F
from django.http import Http404, HttpResponse
from wagtail.models import Page, Site

from iurc.core import cache_tags, languages
from iurc.core.visibility import public_pages

MAX_URLS_PER_FILE = 5_000
# At most this many pages, so at most this many URLs, in a file of one language: about 0.8 MB
# with the alternates of twelve languages.
PAGES_PER_FILE = 500
# Wagtail's page ids are integers: a block past this one cannot hold a page.
LAST_BLOCK = (2**31 - 1) // PAGES_PER_FILE + 1
URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
# What a file reads of a page: the date first, then its path in every language.
COLUMNS = ("last_published_at", *languages.localized_fields("url_path"))
QUOTE = {'"': "&quot;"}


class SiteMap:
    def __init__(self, request):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        # Each page's date of publication: an agreement republished changes it.
        cache_tags.depends_on_every_page()
        self.base = request.build_absolute_uri("/").rstrip("/")
        self.root = site.root_page
        self.roots = {
            code: languages.translated_value(self.root, "url_path", code)
            for code in languages.codes()
        }
        self.pages = public_pages(Page.objects.descendant_of(self.root, inclusive=True))
        # {language: positions in a row of ``COLUMNS`` of its url_path fallback chain}
        position = {column: index for index, column in enumerate(COLUMNS)}
        self.chains = {
            code: [position[column] for column in languages.fallback_columns("url_path", code)]
            for code in languages.codes()
        }

    def url(self, row, code):
        """The URL of the page of ``row`` (a row of ``COLUMNS``) in ``code``, or None."""
        root = self.roots[code]
        path = next((row[index] for index in self.chains[code] if row[index]), "")
        if not path or not path.startswith(root):
            return None
        return f"{self.base}/{code}/{path[len(root) :]}"

    def entries(self, codes, pages=None):
        """One ``<url>`` per page of ``pages`` (every public page by default) and language of
        ``codes``, read as plain rows in one query."""
        rows = (self.pages if pages is None else pages).order_by("path").values_list(*COLUMNS)
        every = languages.codes()
        default = languages.default_language()
        for row in rows.iterator(chunk_size=PAGES_PER_FILE):
            # Escaped once, for <loc> and href alike: the quote too, for the attribute.
            urls = {}
            for code in every:
                url = self.url(row, code)
                if url:
                    urls[code] = escape(url, QUOTE)
            links = list(urls.items())
            if default in urls:
                links.append(("x-default", urls[default]))
            alternates = "".join(
                f'    <xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>\n'
                for code, url in links
            )
            lastmod = f"    <lastmod>{row[0]:%Y-%m-%d}</lastmod>\n" if row[0] else ""
            for code in codes:
                if code in urls:
                    yield f"  <url>\n    <loc>{urls[code]}</loc>\n{lastmod}{alternates}  </url>\n"

    def urlset(self, codes, pages=None):
        yield URLSET_OPEN
        yield from self.entries(codes, pages)
        yield "</urlset>\n"

    def is_one_file(self, languages_count):
        return self.pages.count() * languages_count <= MAX_URLS_PER_FILE

    def blocks(self):
        """The numbers of the blocks of ids that hold a public page, in order (one query)."""
        numbers = (
            self.pages.order_by()
            .annotate(block=F("pk") / PAGES_PER_FILE + 1)
            .values_list("block", flat=True)
            .distinct()
        )
        return sorted(numbers)

    def block(self, number):
        """The public pages of the block ``number``: a range of the primary key."""
        first = (number - 1) * PAGES_PER_FILE
        return self.pages.filter(pk__gte=first, pk__lt=first + PAGES_PER_FILE)

    def index(self, codes):
        """An index of the files of ``codes``, one per language and block of ids."""
        blocks = self.blocks()
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        for code in codes:
            for number in blocks:
                loc = f"{self.base}/sitemap-{code}-{number}.xml"
                yield f"  <sitemap><loc>{escape(loc)}</loc></sitemap>\n"
        yield "</sitemapindex>\n"


def _xml(chunks):
    return HttpResponse("".join(chunks), content_type="application/xml; charset=utf-8")


def sitemap(request):
    site_map = SiteMap(request)
    codes = languages.codes()
    if site_map.is_one_file(len(codes)):
        return _xml(site_map.urlset(codes))
    return _xml(site_map.index(codes))


def _block_number(value):
    """The block a file name asks for, written as the index writes it, or None."""
    if not value.isascii() or not value.isdigit() or value != str(int(value)):
        return None
    number = int(value)
    return number if 1 <= number <= LAST_BLOCK else None


def language_sitemap(request, code):
    """/sitemap-<language>.xml, or /sitemap-<language>-<n>.xml: one file of the index."""
    if code in languages.codes():
        site_map = SiteMap(request)
        if site_map.is_one_file(1):
            return _xml(site_map.urlset([code]))
        return _xml(site_map.index([code]))
    code, _dash, number = code.rpartition("-")
    number = _block_number(number)
    if code not in languages.codes() or number is None:
        raise Http404
    site_map = SiteMap(request)
    pages = site_map.block(number)
    if not pages.exists():
        raise Http404
    return _xml(site_map.urlset([code], pages))
