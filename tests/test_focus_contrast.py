"""Focus indicators keep at least 3:1 against every background they are drawn on (WCAG 2.2,
1.4.11 and 2.4.13), computed from the stylesheet itself: the colour each region gives the
``--focus`` custom property that every focus ring uses, against that region's background."""

import re
from pathlib import Path

import pytest
from django.conf import settings

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
MINIMUM = 3.0

# Where focus rings are drawn: (the selectors whose custom properties the region inherits,
# innermost first, ending with :root; the selectors whose background the ring meets).
REGIONS = {
    "page": ([":root"], ["body"]),
    "header": ([".site-header", ":root"], [".site-header"]),
    "language menu": (
        [".language-switcher ul", ".site-header", ":root"],
        [".language-switcher ul"],
    ),
    # Rings are drawn 2px outside the element (outline-offset): on what is around it.
    "skip link over the header": ([".skip-link", ":root"], [".site-header"]),
    "footer": ([".site-footer", ":root"], [".site-footer"]),
    "buttons": ([":root"], ["body", "button"]),
    "cards": ([":root"], [".card"]),
    "filters": ([":root"], [".filters", ".filters-panel__summary"]),
    "notices": ([":root"], [".notice", ".fallback-notice", ".data-table__selected"]),
    "quotes and the hero": ([":root"], [".quote", ".hero"]),
}


def rules(css):
    """[(selector, {property: value})] of every rule, those inside @media and @supports
    included."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    depth_stack = []  # the selectors (or at-rules) of the blocks open at ``position``
    position = 0
    selector_start = 0
    while position < len(css):
        char = css[position]
        if char == "{":
            depth_stack.append(css[selector_start:position].strip())
            selector_start = position + 1
        elif char == "}":
            body = css[selector_start:position]
            selector = depth_stack.pop() if depth_stack else ""
            if not selector.startswith("@"):
                declarations = {}
                for declaration in body.split(";"):
                    name, _, value = declaration.partition(":")
                    if name.strip() and value.strip():
                        declarations[name.strip()] = value.strip()
                found.append((selector, declarations))
            selector_start = position + 1
        elif char == ";" and css[selector_start:position].lstrip().startswith("@"):
            selector_start = position + 1
        position += 1
    return found


def declared(css_rules, selector, prop):
    """The last value the stylesheet gives ``prop`` in a rule for exactly ``selector``."""
    value = None
    for selectors, declarations in css_rules:
        if selector in (part.strip() for part in selectors.split(",")) and prop in declarations:
            value = declarations[prop]
    return value


def resolve(css_rules, value, chain):
    """``value`` with its ``var()`` resolved as an element inside ``chain`` would see it."""
    for _ in range(10):
        match = re.search(r"var\((--[\w-]+)\)", value)
        if not match:
            return value
        name = match.group(1)
        replacement = next(
            found
            for selector in chain
            if (found := declared(css_rules, selector, name)) is not None
        )
        # A custom property is computed where it is declared: its own var() are resolved
        # from that selector outwards.
        start = next(i for i, s in enumerate(chain) if declared(css_rules, s, name) is not None)
        value = value.replace(match.group(0), resolve(css_rules, replacement, chain[start:]), 1)
    raise AssertionError(f"var() too deep in {value}")


def background(css_rules, selector, chain):
    value = declared(css_rules, selector, "background") or declared(
        css_rules, selector, "background-color"
    )
    assert value, f"{selector} has no background in the stylesheet"
    return resolve(css_rules, value, chain)


def luminance(colour):
    colour = colour.strip().lower()
    assert re.fullmatch(r"#[0-9a-f]{6}", colour), f"not a #rrggbb colour: {colour}"
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture(scope="module")
def css_rules():
    return rules(STYLESHEET.read_text())


def test_the_contrast_formula_matches_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#b35900", "#003399") == pytest.approx(2.25, abs=0.01)


def test_every_focus_ring_takes_its_colour_from_the_focus_property(css_rules):
    rings = [
        (selector, declarations)
        for selector, declarations in css_rules
        if ":focus" in selector and ("outline" in declarations or "box-shadow" in declarations)
    ]
    assert rings
    # Drawn outside the element, so a ring meets the background around it.
    assert declared(css_rules, ":focus-visible", "outline-offset") == "2px"
    for selector, declarations in rings:
        ring = declarations.get("outline", "") + declarations.get("box-shadow", "")
        assert ring == "none" or "var(--focus)" in ring, selector


@pytest.mark.parametrize("region", REGIONS)
def test_focus_rings_contrast_three_to_one_with_each_background(css_rules, region):
    chain, backgrounds = REGIONS[region]
    ring = resolve(css_rules, "var(--focus)", chain)
    for selector in backgrounds:
        behind = background(css_rules, selector, chain)
        ratio = contrast(ring, behind)
        assert ratio >= MINIMUM, f"{region}: {ring} on {behind} ({selector}) is {ratio:.2f}:1"
