"""What the site's maps draw under their markers (static/js/map-background.js): the world
outline from our static files, and a tile server's images when the environment sets one
(IURC_MAP_TILES, iurc/settings/base.py). The agreements map and the partner editor's point
picker (partners/panels.py) read it from their map element's data attributes."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html_join

# Natural Earth's 1:110m countries (world-atlas, vendored by `make vendor`): 108 KB, 38 KB
# gzipped, 33 KB with Brotli, cached by the browser with the other static files.
WORLD_OUTLINE = "vendor/world-atlas/countries-110m.json"
# The scripts that draw the background, after Leaflet, in the order they must run.
BACKGROUND_SCRIPTS = ("vendor/topojson-client/topojson-client.min.js", "js/map-background.js")


def background_attributes():
    """``{attribute: value}``: the outline's URL, and the tile server's when one is set."""
    attributes = {"data-outline": static(WORLD_OUTLINE)}
    if settings.IURC_MAP_TILES:
        attributes |= {
            "data-tiles": settings.IURC_MAP_TILES,
            "data-tiles-attribution": settings.IURC_MAP_TILES_ATTRIBUTION,
        }
        if settings.IURC_MAP_TILES_ATTRIBUTION_URL:
            attributes["data-tiles-attribution-url"] = settings.IURC_MAP_TILES_ATTRIBUTION_URL
    return attributes


def background_html():
    """The map element's data attributes for its background, escaped."""
    return format_html_join(" ", '{}="{}"', background_attributes().items())
