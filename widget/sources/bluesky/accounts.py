"""How a ``bluesky:`` entry names an account: a handle (``name.bsky.social``) or a DID."""

from __future__ import annotations

import re

_HANDLE = re.compile(
    r"^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$"
)
_DID = re.compile(r"^did:[a-z]+:[a-zA-Z0-9._:%-]{0,2000}[a-zA-Z0-9._-]$")
_PROFILE_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?bsky\.app/profile/([^/?#\s]+)", re.I)
_BARE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,61}$", re.I)


def is_did(value: str) -> bool:
    return bool(_DID.match(value))


def problem(value: str) -> str | None:
    """Why ``value`` names no Bluesky account, in one line with a way out, or None."""
    text = value.strip()
    if not text:
        return "the account is missing: write bluesky:<handle>, e.g. bluesky:name.bsky.social"
    address = _PROFILE_ADDRESS.match(text)
    if address:
        return f"{value!r} is a profile address; write the handle: bluesky:{address.group(1)}"
    if "://" in text or "/" in text:
        return f"{value!r} is an address, not a handle; write bluesky:name.bsky.social"
    if text.startswith("@"):
        return f"write the handle without '@': bluesky:{text[1:]}"
    if text.lower().startswith("did:"):
        return None if is_did(text) else f"{value!r} is not a valid DID (did:plc:…)"
    if _HANDLE.match(text.lower()):
        return None
    if _BARE_NAME.match(text):
        return f"{value!r} is not a full handle; did you mean bluesky:{text.lower()}.bsky.social?"
    return f"{value!r} is not a Bluesky handle (name.bsky.social) or DID (did:plc:…)"


def normalized(value: str) -> str:
    """Handles are case-insensitive; DIDs are kept as written."""
    text = value.strip()
    return text if is_did(text) else text.lower()
