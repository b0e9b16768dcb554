"""axe-core finds no serious or critical WCAG 2.1 AA violation, in five languages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

LANGUAGES = ["en", "vi", "zh-hans", "th", "hi"]
PAGES = {
    "home": "/{lang}/",
    "about": "/{lang}/about/",
    "region": "/{lang}/regions/asia-australasia/",
    "phase": "/{lang}/programme/iurc/",
    "agreement list": "/{lang}/agreements/",
    "agreement map": "/{lang}/agreements/map/",
    "agreement statistics": "/{lang}/agreements/statistics/",
    "agreement": "/{lang}/agreements/barcelona-new-york-city/",
    "event list": "/{lang}/events/",
    "event": "/{lang}/events/example-asia-australasia-regional-forum/",
    "call list": "/{lang}/calls/",
    "call": "/{lang}/calls/european-cities-asia-australasia/",
    "publication library": "/{lang}/publications/",
    "publication": "/{lang}/publications/iurc-at-a-glance/",
    "search": "/{lang}/search/?q=city",
    "newsletter sign-up": "/{lang}/newsletter/",
    "404": "/{lang}/no-such-page/",
}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Views of the agreements database sit under the list's translated slug, which only the list's
# own URL redirects to: they are opened from the list's URL in each language.
DATABASE_VIEWS = {"agreement map": "map/", "agreement statistics": "statistics/"}
# The map's tiles come from the internet; the tests must not.
TILES = re.compile(r"^https://tile\.openstreetmap\.org/")


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def tab(browser):
    """One browser tab per language, reused by every page checked in that language."""
    contexts = {}

    def open_tab(lang):
        if lang not in contexts:
            contexts[lang] = browser.new_context(
                locale=lang,
                viewport={"width": 1280, "height": 900},
                extra_http_headers={"Accept-Language": lang},
            )
            contexts[lang].new_page().route(TILES, lambda route: route.abort())
        return contexts[lang].pages[0]

    yield open_tab
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(site_url, tab, axe, name, lang):
    page = tab(lang)
    if name in DATABASE_VIEWS:
        page.goto(site_url + PAGES["agreement list"].format(lang=lang))
        response = page.goto(page.url.split("?")[0] + DATABASE_VIEWS[name])
    else:
        response = page.goto(site_url + PAGES[name].format(lang=lang))  # translated slugs redirect
    assert response.status == (404 if name == "404" else 200)

    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})

    serious = [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], f"{name} [{lang}] at {page.url}"


def test_axe_check_catches_a_known_violation(browser, axe):
    """The check above can fail: the same run reports an image without a text alternative."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><img src="a.png"></body></html>'
    )

    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})

    assert "image-alt" in {violation["id"] for violation in results.response["violations"]}
    context.close()
