"""Small readers shared by the two X formats (API v2 and the archive export).

X payloads are loosely typed (archives write numbers as strings, optional
fields go missing), so every read goes through these instead of trusting a shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

NETWORK = "x"
SNOWFLAKE_EPOCH_MS = 1288834974657
"""X's IDs since November 2010 carry their creation time: milliseconds since this epoch."""
TOKEN_VARIABLE = "X_BEARER_TOKEN"
REPLAY_TOKEN = "replay-needs-no-token"
"""Sent instead of a token when answers come from recordings, which ignore it."""


def permalink(handle: str, post_id: str) -> str:
    """The post's public address; X resolves ``/i/status/<id>`` when the handle is unknown."""
    return f"https://x.com/{handle or 'i'}/status/{post_id}"


def valid_post_id(value: Any) -> str | None:
    """An X post ID: ASCII digits only, at most 20 (a 64-bit number), else None.

    ``"²".isdigit()`` is true and ``int()`` of 5,000 digits raises, so an ID from an
    answer or an export is checked here before anything compares it as a number.
    """
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20:
        return value
    return None


def utc(moment: datetime) -> datetime | None:
    """``moment`` in UTC, or None when that falls outside the years 1 to 9999."""
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_mappings(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in as_list(value) if isinstance(item, Mapping)]


def best_mp4(variants: Any, *, rate_key: str) -> str | None:
    """The highest-bit-rate MP4 of a video (v2 says ``bit_rate``, the archive ``bitrate``)."""
    mp4 = [v for v in as_mappings(variants) if v.get("content_type") == "video/mp4"]
    mp4 = [v for v in mp4 if as_text(v.get("url"))]
    if not mp4:
        return None
    return as_text(max(mp4, key=lambda v: as_int(v.get(rate_key)) or 0).get("url"))


def snowflake_time(post_id: str) -> datetime | None:
    """The creation time written into an X ID, or None for the older, sequential IDs."""
    number = as_int(post_id)
    if number is None or number < 2**32:  # sequential IDs from before snowflakes
        return None
    return datetime.fromtimestamp(((number >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, tz=timezone.utc)
