"""Fuzzing the public site: find every public URL as a visitor would, then send it bad input.

``fuzz_public_urls`` (the command) drives this. Nothing here knows the site's apps: the URLs
are found by following links, so a new view or parameter is fuzzed as soon as a page links to
it.

1. ``Crawler`` starts from the root, every language's home page, the sitemaps, robots.txt and
   the API root, and follows every link to this site: ``href``s and GET forms' fields in HTML,
   URLs in JSON (and ``<list>/<id>/`` for each item with an ``id`` of a JSON list). Each answer
   is filed under its *kind*: the template of a page or a database view (one per page type),
   the content type of a download, else the URL's name (``search``, ``api:agreements-list``,
   ``choose_language``…). Up to ``per_folder`` paths of a folder are followed (a folder per
   language) and up to ``per_path_queries`` query strings of a path: facet links combine
   without end, and one agreement page is fuzzed as well as seventy.
2. ``Mutator`` turns a URL of a kind into one with a bad query string or path: Unicode digits
   (² ① ٣), huge and negative numbers, floats, control characters, bytes that are not UTF-8,
   malformed percent-escapes, very long values, empty and bare parameters, repeats, brackets,
   odd names, another or no language prefix, an extra or altered path segment, odd
   ``next`` targets for the language switcher, odd language cookies and Accept-Language.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, quote_from_bytes, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

# Parameters tried on every URL besides those the crawl meets in links and forms.
COMMON_PARAMETERS = ("page", "page_size", "lang", "format", "q", "next", "ordering", "id")
UNICODE_DIGITS = "²³¹①⑳⑴٣۳३৩３𝟗߂๓〇"
INVALID_UTF8 = ("%FF", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%C2", "%E2%82", "%80")
MALFORMED_ESCAPES = ("%", "%G1", "%%", "%2", "%u2603")
ODD_VALUES = (
    "",
    " ",
    "last",
    "0",
    "00",
    "-0",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "'",
    '"',
    "\\",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "%(value)s",
    "{page_number}",
    "${jndi:ldap://x}",
    "1;DROP TABLE x",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "1.5",
    "0x10",
    "+7",
    "1_000",
    " 7 ",
)
ODD_NEXT = (
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example/",
    "/%2F%2Fevil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "/en/%0D%0ASet-Cookie:%20x=1",
    "http:/evil.example",
    "/%09/evil.example",
    "///evil.example",
)


def local_path(url, host):
    """``url`` as a path with its query on this site, or None when it leads elsewhere."""
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc.split(":")[0] not in (host, "testserver"):
        return None
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class LinkParser(HTMLParser):
    """The links of an HTML page, and the names of its GET forms' fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = defaultdict(set)  # GET form action -> its fields' names
        self._get_form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._get_form = attrs.get("action") or ""
            self.links.append(self._get_form)
        elif self._get_form is not None and tag in ("input", "select") and attrs.get("name"):
            self.forms[self._get_form].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = None


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def kind_of(response, path):
    """What kind of answer this is (see the module docstring)."""
    template = getattr(response, "template_name", None)
    if isinstance(template, list | tuple):
        template = template[0] if template else None
    if template and 200 <= response.status_code < 300:
        return str(getattr(template, "template", template))
    content_type = response.get("Content-Type", "").split(";")[0]
    if response.streaming and content_type:
        return f"download {content_type}"
    try:
        name = resolve(urlsplit(path).path).view_name
    except Resolver404:
        name = "unresolved"
    if 300 <= response.status_code < 400:
        return f"redirect from {name}"
    if response.status_code >= 400:
        return f"{response.status_code} from {name}"
    return name


