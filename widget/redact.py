"""Tokens out of every line widget writes: the one place a secret is blanked.

An API's error body may echo the request, token included, and that body becomes
the reason a fetch failed: the warning line, the store's ``last_error``. Every
such line passes through :func:`redact` first, which blanks the value of every
token variable set in the environment and anything sent as a bearer token.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

REDACTED = "[token hidden]"
TOKEN_VARIABLES = re.compile(r"^(X_BEARER_TOKEN|MASTODON_TOKEN_[A-Z0-9_]+)$")
"""The variables widget reads tokens from (README "Sources")."""
BEARER = re.compile(r"(?i)\b(bearer|token|access_token)([\s:=\"']+)([A-Za-z0-9._~+/%-]{8,}=*)")
"""A token given away by its label, for one widget was not told about."""
MIN_SECRET = 8
"""Shorter values are not tokens, and blanking them would blank ordinary words."""


def secrets(environ: Mapping[str, str] | None = None) -> list[str]:
    """The token values set in the environment, longest first."""
    environ = os.environ if environ is None else environ
    values = {
        value.strip()
        for name, value in environ.items()
        if TOKEN_VARIABLES.match(name) and len(value.strip()) >= MIN_SECRET
    }
    return sorted(values, key=len, reverse=True)


def redact(text: str, known: Iterable[str] | None = None) -> str:
    """``text`` with every token (``known``, else the environment's) and bearer value blanked,
    also where the token appears URL-encoded."""
    for secret in secrets() if known is None else known:
        for form in dict.fromkeys((secret, quote(secret, safe=""))):
            text = text.replace(form, REDACTED)
    return BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
