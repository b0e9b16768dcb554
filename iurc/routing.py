"""Routing with translated slugs, and finding a page from a path written in any language."""

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

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
    default_root = getattr(
        root, languages.localized_field("url_path", languages.default_language())
    )
    condition = Q()
    for code in languages.codes():
        field = languages.localized_field("url_path", code)
        root_path = getattr(root, field, None) or default_root or "/"
        condition |= Q(**{field: root_path + path})
    return Page.objects.live().public().filter(condition).order_by("depth", "path").first()


def _translated_slug_condition(slug, language):
    """Children whose slug, as a reader of ``language`` sees it (with fallbacks), is ``slug``.

    modeltranslation reads ``slug`` from the first language of the chain that has one; the
    same rule is written here as SQL, so routing asks the database for one child instead of
    loading every sibling.
    """
    chain = languages.fallback_chain(language)
    condition = Q()
    for position, code in enumerate(chain):
        matches = Q(**{languages.localized_field("slug", code): slug})
        for earlier in chain[:position]:
            field = languages.localized_field("slug", earlier)
            matches &= Q(**{f"{field}__isnull": True}) | Q(**{field: ""})
        condition |= matches
    return condition


def route(self, request, path_components):
    """Page.route for translated slugs, one query per URL segment whatever the siblings."""
    if not path_components:
        if self.live:
            return RouteResult(self.specific)
        raise Http404
    child_slug, remaining = path_components[0], path_components[1:]
    condition = _translated_slug_condition(child_slug, languages.active_language())
    child = self.get_children().filter(condition).order_by("path").first()
    if child is None:
        raise Http404
    # Breadcrumbs read the parents from here instead of querying the ancestors again.
    child._cached_parent_obj = self
    return child.specific.route(request, remaining)


def prime_route(request, path):
    """Route ``path`` from the site root row already loaded with the site, and leave the
    result where Wagtail's serve view looks for it.

    Wagtail starts routing from the root page's specific version (one more wide query per
    request); only the page that is served needs to be specific.
    """
    if hasattr(request, "_wagtail_route_for_request"):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    try:
        request._wagtail_route_for_request = route(site.root_page, request, components)
    except Http404:
        request._wagtail_route_for_request = None


def install_translated_routing():
    """Use ``route`` on every page model.

    wagtail-modeltranslation replaces ``route`` with a version that loads all children of a
    page to compare their slugs in Python: fine for ten pages, not for thousands of
    agreements. Called from IurcConfig.ready(), after wagtail-modeltranslation's patching.
    """
    from modeltranslation.translator import translator

    for model in translator.get_registered_models():
        if issubclass(model, Page):
            model.route = route
