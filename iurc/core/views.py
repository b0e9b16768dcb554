"""Views outside the page tree: serving pages with translated slugs, and search."""

from django.conf import settings
from django.http import (
    Http404,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from wagtail import views as wagtail_views

from iurc.core import languages, outage
from iurc.core.pagination import paginate
from iurc.core.routing import prime_route, url_in_active_language
from iurc.core.search import MAX_QUERY_LENGTH, query_terms, search

RESULTS_PER_PAGE = 20


def serve(request, path):
    """Wagtail's serve, plus a 301 when the path uses another language's slugs."""
    prime_route(request, path)
    try:
        return wagtail_views.serve(request, path)
    except Http404:
        target = url_in_active_language(request, path)
        if target and target != request.path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        raise


@never_cache
def choose_language(request, code):
    """The switcher's links: remember the visitor's language, then show them the page in it.

    Sets Django's language cookie, which ``/`` follows (LanguagePrefixMiddleware), and
    redirects to ``next``, the page's URL in that language. Pages themselves set no cookie,
    so they stay cacheable and a visitor who arrives from a search engine is not switched.
    ``next`` must be a path on this site in the chosen language; anything else leads to that
    language's home page, and an unknown language to ``/`` without a cookie.
    """
    if code not in languages.codes():
        return HttpResponseRedirect("/")
    target = request.GET.get("next", "")
    if not (
        target.startswith("/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
        and translation.get_language_from_path(target) == code
        and target.isprintable()
    ):
        target = f"/{code}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def search_view(request):
    raw_query = request.GET.get("q", "")
    if not isinstance(raw_query, str):
        raw_query = ""
    query = raw_query.replace("\x00", "").strip()
    message = ""
    results = None
    if len(query) > MAX_QUERY_LENGTH:
        message = _(
            "Your search was too long, so only its first %(count)s characters were used."
        ) % {"count": MAX_QUERY_LENGTH}
        query = query[:MAX_QUERY_LENGTH]
    if not query:
        message = _("Type one or more words to search the site.")
    elif not query_terms(query):
        message = _("Your search has no letters or numbers in it. Try some words instead.")
    else:
        results = paginate(request, search(query, languages.active_language()), RESULTS_PER_PAGE)
        if not results.paginator.count:
            message = _("Nothing matched “%(query)s”. Try fewer or other words.") % {"query": query}
        message = message or results.notice
    title = (
        _("Search: %(query)s") % {"query": query} if query else pgettext("site search", "Search")
    )
    return render(
        request,
        "pages/search.html",
        {"query": query, "results": results, "message": message, "title": title},
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", {"title": _("Page not found")}, status=404)


def server_error(request):
    """The 500 page in the language of the URL, without touching the database.

    An error that means the database is down gives the 503 page instead (iurc.core.outage).
    """
    unavailable = outage.response_for_current_exception(request)
    if unavailable is not None:
        return unavailable
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        # A stylesheet, not an inline style: the page lives under the same CSP as the others.
        stylesheet = static("css/error.css")
    except ValueError:  # Not in the manifest of collected files: the page still renders.
        stylesheet = ""
    with translation.override(language):
        html = render_to_string("500.html", {"LANGUAGE_CODE": language, "stylesheet": stylesheet})
    return HttpResponseServerError(html)
