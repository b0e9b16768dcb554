"""Language prefixes: every public URL lives under /<language>/."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers

from iurc.core.routing import url_in_active_language


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the redirects a multilingual portal needs.

    * ``/`` goes (302, it depends on the visitor) to the best language: the language cookie,
      then Accept-Language, else English.
    * Any other path without a prefix goes (301) to its page in that language, with that
      language's slugs, in one hop.
    """

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and request.resolver_match is not None
            and not translation.get_language_from_path(request.path_info)
        ):
            # A view outside the language prefixes (the JSON API, the admin) answered 404
            # itself: that is its answer, not a path that lacks its prefix.
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        if response.status_code == 404 and not translation.get_language_from_path(
            request.path_info
        ):
            urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
            if is_language_prefix_patterns_used(urlconf)[0]:
                redirect = self._redirect_to_prefixed(request, urlconf)
                if redirect is not None:
                    return redirect
        return super().process_response(request, response)

    def _redirect_to_prefixed(self, request, urlconf):
        language = translation.get_language()
        query = request.META.get("QUERY_STRING", "")
        suffix = f"?{query}" if query else ""
        script_prefix = get_script_prefix()
        if request.path_info == "/":
            response = HttpResponseRedirect(f"{script_prefix}{language}/{suffix}")
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        prefixed = f"/{language}{request.path_info}"
        if not is_valid_path(prefixed, urlconf):
            return None
        target = url_in_active_language(request, request.path_info)
        if not target:
            target = f"{script_prefix}{language}{request.path_info}"
        response = HttpResponsePermanentRedirect(f"{target}{suffix}")
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
