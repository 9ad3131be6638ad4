"""ISO 8601 times from an API or a feed, read into UTC or refused, never raised."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_from_iso(value: object) -> datetime | None:
    """The moment ``value`` names, in UTC; None for anything that is not a usable time.

    A time without an offset is taken as UTC, which is what these APIs speak.
    """
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # "0001-01-01T00:00:00+01:00" is a year before 1
        return None
