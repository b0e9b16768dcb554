"""Admin posts that no editor sends answer 400 Bad Request and save nothing, never 500
(iurc/core/malformed.py): a StreamField's count, type or order missing or not a number, rich
text that is not Draft.js JSON, an inline formset's management data that is not a number."""

import logging

import pytest
from wagtail.models import Page

from iurc.core import malformed
from tests.built_once import site_fixture
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    StandardPageFactory,
    stream,
)
from tests.support import edit_form_data, edit_url


@site_fixture
def page(home):
    return StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        intro="<p>The programme's funding.</p>",
        body_en=stream(("paragraph", "<p>The EU funds the programme.</p>")),
        body_vi=stream(("paragraph", "<p>EU tài trợ chương trình.</p>")),
    )


@site_fixture
def agreement(home):
    return AgreementPageFactory(parent=AgreementIndexPageFactory(parent=home))


# The form the edit view renders, as a browser posts it back: read once per page, each case
# changes a copy of it.
RENDERED = {}


def posted_form(client, page):
    if page.pk not in RENDERED:
        RENDERED[page.pk] = edit_form_data(client, page, {})
    return dict(RENDERED[page.pk])


def latest_revision(page):
    return Page.objects.get(pk=page.pk).latest_revision_id


# What a crafted post changes, and the field the answer names.
CASES = {
    "stream count missing": ("body_vi", lambda data: data.pop("body_vi-count")),
    "stream count a Unicode digit": ("body_vi", lambda data: data.update({"body_vi-count": "²"})),
    "block type missing": ("body_vi", lambda data: data.pop("body_vi-0-type")),
    "block order not a number": ("body_vi", lambda data: data.update({"body_vi-0-order": "x"})),
    "rich text block not JSON": (
        "body_vi-0-value",
        lambda data: data.update({"body_vi-0-value": "<p>not JSON</p>"}),
    ),
    "rich text block JSON of another shape": (
        "body_en-0-value",
        lambda data: data.update({"body_en-0-value": '{"blocks": 5}'}),
    ),
    "rich text field not JSON": ("intro_en", lambda data: data.update({"intro_en": "{not"})),
}


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_field_in_a_page_edit_post_answers_400_and_saves_nothing(
    admin_client, page, case
):
    field, change = CASES[case]
    data = posted_form(admin_client, page)
    change(data)
    before = latest_revision(page)

    response = admin_client.post(edit_url(page), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert f"“{field}”" in text
    assert "nothing was saved" in text
    assert latest_revision(page) == before


def test_the_same_post_unchanged_is_saved(admin_client, page):
    # The cases above fail for what they change, not for the rest of the form.
    before = latest_revision(page)

    response = admin_client.post(edit_url(page), posted_form(admin_client, page))

    assert response.status_code == 302
    assert latest_revision(page) != before


def test_an_inline_formset_total_that_is_not_a_number_is_a_form_error(admin_client, agreement):
    data = posted_form(admin_client, agreement)
    data["eu_members-TOTAL_FORMS"] = "²"
    before = latest_revision(agreement)

    response = admin_client.post(edit_url(agreement), data)

    # Django's formsets check their management form: the editor is shown again with an error.
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in response.content.decode()
    assert latest_revision(agreement) == before


def test_other_errors_are_not_turned_into_bad_requests():
    with pytest.raises(RuntimeError), malformed.parsing("body_en"):
        raise RuntimeError("a bug, not a bad request")


def test_a_malformed_value_is_logged_with_its_cause(caplog):
    with (
        caplog.at_level(logging.WARNING, logger="iurc.core"),
        pytest.raises(malformed.MalformedPost),
        malformed.parsing("body_en"),
    ):
        int("first")

    [record] = caplog.records
    assert "body_en" in record.getMessage()
    assert isinstance(record.exc_info[1], ValueError)
