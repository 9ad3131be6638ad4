"""The ``mastodon:user@host`` entry, its store key and its token variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from widget.errors import SourceError
from widget.sources.mastodon import KIND, token_variable


@pytest.mark.parametrize(
    "value", ["borgerdk@social.example", "@Borger_DK@Social.Example", "a.b-c@x.y.example"]
)
def test_valid_entries_have_no_problem(value: str) -> None:
    assert KIND.problem(value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("borgerdk", "has no server"),
        ("@@social.example", "no user name"),
        ("bo rger@social.example", "may hold only"),
        ("borger<script>@social.example", "may hold only"),
        ("borgerdk@localhost", "is not a server name"),
        ("borgerdk@social.example:8080", "is not a server name"),
        ("borgerdk@social..example", "is not a server name"),
        (
            "https://social.example/@borgerdk",
            "write the account as mastodon:borgerdk@social.example",
        ),
        ("social.example/@borgerdk@home.example", "mastodon:borgerdk@home.example"),
        ("https://social.example/about", "write the account as mastodon:user@host"),
    ],
)
def test_malformed_entries_get_one_line_saying_why(value: str, words: str) -> None:
    reason = KIND.problem(value)
    assert reason is not None and words in reason and "\n" not in reason


def test_spec_normalises_and_the_store_key_is_lower_case() -> None:
    spec = KIND.spec("@BorgerDK@Social.Example", Path)
    assert spec.kind == "mastodon" and spec.value == "BorgerDK@social.example"
    assert spec.label == "mastodon:BorgerDK@social.example"
    assert KIND.account(spec) == "borgerdk@social.example"


def test_spec_refuses_a_malformed_entry_with_one_line() -> None:
    with pytest.raises(SourceError, match=r"^mastodon:borgerdk: .*has no server"):
        KIND.spec("borgerdk", Path)


@pytest.mark.parametrize(
    ("host", "variable"),
    [
        ("social.example", "MASTODON_TOKEN_SOCIAL_EXAMPLE"),
        ("mastodon.social", "MASTODON_TOKEN_MASTODON_SOCIAL"),
        ("xn--bcher-kva.example", "MASTODON_TOKEN_XN__BCHER_KVA_EXAMPLE"),
    ],
)
def test_token_variable_names_the_host(host: str, variable: str) -> None:
    assert token_variable(host) == variable


def test_the_kind_is_registered_under_its_network() -> None:
    assert KIND.name == "mastodon" and KIND.network.name == "mastodon"
    assert KIND.syntax == "mastodon:user@host" and not KIND.local
