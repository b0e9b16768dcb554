"""Mozilla's HTTP Observatory rubric, applied to our own responses.

The MDN HTTP Observatory (github.com/mdn/mdn-http-observatory, algorithm version 6: its
``src/analyzer/tests/*.js`` and ``src/grader/charts.js``) scores a site from 100: each of its
twelve tests gives a modifier, and bonuses count only when the score without them is at least
90. This module reimplements those tests from their description, so that ``manage.py
observatory_score`` can score pages of a server that the public Observatory cannot reach (a
local gunicorn, the test client) and a test can keep the score from falling.

What it cannot know locally it scores as a site that is not on the HSTS preload list (a
preloaded site gets 5 more for HSTS and cannot lose points for redirection).
"""

import http.client
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15_552_000  # The rubric's "six months" (180 days).
HTML_TYPES = {"text/html", "application/xhtml+xml"}
CORS_ORIGIN = "https://http-observatory.security.mozilla.org"

# Each result the rubric can give, with its modifier.
MODIFIERS = {
    # Content-Security-Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    # Subresource integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 5,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "cross-origin-resource-policy-implemented-with-same-origin": 10,
    "cross-origin-resource-policy-implemented-with-same-site": 10,
    "cross-origin-resource-policy-implemented-with-cross-origin": 0,
    "cross-origin-resource-policy-not-implemented": 0,
    "cross-origin-resource-policy-header-invalid": -5,
    # Cross-Origin-Opener-Policy
    "coop-implemented-with-same-origin": 10,
    "coop-implemented-with-same-origin-allow-popups": 10,
    "coop-implemented-with-noopener-allow-popups": 10,
    "coop-implemented-with-unsafe-none": 0,
    "coop-not-implemented": 0,
    "coop-header-invalid": -5,
    # Cross-Origin-Embedder-Policy
    "coep-implemented-with-require-corp": 10,
    "coep-implemented-with-credentialless": 10,
    "coep-implemented-with-unsafe-none": 0,
    "coep-not-implemented": 0,
    "coep-header-invalid": -5,
}


# --- What was fetched --------------------------------------------------------------------------


@dataclass
class Response:
    url: str  # as the visitor sees it: https://host/path
    status: int
    headers: list = field(default_factory=list)  # (name, value) pairs, repeated names kept
    body: str = ""

    def all(self, name):
        name = name.lower()
        return [value for key, value in self.headers if key.lower() == name]

    def first(self, name):
        values = self.all(name)
        return values[0] if values else None

    @property
    def location(self):
        if 300 <= self.status < 400 and self.first("Location"):
            return urljoin(self.url, self.first("Location"))
        return None

    @property
    def is_html(self):
        content_type = (self.first("Content-Type") or "").split(";", 1)[0].strip().lower()
        return content_type in HTML_TYPES


@dataclass
class Scan:
    """The responses the Observatory looks at for one address."""

    https: list  # the chain of responses from https://host/path, redirects followed
    http: list  # the same from http://host/path
    extra: list = field(default_factory=list)  # more responses whose cookies count
    cors: Response | None = None

    @property
    def page(self):
        return self.https[-1]


def follow(fetch, url, limit=10):
    """The responses from ``url`` through its redirects, staying on its host."""
    chain = [fetch(url)]
    while chain[-1].location and len(chain) <= limit:
        target = chain[-1].location
        if urlsplit(target).netloc != urlsplit(url).netloc:
            chain.append(Response(target, 0))  # elsewhere: its address is all we know
            break
        chain.append(fetch(target))
    return chain


def scan(fetch, host, path):
    """``fetch(url, method="GET", headers=None)`` answers a Response without following
    redirects, as the Observatory's retriever asks: the page over HTTPS and plain HTTP,
    /robots.txt for cookies, and a CORS preflight."""
    https = follow(fetch, f"https://{host}{path}")
    return Scan(
        https=https,
        http=follow(fetch, f"http://{host}{path}"),
        extra=[fetch(f"https://{host}/robots.txt")],
        cors=fetch(
            https[-1].url,
            method="OPTIONS",
            headers={"Origin": CORS_ORIGIN, "Access-Control-Request-Method": "GET"},
        ),
    )


# --- The tests ---------------------------------------------------------------------------------


@dataclass
class Result:
    test: str
    result: str
    detail: str = ""

    @property
    def modifier(self):
        return MODIFIERS[self.result]


def only_if_worse(new, old, order):
    if old is None or order.index(new) > order.index(old):
        return new
    return old


