"""Downloads counted once per visitor, item and day, with nothing kept that names
the visitor: a daily key and keyed hashes, in Redis only and expiring."""

import datetime
import logging

import pytest
import redis
from crawleruseragents import CRAWLER_USER_AGENTS_DATA
from django.conf import settings
from django.test import RequestFactory

from scoran.lib import downloads
from tests.directory.outages import unreachable_redis

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
    "+https://openai.com/gptbot)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Wget/1.21.4",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36",
]
DAY = datetime.date(2026, 3, 14)


@pytest.fixture
def redis_client():
    """The raw Redis behind the cache, emptied of download keys around each test."""
    client = redis.Redis.from_url(settings.REDIS_URL)

    def clean():
        for name in client.scan_iter(match="*downloads:*"):
            client.delete(name)

    clean()
    yield client
    clean()


def visit(ip="203.0.113.7", user_agent=FIREFOX, **extra):
    return RequestFactory().get("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent, **extra)


def first(request, item="resource:1", day=DAY):
    return downloads.first_of_the_day(request, item, day=day)


def test_a_visitor_is_counted_once_a_day_per_item(redis_client):
    assert first(visit())
    assert not first(visit())
    assert not first(visit())
    assert first(visit(), item="resource:2")


def test_another_address_or_browser_is_another_visitor(redis_client):
    assert first(visit())
    assert first(visit(ip="198.51.100.20"))
    assert first(visit(user_agent=CHROME))


def test_the_next_day_counts_again(redis_client):
    assert first(visit(), day=DAY)
    assert first(visit(), day=DAY + datetime.timedelta(days=1))
    assert not first(visit(), day=DAY + datetime.timedelta(days=1))


def test_the_day_defaults_to_the_paris_local_date(redis_client):
    assert downloads.first_of_the_day(visit(), "resource:1")
    assert not downloads.first_of_the_day(visit(), "resource:1")


def test_the_address_is_the_one_our_proxy_saw(redis_client, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    assert first(visit(HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7"))
    # A client changing the part of the header it controls is the same visitor.
    assert not first(visit(HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.7"))


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_of_the_maintained_list_are_not_counted(redis_client, user_agent):
    assert downloads.is_robot(user_agent)
    assert not first(visit(user_agent=user_agent))
    assert not list(redis_client.scan_iter(match="*downloads:seen:*"))


def test_every_example_of_the_maintained_list_is_a_robot():
    examples = [
        example for item in CRAWLER_USER_AGENTS_DATA for example in item.get("instances", [])
    ]
    assert len(examples) > 500
    assert all(downloads.is_robot(example) for example in examples)


@pytest.mark.parametrize("user_agent", ["", "   "])
def test_a_client_without_user_agent_is_a_robot(redis_client, user_agent):
    assert not first(visit(user_agent=user_agent))
    assert not first(RequestFactory().get("/", REMOTE_ADDR="203.0.113.7"))


@pytest.mark.parametrize("user_agent", [FIREFOX, CHROME])
def test_browsers_are_not_robots(user_agent):
    assert not downloads.is_robot(user_agent)


def test_redis_holds_no_address_nor_user_agent_and_everything_expires(redis_client):
    assert first(visit())
    names = list(redis_client.scan_iter(match="*downloads:*"))
    assert len(names) == 2  # the day's key and one marker
    for name in names:
        value = redis_client.get(name)
        for clear in (b"203.0.113.7", b"Firefox", b"resource:1"):
            assert clear not in name
            assert clear not in value
        assert 0 < redis_client.ttl(name) <= downloads.KEY_LIFETIME
    (marker,) = [name for name in names if b":seen:" in name]
    # The marker of a past day lives only for the margin.
    assert redis_client.ttl(marker) <= downloads.MARKER_MARGIN


def test_todays_marker_lasts_until_the_end_of_the_day_and_the_margin(redis_client):
    assert downloads.first_of_the_day(visit(), "resource:1")
    (marker,) = redis_client.scan_iter(match="*downloads:seen:*")
    ttl = redis_client.ttl(marker)
    assert downloads.MARKER_MARGIN < ttl <= 24 * 3600 + downloads.MARKER_MARGIN


def test_one_key_a_day_made_once(redis_client):
    first(visit())
    first(visit(ip="198.51.100.20"))
    first(visit(), day=DAY + datetime.timedelta(days=1))
    keys = sorted(redis_client.scan_iter(match="*downloads:key:*"))
    assert [name.rsplit(b":", 1)[1] for name in keys] == [b"2026-03-14", b"2026-03-15"]


def test_the_hash_depends_on_the_key():
    fields = {"ip": "203.0.113.7", "user_agent": FIREFOX, "item": "resource:1", "day": DAY}
    assert downloads.digest(key=b"a", **fields) != downloads.digest(key=b"b", **fields)
    assert downloads.digest(key=b"a", **fields) == downloads.digest(key=b"a", **fields)


def test_without_redis_nothing_is_counted_and_an_error_is_logged(settings, caplog):
    unreachable_redis(settings)
    with caplog.at_level(logging.ERROR, logger="scoran.lib.downloads"):
        assert not first(visit())
    assert "counting unavailable" in caplog.text
    assert "203.0.113.7" not in caplog.text
