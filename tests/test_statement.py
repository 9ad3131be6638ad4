"""``widget statement``: privacy and accessibility paragraphs from the config and the manifest.

The text must name exactly the networks and accounts configured (a privacy notice
that names one too few, or one too many, is wrong), in the config's language.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers import copy_example
from widget.cli import main
from widget.config import Config, parse_config
from widget.statement import LatestBuild, latest_build, statement

# Every account here is invented.

SOURCES = {
    "x": ["x:kommune_demo", "x:borger_demo"],
    "mastodon": ["mastodon:kommune@social.example"],
    "bluesky": ["bluesky:kommune.example"],
    "rss": ["rss:https://kommune.example/feed.xml"],
}
SHOWN = {
    "x": ["@kommune_demo", "@borger_demo"],
    "mastodon": ["@kommune@social.example"],
    "bluesky": ["@kommune.example"],
    "rss": ["https://kommune.example/feed.xml"],
}
NETWORK_WORDS = {
    "en": {
        "x": r"\bon X\b",
        "mastodon": r"\bMastodon\b",
        "bluesky": r"\bBluesky\b",
        "rss": r"RSS/Atom",
    },
    "da": {
        "x": r"\bpå X\b",
        "mastodon": r"\bMastodon\b",
        "bluesky": r"\bBluesky\b",
        "rss": r"RSS/Atom",
    },
}
BUILT = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def config(tmp_path: Path, networks: tuple[str, ...], locale: str, **top: Any) -> Config:
    sources = [source for network in networks for source in SOURCES[network]]
    half = len(sources) // 2 or 1
    feeds = {"a": {"title": "A", "sources": sources[:half]}}
    if sources[half:]:
        feeds["b"] = {"title": "B", "sources": sources[half:], "locale": "de"}
    return parse_config({"locale": locale, "feeds": feeds, **top}, tmp_path / "widget.toml")


SUBSETS = [subset for size in (1, 2, 4) for subset in combinations(sorted(SOURCES), size)]


@pytest.mark.parametrize("locale", ["da", "en"])
@pytest.mark.parametrize("networks", SUBSETS, ids="+".join)
def test_names_exactly_the_networks_and_accounts_configured(
    tmp_path: Path, networks: tuple[str, ...], locale: str
) -> None:
    text = statement(config(tmp_path, networks, locale), None)
    named = {n for n, pattern in NETWORK_WORDS[locale].items() if re.search(pattern, text)}
    assert named == set(networks)
    handles = set(re.findall(r"(?:@[\w.@-]*\w|https://\S+\.xml)", text))
    assert handles == {shown for network in networks for shown in SHOWN[network]}


def test_each_account_is_named_once_even_when_two_feeds_show_it(tmp_path: Path) -> None:
    feeds = {
        "a": {"title": "A", "sources": ["x:kommune_demo"]},
        "b": {"title": "B", "sources": ["x:kommune_demo", "x:borger_demo"]},
    }
    text = statement(parse_config({"feeds": feeds}, tmp_path / "widget.toml"), None)
    assert text.count("@kommune_demo") == 1
    assert "@kommune_demo og @borger_demo på X" in text


@pytest.mark.parametrize(
    ("locale", "named"),
    [
        ("da", "https://kommune.example/feed.xml (nyhedsfeed, RSS/Atom)"),
        ("en", "https://kommune.example/feed.xml (news feed, RSS/Atom)"),
    ],
)
def test_a_news_feed_is_named_by_its_address_not_as_an_account_on_a_network(
    tmp_path: Path, locale: str, named: str
) -> None:
    text = statement(config(tmp_path, ("x", "rss"), locale), None)
    assert named in text
    assert "feed.xml på" not in text and "feed.xml on" not in text


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("da", ["## Privatliv", "ingen cookies", "uden deres metadata", "WCAG 2.2 niveau AA"]),
        ("en", ["## Privacy", "no cookies", "without their metadata", "WCAG 2.2 level AA"]),
    ],
)
def test_the_paragraphs_are_in_the_configs_language(
    tmp_path: Path, locale: str, words: list[str]
) -> None:
    text = statement(config(tmp_path, ("x",), locale), None)
    for word in words:
        assert word in text
    assert ("Known limits" in text) == (locale == "en")


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("en", 1, "At the latest build (24 Nov 2026), 1 post showed images without a description"),
        ("en", 3, "At the latest build (24 Nov 2026), 3 posts showed images without a description"),
        ("da", 3, "Ved seneste opbygning (24. nov. 2026) viste 3 opslag billeder uden beskrivelse"),
    ],
)
def test_the_known_limits_count_posts_without_alt_text_from_the_manifest(
    tmp_path: Path, locale: str, count: int, expected: str
) -> None:
    text = statement(config(tmp_path, ("x",), locale), LatestBuild(BUILT, count))
    assert expected in text
    fallback = "“Image without a description”" if locale == "en" else "“Billede uden beskrivelse”"
    assert fallback in text


def test_without_a_count_it_names_the_fallback_and_says_no_count_exists(tmp_path: Path) -> None:
    text = statement(config(tmp_path, ("x",), "en"), LatestBuild(BUILT, None))
    assert "no build has counted such posts yet" in text
    assert "“Image without a description”" in text
    assert "At the latest build" not in text


@pytest.mark.parametrize(
    ("locale", "said"),
    [("en", "every image shown had a description"), ("da", "havde alle viste billeder")],
)
def test_a_build_with_every_image_described_says_so_rather_than_0_posts(
    tmp_path: Path, locale: str, said: str
) -> None:
    text = statement(config(tmp_path, ("x",), locale), LatestBuild(BUILT, 0))
    assert said in text
    assert " 0 " not in text


def test_own_templates_are_said_to_be_outside_the_test_suite(tmp_path: Path) -> None:
    plain = statement(config(tmp_path, ("x",), "en"), None)
    own = statement(config(tmp_path, ("x",), "en", templates="templates"), None)
    sentence = "This site uses its own templates, which that test suite does not cover."
    assert sentence not in plain and sentence in own


def write_manifest(output: Path, feeds: dict[str, Any]) -> None:
    output.mkdir(parents=True)
    document = {"built_at": "2026-11-24T12:00:00Z", "feeds": feeds}
    (output / "manifest.json").write_text(json.dumps(document), encoding="utf-8")


def test_the_latest_manifest_gives_the_count_of_distinct_posts(tmp_path: Path) -> None:
    settings = config(tmp_path, ("x",), "en")
    assert latest_build(settings) is None
    write_manifest(
        settings.output,
        {
            "a": {"missing_alt": [{"post": "x:1", "image": 1}, {"post": "x:1", "image": 2}]},
            "b": {"missing_alt": [{"post": "x:1", "image": 1}, {"post": "x:2", "image": 1}]},
        },
    )
    assert latest_build(settings) == LatestBuild(BUILT, 2)


def test_a_manifest_without_the_count_or_unreadable_says_less(tmp_path: Path) -> None:
    settings = config(tmp_path, ("x",), "en")
    write_manifest(settings.output, {"a": {"posts": 3}})
    assert latest_build(settings) == LatestBuild(BUILT, None)
    (settings.output / "manifest.json").write_text("{not json", encoding="utf-8")
    assert latest_build(settings) is None


def test_the_command_after_a_build_names_the_examples_account(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    runner = CliRunner()
    built = runner.invoke(main, ["build", "-c", str(folder / "widget.toml")])
    assert built.exit_code == 0, built.stderr
    result = runner.invoke(main, ["statement", "-c", str(folder / "widget.toml")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("## Privatliv")
    assert "@borger_demo på X" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
