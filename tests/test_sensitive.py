"""Sensitive content: left out by default, or shown behind a native warning per feed.

Every post here is invented.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.render_support import local_images, make_entry, make_post, parse, photo, render, tag
from tests.render_support import make_feed as make_curated
from widget.config import FeedConfig, SourceSpec, parse_config
from widget.curate import CuratedFeed, curate
from widget.errors import ConfigError
from widget.media import LocalImage
from widget.model import Card, Post, PostKind
from widget.sources.x.archive import read_archive
from widget.sources.x.v2 import normalize_page

NOW = make_post().created + timedelta(hours=1)


def feed(**settings: Any) -> FeedConfig:
    return FeedConfig(
        name="nyheder", title="Nyheder", sources=(SourceSpec("x", "kommune_test"),), **settings
    )


def run(posts: list[Post], **settings: Any) -> CuratedFeed:
    return curate(feed(**settings), posts, now=NOW)


def shown(curated: CuratedFeed) -> list[str]:
    return [entry.post.id for entry in curated.entries]


FLAGGED: dict[str, dict[str, Any]] = {
    "x possibly_sensitive": {"sensitive": True, "media": (photo("flag"),)},
    "mastodon content warning": {"content_warning": "Trafikulykke", "sensitive": True},
    "bluesky label": {"labels": ("graphic-media",), "sensitive": True},
    "bluesky !warn": {"labels": ("!warn",)},
}


# --- curation -------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", FLAGGED)
def test_by_default_a_sensitive_post_is_left_out_and_explain_names_the_setting(flag: str) -> None:
    posts = [make_post("1", **FLAGGED[flag]), make_post("2")]
    curated = run(posts)
    assert shown(curated) == ["2"]
    reason = curated.explain("x:1")
    assert "sensitive content" in reason and 'feeds.nyheder.sensitive is "hide"' in reason


@pytest.mark.parametrize("flag", FLAGGED)
def test_with_warn_the_sensitive_post_is_shown(flag: str) -> None:
    posts = [make_post("1", **FLAGGED[flag]), make_post("2")]
    assert sorted(shown(run(posts, sensitive="warn"))) == ["1", "2"]


def test_the_reason_names_the_content_warning_or_the_label() -> None:
    curated = run([make_post("1", **FLAGGED["mastodon content warning"])])
    assert "content warning 'Trafikulykke'" in curated.decisions["x:1"].reason
    curated = run([make_post("1", **FLAGGED["bluesky label"])])
    assert "labelled 'graphic-media' by the network" in curated.decisions["x:1"].reason


def test_a_quote_of_a_sensitive_post_is_left_out_too_unless_warned() -> None:
    quoted = make_post("5", sensitive=True, media=(photo("q"),))
    quote = make_post("6", kind=PostKind.QUOTE, original=quoted)
    curated = run([quote])
    assert shown(curated) == []
    assert curated.decisions["x:6"].reason.startswith("left out: the quoted post is flagged")
    assert shown(run([quote], sensitive="warn")) == ["6"]


def test_no_unauthenticated_stays_left_out_even_with_warn() -> None:
    post = make_post("7", labels=("!no-unauthenticated",))
    curated = run([post], sensitive="warn")
    assert shown(curated) == []
    assert "'!no-unauthenticated'" in curated.decisions["x:7"].reason


def test_a_harmless_label_is_not_sensitive() -> None:
    assert shown(run([make_post("8", labels=("bot",))])) == ["8"]


# --- the sources' flags -----------------------------------------------------------------


def test_x_possibly_sensitive_is_read_from_the_api() -> None:
    user = {"id": "11", "name": "Kommune", "username": "kommune_test"}
    body = {
        "data": [
            {"id": "21", "text": "Flagged", "created_at": "2026-11-20T09:00:00.000Z",
             "author_id": "11", "possibly_sensitive": True},
            {"id": "20", "text": "Plain", "created_at": "2026-11-20T08:00:00.000Z",
             "author_id": "11", "possibly_sensitive": False},
        ],
        "includes": {"users": [user]},
    }  # fmt: skip
    page = normalize_page(body, "kommune_test")
    assert [(post.id, post.sensitive) for post in page.posts] == [("21", True), ("20", False)]


def test_an_x_export_carries_the_flag_as_a_boolean_or_as_a_string(tmp_path: Path) -> None:
    tweets = [
        {"tweet": {"id_str": str(number), "full_text": "Hej", "possibly_sensitive": flag,
                   "created_at": "Sat Feb 18 19:45:15 +0000 2023"}}
        for number, flag in enumerate([True, "true", False, "false"], start=1)
    ]  # fmt: skip
    (tmp_path / "data").mkdir()
    text = "window.YTD.tweets.part0 = " + json.dumps(tweets)
    (tmp_path / "data" / "tweets.js").write_text(text, encoding="utf-8")
    _, posts = read_archive(tmp_path)
    assert {post.id: post.sensitive for post in posts} == {
        "1": True, "2": True, "3": False, "4": False,
    }  # fmt: skip


def test_the_live_fetch_asks_x_for_the_flag() -> None:
    from widget.sources.x.live import TWEET_FIELDS

    assert "possibly_sensitive" in TWEET_FIELDS


# --- rendering a warned post ---------------------------------------------------------------


def rendered(post: Post, locale: str = "da", **settings: Any) -> Any:
    curated = make_curated(make_entry(post), sensitive="warn", **settings)
    return parse(render(curated, local_images(post), locale=locale))


def test_a_content_warning_hides_text_and_images_behind_its_summary() -> None:
    post = make_post("1", content_warning="Trafikulykke", media=(photo("cw"),))
    page = rendered(post)
    details = tag(page.find("details", class_="wdg__warning"))
    assert tag(details.find("summary")).get_text() == "Indholdsadvarsel: Trafikulykke"
    assert details.find("p", class_="wdg__text") is not None
    image = tag(details.find("img"))
    assert image["loading"] == "lazy"
    assert page.find("img", class_="wdg__image") is image


@pytest.mark.parametrize(
    ("label", "locale", "summary"),
    [
        ("graphic-media", "da", "Indholdsadvarsel: Voldsomme billeder"),
        ("graphic-media", "en", "Content warning: Graphic media"),
        ("porn", "en", "Content warning: Adult content"),
        ("!warn", "da", "Indholdsadvarsel: Følsomt indhold"),
    ],
)
def test_a_label_is_named_in_the_page_language(label: str, locale: str, summary: str) -> None:
    page = rendered(make_post("1", labels=(label,), sensitive=True), locale)
    details = tag(page.find("details", class_="wdg__warning"))
    assert tag(details.find("summary")).get_text() == summary
    assert details.find("p", class_="wdg__text") is not None


def test_a_flag_without_warning_hides_the_media_and_preview_but_not_the_text() -> None:
    card = Card("https://kommune.example/a", "Artikel", image_url="https://pbs.example/c.jpg")
    post = make_post("1", sensitive=True, media=(photo("flag"),), card=card)
    images = local_images(post)
    images[card.image_url or ""] = LocalImage("media/c.webp", Path("/nowhere/c.webp"), 640, 360)
    page = parse(render(make_curated(make_entry(post), sensitive="warn"), images))
    details = tag(page.find("details", class_="wdg__warning"))
    assert tag(details.find("summary")).get_text() == "Følsomt indhold"
    assert details.find("p", class_="wdg__text") is None
    assert details.find("a", class_="wdg__card") is not None
    hidden = details.find_all("img")
    assert hidden and all(img["loading"] == "lazy" for img in hidden)
    assert page.find("p", class_="wdg__text") is not None


def test_a_flag_on_a_post_with_nothing_else_to_hide_hides_its_text() -> None:
    page = rendered(make_post("1", sensitive=True))
    details = tag(page.find("details", class_="wdg__warning"))
    assert details.find("p", class_="wdg__text") is not None


def test_a_warned_quoted_post_has_its_own_warning_inside_the_quote() -> None:
    quoted = make_post("2", content_warning="Krig")
    page = rendered(make_post("3", kind=PostKind.QUOTE, original=quoted))
    quote = tag(page.find("blockquote", class_="wdg__quote"))
    assert len(page.find_all("details")) == 1
    assert tag(quote.find("summary")).get_text() == "Indholdsadvarsel: Krig"


def test_a_harmless_post_has_no_details() -> None:
    assert rendered(make_post("1", media=(photo("ok", alt="Et billede"),))).find("details") is None


# --- configuration --------------------------------------------------------------------------


def config(**feed_keys: Any) -> dict[str, Any]:
    return {"feeds": {"nyheder": {"title": "Nyheder", "sources": ["x:kommune_test"], **feed_keys}}}


def test_sensitive_defaults_to_hide_and_takes_warn() -> None:
    path = Path("widget.toml")
    assert parse_config(config(), path).feeds["nyheder"].sensitive == "hide"
    assert parse_config(config(sensitive="warn"), path).feeds["nyheder"].sensitive == "warn"


def test_another_value_of_sensitive_is_one_line_naming_key_and_value() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(config(sensitive="blur"), Path("widget.toml"))
    assert caught.value.lines() == [
        'widget.toml: feeds.nyheder.sensitive: \'blur\' must be one of "hide", "warn"'
    ]
