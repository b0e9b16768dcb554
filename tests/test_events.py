"""Events: local times with their zone, upcoming and past lists, calendar files and feeds.

The calendar files icalendar writes are read back with vobject, and the RSS/Atom feeds with
an XML parser, so that a file only our writer understands fails here.
"""

import datetime
import io
import json
import re
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
import time_machine
import vobject
from babel.messages.pofile import read_po, write_po
from defusedxml.ElementTree import fromstring
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from iurc.events.models import EventIndexPage, EventPage
from iurc.home.models import HomePage
from iurc.translations import status
from iurc.translations.exchange import exporting, importing, units
from iurc.translations.exchange.formats import PO, XLIFF2
from iurc.translations.groups import PROGRAMME_STAFF, language_group_name
from tests.built_once import site_fixture
from tests.factories import RegionPageFactory, stream
from tests.factories_events import (
    EventIndexPageFactory,
    EventPageFactory,
    ThematicNetworkPageFactory,
)
from tests.support import count_queries, logged_in, page_form_data
from tests.test_bad_input import per_parameter, query_strings

DASHBOARD = "/admin/translations/"
UPCOMING_DAY = timezone.now().date() + datetime.timedelta(days=90)
PAST_DAY = datetime.date(2019, 11, 5)


@site_fixture
def events(site_tree):
    index = EventIndexPageFactory(parent=site_tree.home, intro="What is on.")
    network = ThematicNetworkPageFactory(
        parent=site_tree.region, title="Sustainable urban mobility", slug="mobility"
    )
    other_region = RegionPageFactory(parent=site_tree.region_index, title="Latin America")
    bangkok = EventPageFactory(
        parent=index,
        title="Asia regional forum",
        slug="asia-forum",
        title_vi="Diễn đàn khu vực châu Á",
        slug_vi="dien-dan-chau-a",
        summary="Cities of the region meet their European partners.",
        summary_vi="Các thành phố trong khu vực gặp các đối tác châu Âu.",
        venue="Centara Grand, Bangkok",
        venue_vi="Khách sạn Centara Grand, Băng Cốc",
        body_en=stream(("paragraph", "<p>Two days of workshops.</p>")),
        start_date=UPCOMING_DAY,
        start_time=datetime.time(9, 0),
        end_date=UPCOMING_DAY + datetime.timedelta(days=1),
        end_time=datetime.time(17, 30),
        time_zone="Asia/Bangkok",
        registration_url="https://example.org/register",
        registration_deadline=UPCOMING_DAY - datetime.timedelta(days=10),
        region=site_tree.region,
        network=network,
    )
    online = EventPageFactory(
        parent=index,
        title="Webinar on circular economy",
        slug="webinar",
        start_date=UPCOMING_DAY + datetime.timedelta(days=5),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 30),
        time_zone="Europe/Brussels",
        online_url="https://example.org/webinar",
        region=other_region,
    )
    past = EventPageFactory(
        parent=index,
        title="Study visit to Japan",
        slug="study-visit",
        title_vi="Chuyến thăm học tập tại Nhật Bản",
        slug_vi="chuyen-tham-nhat-ban",
        start_date=PAST_DAY,
        start_time=None,
        end_date=PAST_DAY + datetime.timedelta(days=2),
        end_time=None,
        time_zone="Asia/Tokyo",
        venue="Yokohama",
        region=site_tree.region,
    )
    draft = EventPageFactory(
        parent=index, title="Draft event", slug="draft", live=False, published=False
    )
    return SimpleNamespace(
        site=site_tree,
        index=index,
        network=network,
        other_region=other_region,
        bangkok=bangkok,
        online=online,
        past=past,
        draft=draft,
    )


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Times and time zones ---------------------------------------------------------------------


def test_local_times_give_the_utc_instants_of_the_events_zone(events):
    bangkok, past = events.bangkok, events.past

    assert bangkok.starts_at == datetime.datetime.combine(
        UPCOMING_DAY, datetime.time(2, 0), datetime.UTC
    )
    assert bangkok.ends_at == datetime.datetime.combine(
        UPCOMING_DAY + datetime.timedelta(days=1), datetime.time(10, 30), datetime.UTC
    )
    # Whole days: from midnight in Tokyo to the midnight after the last day.
    assert past.starts_at == datetime.datetime(2019, 11, 4, 15, 0, tzinfo=datetime.UTC)
    assert past.ends_at == datetime.datetime(2019, 11, 7, 15, 0, tzinfo=datetime.UTC)


