"""The admin in the translator's language: our catalogue supplements Wagtail's and Django's
and never contradicts them."""

from iurc.translations import admin_strings
from iurc.translations.admin_strings import Message


def test_our_catalogue_gives_no_wagtail_or_django_msgid_another_text():
    """Ours is read first, in the admin too: an entry of ours without context whose msgid
    Wagtail or Django translate would change their text (our "Pages" meant pagination and
    Wagtail's "Pages" menu read "Phân trang")."""
    assert [str(clash) for clash in admin_strings.clashes()] == []


def test_the_screens_translators_use_are_translated_into_every_language(site_tree):
    """Each screen is rendered once; every language is checked against what they looked up."""
    found = admin_strings.screen_strings()

    assert set(found.screens) == {screen.name for screen in admin_strings.SCREENS}
    assert all(found.screens.values()), "a screen looked up no string at all"
    assert Message("Save draft") in found.messages
    assert Message("Submit to %(workflow_name)s") in found.messages
    missing = {
        code: [str(message) for message in result.missing]
        for code, result in admin_strings.coverage(found.messages).items()
        if result.missing
    }
    assert missing == {}
