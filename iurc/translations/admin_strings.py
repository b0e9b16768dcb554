"""Which interface strings the translators' admin screens show, and in which languages they
are translated.

Wagtail's and Django's own catalogues are thin or absent for several of the portal's
languages (Wagtail has no Hindi or Malay at all), so ``locale/`` supplements them. What the
screens need is found by rendering them: each screen of ``SCREENS`` is rendered once with
Django's test client, in a transaction that is rolled back, while every catalogue lookup is
recorded. A string counts as translated in a language when one of the catalogues Django reads
for it has an entry: ours (``LOCALE_PATHS``), an installed app's, Django's own; in that
order, which is the order Django prefers them.

Our catalogue must never give one of their msgids another text where they have a translation
(ours wins, so Wagtail's "Pages" menu read "Phân trang" while ours meant pagination):
``clashes`` lists such entries; give ours a context (``pgettext``) instead.

The strings Wagtail passes to its scripts (``wagtailConfig.STRINGS``) and its JavaScript
catalogue are not counted.
"""

import gettext as gettext_module
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import django
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.admin.templatetags import wagtailadmin_tags
from wagtail.models import Page, TaskState
from wagtail.users.models import UserProfile

from iurc.core.models import Quote
from iurc.translations.groups import PROGRAMME_STAFF, language_group_name
from partners.models import AgreementPage

CONTEXT_SEPARATOR = trans_real.CONTEXT_SEPARATOR
QUIET_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


@dataclass(frozen=True, order=True)
class Message:
    """A catalogue entry as the code asks for it."""

    msgid: str
    context: str = ""
    plural: str = ""

    def catalogue_keys(self):
        """The keys a compiled catalogue holds this entry under."""
        key = f"{self.context}{CONTEXT_SEPARATOR}{self.msgid}" if self.context else self.msgid
        return (key, (key, 0))

    def __str__(self):
        return f"{self.msgid!r} (context {self.context!r})" if self.context else repr(self.msgid)


# --- The screens ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    """An admin screen: its name, a function of the ``Scene`` that gives its URL, and who looks
    at it: ``"translator"``, ``"staff"`` (programme staff, the reviewers) or ``None`` (not
    logged in)."""

    name: str
    url: object
    user: str | None = "translator"


def _page_edit(name):
    return lambda scene: reverse("wagtailadmin_pages:edit", args=[getattr(scene, name).pk])


# The screens a translator (and the programme staff who review their work) use. Add a screen
# with one line: its name, its URL given the scene, and who looks at it.
SCREENS = [
    Screen("login", lambda scene: reverse("wagtailadmin_login"), user=None),
    Screen("dashboard", lambda scene: reverse("wagtailadmin_home")),
    Screen("edit a standard page (in review)", _page_edit("standard_page")),
    Screen("edit an agreement", _page_edit("agreement")),
    Screen(
        "edit a quote",
        lambda scene: reverse("wagtailsnippets_core_quote:edit", args=[scene.quote.pk]),
    ),
    Screen(
        "workflow history",
        lambda scene: reverse("wagtailadmin_pages:workflow_history", args=[scene.standard_page.pk]),
    ),
    Screen(
        "workflow history detail",
        lambda scene: reverse(
            "wagtailadmin_pages:workflow_history_detail",
            args=[scene.standard_page.pk, scene.workflow_state.pk],
        ),
    ),
    Screen("dashboard (reviewer)", lambda scene: reverse("wagtailadmin_home"), user="staff"),
    Screen("review a page", _page_edit("standard_page"), user="staff"),
    Screen(
        "approve with a comment",
        lambda scene: reverse(
            "wagtailadmin_pages:workflow_action",
            args=[scene.standard_page.pk, "approve", scene.task_state.pk],
        ),
        user="staff",
    ),
    Screen("Translations dashboard", lambda scene: reverse("workspace_translations")),
    Screen(
        "segment editor",
        lambda scene: reverse(
            "workspace_segments", args=["home.standardpage", scene.standard_page.pk, "vi"]
        ),
    ),
    Screen("export for translation", lambda scene: reverse("iurc_exchange:export")),
    Screen("import translations", lambda scene: reverse("iurc_exchange:import")),
]


class MissingContent(Exception):
    pass


@dataclass
class Scene:
    """What the screens show: a translator, a reviewer, a standard page submitted for review,
    an agreement and a quote. The users are made for the occasion; the content is the
    database's (``load_demo_content`` provides it)."""

    translator: object
    staff: object
    standard_page: Page
    agreement: Page
    quote: Quote
    workflow_state: object = None
    task_state: object = None

    @classmethod
    def build(cls):
        User = get_user_model()
        translator = User.objects.create_user("admin-strings-translator")
        translator.groups.add(Group.objects.get(name=language_group_name("vi")))
        staff = User.objects.create_user("admin-strings-staff")
        staff.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
        # The home app lists everything and sits beside this one: its model is named, not
        # imported.
        standard_page = _first(Page.objects.type(apps.get_model("home", "StandardPage")))
        scene = cls(
            translator=translator,
            staff=staff,
            standard_page=standard_page.specific,
            agreement=_first(AgreementPage.objects.all()),
            quote=_first(Quote.objects.all()),
        )
        scene.submit_for_review()
        return scene

    def submit_for_review(self):
        page = self.standard_page
        page.save_revision(user=self.translator)
        workflow = page.get_workflow()
        if workflow is None:
            raise MissingContent(f"No workflow covers {page!r}: run migrate.")
        self.workflow_state = workflow.start(page, self.translator)
        self.task_state = TaskState.objects.get(pk=self.workflow_state.current_task_state_id)


