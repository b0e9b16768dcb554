"""The background of the site's maps in templates (partners/maps.py)."""

from django import template
from django.conf import settings

from partners.maps import background_html

register = template.Library()


@register.simple_tag
def map_background_attributes():
    """The map element's data attributes for its background:
    ``<div … {% map_background_attributes %}>``."""
    return background_html()


@register.simple_tag
def map_background_tiles():
    """Whether the maps load tiles from a server (IURC_MAP_TILES)."""
    return bool(settings.IURC_MAP_TILES)
