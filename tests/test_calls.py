"""Calls for applications: states from the clock, deadlines in time zones, the list's filters,
the "Apply now" blocks, and the page cache never showing a state that has passed."""

import datetime
from types import SimpleNamespace

import feedparser
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from iurc.calls import states
from iurc.calls.models import CallPage
from tests.built_once import site_fixture
from tests.factories import make_live
from tests.factories_calls import CallIndexPageFactory, CallPageFactory
from tests.support import count_queries

UTC = datetime.UTC
# The demo call closes on 31 January 2027 at 17:00 in Brussels: 16:00 UTC.
BEFORE_OPENING = datetime.datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
OPEN = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
CLOSING_SOON = datetime.datetime(2027, 1, 25, 12, 0, tzinfo=UTC)
JUST_BEFORE_CLOSING = datetime.datetime(2027, 1, 31, 15, 59, 30, tzinfo=UTC)
CLOSED = datetime.datetime(2027, 1, 31, 16, 0, tzinfo=UTC)


@site_fixture
def calls_site(site_tree):
    index = CallIndexPageFactory(parent=site_tree.home, show_in_menus=True)
    with translation.override("en"):
        call = CallPageFactory(
            parent=index,
            title="Call for cities in Asia",
            slug="call-for-cities-in-asia",
            title_vi="Kêu gọi các thành phố châu Á",
            slug_vi="keu-goi-cac-thanh-pho-chau-a",
            summary="Cities of Asia may apply to be paired with a European city.",
            summary_vi="Các thành phố châu Á có thể đăng ký kết nối với một thành phố châu Âu.",
            eligibility="<p>Cities of more than 100,000 inhabitants.</p>",
            eligibility_vi="<p>Các thành phố trên 100.000 dân.</p>",
            how_to_apply="<p>Send the form.</p>",
            how_to_apply_vi="<p>Gửi mẫu đơn.</p>",
            apply_url="https://example.org/apply",
            published=False,
        )
        call.regions = [site_tree.region]
        make_live(call)
        later = CallPageFactory(
            parent=index,
            title="Call for regions",
            slug="call-for-regions",
            opens_on=datetime.date(2027, 3, 1),
            closes_on=datetime.date(2027, 4, 30),
            time_zone="Asia/Bangkok",
        )
    return SimpleNamespace(tree=site_tree, index=index, call=call, later=later)


# --- States -----------------------------------------------------------------------------


def test_states_follow_the_clock():
    opens = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    closes = datetime.datetime(2027, 1, 31, 16, 0, tzinfo=UTC)

    assert states.state(opens, closes, BEFORE_OPENING) == states.UPCOMING
    assert states.state(opens, closes, opens) == states.OPEN
    assert states.state(opens, closes, OPEN) == states.OPEN
    assert states.state(opens, closes, closes - states.CLOSING_SOON) == "closing-soon"
    assert states.state(opens, closes, JUST_BEFORE_CLOSING) == "closing-soon"
    assert states.state(opens, closes, closes) == states.CLOSED
    assert states.next_change(opens, closes, BEFORE_OPENING) == opens
    assert states.next_change(opens, closes, OPEN) == closes - states.CLOSING_SOON
    assert states.next_change(opens, closes, CLOSING_SOON) == closes
    assert states.next_change(opens, closes, CLOSED) is None