class _Markup(HTMLParser):
    """The <meta http-equiv> values and <script> tags of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.http_equiv = {}
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta" and attributes.get("http-equiv"):
            name = attributes["http-equiv"].lower()
            self.http_equiv.setdefault(name, []).append(attributes.get("content", ""))
        elif tag == "script":
            self.scripts.append(attributes)


def markup(response):
    parser = _Markup()
    if response.is_html:
        parser.feed(response.body)
        parser.close()
    return parser


class InvalidPolicy(ValueError):
    pass


DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*"}
DANGEROUSLY_BROAD |= {"https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
BROAD_OR_INLINE = DANGEROUSLY_BROAD | UNSAFE_INLINE
NONCE_OR_HASH = ("'nonce-", "'sha256-", "'sha384-", "'sha512-")


def parse_policies(values):
    """Directives of one or more policies as {directive: set of sources}.

    Several policies all apply, so a source counts only when every policy that sets the
    directive allows it (the Observatory's own merge also matches paths; ours does not).
    """
    merged = {}
    duplicates = False
    policies = [policy.strip() for value in values for policy in value.split(",")]
    for policy in policies:
        if len(policy) < len("img-src") - 1:
            raise InvalidPolicy(policy)
        seen = {}
        for entry in policy.replace("\r", "").replace("\n", "").split(";"):
            words = entry.split()
            if not words:
                continue
            directive, sources = words[0].lower(), {source.lower() for source in words[1:]}
            if directive in seen:
                if directive not in {"report-uri", "report-to"}:
                    raise InvalidPolicy(f"{directive} twice")
                duplicates = True
                continue
            if not sources and directive.endswith("-src"):
                sources = {"'none'"}
            seen[directive] = sources
        for directive, sources in seen.items():
            merged[directive] = merged[directive] & sources if directive in merged else sources
            merged[directive] = merged[directive] or {"'none'"}
    return merged, duplicates


def content_security_policy(scan):
    page = scan.page
    headers = page.all("Content-Security-Policy")
    metas = markup(page).http_equiv.get("content-security-policy", [])
    if not headers and not metas:
        if page.first("Content-Security-Policy-Report-Only"):
            return Result("content-security-policy", "csp-not-implemented-but-reporting-enabled")
        return Result("content-security-policy", "csp-not-implemented")
    try:
        csp, duplicates = parse_policies(headers + metas)
        header_only, _ = parse_policies(headers) if headers else ({}, False)
    except InvalidPolicy as error:
        return Result("content-security-policy", "csp-header-invalid", str(error))
    for directive in ("frame-ancestors", "report-uri", "sandbox"):  # header only
        if directive in csp and directive not in header_only:
            del csp[directive]

    def sources(*directives):
        for directive in directives:
            if directive in csp:
                return set(csp[directive])
        return {"*"}

    script_src = sources("script-src", "default-src")
    style_src = sources("style-src", "default-src")
    object_src = sources("object-src", "default-src")
    for source_list in (script_src, style_src):
        if any(source.startswith(NONCE_OR_HASH) for source in source_list):
            source_list.discard("'unsafe-inline'")  # browsers ignore it beside a nonce or hash
    result = None
    if "'strict-dynamic'" in script_src:
        if not any(source.startswith(NONCE_OR_HASH) for source in script_src):
            result = "csp-header-invalid"
        script_src = {
            source
            for source in script_src
            if source not in {"'self'", "'unsafe-inline'"}
            and not any(source.startswith(broad) for broad in DANGEROUSLY_BROAD)
        }
    https = page.url.startswith("https:")
    passive = {"img-src", "media-src"}
    active_sources = [
        source
        for directive, values in csp.items()
        if directive not in passive and directive != "script-src"
        for source in values
    ] + list(script_src)
    passive_sources = [
        source for directive in passive for source in csp.get(directive, csp.get("default-src", []))
    ]

    def insecure(values):
        return https and any(value.startswith(("http:", "ftp:")) for value in values)

    checks = [
        (
            script_src & BROAD_OR_INLINE or object_src & DANGEROUSLY_BROAD,
            "csp-implemented-with-unsafe-inline",
        ),
        (insecure(active_sources), "csp-implemented-with-insecure-scheme"),
        ("'unsafe-eval'" in script_src | style_src, "csp-implemented-with-unsafe-eval"),
        (
            insecure(passive_sources),
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
        ),
        (style_src & BROAD_OR_INLINE, "csp-implemented-with-unsafe-inline-in-style-src-only"),
        (csp.get("default-src") == {"'none'"}, "csp-implemented-with-no-unsafe-default-src-none"),
        (True, "csp-implemented-with-no-unsafe"),
    ]
    result = result or next(name for failed, name in checks if failed)
    passing = {
        "csp-implemented-with-no-unsafe",
        "csp-implemented-with-no-unsafe-default-src-none",
        "csp-implemented-with-unsafe-inline-in-style-src-only",
        "csp-implemented-with-insecure-scheme-in-passive-content-only",
    }
    if result in passing and duplicates:
        result = "csp-implemented-but-duplicate-directives"
    return Result("content-security-policy", result, _policy_summary(csp))


def _policy_summary(csp):
    return "; ".join(f"{name} {' '.join(sorted(values))}" for name, values in sorted(csp.items()))


COOKIE_ORDER = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def parse_cookie(header):
    name_value, *attributes = header.split(";")
    cookie = {"name": name_value.split("=", 1)[0].strip(), "samesite": None}
    cookie["secure"] = cookie["httponly"] = False
    for attribute in attributes:
        key, _, value = attribute.strip().partition("=")
        key = key.strip().lower()
        if key in {"secure", "httponly"}:
            cookie[key] = True
        elif key == "samesite":
            cookie["samesite"] = value.strip()
    return cookie


def cookies(scan):
    hsts = strict_transport_security(scan).result in {
        "hsts-implemented-max-age-at-least-six-months",
        "hsts-preloaded",
    }
    responses = [*scan.http, *scan.https, *scan.extra]
    headers = [header for response in responses for header in response.all("Set-Cookie")]
    result = None
    for header in scan.page.all("Set-Cookie"):
        samesite = parse_cookie(header)["samesite"]
        if samesite is not None and samesite.lower() not in {"lax", "strict", "none"}:
            result = only_if_worse("cookies-samesite-flag-invalid", result, COOKIE_ORDER)
    jar = {cookie["name"]: cookie for cookie in map(parse_cookie, headers) if cookie["name"]}
    if not jar:
        return Result("cookies", "cookies-not-found")
    for cookie in jar.values():
        name = cookie["name"].lower()
        session = "login" in name or "sess" in name
        samesite = (cookie["samesite"] or "").lower()
        if not cookie["secure"] and samesite == "none":
            result = only_if_worse("cookies-samesite-flag-invalid", result, COOKIE_ORDER)
        if not cookie["secure"]:
            worse = "cookies-without-secure-flag" + ("-but-protected-by-hsts" if hsts else "")
            result = only_if_worse(worse, result, COOKIE_ORDER)
        if "csrf" in name and not samesite:
            result = only_if_worse("cookies-anticsrf-without-samesite-flag", result, COOKIE_ORDER)
        if session and not cookie["secure"]:
            worse = "cookies-session-without-secure-flag" + (
                "-but-protected-by-hsts" if hsts else ""
            )
            result = only_if_worse(worse, result, COOKIE_ORDER)
        if session and not cookie["httponly"]:
            result = only_if_worse("cookies-session-without-httponly-flag", result, COOKIE_ORDER)
    if result is None:
        if all(cookie["samesite"] for cookie in jar.values()):
            result = "cookies-secure-with-httponly-sessions-and-samesite"
        else:
            result = "cookies-secure-with-httponly-sessions"
    return Result("cookies", result, ", ".join(sorted(jar)))


def cross_origin_resource_sharing(scan):
    response = scan.cors
    allowed = response.first("Access-Control-Allow-Origin") if response else None
    if not allowed:
        return Result(
            "cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented"
        )
    allowed = allowed[:256].strip().lower()
    credentials = (response.first("Access-Control-Allow-Credentials") or "").strip().lower()
    if allowed == "*":
        result = "cross-origin-resource-sharing-implemented-with-public-access"
    elif allowed == CORS_ORIGIN and credentials == "true":
        result = "cross-origin-resource-sharing-implemented-with-universal-access"
    else:
        result = "cross-origin-resource-sharing-implemented-with-restricted-access"
    return Result("cross-origin-resource-sharing", result, allowed)


def redirection(scan):
    route = [urlsplit(response.url) for response in scan.http]
    detail = " → ".join(response.url for response in scan.http)
    if len(route) == 1:
        result = "redirection-missing"
    elif route[-1].scheme != "https":
        result = "redirection-not-to-https"
    elif route[1].scheme == "http":
        result = "redirection-not-to-https-on-initial-redirection"
    elif route[0].hostname != route[1].hostname:
        result = "redirection-off-host-from-http"
    else:
        result = "redirection-to-https"
    return Result("redirection", result, detail)


REFERRER_PRIVATE = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
REFERRER_UNSAFE = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}


def referrer_policy(scan):
    values = scan.page.all("Referrer-Policy") + markup(scan.page).http_equiv.get(
        "referrer-policy", []
    )
    if not values:
        return Result("referrer-policy", "referrer-policy-not-implemented")
    tokens = [token.strip().lower() for token in ",".join(values).split(",")]
    valid = [token for token in tokens if token in REFERRER_PRIVATE | REFERRER_UNSAFE]
    policy = valid[-1] if valid else ""
    if policy in REFERRER_PRIVATE:
        result = "referrer-policy-private"
    elif policy in REFERRER_UNSAFE:
        result = "referrer-policy-unsafe"
    else:
        result = "referrer-policy-header-invalid"
    return Result("referrer-policy", result, policy)


def strict_transport_security(scan):
    header = scan.page.first("Strict-Transport-Security")
    if header is None:
        return Result("strict-transport-security", "hsts-not-implemented")
    header = header[:1024]
    max_age = None
    for parameter in header.split(";"):
        parameter = parameter.strip().lower()
        if parameter.startswith("max-age="):
            digits = re.match(r"\d+", parameter[8:128])
            max_age = int(digits.group()) if digits else None
    if "," in header or max_age is None:
        return Result("strict-transport-security", "hsts-header-invalid", header)
    if max_age < SIX_MONTHS:
        return Result("strict-transport-security", "hsts-implemented-max-age-less-than-six-months")
    return Result(
        "strict-transport-security", "hsts-implemented-max-age-at-least-six-months", header
    )


SRI_ORDER = [
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
]


def _site(hostname):
    """The registrable domain, near enough: the last two labels."""
    return ".".join((hostname or "").split(".")[-2:])


def subresource_integrity(scan):
    page = scan.page
    if not page.is_html:
        return Result("subresource-integrity", "sri-not-implemented-response-not-html")
    scripts = markup(page).scripts
    if not scripts:
        return Result("subresource-integrity", "sri-not-implemented-but-no-scripts-loaded")
    result = None
    foreign = False
    own_site = _site(urlsplit(page.url).hostname)
    for script in scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = bool(script.get("integrity"))
        relative_protocol = src.startswith("//") and not src.startswith("///")
        absolute = re.match(r"https?://", src) is not None
        same_site = relative_protocol or not absolute or _site(urlsplit(src).hostname) == own_site
        secure_origin = not absolute and not relative_protocol or (same_site and absolute)
        secure_scheme = src.startswith("https://") or (
            not absolute and not relative_protocol and page.url.startswith("https:")
        )
        if not secure_origin:
            foreign = True
            if integrity and not secure_scheme:
                new = "sri-implemented-but-external-scripts-not-loaded-securely"
            elif not integrity and secure_scheme:
                new = "sri-not-implemented-but-external-scripts-loaded-securely"
            elif not integrity:
                new = "sri-not-implemented-and-external-scripts-not-loaded-securely"
            else:
                continue
            result = only_if_worse(new, result, SRI_ORDER)
        elif integrity and secure_scheme and result is None:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if result is None:
        result = (
            "sri-implemented-and-external-scripts-loaded-securely"
            if foreign
            else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
        )
    return Result("subresource-integrity", result)


def x_content_type_options(scan):
    header = scan.page.first("X-Content-Type-Options")
    if header is None:
        return Result("x-content-type-options", "x-content-type-options-not-implemented")
    if header[:256].strip().lower() == "nosniff":
        return Result("x-content-type-options", "x-content-type-options-nosniff")
    return Result("x-content-type-options", "x-content-type-options-header-invalid", header)


def x_frame_options(scan):
    header = scan.page.first("X-Frame-Options")
    value = (header or "")[:1024].strip().lower()
    if header is None:
        result = "x-frame-options-not-implemented"
    elif value in {"deny", "sameorigin"}:
        result = "x-frame-options-sameorigin-or-deny"
    elif value.startswith("allow-from"):
        result = "x-frame-options-allow-from-origin"
    else:
        result = "x-frame-options-header-invalid"
    headers = scan.page.all("Content-Security-Policy")
    try:
        frame_ancestors = headers and "frame-ancestors" in parse_policies(headers)[0]
    except InvalidPolicy:
        frame_ancestors = False
    if frame_ancestors:
        result = "x-frame-options-implemented-via-csp"
    return Result("x-frame-options", result, header or "")


def cross_origin_resource_policy(scan):
    header = ", ".join(scan.page.all("Cross-Origin-Resource-Policy"))
    if not header:
        metas = markup(scan.page).http_equiv.get("cross-origin-resource-policy", [])
        header = metas[-1] if metas else ""
    value = header[:256].strip().lower()
    results = {
        "": "cross-origin-resource-policy-not-implemented",
        "same-site": "cross-origin-resource-policy-implemented-with-same-site",
        "same-origin": "cross-origin-resource-policy-implemented-with-same-origin",
        "cross-origin": "cross-origin-resource-policy-implemented-with-cross-origin",
    }
    result = results.get(value, "cross-origin-resource-policy-header-invalid")
    return Result("cross-origin-resource-policy", result, value)


def _token(value):
    """An RFC 8941 item's bare token, without its parameters; None if it is not a token."""
    bare = value.strip().split(";", 1)[0].strip()
    return bare if re.fullmatch(r"[A-Za-z*][A-Za-z0-9!#$%&'*+\-.^_`|~:/]*", bare) else None


def _isolation(scan, header, prefix, tokens, test):
    values = scan.page.all(header)
    if len(values) > 1:
        return Result(test, f"{prefix}-header-invalid")
    if not values:
        return Result(test, f"{prefix}-not-implemented")
    token = _token(values[0][:1024])
    if token not in tokens:
        return Result(test, f"{prefix}-header-invalid", values[0])
    return Result(test, f"{prefix}-implemented-with-{token}", token)


def cross_origin_opener_policy(scan):
    tokens = {"same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none"}
    return _isolation(
        scan, "Cross-Origin-Opener-Policy", "coop", tokens, "cross-origin-opener-policy"
    )


def cross_origin_embedder_policy(scan):
    tokens = {"require-corp", "credentialless", "unsafe-none"}
    return _isolation(
        scan, "Cross-Origin-Embedder-Policy", "coep", tokens, "cross-origin-embedder-policy"
    )


TESTS = [
    content_security_policy,
    cookies,
    cross_origin_embedder_policy,
    cross_origin_opener_policy,
    cross_origin_resource_sharing,
    redirection,
    referrer_policy,
    strict_transport_security,
    subresource_integrity,
    x_content_type_options,
    x_frame_options,
    cross_origin_resource_policy,
]


@dataclass
class Report:
    results: list
    score: int

    @property
    def grade(self):
        return grade(self.score)


def grade(score):
    return next(letter for floor, letter in GRADES if max(score, 0) >= floor)


def score(scan):
    results = [test(scan) for test in TESTS]
    with_bonuses = 100 + sum(result.modifier for result in results)
    without_bonuses = 100 + sum(min(result.modifier, 0) for result in results)
    if without_bonuses >= MINIMUM_SCORE_FOR_EXTRA_CREDIT:
        return Report(results, with_bonuses)
    return Report(results, without_bonuses)


# --- Fetching ----------------------------------------------------------------------------------


def client_fetcher(client):
    """Requests through Django's test client (this process, these settings), HTTPS as a
    TLS-terminating proxy passes it on."""

    def fetch(url, method="GET", headers=None):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        secure = parts.scheme == "https"
        request_headers = {"Host": parts.netloc, **(headers or {})}
        if secure:
            request_headers["X-Forwarded-Proto"] = "https"
        response = client.generic(method, path, secure=secure, headers=request_headers)
        pairs = list(response.items())
        pairs += [("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values()]
        result = Response(url, response.status_code, pairs)
        if result.is_html and not response.streaming:
            result.body = response.content.decode(response.charset or "utf-8", "replace")
        return result

    return fetch


def http_fetcher(base_url):
    """Requests to a running server (gunicorn at ``base_url``), as a TLS-terminating proxy
    passes them on: the visitor's Host, and X-Forwarded-Proto for HTTPS."""
    base = urlsplit(base_url)

    def fetch(url, method="GET", headers=None):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        request_headers = {
            "Host": parts.netloc,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            **(headers or {}),
        }
        if parts.scheme == "https":
            request_headers["X-Forwarded-Proto"] = "https"
        connection = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=60)
        try:
            connection.request(method, path or "/", headers=request_headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        result = Response(url, response.status, response.getheaders())
        if result.is_html:
            charset = response.headers.get_content_charset() or "utf-8"
            result.body = content.decode(charset, "replace")
        return result

    return fetch
