"""The admin in the translator's language: our catalogue supplements Wagtail's and Django's
and never contradicts them."""

from iurc.translations import admin_strings


def test_our_catalogue_gives_no_wagtail_or_django_msgid_another_text():
    """Ours is read first, in the admin too: an entry of ours without context whose msgid
    Wagtail or Django translate would change their text (our "Pages" meant pagination and
    Wagtail's "Pages" menu read "Phân trang")."""
    assert [str(clash) for clash in admin_strings.clashes()] == []
