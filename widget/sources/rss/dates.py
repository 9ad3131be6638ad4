"""An item's publication time, from feedparser's parse or from a localized date string.

feedparser parses RFC 822 and ISO dates in English only: a Danish CMS writing
``ons, 16 nov 2022 10:00:00 +0100`` (or a French one, ``mer, 16 nov 2022``)
gets ``published_parsed=None``. :func:`localized_date` reads the common
"day month year [time] [zone]" shape with month names of the languages public
sites around us use, so such an item keeps its real date.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import datetime, timedelta, timezone

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan januar january janvier janv enero ene januari gennaio",
        "feb februar february février févr fevrier fevr febrero februari febbraio",
        "mar mär mrz marts märz march mars marzo maart",
        "apr april avril avr abril aprile",
        "maj mai may mayo mei maggio",
        "jun juni june juin junio giugno",
        "jul juli july juillet juil julio luglio",
        "aug august août aout agosto augustus ago",
        "sep sept september septembre septiembre settembre set",
        "okt oktober oct october octobre octubre ottobre",
        "nov november novembre noviembre",
        "dec dez dezember december décembre déc decembre diciembre dic dicembre",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_ZONES = {"z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "cet": 60, "met": 60, "cest": 120}

_DATE = re.compile(
    r"(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]+)\.?,?\s+(?P<year>\d{4})"
    r"(?:[,\sT]+(?:kl\.?\s*)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?)?"
    r"\s*(?P<zone>[+-]\d{2}:?\d{2}|[A-Za-z]{1,4})?\s*$"
)


def from_struct(value: object) -> datetime | None:
    """feedparser's UTC ``struct_time`` (or a 9-tuple) as an aware datetime."""
    if not isinstance(value, (time.struct_time, tuple)) or len(value) < 6:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(tuple(value)), timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def localized_date(value: object) -> datetime | None:
    """``ons, 16 nov 2022 10:00:00 +0100``-like text in many languages, or None."""
    if not isinstance(value, str):
        return None
    match = _DATE.search(value.strip().lower())
    if match is None:
        return None
    month = _MONTHS.get(match["month"])
    offset = _zone(match["zone"])
    if month is None:
        return None
    try:
        local = datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None
    return local.astimezone(timezone.utc)


def _zone(text: str | None) -> timedelta:
    """A numeric offset or a zone name; no zone, or one not known here, is read as UTC
    (a few hours off beats falling back to the time of the fetch)."""
    if not text:
        return timedelta(0)
    if text[0] in "+-":
        digits = text[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        return timedelta(minutes=-minutes if text[0] == "-" else minutes)
    return timedelta(minutes=_ZONES.get(text, 0))
