"""The local demo accounts (``load_demo_content --demo-users``, what ``make run`` creates)."""

from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from iurc.demo.builder import create_demo_users

PASSWORD = "iurc-demo"  # noqa: S105 (the Makefile's local demo password)


def test_the_demo_translator_switches_the_admin_to_vietnamese_in_account_settings(db):
    create_demo_users(PASSWORD)
    client = Client()
    # Through the sign-in form: django-axes checks every sign-in against its request.
    signed_in = client.post("/admin/login/", {"username": "translator", "password": PASSWORD})
    assert signed_in.status_code == 302

    page = client.get("/admin/account/")
    data = querydict_from_html(page.content.decode(), form_index=0).dict()
    data["locale-preferred_language"] = "vi"
    response = client.post("/admin/account/", data)

    # Wagtail's account form saves nothing unless every panel is valid, the name included.
    assert response.status_code == 302
    translator = get_user_model().objects.get(username="translator")
    assert UserProfile.get_for_user(translator).preferred_language == "vi"
    assert '<html lang="vi"' in client.get("/admin/").content.decode()


def test_every_demo_account_has_a_name_even_one_made_before_names(db):
    User = get_user_model()
    User.objects.create_user("staff", password=PASSWORD, first_name="", last_name="")
    User.objects.create_user("admin", password=PASSWORD, first_name="Grace", last_name="")

    create_demo_users(PASSWORD)

    names = {user.username: (user.first_name, user.last_name) for user in User.objects.all()}
    assert set(names) == {"admin", "staff", "translator"}
    assert all(first and last for first, last in names.values())
    assert names["admin"][0] == "Grace"  # a name someone gave is kept
