"""The EU emblem (our own SVG, drawn to the EU's visual identity rules) and the statement
"Funded by the European Union" beside it in the footer, in every language."""

import math
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

EMBLEM = Path(settings.BASE_DIR) / "static" / "img" / "eu-emblem.svg"
SVG = "{http://www.w3.org/2000/svg}"
STATEMENTS = {
    "en": "Funded by the European Union",
    "es": "Financiado por la Unión Europea",
    "pt": "Financiado pela União Europeia",
    "fr": "Financé par l'Union européenne",
    "vi": "Được tài trợ bởi Liên minh châu Âu",
    "id": "Didanai oleh Uni Eropa",
    "ms": "Dibiayai oleh Kesatuan Eropah",
}


def test_the_emblem_is_twelve_gold_stars_in_a_circle_on_a_blue_3_by_2_rectangle():
    root = ET.parse(EMBLEM).getroot()  # noqa: S314 - our own file
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    assert width / height == pytest.approx(1.5)
    rect = root.find(f"{SVG}rect")
    assert (float(rect.get("width")), float(rect.get("height"))) == (width, height)
    assert rect.get("fill").lower() in ("#039", "#003399")

    star = root.find(f"{SVG}defs/{SVG}path")
    assert star.get("fill").lower() in ("#fc0", "#ffcc00")
    points = [
        tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", star.get("d"))
    ]
    radii = sorted(math.hypot(x, y) for x, y in points)
    assert len(points) == 10  # five points, five inner corners
    assert radii[-1] == pytest.approx(height / 18, abs=0.05)
    assert min(points, key=lambda p: p[1]) == pytest.approx((0, -height / 18), abs=0.05)  # upright

    centres = [(float(u.get("x")), float(u.get("y"))) for u in root.iter(f"{SVG}use")]
    assert len(centres) == 12
    for x, y in centres:
        assert math.hypot(x - width / 2, y - height / 2) == pytest.approx(height / 3, abs=0.05)
    angles = sorted(
        round(math.degrees(math.atan2(x - width / 2, height / 2 - y))) % 360 for x, y in centres
    )
    assert angles == list(range(0, 360, 30))  # as the hours on a clock face, one at twelve


@pytest.mark.parametrize(("language", "statement"), STATEMENTS.items())
def test_the_footer_shows_the_emblem_left_of_the_funding_statement(
    home, client, language, statement
):
    html = client.get(f"/{language}/").content.decode()

    mark = unescape(re.search(r'<p class="eu-funding">(.*?)</p>', html, re.S).group(1))
    assert mark.index("eu-emblem.svg") < mark.index(statement)
    assert re.search(r'width="81" height="54"', mark)


def test_the_statement_is_translated_in_every_language(home, client):
    statements = set()
    for code, _name in settings.LANGUAGES:
        html = client.get(f"/{code}/").content.decode()
        mark = re.search(r'<p class="eu-funding">.*?<span>(.*?)</span>', html, re.S)
        statements.add(mark.group(1))
    assert len(statements) == len(settings.LANGUAGES)