def test_local_dates_and_times_give_the_instants_in_utc(db):
    call = CallPage(
        title="x",
        opens_on=datetime.date(2026, 11, 1),
        opens_at_time=datetime.time(9, 0),
        closes_on=datetime.date(2027, 6, 30),
        closes_at_time=datetime.time(17, 0),
        time_zone="Asia/Ho_Chi_Minh",
    )
    call.derive_instants()

    assert call.opens_at == datetime.datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    assert call.closes_at == datetime.datetime(2027, 6, 30, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"closes_on": datetime.date(2026, 10, 1)}, "closes_on"),
        # Brussels moves its clocks from 02:00 to 03:00 on 28 March 2027.
        (
            {"closes_on": datetime.date(2027, 3, 28), "closes_at_time": datetime.time(2, 30)},
            "closes_at_time",
        ),
    ],
)
def test_a_call_with_an_unknown_zone_a_skipped_time_or_closing_first_is_refused(
    home, changes, field
):
    values = {
        "title": "x",
        "slug": "x",
        "opens_on": datetime.date(2026, 11, 1),
        "closes_on": datetime.date(2027, 4, 30),
        "time_zone": "Europe/Brussels",
        **changes,
    }
    call = CallPage(**values)

    with pytest.raises(ValidationError) as error:
        call.full_clean()

    assert field in error.value.message_dict


# --- The call's page ----------------------------------------------------------------------


@time_machine.travel(OPEN, tick=False)
def test_call_page_shows_its_state_and_deadline_in_its_zone_and_utc(client, calls_site):
    html = client.get("/vi/keu-goi-ung-tuyen/keu-goi-cac-thanh-pho-chau-a/").content.decode()

    assert "Kêu gọi các thành phố châu Á" in html
    assert "Đang mở" in html
    # 17:00 in Brussels (UTC+01:00 in winter) and 16:00 UTC, each a machine-readable <time>.
    assert 'datetime="2027-01-31T17:00:00+01:00"' in html
    assert 'datetime="2027-01-31T16:00:00+00:00"' in html
    assert "Europe/Brussels, UTC+01:00" in html
    assert "Các thành phố trên 100.000 dân." in html
    assert 'href="https://example.org/apply"' in html
    assert "calls/local_time" in html


@time_machine.travel(CLOSED, tick=False)
def test_a_closed_call_says_so_and_offers_no_application_link(client, calls_site):
    html = client.get("/en/calls/call-for-cities-in-asia/").content.decode()

    assert "Closed" in html
    assert "This call is closed." in html
    assert "https://example.org/apply" not in html


# --- The list -------------------------------------------------------------------------------


@time_machine.travel(OPEN, tick=False)
@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Call for cities in Asia", "Call for regions"]),
        ("?state=open", ["Call for cities in Asia"]),
        ("?state=upcoming", ["Call for regions"]),
        ("?state=closed", []),
        ("?state=closing-soon", []),
    ],
)
def test_the_list_filters_by_state(client, calls_site, query, titles):
    response = client.get(f"/en/calls/{query}")

    assert [call.title for call in response.context["calls"]] == titles


@time_machine.travel(OPEN, tick=False)
def test_the_list_filters_by_region_with_calls_open_to_every_region(client, calls_site):
    region = calls_site.tree.region

    response = client.get(f"/en/calls/?region={region.pk}")

    # The call for regions names none: it is open to every region.
    assert {call.title for call in response.context["calls"]} == {
        "Call for cities in Asia",
        "Call for regions",
    }
    # The About page is no region.
    response = client.get(f"/en/calls/?region={calls_site.tree.about.pk}")
    assert "is not a region of this list" in response.content.decode()


@time_machine.travel(OPEN, tick=False)
@pytest.mark.parametrize(
    "query",
    [
        "?state=soon",
        "?region=abc",
        "?region=99999",
        "?page=x",
        "?state=open&state=closed",
        "?region=%00",
        "?page=99",
    ],
)
def test_bad_filter_values_give_a_message_never_a_failure(client, calls_site, query):
    response = client.get(f"/vi/keu-goi-ung-tuyen/{query}")

    assert response.status_code == 200
    if query != "?page=99":
        assert response.context["filter"].messages


# --- "Apply now" on the home page and the region's page --------------------------------------


@time_machine.travel(OPEN, tick=False)
def test_home_and_region_pages_show_the_open_call(client, calls_site):
    home = client.get("/vi/").content.decode()
    region = client.get(calls_site.tree.region.url).content.decode()

    for html in (home, region):
        assert 'id="apply-now-heading"' in html
        assert "Kêu gọi các thành phố châu Á" in html or "Call for cities in Asia" in html
        assert "Call for regions" not in html  # not open yet


