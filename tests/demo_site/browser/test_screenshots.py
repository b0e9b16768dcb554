"""Screenshots of home and About in five languages and two widths, with real glyphs."""

import pytest

from tests.support import font_families_for

LANGUAGES = ["en", "vi", "zh-hans", "th", "hi"]
# fontconfig language codes of each language's script
FONTCONFIG_LANG = {"en": "en", "vi": "vi", "zh-hans": "zh-cn", "th": "th", "hi": "hi"}
WIDTHS = [375, 1280]


def fonts_used(page, selector):
    """Font families Chromium really drew ``selector``'s text with (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")
    node = session.send(
        "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector}
    )
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    return {font["familyName"] for font in fonts if font["glyphCount"]}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["home", "about"])
def test_screenshot_renders_every_script_with_a_font_that_has_its_glyphs(
    site_url, new_page, artifacts, name, lang, width
):
    page = new_page(locale=lang, width=width, height=800)
    response = page.goto(f"{site_url}/{lang}/" if name == "home" else f"{site_url}/{lang}/about/")
    # Loaded (goto waits for the load event) and its fonts ready: the site loads no web font,
    # and these pages request nothing after the load event, so waiting for the network to
    # stay idle for half a second, as this did, only waited.
    page.evaluate("document.fonts.ready.then(() => true)")
    assert response.ok, response.status

    path = artifacts / f"{name}-{lang}-{width}.png"
    page.screenshot(path=str(path), full_page=True)

    assert path.stat().st_size > 10_000
    # The navigation is in the page's language in every case: its glyphs must come from a
    # font that covers that script, not from a fallback drawing empty boxes.
    covering = font_families_for(FONTCONFIG_LANG[lang])
    used = fonts_used(page, ".site-nav a")
    assert used & covering, f"{lang}: drew with {used}, none of which covers it"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "horizontal scroll"
