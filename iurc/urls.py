from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from iurc.core import sitemap, views
from iurc.core.seo import robots_txt

handler404 = "iurc.core.views.page_not_found"
handler500 = "iurc.core.views.server_error"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("sitemap-<str:code>.xml", sitemap.language_sitemap, name="language_sitemap"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/language/<str:code>/", views.choose_language, name="choose_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("partners.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", views.search_view, name="search"),
    path("newsletter/", include("iurc.newsletter.urls")),
    # Our serve comes first: it adds redirects for another language's slugs.
    re_path(serve_pattern, views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