@time_machine.travel(CLOSED, tick=False)
def test_no_apply_now_block_once_the_call_has_closed(client, calls_site):
    assert 'id="apply-now-heading"' not in client.get("/vi/").content.decode()


def test_the_home_page_reads_calls_in_one_query_whatever_their_number(calls_site):
    with time_machine.travel(OPEN, tick=False):
        few, _html = count_queries(Client(), "/vi/")
        with translation.override("en"):
            for i in range(8):
                CallPageFactory(parent=calls_site.index, title=f"Extra call {i}")
        client = Client()
        client.get("/vi/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/vi/").content.decode()

    assert len(queries) == few
    assert [q["sql"] for q in queries if "calls_callpage" in q["sql"]] != []
    assert len([q for q in queries if "calls_callpage" in q["sql"]]) == 1
    assert html.count("Extra call") == 2  # three shown, those closing first


# --- The page cache ------------------------------------------------------------------------


def test_a_cached_call_page_is_not_served_after_its_state_changes(calls_site, page_cache):
    url = "/en/calls/call-for-cities-in-asia/"
    client = Client()
    with time_machine.travel(JUST_BEFORE_CLOSING, tick=False):
        first = client.get(url)
        again = client.get(url)
        assert first["X-Cache"] == "MISS"
        assert again["X-Cache"] == "HIT"
        assert "Closing soon" in again.content.decode()
        # A CDN in front keeps it no longer than the 30 seconds left.
        assert "s-maxage=30," in again["Cache-Control"]
        assert "stale-while-revalidate=0" in again["Cache-Control"]
    with time_machine.travel(CLOSED, tick=False):
        after = client.get(url)

    assert after["X-Cache"] == "MISS"
    assert "This call is closed." in after.content.decode()


@pytest.mark.parametrize("url", ["/vi/", "/en/calls/?state=open", "/en/calls/"])
def test_cached_lists_and_the_home_page_change_when_a_call_closes(calls_site, page_cache, url):
    client = Client()
    with time_machine.travel(JUST_BEFORE_CLOSING, tick=False):
        client.get(url)
        cached = client.get(url)
        assert cached["X-Cache"] == "HIT"
    with time_machine.travel(CLOSED, tick=False):
        after = client.get(url)

    assert after["X-Cache"] == "MISS"
    if url == "/vi/":
        assert 'id="apply-now-heading"' in cached.content.decode()
        assert 'id="apply-now-heading"' not in after.content.decode()
    elif "state=open" in url:
        assert "Call for cities in Asia" in cached.content.decode()
        assert "Call for cities in Asia" not in after.content.decode()


# --- Feeds ---------------------------------------------------------------------------------


@time_machine.travel(OPEN, tick=False)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_calls_feeds_in_vietnamese_read_with_another_parser(client, calls_site, kind):
    index_html = client.get("/vi/keu-goi-ung-tuyen/").content.decode()
    call_html = client.get("/vi/keu-goi-ung-tuyen/keu-goi-cac-thanh-pho-chau-a/").content.decode()
    url = f"/vi/keu-goi-ung-tuyen/feed/{kind}/"

    parsed = feedparser.parse(client.get(url).content)

    assert f'href="{url}"' in index_html
    assert f'rel="alternate" type="application/{kind}+xml"' in call_html
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = [entry.title for entry in parsed.entries]
    # The latest to open first.
    assert titles == ["Call for regions", "Kêu gọi các thành phố châu Á"]
    first_call = parsed.entries[1]
    assert first_call.link.endswith("/vi/keu-goi-ung-tuyen/keu-goi-cac-thanh-pho-chau-a/")
    assert "Các thành phố châu Á có thể đăng ký" in first_call.summary
    assert "Europe/Brussels" in first_call.summary
