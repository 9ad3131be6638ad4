"""Small readers shared by the two X formats (API v2 and the archive export).

X payloads are loosely typed (archives write numbers as strings, optional
fields go missing), so every read goes through these instead of trusting a shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NETWORK = "x"


def permalink(handle: str, post_id: str) -> str:
    """The post's public address; X resolves ``/i/status/<id>`` when the handle is unknown."""
    return f"https://x.com/{handle or 'i'}/status/{post_id}"


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