def test_event_page_shows_the_local_time_with_its_zone_and_the_utc_instant(client, events):
    html = html_of(client, "/en/events/asia-forum/")

    start = f'<time datetime="{UPCOMING_DAY:%Y-%m-%d}T02:00:00Z">'
    assert start in html
    assert "09:00</time>" in html
    assert "17:30</time>" in html
    assert "(Bangkok time, UTC+07:00)" in html
    assert "In UTC:" in html and "02:00 –" in html and "10:30" in html
    # The reader's own time is added by a script file (no inline script: the CSP).
    assert "data-event-time" in html
    assert "/static/js/event-time.js" in html
    assert "<script>" not in html


def test_event_page_in_vietnamese(client, events):
    html = html_of(client, "/vi/su-kien/dien-dan-chau-a/")

    assert "Diễn đàn khu vực châu Á" in html
    assert "Khách sạn Centara Grand, Băng Cốc" in html
    assert "Các thành phố trong khu vực gặp các đối tác châu Âu." in html
    assert "(giờ Bangkok, UTC+07:00)" in html
    # The body is not translated: shown in English and marked so.
    assert 'lang="en"' in html and "Two days of workshops." in html


def test_whole_day_events_show_dates_only(client, events):
    html = html_of(client, "/en/events/study-visit/")

    assert '<time datetime="2019-11-05">' in html
    assert '<time datetime="2019-11-07">' in html
    assert "This event has taken place." in html
    assert "In UTC:" not in html


@pytest.mark.parametrize("name", ["Asia/Bangkokk", "UTC+7", "", "../etc/passwd"])
def test_time_zone_must_be_a_zoneinfo_name(events, name):
    events.bangkok.time_zone = name

    with pytest.raises(ValidationError) as error:
        events.bangkok.full_clean()

    assert "time_zone" in error.value.message_dict


def test_an_event_cannot_end_before_it_starts(events):
    events.online.end_time = datetime.time(9, 0)

    with pytest.raises(ValidationError) as error:
        events.online.full_clean()

    assert "end_time" in error.value.message_dict


def test_registration_link_until_the_deadline(client, events):
    html = html_of(client, "/en/events/asia-forum/")
    assert '<a href="https://example.org/register" rel="noopener">Register</a>' in html

    events.bangkok.registration_deadline = timezone.now().date() - datetime.timedelta(days=1)
    events.bangkok.save()
    html = html_of(client, "/en/events/asia-forum/")
    assert "Registration is closed." in html


# --- Lists ---------------------------------------------------------------------------------------


def test_upcoming_events_are_listed_soonest_first(client, events):
    html = html_of(client, "/en/events/")

    assert html.index("Asia regional forum") < html.index("Webinar on circular economy")
    assert "Study visit to Japan" not in html
    assert "Draft event" not in html


def test_past_events_are_listed_newest_first(client, events):
    html = html_of(client, "/en/events/", when="past")

    assert "Study visit to Japan" in html
    assert "Asia regional forum" not in html