@dataclass
class Crawler:
    """Follows the links of the public site (see the module docstring)."""

    fetch: object  # path -> response, read to its end
    host: str
    limit: int = 3000
    per_folder: int = 10
    per_path_queries: int = 6
    kinds: dict = field(default_factory=lambda: defaultdict(list))
    parameter_names: set = field(default_factory=lambda: set(COMMON_PARAMETERS))
    # The parameters each path is seen with, in links to it and in GET forms sent to it.
    names_by_path: dict = field(default_factory=lambda: defaultdict(set))
    parameter_values: set = field(default_factory=set)
    requests: int = 0
    _seen: set = field(default_factory=set)
    _buckets: dict = field(default_factory=lambda: defaultdict(int))
    _queue: list = field(default_factory=list)

    def seeds(self):
        codes = [code for code, _name in settings.LANGUAGES]
        return [
            "/",
            "/api/v1/",
            "/sitemap.xml",
            "/robots.txt",
            "/i18n/setlang/",
            *(f"/{code}/" for code in codes),
            *(f"/sitemap-{code}.xml" for code in codes),
        ]

    def _bucket(self, path):
        parts = urlsplit(path)
        if parts.query:
            return ("query", parts.path), self.per_path_queries
        folder = parts.path.rstrip("/").rsplit("/", 1)[0]
        return ("folder", folder), self.per_folder

    def add(self, path, seed=False):
        if path is None or path.startswith(settings.STATIC_URL):
            return
        parts = urlsplit(path)
        for name, value in parse_qsl(parts.query, True):
            self.names_by_path[parts.path].add(name)
            self.parameter_names.add(name)
            self.parameter_values.add(value)
        if path in self._seen:
            return
        bucket, cap = self._bucket(path)
        if self._buckets[bucket] >= cap and not seed:
            return
        self._seen.add(path)
        self._buckets[bucket] += 1
        self._queue.append(path)

    def crawl(self):
        for path in self.seeds():
            self.add(path, seed=True)
        position = 0
        while position < len(self._queue) and self.requests < self.limit:
            path = self._queue[position]
            position += 1
            response, body = self.fetch(path)
            self.requests += 1
            self.kinds[kind_of(response, path)].append(path)
            for link in self.links(path, response, body):
                self.add(local_path(link, self.host))
        return self.kinds

    def names_by_kind(self):
        """{kind: the parameters its URLs are seen with}."""
        return {
            kind: set().union(*(self.names_by_path[urlsplit(path).path] for path in paths))
            for kind, paths in self.kinds.items()
        }

    def links(self, path, response, body):
        if 300 <= response.status_code < 400 and response.get("Location"):
            return [response["Location"]]
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            parser = LinkParser()
            parser.feed(body.decode("utf-8", "replace"))
            base = urlsplit(path).path
            for action, names in parser.forms.items():
                target = local_path(action, self.host) if action else base
                if target:
                    self.names_by_path[urlsplit(target).path] |= names
                    self.parameter_names |= names
            return [
                link if link.startswith(("/", "http")) else base + link for link in parser.links
            ]
        if content_type.startswith("application/json") and response.status_code == 200:
            payload = json.loads(body)
            links = [text for text in _json_strings(payload) if text.startswith(("/", "http"))]
            items = payload.get("results") if isinstance(payload, dict) else None
            base = urlsplit(path).path
            for item in items or []:
                if isinstance(item, dict) and isinstance(item.get("id"), int):
                    links.append(f"{base}{item['id']}/")
            return links
        return []


