"""Locator maps for the demo's partners: we have no photograph of the partners that is ours to
publish, so each partner's profile shows a drawn map instead, centred on where it lies, with
its country lit and a gold marker on it. Its credit and text alternative say it is an
illustration and what it shows.

The countries are Natural Earth's, as the map page vendors them (world-atlas TopoJSON in
``static/vendor/world-atlas``); without that file, the map is a grid of meridians and
parallels. Drawn once: an image is found again by its title.
"""

import functools
import io
import json
from pathlib import Path

import icu
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

WIDTH, HEIGHT = 640, 360
SCALE = 2  # drawn larger, then reduced: smooth coastlines without an antialiasing library
# Degrees of longitude across the picture; latitude follows from the picture's proportions.
SPAN = 56
SEA = (0, 51, 153)
LAND = (44, 95, 190)
BORDER = (120, 155, 220)
COUNTRY = (232, 238, 250)
GRID = (22, 73, 170)
GOLD = (255, 204, 0)
TITLE_PREFIX = "Locator map: "

WORLD_ATLAS = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas" / "countries-110m.json"


@functools.cache
def countries(path=WORLD_ATLAS):
    """{ISO 3166 numeric code: [(bounds, rings)]} from the world-atlas TopoJSON, a polygon's
    rings as (longitude, latitude) lists, its outer ring first, and bounds its outer ring's
    (west, east, south, north); empty when the file is not there."""
    try:
        topology = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        # Quantized and delta-encoded: each point is the sum of those before it.
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            # A negative index ~i is arc i read backwards.
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        for polygon in polygons:
            rings = [ring(indexes) for indexes in polygon]
            longitudes = [lon for lon, _lat in rings[0]]
            latitudes = [lat for _lon, lat in rings[0]]
            bounds = (min(longitudes), max(longitudes), min(latitudes), max(latitudes))
            shapes.setdefault(str(geometry.get("id", "")), []).append((bounds, rings))
    return shapes


def numeric_code(alpha2):
    """The ISO 3166 numeric code of an alpha-2 code, as world-atlas writes it ("076")."""
    try:
        return f"{icu.Region.getInstance(alpha2.upper()).getNumericCode():03d}"
    except icu.ICUError:
        return ""


def draw_locator(latitude, longitude, country_code):
    """PNG bytes of a map centred on the point, the country lit, the point marked."""
    width, height = WIDTH * SCALE, HEIGHT * SCALE
    degrees = width / SPAN  # pixels per degree
    span_y = HEIGHT / WIDTH * SPAN
    # Keep the window on the map: the poles are of no interest here.
    centre_y = min(max(latitude, -60 + span_y / 2), 80 - span_y / 2)
    centre_x = longitude

    def project(lon, lat, offset=0):
        x = (lon + offset - centre_x) * degrees + width / 2
        return x, (centre_y - lat) * degrees + height / 2

    picture = PILImage.new("RGB", (width, height), SEA)
    draw = ImageDraw.Draw(picture)
    for step in range(-180, 181, 10):
        for offset in (-360, 0, 360):
            x, _y = project(step, 0, offset)
            if 0 <= x <= width:
                draw.line([(x, 0), (x, height)], fill=GRID, width=SCALE)
    for step in range(-80, 81, 10):
        _x, y = project(0, step)
        draw.line([(0, y), (width, y)], fill=GRID, width=SCALE)

    lit = numeric_code(country_code)
    shapes = countries()
    # The lit country last, so its neighbours' borders do not cover it.
    for code in sorted(shapes, key=lambda code: code == lit):
        fill = COUNTRY if code == lit else LAND
        for (west, east, south, north), polygon in shapes[code]:
            if south > centre_y + span_y / 2 or north < centre_y - span_y / 2:
                continue
            for offset in (-360, 0, 360):  # the map wraps round the antimeridian
                if west + offset > centre_x + SPAN / 2 or east + offset < centre_x - SPAN / 2:
                    continue
                rings = [[project(lon, lat, offset) for lon, lat in ring] for ring in polygon]
                draw.polygon(rings[0], fill=fill, outline=BORDER)
                for hole in rings[1:]:
                    draw.polygon(hole, fill=SEA)
    x, y = project(longitude, latitude)
    for radius, colour in ((16, SEA), (12, GOLD), (5, SEA)):
        radius *= SCALE
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    picture = picture.reduce(SCALE)
    content = io.BytesIO()
    # A few colours: a palette keeps the file a few kilobytes.
    picture.quantize(colors=64, method=PILImage.Quantize.FASTOCTREE).save(content, format="PNG")
    return content.getvalue()


def locator_title(partner):
    return f"{TITLE_PREFIX}{partner.name_en} ({partner.country_id})"


def is_locator(image):
    return image is not None and image.title.startswith(TITLE_PREFIX)


def locator_image(partner):
    """The partner's locator map as a Wagtail image, drawn the first time; None for a partner
    with no coordinates. Returns (image, created)."""
    title = locator_title(partner)
    found = Image.objects.filter(title=title).first()
    if found is not None:
        return found, False
    if partner.latitude is None or partner.longitude is None:
        return None, False
    data = draw_locator(float(partner.latitude), float(partner.longitude), partner.country_id)
    image = Image(title=title)
    slug = f"locator-{partner.country_id}-{partner.pk}".lower()
    image.file = ImageFile(io.BytesIO(data), name=f"{slug}.png")
    image.save()
    return image, True