def test_lists_narrow_to_a_region_and_a_network(client, events):
    region = events.site.region

    html = html_of(client, "/en/events/", region=region.pk)
    assert "Asia regional forum" in html
    assert "Webinar on circular economy" not in html

    html = html_of(client, "/en/events/", region=events.other_region.pk)
    assert "Webinar on circular economy" in html
    assert "Asia regional forum" not in html

    html = html_of(client, "/en/events/", network=events.network.pk)
    assert "Asia regional forum" in html
    assert "Webinar on circular economy" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("when=tomorrow", "“tomorrow” is not a choice of events; upcoming events are shown."),
        ("region=abc", "“abc” is not a known region; that filter was ignored."),
        ("region=999999", "“999999” is not a known region; that filter was ignored."),
        ("region=99999999999999999999999", "is not a known region"),
        ("network=-1", "“-1” is not a known thematic network; that filter was ignored."),
        ("page=x", "“x” is not a page number; the first page is shown."),
        ("when=past&when=upcoming", "Only one choice of events can be chosen at a time"),
        ("region=%00", ""),
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(client, events, query, message):
    response = client.get(f"/en/events/?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()


def test_bad_filter_values_are_explained_in_vietnamese(client, events):
    html = html_of(client, "/vi/su-kien/", region="abc")

    assert "“abc”" in html
    assert "is not a known region" not in html


def test_the_language_switcher_keeps_the_filters(client, events):
    html = html_of(client, "/en/events/", when="past", region=events.site.region.pk)

    assert f"/vi/su-kien/?when=past&amp;region={events.site.region.pk}" in html


EVENT_LIST = 14
EVENT_PAGE = 10


def test_event_list_and_page_stay_within_their_query_budgets_as_events_grow(client, events):
    urls = {
        "list": f"/vi/su-kien/?region={events.site.region.pk}",
        "page": "/vi/su-kien/dien-dan-chau-a/",
    }
    small = {name: count_queries(client, url)[0] for name, url in urls.items()}
    with translation.override("en"):
        for i in range(15):
            EventPageFactory(
                parent=events.index,
                title=f"More {i}",
                slug=f"more-{i}",
                region=events.site.region,
                network=events.network,
            )
    cache.clear()
    grown = {name: count_queries(client, url)[0] for name, url in urls.items()}

    assert grown == small
    assert grown["list"] <= EVENT_LIST
    assert grown["page"] <= EVENT_PAGE


# --- Calendar files ---------------------------------------------------------------------------


def read_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(io.StringIO(response.content.decode()))


def test_event_calendar_file_reads_in_another_parser(client, events):
    response = client.get("/en/events/asia-forum/calendar/")

    assert response["Content-Disposition"] == 'attachment; filename="asia-forum.ics"'
    calendar = read_calendar(response)
    assert calendar.version.value == "2.0"
    (event,) = calendar.vevent_list
    assert event.uid.value == f"event-{events.bangkok.pk}@testserver"
    assert event.summary.value == "Asia regional forum"
    assert event.url.value == "http://testserver/en/events/asia-forum/"
    assert event.location.value == "Centara Grand, Bangkok"
    assert event.dtstamp.value.tzinfo is not None
    start = event.dtstart.value
    assert start.replace(tzinfo=None) == datetime.datetime.combine(UPCOMING_DAY, datetime.time(9))
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert event.dtend.value.astimezone(datetime.UTC) == events.bangkok.ends_at
    assert "DTSTART;TZID=Asia/Bangkok:" in response.content.decode()
    (zone,) = calendar.vtimezone_list
    assert zone.tzid.value == "Asia/Bangkok"


def test_event_calendar_file_in_vietnamese(client, events):
    calendar = read_calendar(client.get("/vi/su-kien/dien-dan-chau-a/calendar/"))

    (event,) = calendar.vevent_list
    assert event.summary.value == "Diễn đàn khu vực châu Á"
    assert event.url.value == "http://testserver/vi/su-kien/dien-dan-chau-a/"


def test_whole_day_event_calendar_file_has_dates(client, events):
    calendar = read_calendar(client.get("/en/events/study-visit/calendar/"))

    (event,) = calendar.vevent_list
    assert event.dtstart.value == PAST_DAY
    assert event.dtend.value == PAST_DAY + datetime.timedelta(days=3)  # the day after


def test_calendar_feed_per_language_and_region(client, events):
    calendar = read_calendar(client.get("/vi/su-kien/calendar/"))
    summaries = {event.summary.value for event in calendar.vevent_list}
    assert summaries == {"Diễn đàn khu vực châu Á", "Webinar on circular economy"}
    assert {zone.tzid.value for zone in calendar.vtimezone_list} == {
        "Asia/Bangkok",
        "Europe/Brussels",
    }

    region = events.site.region
    calendar = read_calendar(client.get(f"/en/events/calendar/?region={region.pk}"))
    assert [event.summary.value for event in calendar.vevent_list] == ["Asia regional forum"]


def test_event_page_links_its_calendar_file_and_the_list_its_feeds(client, events):
    html = html_of(client, "/vi/su-kien/dien-dan-chau-a/")
    assert 'href="/vi/su-kien/dien-dan-chau-a/calendar/" download' in html

    region = events.site.region
    html = html_of(client, "/en/events/", region=region.pk)
    assert f'type="text/calendar" href="/en/events/calendar/?region={region.pk}"' in html
    for kind in ("rss", "atom"):
        assert re.search(alternate(f"application/{kind}[+]xml", f"/en/events/feed/{kind}/"), html)
    html = html_of(client, "/en/events/asia-forum/")
    assert re.search(alternate("application/rss[+]xml", "/en/events/feed/rss/"), html)
    assert re.search(alternate("text/calendar", "/en/events/asia-forum/calendar/"), html)


def alternate(media_type, href):
    """A pattern for ``<link rel="alternate">`` of ``media_type`` to ``href``."""
    return f'<link rel="alternate" type="{media_type}" [^>]*href="{href}"'


# --- Feeds, structured data, search, sitemap ------------------------------------------------


def test_rss_feed_per_language(client, events):
    response = client.get("/vi/su-kien/feed/rss/")

    assert response.status_code == 200
    channel = fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Sự kiện"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert set(titles) == {
        "Diễn đàn khu vực châu Á",
        "Webinar on circular economy",
        "Chuyến thăm học tập tại Nhật Bản",
    }
    forum = next(i for i in channel.findall("item") if i.findtext("title") == titles[0])
    assert forum.findtext("link").startswith("http://testserver/vi/su-kien/")


