"""Times from APIs and feeds: read into UTC, and an odd one refused, never raised.

The feed below is invented (news.example); its second item is dated a year before 1,
which Python cannot move into UTC.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from widget.sources.rss.jsonfeed import read_json_feed
from widget.sources.times import utc_from_iso


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-30T10:12:00Z", datetime(2026, 11, 30, 10, 12, tzinfo=timezone.utc)),
        (" 2026-11-30T11:12:00+01:00 ", datetime(2026, 11, 30, 10, 12, tzinfo=timezone.utc)),
        ("2026-11-30T10:12:00", datetime(2026, 11, 30, 10, 12, tzinfo=timezone.utc)),
    ],
)
def test_a_time_is_read_into_utc(value: str, expected: datetime) -> None:
    moment = utc_from_iso(value)
    assert moment == expected
    assert moment is not None and moment.utcoffset() is not None
    assert moment.tzinfo == timezone.utc


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+01:00", "yesterday", "", None, 1764497520, ["2026-11-30"]]
)
def test_what_is_no_usable_time_is_none(value: object) -> None:
    assert utc_from_iso(value) is None


def test_a_json_feed_item_dated_before_the_year_1_has_no_date_and_the_rest_are_read() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Fiktive nyheder",
            "items": [
                {"id": "1", "content_text": "Første", "date_published": "2026-11-30T10:12:00Z"},
                {"id": "2", "content_text": "Anden", "date_published": "0001-01-01T00:00:00+01:00"},
            ],
        }
    ).encode()
    feed = read_json_feed(body, "https://news.example/feed.json")
    assert [entry.id for entry in feed.entries] == ["1", "2"]
    assert feed.entries[0].published == datetime(2026, 11, 30, 10, 12, tzinfo=timezone.utc)
    assert feed.entries[1].published is None
