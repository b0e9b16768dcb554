"""Illustrations for the demo site, drawn here: no photograph of the programme's is ours to
copy. Each is a map-like picture of cities joined across the world, in the EU's blue and
gold, and its credit says it is an illustration of the demo site."""

import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

BLUE = (0, 51, 153)
GOLD = (255, 204, 0)
WIDTH, HEIGHT = 1600, 900


def illustration(title, seed):
    """The Wagtail image ``title``, drawn the first time (the same picture for a seed)."""
    found = Image.objects.filter(title=title).first()
    if found is not None:
        return found
    rng = random.Random(seed)  # noqa: S311 - the same drawing for a seed, not a secret
    picture = PILImage.new("RGB", (WIDTH, HEIGHT), BLUE)
    draw = ImageDraw.Draw(picture)
    # Meridians and parallels, faint.
    for x in range(0, WIDTH, 100):
        draw.line([(x, 0), (x, HEIGHT)], fill=(20, 70, 170), width=1)
    for y in range(0, HEIGHT, 100):
        draw.line([(0, y), (WIDTH, y)], fill=(20, 70, 170), width=1)
    # European cities on the left, partners across the world, joined by arcs.
    europe = [(rng.randint(520, 760), rng.randint(180, 360)) for _ in range(9)]
    world = [(rng.randint(80, 1520), rng.randint(160, 760)) for _ in range(14)]
    for index, (x1, y1) in enumerate(world):
        x0, y0 = europe[index % len(europe)]
        steps = 40
        bend = rng.uniform(-0.35, 0.35) * math.dist((x0, y0), (x1, y1))
        points = []
        for step in range(steps + 1):
            t = step / steps
            x = x0 + (x1 - x0) * t
            y = y0 + (y1 - y0) * t - bend * math.sin(math.pi * t)
            points.append((x, y))
        draw.line(points, fill=(255, 224, 102), width=3)
    for x, y in [*europe, *world]:
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=GOLD, outline=(255, 255, 255), width=2)
    content = io.BytesIO()
    picture.save(content, format="PNG", optimize=True)
    image = Image(title=title)
    image.file = ImageFile(content, name=f"{seed}.png")
    image.save()
    return image
