"""Routing with translated slugs, and finding a page from a path written in any language."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from iurc.core import languages, memo, page_queries

# Paths longer than this are not looked for in other languages: no page is that deep.
MAX_PATH_COMPONENTS = 12


def url_in_active_language(request, path):
    """Where ``path``, written with slugs of any language(s), is in the active language.

    ``path`` is relative to the site root, as Wagtail's serve view receives it ("about/map/").
    The deepest live page whose URL path in some language begins ``path`` is found in one
    query; what follows it must then be one of its routes (the agreements database's map,
    statistics…). None when nothing matches.
    """
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    if site is None or len(components) > MAX_PATH_COMPONENTS:
        return None
    root = site.root_page
    default_root = getattr(
        root, languages.localized_field("url_path", languages.default_language())
    )
    condition = Q()
    for length in range(len(components) + 1):
        prefix = "".join(f"{component}/" for component in components[:length])
        for code in languages.codes():
            field = languages.localized_field("url_path", code)
            root_path = getattr(root, field, None) or default_root or "/"
            condition |= Q(**{field: root_path + prefix})
    page = Page.objects.live().public().filter(condition).order_by("-depth", "path").first()
    if page is None:
        return None
    rest = components[page.depth - root.depth :]
    url = page_url(request, page)
    if not rest or url is None:
        return url
    page = page.specific
    subpath = "".join(f"{component}/" for component in rest)
    if not isinstance(page, RoutablePageMixin):
        return None
    try:
        page.resolve_subpage(f"/{subpath}")
    except Http404:
        return None
    return f"{url}{subpath}"


def route(self, request, path_components):
    """Page.route for translated slugs, one query per URL segment whatever the siblings.

    A child is found by its URL path, the field its links are made from: wagtail-modeltranslation
    builds ``url_path_<language>`` from the slug of that language or else the English one,
    whereas the ``slug`` a reader sees follows the whole fallback chain (Malay falls back to
    Indonesian first), so matching slugs would miss links the site itself writes.
    """
    if not path_components:
        if self.live:
            return RouteResult(self.specific)
        raise Http404
    child_slug, remaining = path_components[0], path_components[1:]
    language = languages.active_language()
    found = memo.remembered(
        request,
        ("route", self.pk, self.url_path, child_slug, language),
        lambda: _find_child(self, child_slug, language),
    )
    if found is None:
        raise Http404
    try:
        child = _load_specific(*found)
    except ObjectDoesNotExist:
        raise Http404 from None  # a draft deleted since: drafts change no tag
    # Breadcrumbs read the parents from here instead of querying the ancestors again.
    child._cached_parent_obj = self
    return child.route(request, remaining)


def _find_child(parent, slug, language):
    """Which child of ``parent`` a reader of ``language`` reaches by ``slug``: its id and type.

    The URL path of that language, with its fallbacks, in SQL: the database finds the one
    child instead of routing loading every sibling. The child is loaded in its specific form
    next, so this query only says which page and model that is: a page row holds every
    language of every translated field.
    """
    return (
        parent.get_children()
        .alias(reader_url_path=languages.translated_expression("url_path", language))
        .filter(reader_url_path=f"{parent.url_path}{slug}/")
        .order_by("path")
        .values_list("pk", "content_type_id")
        .first()
    )


def _load_specific(pk, content_type_id):
    """The page ``pk`` in full, as its most specific model (Page if that model is gone)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    return model._default_manager.get(pk=pk)


# What the public pages read from the site's root page: its place in the tree (routing, the
# menu), its type (serving the home page loads it in full) and, for the header link and the
# breadcrumbs, its title and URL in every language.
ROOT_PAGE_COLUMNS = (
    "path",
    "depth",
    "numchild",
    "content_type",
    "live",
    *languages.localized_fields("title"),
    *languages.localized_fields("url_path"),
)

# Wagtail's order of preference among the sites a request may belong to.
_HOSTNAME_AND_PORT, _HOSTNAME_AND_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


def find_site(request):
    """The site serving ``request``, chosen as ``Site.find_for_request`` chooses it (which
    calls this: ``patches.install_site_lookup``), and whether any page has a view restriction,
    remembered on the request for the queries that leave restricted pages out.

    Wagtail's own look-up joins the site to every column of its root page: every language of
    every translated field, on every page view. Here one query loads the columns in
    ROOT_PAGE_COLUMNS, and each process keeps its answer while the sites, the pages and the
    view restrictions are unchanged (``memo``).
    """
    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except (TypeError, ValueError):
        port = None
    site = memo.remembered(request, ("site", hostname, port), lambda: _find_site(hostname, port))
    if site is None:
        return None
    page_queries.remember_view_restrictions(request, site.view_restrictions_exist)
    return _copied_site(site)


def _find_site(hostname, port):
    root_columns = [f"root_page__{column}" for column in ROOT_PAGE_COLUMNS]
    candidates = (
        Site.objects.filter(Q(hostname=hostname) | Q(is_default_site=True))
        .select_related("root_page")
        .only("hostname", "port", "site_name", "is_default_site", "root_page", *root_columns)
        .annotate(view_restrictions_exist=page_queries.any_view_restriction())
        .order_by()
    )

    def rank(site):
        if site.hostname == hostname:
            if site.port == port:
                return _HOSTNAME_AND_PORT
            return _HOSTNAME_AND_DEFAULT if site.is_default_site else _HOSTNAME
        return _DEFAULT

    sites = sorted(candidates, key=rank)
    if not sites:
        return None
    if len(sites) == 1 or rank(sites[0]) in (_HOSTNAME_AND_PORT, _HOSTNAME_AND_DEFAULT):
        return sites[0]
    if rank(sites[0]) == _DEFAULT:
        # The default site, unless exactly one site has this host name (on another port).
        return sites[len(sites) == 2]
    return None


def _copied_site(site):
    """The remembered site and its root page, copied for one request: routing and templates
    set attributes on them (the root's specific version, its URLs)."""
    site = memo.copied(site)
    site.root_page = memo.copied(site.root_page)
    return site


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
        result = route(site.root_page, request, components)
    except Http404:
        result = None
    if result is not None:
        exist = page_queries.view_restrictions_exist(request)
        if exist is not None:
            # Read by BasePage.get_view_restrictions when Wagtail checks them.
            result[0].view_restrictions_exist = exist
    request._wagtail_route_for_request = result


def page_url(request, page, language=None):
    """``page.get_url(request)`` in ``language`` (the active one by default).

    Worked out once per page and language in a request: the header, menu, footer,
    breadcrumbs, structured data and language links ask for the same few pages' URLs, and
    each ``get_url`` reverses a URL through the language prefix. Previews are not
    remembered: a previewed draft and the live row of the same page may differ.
    """
    active = translation.get_language()
    language = language or active
    remember = request is not None and not getattr(request, "is_preview", False)
    if remember:
        urls = request.__dict__.setdefault("_iurc_page_urls", {})
        key = (page.pk, language)
        if key in urls:
            return urls[key]
    if language == active:
        url = page.get_url(request)
    else:
        with translation.override(language):
            url = page.get_url(request)
    if remember:
        urls[key] = url
    return url
