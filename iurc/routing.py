"""Finding a page from a path written in any language, for redirects to the right URL."""

from django.db.models import Q
from wagtail.models import Page, Site

from iurc import languages


def find_page_by_any_language_path(request, path):
    """The live page whose URL path, in any language, is ``path`` below the site root.

    ``path`` is relative to the site root, as Wagtail's serve view receives it ("about/").
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    path = path.strip("/")
    path = f"{path}/" if path else ""
    default_root = getattr(root, languages.localized_field("url_path", languages.default_language()))
    condition = Q()
    for code in languages.codes():
        field = languages.localized_field("url_path", code)
        root_path = getattr(root, field, None) or default_root or "/"
        condition |= Q(**{field: root_path + path})
    return Page.objects.live().public().filter(condition).order_by("depth", "path").first()