def _first(queryset):
    found = queryset.order_by("pk").first()
    if found is None:
        raise MissingContent(
            f"No {queryset.model._meta.verbose_name} in the database: "
            "run `python manage.py load_demo_content`."
        )
    return found


# --- Recording what the screens look up ----------------------------------------------------


class Recorder:
    def __init__(self):
        self.messages = set()
        self.paused = False

    def _add(self, message):
        if self.paused or not message.msgid:
            return
        self.messages.add(message)

    @contextmanager
    def pause(self):
        self.paused, was = True, self.paused
        try:
            yield
        finally:
            self.paused = was

    @contextmanager
    def recording(self):
        """Record every lookup in a catalogue, whichever ``gettext`` variant makes it."""
        original_gettext = trans_real.DjangoTranslation.gettext
        original_ngettext = trans_real.DjangoTranslation.ngettext
        original_js_strings = wagtailadmin_tags.get_js_translation_strings
        recorder = self

        def gettext(self, message):
            recorder._add(_message(message))
            return original_gettext(self, message)

        def ngettext(self, singular, plural, number):
            recorder._add(_message(singular, plural))
            return original_ngettext(self, singular, plural, number)

        def js_strings():
            with recorder.pause():
                return original_js_strings()

        with (
            mock.patch.object(trans_real.DjangoTranslation, "gettext", gettext),
            mock.patch.object(trans_real.DjangoTranslation, "ngettext", ngettext),
            mock.patch.object(wagtailadmin_tags, "get_js_translation_strings", js_strings),
        ):
            yield self


def _message(key, plural=""):
    context, separator, msgid = key.rpartition(CONTEXT_SEPARATOR)
    return Message(msgid=msgid, context=context if separator else "", plural=plural)


@dataclass
class ScreenStrings:
    screens: dict = field(default_factory=dict)  # name -> set of Message

    @property
    def messages(self):
        return set().union(*self.screens.values()) if self.screens else set()


def screen_strings(screens=None, language="vi"):
    """Render every screen once, in a transaction rolled back afterwards, and return the
    messages each looked up. Raises ``MissingContent`` if the database lacks what they
    show."""
    screens = SCREENS if screens is None else screens
    found = ScreenStrings()
    # Submitting for review notifies the reviewers by email: not from here.
    quiet = override_settings(
        EMAIL_BACKEND=QUIET_EMAIL, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]
    )
    with transaction.atomic(), quiet:
        scene = Scene.build()
        users = {"translator": scene.translator, "staff": scene.staff}
        for user in users.values():
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()
        for screen in screens:
            client = Client()
            if screen.user:
                client.force_login(users[screen.user])
            url = screen.url(scene)
            with Recorder().recording() as recorder, translation.override(language):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code != 200:
                raise AssertionError(f"{screen.name}: {url} answered {response.status_code}")
            found.screens[screen.name] = recorder.messages
        transaction.set_rollback(True)
    return found