def test_atom_feed_says_when_in_the_events_zone(client, events):
    response = client.get("/en/events/feed/atom/")

    atom = "{http://www.w3.org/2005/Atom}"
    entries = fromstring(response.content).findall(f"{atom}entry")
    forum = next(e for e in entries if e.findtext(f"{atom}title") == "Asia regional forum")
    assert "(Bangkok time, UTC+07:00)" in forum.findtext(f"{atom}summary")


def test_event_page_has_schema_org_event_data(client, events):
    html = html_of(client, "/en/events/asia-forum/")

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    event = next(data for data in map(json.loads, blocks) if data.get("@type") == "Event")
    assert event["name"] == "Asia regional forum"
    assert event["startDate"] == f"{UPCOMING_DAY:%Y-%m-%d}T09:00:00+07:00"
    assert event["location"] == {
        "@type": "Place",
        "name": "Centara Grand, Bangkok",
        "address": "Centara Grand, Bangkok",
    }
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["offers"]["url"] == "https://example.org/register"


def test_events_are_found_by_search_in_vietnamese(client, events):
    html = html_of(client, "/vi/search/", q="ban coc")  # without diacritics

    assert "Diễn đàn khu vực châu Á" in html
    assert "Draft event" not in html


def test_events_are_in_the_sitemap(client, events):
    xml = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/en/events/asia-forum/" in xml
    assert "http://testserver/vi/su-kien/dien-dan-chau-a/" in xml
    assert "/draft/" not in xml


# --- Home page ---------------------------------------------------------------------------------


def test_home_page_shows_upcoming_events(client, events):
    html = html_of(client, "/vi/")

    assert "Diễn đàn khu vực châu Á" in html
    assert "Chuyến thăm học tập tại Nhật Bản" not in html
    assert 'href="/vi/su-kien/"' in html


def test_upcoming_events_cost_the_home_page_one_query(client, events):
    with_events, _content = count_queries(client, "/vi/")
    EventIndexPage.objects.filter(pk=events.index.pk).update(live=False)
    cache.clear()
    without_events, _content = count_queries(client, "/vi/")

    assert with_events <= without_events + 1


# --- Admin and translation --------------------------------------------------------------------


def test_where_events_are_created():
    assert EventIndexPage.allowed_parent_page_models() == [HomePage]
    assert EventPage.allowed_parent_page_models() == [EventIndexPage]
    assert EventPage.allowed_subpage_models() == []
    assert EventIndexPage.allowed_subpage_models() == [EventPage]


