"""iurc/core/observatory.py scores as Mozilla's HTTP Observatory does (its tests in
mdn/mdn-http-observatory, algorithm version 6): made-up responses, one change at a time."""

import pytest

from iurc.core.observatory import Response, Scan, score

URL = "https://iurc.example.org/en/"
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: "
    "https://tile.openstreetmap.org; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'self'; object-src 'none'"
)
HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": POLICY,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
PAGE = '<html><head><script type="application/ld+json">{}</script></head><body></body></html>'


def scan_of(headers=None, body=PAGE, http=None, cookies=()):
    headers = {**HEADERS, **(headers or {})}
    pairs = [(name, value) for name, value in headers.items() if value is not None]
    pairs += [("Set-Cookie", cookie) for cookie in cookies]
    page = Response(URL, 200, pairs, body)
    http = http or [Response(URL.replace("https:", "http:"), 301, [("Location", URL)]), page]
    return Scan(https=[page], http=http, cors=Response(URL, 200, []))


def results(report):
    return {result.test: result.result for result in report.results}


def test_our_headers_score_140_with_each_bonus():
    report = score(scan_of())

    assert (report.score, report.grade) == (140, "A+")
    bonuses = {result.test: result.modifier for result in report.results if result.modifier}
    assert bonuses == {
        "content-security-policy": 10,
        "cross-origin-opener-policy": 10,
        "cross-origin-resource-policy": 10,
        "referrer-policy": 5,
        "x-frame-options": 5,
    }


def test_without_a_policy_the_bonuses_are_lost_as_the_issue_measured():
    report = score(scan_of({"Content-Security-Policy": None}))

    assert results(report)["content-security-policy"] == "csp-not-implemented"
    assert (report.score, report.grade) == (75, "B")


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            POLICY.replace("default-src 'none'", "default-src 'self'"),
            "csp-implemented-with-no-unsafe",
        ),
        (
            POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
            "csp-implemented-with-unsafe-inline",
        ),
        (
            POLICY.replace("script-src 'self'", "script-src 'self' 'nonce-abc' 'unsafe-inline'"),
            "csp-implemented-with-no-unsafe-default-src-none",
        ),
        (
            POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        (
            POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
            "csp-implemented-with-unsafe-eval",
        ),
        (
            POLICY.replace("object-src 'none'", "object-src https:"),
            "csp-implemented-with-unsafe-inline",
        ),
        (
            POLICY.replace("img-src 'self'", "img-src http://cdn.example"),
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
        ),
        (POLICY + "; script-src 'self'", "csp-header-invalid"),
        (POLICY.replace("script-src 'self'", "script-src 'strict-dynamic'"), "csp-header-invalid"),
    ],
)
def test_content_security_policy(policy, expected):
    assert (
        results(score(scan_of({"Content-Security-Policy": policy})))["content-security-policy"]
        == expected
    )


@pytest.mark.parametrize(
    ("cookies", "expected", "total"),
    [
        ([], "cookies-not-found", 140),
        (
            ["sessionid=1; Secure; HttpOnly; SameSite=Lax"],
            "cookies-secure-with-httponly-sessions-and-samesite",
            145,
        ),
        (["sessionid=1; Secure; SameSite=Lax"], "cookies-session-without-httponly-flag", 70),
        (["csrftoken=1; Secure"], "cookies-anticsrf-without-samesite-flag", 80),
        (["lang=vi; SameSite=Lax"], "cookies-without-secure-flag-but-protected-by-hsts", 135),
    ],
)
def test_cookies(cookies, expected, total):
    report = score(scan_of(cookies=cookies))

    assert results(report)["cookies"] == expected
    assert report.score == total


def test_plain_http_must_redirect_to_https_on_the_same_host():
    plain = Response("http://iurc.example.org/en/", 200, [])
    off_host = [
        Response("http://iurc.example.org/en/", 301, [("Location", "https://example.org/en/")]),
        Response("https://example.org/en/", 0),
    ]

    assert results(score(scan_of(http=[plain])))["redirection"] == "redirection-missing"
    assert results(score(scan_of(http=off_host)))["redirection"] == (
        "redirection-off-host-from-http"
    )


@pytest.mark.parametrize(
    ("headers", "test", "expected"),
    [
        (
            {"Strict-Transport-Security": "max-age=86400"},
            "strict-transport-security",
            "hsts-implemented-max-age-less-than-six-months",
        ),
        ({"Strict-Transport-Security": None}, "strict-transport-security", "hsts-not-implemented"),
        (
            {"X-Content-Type-Options": None},
            "x-content-type-options",
            "x-content-type-options-not-implemented",
        ),
        ({"Referrer-Policy": "unsafe-url"}, "referrer-policy", "referrer-policy-unsafe"),
        (
            {"Cross-Origin-Resource-Policy": "same-site"},
            "cross-origin-resource-policy",
            "cross-origin-resource-policy-implemented-with-same-site",
        ),
        (
            {"Cross-Origin-Resource-Policy": "nobody"},
            "cross-origin-resource-policy",
            "cross-origin-resource-policy-header-invalid",
        ),
        (
            {"Cross-Origin-Opener-Policy": 'same-origin; report-to="coop"'},
            "cross-origin-opener-policy",
            "coop-implemented-with-same-origin",
        ),
        (
            {"Cross-Origin-Embedder-Policy": "credentialless"},
            "cross-origin-embedder-policy",
            "coep-implemented-with-credentialless",
        ),
    ],
)
def test_other_headers(headers, test, expected):
    assert results(score(scan_of(headers)))[test] == expected


def test_x_frame_options_counts_through_frame_ancestors():
    report = score(scan_of({"X-Frame-Options": None}))

    assert results(report)["x-frame-options"] == "x-frame-options-implemented-via-csp"


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (
            '<script src="/static/a.js"></script>',
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        (
            '<script src="/static/a.js" integrity="sha384-x"></script>',
            "sri-implemented-and-all-scripts-loaded-securely",
        ),
        (
            '<script src="https://cdn.example.net/a.js"></script>',
            "sri-not-implemented-but-external-scripts-loaded-securely",
        ),
        (
            '<script src="http://cdn.example.net/a.js"></script>',
            "sri-not-implemented-and-external-scripts-not-loaded-securely",
        ),
    ],
)
def test_subresource_integrity(script, expected):
    report = score(scan_of(body=PAGE.replace("</head>", f"{script}</head>")))

    assert results(report)["subresource-integrity"] == expected