# --- Catalogues ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    label: str
    localedir: Path

    @property
    def ours(self):
        return self.label == "ours"


def sources():
    """The catalogues Django reads, in the order it prefers them (``DjangoTranslation``):
    ``LOCALE_PATHS``, then the installed apps' in ``INSTALLED_APPS`` order, then Django's."""
    found = [Source("ours", Path(path)) for path in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        localedir = Path(config.path) / "locale"
        if localedir.is_dir() and localedir not in {source.localedir for source in found}:
            found.append(Source(config.label, localedir))
    found.append(Source("django", Path(django.__file__).parent / "conf" / "locale"))
    return found


def compiled_catalogue(source, code):
    """The entries of ``source`` for language ``code``, as Django finds them (``pt`` reads a
    ``pt_PT`` catalogue, for one)."""
    found = gettext_module.translation(
        "django", str(source.localedir), [translation.to_locale(code)], fallback=True
    )
    return getattr(found, "_catalog", {})


def our_catalogue(code):
    """Our catalogue as written (``.po``), so the check does not depend on a compile."""
    locale = translation.to_locale(code)
    path = Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=translation.to_locale(code))


def translated_languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@dataclass
class Coverage:
    code: str
    translated: dict = field(default_factory=dict)  # Message -> source label
    missing: list = field(default_factory=list)

    @property
    def share(self):
        total = len(self.translated) + len(self.missing)
        return len(self.translated) / total if total else 1.0

    def by_source(self):
        return Counter(self.translated.values())


def coverage(messages, codes=None):
    """Per language, which of ``messages`` a catalogue translates (and which one, the first
    Django reads) and which none does."""
    results = {}
    for code in codes or translated_languages():
        catalogues = [(source.label, compiled_catalogue(source, code)) for source in sources()]
        # A catalogue finds an entry by msgid and context (gettext of a plural reads the singular).
        ours = {(entry.msgid, entry.context) for entry in _entries(our_catalogue(code))}
        result = Coverage(code)
        for message in sorted(messages):
            label = "ours" if (message.msgid, message.context) in ours else None
            if label is None:
                label = next(
                    (
                        name
                        for name, catalogue in catalogues
                        if name != "ours"
                        and any(key in catalogue for key in message.catalogue_keys())
                    ),
                    None,
                )
            if label:
                result.translated[message] = label
            else:
                result.missing.append(message)
        results[code] = result
    return results


def _entries(po):
    """The translated entries of a ``.po`` catalogue: {Message: (string, …)}."""
    entries = {}
    for entry in po:
        if not entry.id or entry.fuzzy:
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            continue
        msgid, plural = (entry.id, "") if isinstance(entry.id, str) else entry.id
        entries[Message(msgid=msgid, context=entry.context or "", plural=plural)] = strings
    return entries


# --- Clashes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    code: str
    msgid: str
    ours: tuple
    theirs: tuple
    source: str

    def __str__(self):
        return (
            f"{self.code}: {self.msgid!r} is {self.theirs!r} in {self.source}'s catalogue, "
            f"ours says {self.ours!r}"
        )


def clashes(codes=None):
    """Entries of our catalogue without context whose msgid Wagtail or Django (or another
    installed app) translate into something else. Ours would win in the admin too, so it
    must not exist: give ours a context, or let theirs be. A translation of theirs that is the
    English text is no translation (ours may supply one)."""
    found = []
    for code in codes or translated_languages():
        catalogues = [
            (source.label, compiled_catalogue(source, code))
            for source in sources()
            if not source.ours
        ]
        for message, strings in _entries(our_catalogue(code)).items():
            if message.context:
                continue
            for label, catalogue in catalogues:
                theirs = _their_strings(catalogue, message, len(strings))
                if theirs is None:
                    continue
                english = (message.msgid, message.plural or message.msgid)
                if theirs != strings and theirs[0] not in english:
                    found.append(Clash(code, message.msgid, strings, theirs, label))
                break
    return found


def _their_strings(catalogue, message, count):
    if message.plural:
        forms = tuple(catalogue.get((message.msgid, index)) for index in range(count))
        return forms if forms[0] is not None else None
    found = catalogue.get(message.msgid)
    if found is None:
        found = catalogue.get((message.msgid, 0))
    return None if found is None else (found,)
