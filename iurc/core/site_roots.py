"""Where each site's root lives, in every language, from one cache read per request.

wagtail-modeltranslation keeps a site's root path per language under its own cache key
(``wagtail_site_root_paths_<code>``), so a page that links to itself in twelve languages (the
language switcher, hreflang) asked the cache thirteen times, one round trip each to Redis.
Here every language's paths are one value, read once per request (or once per page outside a
request), and built in one query when the cache does not hold it.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import Site
from wagtail.models.sites import SiteRootPath

from iurc.core import languages

CACHE_KEY = "iurc:site-root-paths"


def all_languages():
    """{language: [SiteRootPath, …]} for every language, most specific path first."""
    paths = cache.get(CACHE_KEY)
    if paths is None:
        sites = list(
            Site.objects.select_related("root_page", "root_page__locale").order_by(
                "-root_page__url_path", "-is_default_site", "hostname"
            )
        )
        paths = {}
        for code in languages.codes():
            with translation.override(code):
                paths[code] = [
                    (
                        site.id,
                        site.root_page.url_path,
                        site.root_url,
                        site.root_page.locale.language_code,
                    )
                    for site in sites
                ]
        cache.set(CACHE_KEY, paths, 3600)
    return paths


def get_site_root_paths(self, request=None):
    """``Page._get_site_root_paths`` of every translated page: the active language's paths,
    kept on the request (or the page) for its other languages."""
    holder = request if request is not None else self
    paths = getattr(holder, "_iurc_site_root_paths", None)
    if paths is None:
        paths = holder._iurc_site_root_paths = all_languages()
    result = [SiteRootPath(*path) for path in paths[languages.active_language()]]
    # Where Wagtail's own code looks for them (wagtail.contrib.redirects copies them along).
    holder._wagtail_cached_site_root_paths = result
    return result


def forget(**kwargs):
    cache.delete(CACHE_KEY)


def _root_saved(sender, instance, **kwargs):
    if Site.objects.filter(root_page_id=instance.pk).exists():
        forget()


def connect_signals(page_models):
    post_save.connect(forget, sender=Site, dispatch_uid="iurc_site_roots_site_saved")
    post_delete.connect(forget, sender=Site, dispatch_uid="iurc_site_roots_site_deleted")
    for model in page_models:
        post_save.connect(_root_saved, sender=model, dispatch_uid=f"iurc_site_roots_{model}")
