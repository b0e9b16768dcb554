"""The patches of third-party behaviour the portal needs, in one place.

wagtail-modeltranslation patches every registered page class when its app is ready (it comes
before ours in ``INSTALLED_APPS``). Two of its patches do not fit a site of thousands of pages
in twelve languages; ``install`` undoes them, from ``CoreConfig.ready``, once its patching is
done. Neither can be replaced by a Wagtail hook or a ``base_form_class``: both are attributes
that wagtail-modeltranslation sets on each model class, so a class attribute of ``BasePage``
would be overwritten.

The third names languages in field labels the way the rest of the portal does
(``install_native_language_labels``).

The fourth reads the sites' root paths of every language at once (``install_site_root_paths``),
and the fifth finds a request's site without loading its root page's every column
(``install_site_lookup``).

Remove a patch when its library stops doing what it undoes; ``tests/test_admin_labels.py``
fails when the labels patch stops taking effect.
"""

from modeltranslation import settings as modeltranslation_settings
from modeltranslation.translator import translator
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.search import index

from iurc.core import languages, routing, site_roots
from iurc.core.models import BasePage


def install():
    install_translated_routing()
    install_translated_search_fields()
    install_native_language_labels()
    install_site_root_paths()
    install_site_lookup()


def install_translated_routing():
    """Route with one query per request instead of loading every child of a page.

    wagtail-modeltranslation replaces ``Page.route`` on each registered model with a version
    that loads all children of a page and compares their translated slugs in Python
    (``wagtail_modeltranslation/patch_wagtailadmin.py``, ``_new_route``): fine for ten pages,
    seconds for the 20,000 agreements of an index page (upstream: infoportugal/
    wagtail-modeltranslation#294, performance with many languages). ``routing.route`` finds
    the child in SQL by the slug column of the active language.
    """
    for model in translator.get_registered_models():
        if issubclass(model, RoutablePageMixin):
            # Its own routes first, then children through Page.route, which is ``route``.
            model.route = RoutablePageMixin.route
        elif issubclass(model, Page):
            model.route = routing.route


def install_translated_search_fields():
    """Index every language of a page for Wagtail's admin search, without "None".

    wagtail-modeltranslation adds one search field per language column (``title_en`` …
    ``title_vi``); Wagtail's database backend then indexes an empty translation as the word
    "None", and its autocomplete (what the admin's page search uses) only sees the active
    language (upstream: wagtail/wagtail#1177, no language on ``SearchField``;
    infoportugal/wagtail-modeltranslation#308). Pages get two fields instead: every
    translation of their reader text, and every translation of their title for autocomplete.
    """
    localized = {
        languages.localized_field(name, code)
        for model in translator.get_registered_models()
        for name in translator.get_options_for_model(model).all_fields
        for code in languages.codes()
    }
    for model in translator.get_registered_models():
        if not issubclass(model, BasePage) or model._meta.abstract:
            continue
        kept = [field for field in model.search_fields if field.field_name not in localized]
        model.search_fields = [
            *kept,
            index.SearchField("translations_for_search"),
            index.AutocompleteField("titles_for_search"),
        ]


def install_native_language_labels():
    """Label a field's translations "Title · Tiếng Việt", not "Title [vi]".

    modeltranslation builds each translation column's ``verbose_name`` (what every admin form,
    inline child and panel heading shows) with ``BUILD_LOCALIZED_VERBOSE_NAME``: by default
    "Title [vi]", "Title [zh-hans]" and, for Indonesian, "Title [ind]", its column suffix.
    Editors pick a language by its own name in the switcher, the language filter and the copy
    buttons, so labels name it the same way. The name is built lazily, when a label is
    rendered, so setting the function here (rather than through
    ``MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME``, which would make the settings import
    the languages module) still reaches every field, and the field's own name stays in the
    admin's language.
    """
    modeltranslation_settings.BUILD_LOCALIZED_VERBOSE_NAME = languages.field_label


def install_site_root_paths():
    """Read the sites' root paths of all languages in one cache round trip per request.

    wagtail-modeltranslation sets ``_get_site_root_paths`` on each registered page class to a
    version that reads one cache key per language (``_new_get_site_root_paths``): a page with
    a language switcher made thirteen Redis round trips (``iurc/core/site_roots.py``).
    """
    models = [model for model in translator.get_registered_models() if issubclass(model, Page)]
    for model in models:
        model._get_site_root_paths = site_roots.get_site_root_paths
    site_roots.connect_signals(models)


def install_site_lookup():
    """Find the site of a request with the root page's titles and URLs only, and keep it.

    ``Site.find_for_request`` joins the site to every column of its root page (every language
    of every field), on every page view, from the header's link home to the menu.
    ``routing.find_site`` chooses the same site; each process keeps it while nothing it read
    has changed (``iurc/core/memo.py``).
    """
    Site._find_for_request = staticmethod(routing.find_site)