def test_staff_create_an_event_in_the_admin(admin_client, events):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", events.index.pk])
    form = admin_client.get(url)
    assert form.status_code == 200
    assert '<option value="Asia/Bangkok">Asia/Bangkok</option>' in form.content.decode()

    response = admin_client.post(
        url,
        page_form_data(
            EventPage,
            {
                "title_en": "Forum in Hanoi",
                "slug_en": "forum-hanoi",
                "start_date": "2027-05-04",
                "start_time": "08:30",
                "end_time": "12:00",
                "time_zone": "Asia/Ho_Chi_Minh",
                "venue_en": "Hanoi",
            },
            action="publish",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    page = EventPage.objects.get(slug="forum-hanoi")
    assert page.live
    assert page.starts_at == datetime.datetime(2027, 5, 4, 1, 30, tzinfo=datetime.UTC)


def test_translators_workspace_lists_and_edits_event_fields(events, django_user_model):
    page = EventPage.objects.get(pk=events.bangkok.pk)
    assert status.missing_fields(page, "vi") == {"body"}
    staff = django_user_model.objects.create_user("staff", password="not-used")
    staff.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    client = logged_in(staff)

    rows = client.get(DASHBOARD, {"language": "vi", "state": "missing"}).context["rows"]
    webinar = next(row for row in rows if row["label"] == "Webinar on circular economy")
    assert webinar["missing"] == ["Title"]
    segments = reverse("workspace_segments", args=["events.eventpage", events.online.pk, "vi"])
    assert webinar["segments_url"] == segments

    translator = django_user_model.objects.create_user("tran", password="not-used")
    translator.groups.add(Group.objects.get(name=language_group_name("vi")))
    assert logged_in(translator).get(segments).status_code == 200


@pytest.mark.parametrize("file_format", [XLIFF2, PO])
def test_event_fields_go_through_the_exchange(events, admin_user, client, file_format):
    page = EventPage.objects.get(pk=events.online.pk)
    exported = exporting.export("vi", file_format, [units.working_copy(page)])
    content = exported.content.decode()
    assert "Webinar on circular economy" in content

    translated = _fill_po(exported.content) if file_format == PO else _fill_xliff(content)
    report = importing.import_translations(translated.encode(), user=admin_user)

    assert report.rejected == []
    page = EventPage.objects.get(pk=page.pk)
    page.get_latest_revision().publish()
    html = html_of(client, "/vi/su-kien/")
    assert "Hội thảo trực tuyến về kinh tế tuần hoàn" in html


def _fill_po(content):
    catalog = read_po(io.BytesIO(content))
    for message in catalog:
        if message.id == "Webinar on circular economy":
            message.string = "Hội thảo trực tuyến về kinh tế tuần hoàn"
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue().decode()


def _fill_xliff(content):
    namespace = "urn:oasis:names:tc:xliff:document:2.0"
    root = ElementTree.fromstring(content)  # noqa: S314 - our own export
    for segment in root.iter(f"{{{namespace}}}segment"):
        source = segment.find(f"{{{namespace}}}source")
        if source.text == "Webinar on circular economy":
            target = ElementTree.SubElement(segment, f"{{{namespace}}}target")
            target.text = "Hội thảo trực tuyến về kinh tế tuần hoàn"
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)


def test_unpublished_events_are_nowhere(client, events):
    for url in ("/en/events/", "/en/events/calendar/", "/en/events/feed/rss/", "/en/"):
        assert "Draft event" not in client.get(url).content.decode()
    assert client.get("/en/events/draft/").status_code == 404


def test_region_and_network_pages_list_their_upcoming_events(client, events):
    html = html_of(client, "/en/regions/asia-australasia/mobility/")
    assert "Asia regional forum" in html
    network = events.network.pk
    assert f'href="/en/events/calendar/?network={network}"' in html

    html = html_of(client, "/vi/regions/chau-a-va-chau-uc/")
    assert "Diễn đàn khu vực châu Á" in html
    assert "Chuyến thăm học tập tại Nhật Bản" not in html  # past
    assert "Webinar on circular economy" not in html  # another region


@pytest.mark.parametrize("url", ["/en/events/", "/en/", "/en/events/asia-forum/"])
def test_cached_pages_change_when_an_event_ends(events, page_cache, url):
    client = Client()
    ends_at = events.bangkok.ends_at
    with time_machine.travel(ends_at - datetime.timedelta(seconds=30), tick=False):
        client.get(url)
        cached = client.get(url)
        assert cached["X-Cache"] == "HIT"
    with time_machine.travel(ends_at + datetime.timedelta(seconds=1), tick=False):
        after = client.get(url)

    assert after["X-Cache"] == "MISS"
    if url.endswith("asia-forum/"):
        assert "This event has taken place." in after.content.decode()
    else:
        assert "Asia regional forum" in cached.content.decode()
        assert "Asia regional forum" not in after.content.decode()


@pytest.mark.parametrize("name", ["when", "region", "network", "page"])
@per_parameter
@given(data=st.data())
def test_lists_calendars_and_feeds_answer_any_value(client, events, name, data):
    language = data.draw(st.sampled_from(["en", "vi"]))
    index = "/en/events/" if language == "en" else "/vi/su-kien/"
    view = data.draw(st.sampled_from(["", "calendar/", "feed/rss/", "feed/atom/"]))
    url = f"{index}{view}?{data.draw(query_strings(name))}"

    response = client.get(url)

    assert response.status_code == 200, url


def test_home_page_shows_as_many_upcoming_events_as_its_section_says(client, events):
    home = HomePage.objects.get(pk=events.site.home.pk)
    home.layout = [("upcoming_events", {"count": 1})]
    home.save()

    html = html_of(client, "/en/")

    assert "Asia regional forum" in html
    assert "Webinar on circular economy" not in html
