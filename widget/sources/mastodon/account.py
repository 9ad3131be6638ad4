"""The ``mastodon:user@host`` entry: checking it, reading it, and the token it may use.

A Mastodon account lives on its own server, so an entry names both. People
often paste a profile address instead; the reason then shows the form to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

SYNTAX = "mastodon:user@host"

_USER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
"""Mastodon allows letters, digits and ``_``; other fediverse servers also ``.`` and ``-``."""
_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


@dataclass(frozen=True)
class Address:
    """``user`` as written (servers match it without regard to case), ``host`` lower-cased."""

    user: str
    host: str

    def __str__(self) -> str:
        return f"{self.user}@{self.host}"


def problem(value: str) -> str | None:
    """Why ``value`` is not ``user@host``, in one line, or None when it is."""
    text = value.strip()
    if "://" in text or "/" in text or text.lower().startswith(("www.", "http")):
        return f"{value!r} is a web address; write the account as {_suggest(text)}"
    user, at, host = text.removeprefix("@").rpartition("@")
    if not at:
        return f"{value!r} has no server: write it as {SYNTAX}, e.g. mastodon:name@social.example"
    if not user:
        return f"{value!r} has no user name before the @: write it as {SYNTAX}"
    if not _USER.match(user):
        return (
            f"{value!r}: the user name {user!r} may hold only letters, digits and _ . -"
            f" (write it as {SYNTAX})"
        )
    if not _HOST.match(host.lower()):
        return f"{value!r}: {host!r} is not a server name such as social.example ({SYNTAX})"
    return None


def parse(value: str) -> Address:
    """The address of a value ``problem`` accepted (a leading ``@`` is allowed and dropped)."""
    user, _, host = value.strip().removeprefix("@").rpartition("@")
    return Address(user, host.lower())


def token_variable(host: str) -> str:
    """The environment variable that may hold an access token for ``host``:
    ``MASTODON_TOKEN_`` plus the host upper-cased, each other character ``_``."""
    return "MASTODON_TOKEN_" + re.sub(r"[^A-Z0-9]", "_", host.upper())


def _suggest(text: str) -> str:
    """``mastodon:user@host`` guessed from a profile address, or the general form."""
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    segment = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
    user, _, remote = segment.removeprefix("@").partition("@")
    host = remote.lower() or host  # a remote profile as one server shows it: /@user@home
    if segment.startswith("@") and _USER.match(user) and _HOST.match(host):
        return f"mastodon:{user}@{host}"
    return SYNTAX
