"""Issue 10 #13: a token an API echoes back is blanked by one function before any line is kept."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from widget.redact import REDACTED, redact, secrets

TOKEN = "AAAAfictional%2BToken/with+signs=="


def test_every_token_variable_set_is_blanked_also_url_encoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", TOKEN)
    monkeypatch.setenv("MASTODON_TOKEN_SOCIAL_EXAMPLE", "fictional-mastodon-token")
    line = f"refused {TOKEN} and {quote(TOKEN, safe='')} and fictional-mastodon-token"
    assert redact(line) == f"refused {REDACTED} and {REDACTED} and {REDACTED}"


def test_a_bearer_value_widget_was_not_told_about_is_blanked_too() -> None:
    assert redact("header was Bearer abcdefgh12345678", known=[]) == f"header was Bearer {REDACTED}"


def test_ordinary_words_and_short_values_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", "short")
    monkeypatch.setenv("UNRELATED_SETTING", "a-long-value-that-is-no-token")
    line = "the API refused the token (401 Unauthorized); check X_BEARER_TOKEN"
    assert redact(line) == line
    assert "a-long-value-that-is-no-token" not in secrets()
