"""Any value of any parameter of the call list and the publication library shows the page
(Hypothesis, with the strategies of tests/test_bad_input.py)."""

import datetime

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.built_once import site_fixture
from tests.factories_calls import CallIndexPageFactory, CallPageFactory
from tests.factories_publications import PublicationIndexPageFactory, PublicationPageFactory
from tests.test_bad_input import LANGUAGES, query_strings, site_page

# More examples than the agreement views' five per parameter: these lists are cheap.
per_parameter = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@site_fixture
def lists(site_tree):
    calls = CallIndexPageFactory(parent=site_tree.home)
    library = PublicationIndexPageFactory(parent=site_tree.home)
    with translation.override("en"):
        CallPageFactory(parent=calls, closes_on=datetime.date(2099, 1, 1))
        PublicationPageFactory(parent=library)
    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            urls[code] = {"calls": calls.url, "publications": library.url}
    return urls


@pytest.mark.parametrize(
    ("view", "name"),
    [
        *(("calls", name) for name in ("state", "region", "page")),
        *(
            ("publications", name)
            for name in ("type", "year", "region", "network", "language", "page")
        ),
    ],
)
@per_parameter
@given(data=st.data())
def test_the_lists_show_a_page_for_any_value(client, lists, view, name, data):
    language = data.draw(st.sampled_from(LANGUAGES))
    site_page(client, f"{lists[language][view]}?{data.draw(query_strings(name))}")
