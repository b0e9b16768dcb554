"""Bad input never breaks a page.

Every public view and API endpoint, for every query parameter it reads, answers any value: the
site with its page (200) and a message in the reader's language, the API with its answer or a
JSON 400 that names the parameter. Hypothesis draws the values (any Unicode text, digits that
are not 0-9 such as ² ① ٣, huge and negative numbers, control characters, bytes that are not
UTF-8, empty values, repeats); the examples per parameter grow with the Hypothesis profile
(tests/conftest.py).
"""

import io
import json
import re
from types import SimpleNamespace
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iurc.core import languages
from iurc.core.parameters import whole_number
from iurc.core.sitemap import SiteMap
from partners.filters import PARAMETERS as FILTER_PARAMETERS
from tests.built_once import site_fixture
from tests.support import API_AGREEMENTS, API_PARTNERS

# A twentieth of the profile's examples for each parameter: 5 in CI, 100 with the deep profile.
EXAMPLES_PER_PARAMETER = max(3, settings().max_examples // 20)
per_parameter = settings(
    max_examples=EXAMPLES_PER_PARAMETER,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters str.isdigit() or str.isdecimal() accept and that are not 0-9: superscripts,
# circled and parenthesised numbers, Arabic-Indic, Persian, Devanagari, Bengali, fullwidth,
# mathematical bold, N'Ko, Thai.
UNICODE_DIGITS = "²³¹①⑳⑴٣۳३৩３𝟗߂๓"
NEAR_NUMBERS = ["", " ", "last", "0", "-1", "1.5", "1e3", "0x10", "+7", "NaN", "[]", "1" * 5000]
LANGUAGES = ("en", "vi", "zh-hans")

texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789" + UNICODE_DIGITS + " -+.e", max_size=12),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=5),
    st.sampled_from(NEAR_NUMBERS),
)
# A value as it stands in a URL: any text percent-encoded as UTF-8, or any bytes (%FF, and
# %ED%A0%80, a surrogate, are not UTF-8).
url_values = st.one_of(
    texts.map(lambda text: quote(text, safe="")),
    st.binary(max_size=12).map(lambda data: quote_from_bytes(data, safe="")),
)


@st.composite
def query_strings(draw, name):
    """``name`` once or repeated, with or without "=", with or without brackets."""
    pairs = []
    for value in draw(st.lists(url_values, min_size=1, max_size=3)):
        key = draw(st.sampled_from([name, name, name, f"{name}[]", f"{name}[0]"]))
        pairs.append(key if draw(st.integers(0, 9)) == 0 and not value else f"{key}={value}")
    return "&".join(pairs)


@site_fixture
def urls(site_tree):
    """The public URLs of the small site, in each language of LANGUAGES."""
    partner = site_tree.agreements[0].eu_members.first().partner
    index = site_tree.agreement_index
    by_language = {}
    for code in LANGUAGES:
        with translation.override(code):
            database = index.url
            by_language[code] = SimpleNamespace(
                database=database,
                map=database + index.reverse_subpage("map"),
                statistics=database + index.reverse_subpage("statistics"),
                exports=[
                    database + index.reverse_subpage("export", kwargs={"file_format": name})
                    for name in ("csv", "json", "geojson")
                ],
                search=f"/{code}/search/",
                pages=[
                    page.url
                    for page in (
                        site_tree.home,
                        site_tree.about,
                        site_tree.phase_index,
                        site_tree.phase,
                        site_tree.region_index,
                        site_tree.region,
                        site_tree.agreements[0],
                    )
                ]
                + [database + index.reverse_subpage("partner", args=[partner.pk])],
            )
    return SimpleNamespace(
        by_language=by_language,
        agreement=site_tree.agreements[0].pk,
        partner=partner.pk,
    )


def site_page(client, url):
    """The answer to ``url``, which must be the page: 200 and HTML (a download, its file).

    A query string with an empty parameter is first sent, once, to the same URL without it
    (a permanent redirect): that URL must be the page.
    """
    response = client.get(url)
    if response.status_code == 301:
        location = response["Location"]
        assert "=&" not in location and not location.endswith("="), (url, location)
        response = client.get(location)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        assert response["Content-Type"].startswith("text/html"), url
    return response


def api_answer(client, url, allowed=(200, 400)):
    """The answer to ``url``: JSON with one of the ``allowed`` statuses; a 400 names what was
    wrong."""
    response = client.get(url)
    assert response.status_code in allowed, (url, response.content[:300])
    assert response["Content-Type"] == "application/json", url
    payload = json.loads(response.content)
    if response.status_code == 400:
        assert payload and all(
            isinstance(messages, list) and all(isinstance(m, str) and m for m in messages)
            for messages in payload.values()
        ), payload
    return response, payload


# --- The two 500s the fuzzing found, and their kin -------------------------------------------


def test_a_unicode_digit_as_page_number_shows_the_first_page_with_a_message(client, urls):
    english = site_page(client, f"{urls.by_language['en'].database}?page=%C2%B2").content.decode()
    assert "“²” is not a page number; the first page is shown." in english
    vietnamese = site_page(client, f"{urls.by_language['vi'].database}?page=%C2%B2").content
    assert "“²” không phải là số trang; trang đầu tiên được hiển thị." in vietnamese.decode()


@pytest.mark.parametrize("name", ["region", "phase", "theme", "year"])
def test_a_unicode_digit_as_a_filter_is_dropped_with_a_message(client, urls, name):
    for digit in ("¹", "①", "٣", "３"):
        page = site_page(client, f"{urls.by_language['en'].database}?{name}={quote(digit)}")
        assert f"“{digit}” is not a known" in page.content.decode(), digit


@pytest.mark.parametrize("name", ["region", "phase", "theme", "year", "page", "page_size"])
def test_a_unicode_digit_in_the_api_is_a_400_naming_the_parameter(client, urls, name):
    for digit in ("¹", "①", "٣", "３"):
        response, payload = api_answer(client, f"{API_AGREEMENTS}?{name}={quote(digit)}", (400,))
        assert list(payload) == [name], digit


def test_the_api_names_format_as_an_unknown_parameter(client, urls):
    for value in ("xml", "json", "api", "%C2%B2", ""):
        response, payload = api_answer(client, f"{API_AGREEMENTS}?format={value}", (400,))
        assert list(payload) == ["format"], value


def test_whole_numbers_are_written_with_the_digits_0_to_9_only():
    assert whole_number("42") == 42
    assert whole_number(" 007 ") == 7
    assert whole_number("9" * 19) is None
    assert whole_number("9" * 5000) is None
    assert whole_number("12", maximum=10) is None
    assert whole_number("1", minimum=2) is None
    for value in ("", " ", "-1", "+1", "1.0", "1e3", "²", "①", "٣", "３", "1²", "\x00", None):
        assert whole_number(value) is None, value


# --- Any value of any parameter, on every public view ----------------------------------------


@pytest.mark.parametrize("name", [*FILTER_PARAMETERS, "page"])
@per_parameter
@given(data=st.data())
def test_the_agreement_list_and_map_show_a_page_for_any_value(client, urls, name, data):
    language = data.draw(st.sampled_from(LANGUAGES))
    view = data.draw(st.sampled_from(["database", "map"]))
    url = getattr(urls.by_language[language], view)
    site_page(client, f"{url}?{data.draw(query_strings(name))}")


@pytest.mark.parametrize("name", FILTER_PARAMETERS)
@per_parameter
@given(data=st.data())
def test_statistics_and_downloads_answer_any_filter_value(client, urls, name, data):
    pages = urls.by_language[data.draw(st.sampled_from(LANGUAGES))]
    url = data.draw(st.sampled_from([pages.statistics, *pages.exports]))
    site_page(client, f"{url}?{data.draw(query_strings(name))}")


@pytest.mark.parametrize("name", ["q", "page"])
@per_parameter
@given(data=st.data())
def test_search_shows_a_page_for_any_value(client, urls, name, data):
    url = urls.by_language[data.draw(st.sampled_from(LANGUAGES))].search
    other = "" if name == "q" else "q=Hanoi&"
    site_page(client, f"{url}?{other}{data.draw(query_strings(name))}")


@per_parameter
@given(data=st.data())
def test_pages_without_parameters_ignore_any(client, urls, data):
    url = data.draw(st.sampled_from(urls.by_language[data.draw(st.sampled_from(LANGUAGES))].pages))
    name = data.draw(st.text(min_size=1, max_size=10).map(lambda text: quote(text, safe="")))
    site_page(client, f"{url}?{data.draw(query_strings(name))}")


@per_parameter
@given(data=st.data())
def test_the_language_switcher_sends_any_next_to_a_page_of_this_site(client, urls, data):
    code = data.draw(st.sampled_from([*languages.codes(), "xx", "%C2%B2", "en%00"]))
    response = client.get(f"/i18n/language/{code}/?{data.draw(query_strings('next'))}")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert not target.scheme and not target.netloc, response["Location"]
    assert target.path.startswith("/") and not target.path.startswith(("//", "/\\"))


# --- The API: any value of any parameter is an answer or a JSON 400 ---------------------------

API_PARAMETERS = {
    "lang": "api",
    "page": "lists",
    "page_size": "lists",
    "q": "lists",
    **{name: "agreements" for name in FILTER_PARAMETERS if name != "q"},
    "country": "lists",
    "kind": "lists",
    "format": "api",
}


def api_urls(urls, where):
    agreements = [API_AGREEMENTS]
    lists = [API_AGREEMENTS, API_PARTNERS]
    details = [f"{API_AGREEMENTS}{urls.agreement}/", f"{API_PARTNERS}{urls.partner}/"]
    return {"agreements": agreements, "lists": lists, "api": ["/api/v1/", *lists, *details]}[where]


@pytest.mark.parametrize("name", sorted(API_PARAMETERS))
@per_parameter
@given(data=st.data())
def test_the_api_answers_any_value_or_names_the_parameter(client, urls, name, data):
    url = data.draw(st.sampled_from(api_urls(urls, API_PARAMETERS[name])))
    # A page past the end of a list is not found, as the API documents.
    allowed = (200, 400, 404) if name == "page" else (200, 400)
    response, payload = api_answer(client, f"{url}?{data.draw(query_strings(name))}", allowed)
    if response.status_code == 400:
        assert set(payload) <= {name, f"{name}[]", f"{name}[0]"}, payload
    if response.status_code == 404:
        assert payload["detail"].startswith("There is no page "), payload


@per_parameter
@given(data=st.data())
def test_the_api_names_any_unknown_parameter(client, urls, data):
    url = data.draw(st.sampled_from(api_urls(urls, "api")))
    name = data.draw(
        st.text(min_size=1, max_size=10).filter(
            lambda text: text.strip() and text not in API_PARAMETERS
        )
    )
    api_answer(client, f"{url}?{data.draw(query_strings(quote(name, safe='')))}", (400,))


# --- The fuzz command ------------------------------------------------------------------------


def test_the_fuzz_command_crawls_and_counts_no_server_error(urls):
    out = io.StringIO()
    call_command("fuzz_public_urls", requests=10, crawl_limit=20, host="localhost", stdout=out)
    report = out.getvalue()
    assert "  api:root\n" in report and "home_page.html" in report
    assert re.search(r"Requests: 30 \(20 crawling, 10 mutated\)", report), report
    assert "Status codes: 200: " in report
    assert report.rstrip().endswith("Server errors: 0"), report


def test_the_fuzz_command_fails_on_a_server_error_even_halfway_through_a_download(
    urls, monkeypatch
):
    def broken(self, codes):
        yield "<urlset>"
        raise RuntimeError("the sitemap broke")

    monkeypatch.setattr(SiteMap, "urlset", broken)
    out = io.StringIO()
    with pytest.raises(CommandError, match="server errors"):
        call_command("fuzz_public_urls", requests=0, crawl_limit=3, host="localhost", stdout=out)
    assert "/sitemap.xml  [crawl]\n    RuntimeError: the sitemap broke" in out.getvalue()