class Mutator:
    """Bad versions of good URLs (see the module docstring)."""

    def __init__(self, rng, parameter_names, parameter_values=(), names_by_kind=None):
        self.rng = rng
        self.all_names = sorted(parameter_names)
        self.names_by_kind = {
            kind: sorted(names) for kind, names in (names_by_kind or {}).items() if names
        }
        self.names = self.all_names
        self.values = sorted(parameter_values) or ["1"]
        self.languages = [code for code, _name in settings.LANGUAGES]

    # --- Values ------------------------------------------------------------------------------

    def text(self):
        """Random Unicode text (surrogates excluded: a URL holds UTF-8), percent-encoded."""
        rng = self.rng
        chars = []
        for _ in range(rng.randint(1, 12)):
            top = rng.choice((0x80, 0x800, 0x10000, 0x110000))
            code = rng.randrange(top)
            chars.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd")
        return quote("".join(chars), safe="")

    def value(self):
        """A bad value, as it stands in a URL (percent-encoded where it needs to be)."""
        rng = self.rng
        choice = rng.randrange(12)
        if choice == 0:
            digits = [rng.choice(UNICODE_DIGITS + "0123456789") for _ in range(rng.randint(0, 3))]
            digits.insert(rng.randint(0, len(digits)), rng.choice(UNICODE_DIGITS))
            return quote("".join(digits), safe="")
        if choice == 1:
            return str(rng.randrange(10**18, 10 ** rng.randint(19, 80)))
        if choice == 2:
            return "-" + str(rng.randrange(1, 10 ** rng.randint(1, 30)))
        if choice == 3:
            return quote(rng.choice(ODD_VALUES), safe="")
        if choice == 4:
            controls = [chr(rng.choice([*range(32), 127, 0x85, 0x2028, 0x200B, 0xFEFF]))]
            return quote(rng.choice(self.values) + "".join(controls), safe="")
        if choice == 5:
            return rng.choice(INVALID_UTF8) + rng.choice(("", "1", rng.choice(self.values)))
        if choice == 6:
            return rng.choice(MALFORMED_ESCAPES)
        if choice == 7:
            return rng.choice("9a%C2%B2") * rng.choice((300, 2000, 9000))
        if choice == 8:
            return quote(rng.choice(self.values), safe="") + quote(rng.choice(UNICODE_DIGITS))
        if choice == 9:
            return quote_from_bytes(rng.randbytes(rng.randint(1, 10)), safe="")
        if choice == 10:
            return rng.choice(self.values)
        return self.text()

    def name(self):
        rng = self.rng
        name = rng.choice(self.names)
        choice = rng.randrange(10)
        if choice == 0:
            return f"{name}[]"
        if choice == 1:
            return f"{name}[{rng.randrange(3)}]"
        if choice == 2:
            return self.text()
        if choice == 3:
            return quote(name.upper())
        return name

    # --- URLs --------------------------------------------------------------------------------

    def mutate(self, path, kind=None):
        """``path`` with one to three mutations, and the request headers to send it with.

        Parameter names are mostly those URLs of this ``kind`` are seen with, where a value
        reaches the code; sometimes any other.
        """
        own = self.names_by_kind.get(kind)
        self.names = own if own and self.rng.random() < 0.7 else self.all_names
        headers = {}
        for _ in range(self.rng.choice((1, 1, 1, 2, 3))):
            mutation = self.rng.choice(self.MUTATIONS)
            path = mutation(self, path, headers)
        return path, headers

    def _split(self, path):
        parts = urlsplit(path)
        return parts.path, [pair.split("=", 1) for pair in parts.query.split("&") if pair]

    def _join(self, path, pairs):
        query = "&".join("=".join(pair) for pair in pairs)
        return f"{path}?{query}" if query else path

    def set_value(self, path, headers):
        path, pairs = self._split(path)
        if pairs:
            pair = self.rng.choice(pairs)
            pair[1:] = [self.value()]
        else:
            pairs.append([self.rng.choice(self.names), self.value()])
        return self._join(path, pairs)

    def add_parameter(self, path, headers):
        path, pairs = self._split(path)
        pairs.append([self.name(), self.value()])
        return self._join(path, pairs)

    def repeat_parameter(self, path, headers):
        path, pairs = self._split(path)
        name = pairs[0][0] if pairs and self.rng.random() < 0.5 else self.rng.choice(self.names)
        pairs += [[name, self.value()] for _ in range(self.rng.randint(2, 4))]
        return self._join(path, pairs)

    def bare_parameter(self, path, headers):
        path, pairs = self._split(path)
        name = self.rng.choice(self.names)
        pairs.append([name] if self.rng.random() < 0.5 else [name, ""])
        return self._join(path, pairs)

    def many_parameters(self, path, headers):
        path, pairs = self._split(path)
        pairs += [[self.name(), self.value()] for _ in range(self.rng.randint(5, 40))]
        return self._join(path, pairs)

    def mutate_segment(self, path, headers):
        path, pairs = self._split(path)
        segments = path.split("/")
        inner = [index for index, segment in enumerate(segments) if segment]
        if inner:
            index = self.rng.choice(inner)
            segment = segments[index]
            choice = self.rng.randrange(4)
            if choice == 0 and segment.isdigit():
                segments[index] = quote(self.rng.choice(UNICODE_DIGITS)) + segment
            elif choice == 1:
                segments[index] = str(self.rng.randrange(10 ** self.rng.randint(1, 40)))
            elif choice == 2:
                segments[index] = segment + self.value()
            else:
                segments[index] = self.value()
        return self._join("/".join(segments), pairs)

    def change_language(self, path, headers):
        path, pairs = self._split(path)
        segments = path.split("/")
        if len(segments) > 2 and segments[1] in self.languages:
            choice = self.rng.randrange(3)
            if choice == 0:
                segments[1] = self.rng.choice(self.languages)
            elif choice == 1:
                del segments[1]
            else:
                segments[1] = self.rng.choice(("xx", "zh", "EN", "en-gb", "zh-Hans", "%C2%B2"))
        return self._join("/".join(segments), pairs)

    def change_shape(self, path, headers):
        path, pairs = self._split(path)
        choice = self.rng.randrange(4)
        if choice == 0:
            path = path.rstrip("/") or "/"
        elif choice == 1:
            path = path + self.rng.choice(("extra/", "1/", "%C2%B2/", "../", "./", "%2e%2e/"))
        elif choice == 2:
            path = path.replace("/", "//", 1)
        else:
            path = path + ";" + self.value()
        return self._join(path, pairs)

    def odd_next(self, path, headers):
        language = self.rng.choice(self.languages)
        if self.rng.random() < 0.5:
            target = quote(self.rng.choice(ODD_NEXT), safe="%/:")
        else:
            target = quote(self.rng.choice((path, f"/{language}/")), safe="") + self.value()
        return f"/i18n/language/{language}/?next={target}"

    def odd_headers(self, path, headers):
        value = self.rng.choice((*UNICODE_DIGITS, "xx", "", "en;q=NaN", "*", "zh-Hant-TW", "\x7f"))
        if self.rng.random() < 0.5:
            headers["HTTP_ACCEPT_LANGUAGE"] = value
        else:
            headers["HTTP_COOKIE"] = f"{settings.LANGUAGE_COOKIE_NAME}={quote(value)}"
        return path

    MUTATIONS = (
        set_value,
        set_value,
        set_value,
        add_parameter,
        add_parameter,
        repeat_parameter,
        bare_parameter,
        many_parameters,
        mutate_segment,
        mutate_segment,
        change_language,
        change_shape,
        odd_next,
        odd_headers,
    )


def mutated_requests(crawler, count, rng):
    """``count`` mutated ``(path, headers, kind)`` from what ``crawler`` found, spread evenly
    over the kinds and, within a kind, over its URLs."""
    kinds = crawler.kinds
    mutator = Mutator(
        rng, crawler.parameter_names, crawler.parameter_values, crawler.names_by_kind()
    )
    names = sorted(kinds)
    for number in range(count):
        kind = names[number % len(names)]
        path, headers = mutator.mutate(rng.choice(kinds[kind]), kind)
        yield path, headers, kind
