"""An X account export -> posts, on the invented export in tests/data/archive."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from widget.errors import SourceError
from widget.model import Cashtag, Hashtag, Link, Mention, Post, PostKind, Text
from widget.sources.x.archive import read_archive

EXPORT = Path(__file__).parent / "data" / "archive"


@pytest.fixture(scope="module")
def archive() -> tuple[str, tuple[Post, ...]]:
    return read_archive(EXPORT)


def by_id(posts: tuple[Post, ...], post_id: str) -> Post:
    return next(post for post in posts if post.id == post_id)


def write_export(folder: Path, tweets: list[Any], name: str = "tweets.js") -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    text = "window.YTD.tweets.part0 = " + json.dumps(tweets)
    (folder / "data" / name).write_text(text, encoding="utf-8")
    return folder


def minimal(post_id: str = "1", **fields: Any) -> dict[str, Any]:
    tweet = {"id_str": post_id, "full_text": "Hej", "created_at": "Sat Feb 18 19:45:15 +0000 2023"}
    return {"tweet": {**tweet, **fields}}


def test_handle_and_author_come_from_account_and_profile(
    archive: tuple[str, tuple[Post, ...]],
) -> None:
    handle, posts = archive
    assert handle == "kommune_test"
    author = posts[0].author
    assert (author.id, author.name, author.handle) == (
        "1000000000000000001",
        "Test Kommune",
        "Kommune_Test",
    )
    assert author.avatar_url == "https://pbs.twimg.com/profile_images/1/Avatar.jpg"
    assert all(post.account == "kommune_test" for post in posts)


def test_all_parts_are_read_newest_first_and_only_the_latest_edit_is_kept(
    archive: tuple[str, tuple[Post, ...]],
) -> None:
    _, posts = archive
    assert [post.id for post in posts] == [
        "1800000000000000007",
        "1800000000000000005",
        "1800000000000000004",
        "1800000000000000003",
        "1800000000000000002",
        "1800000000000000001",
        "1800000000000000000",  # from tweets-part1.js
    ]
    assert posts[0].plain_text == "Genbrugspladsen har åbent til kl. 18 i dag"


def test_text_with_emoji_escapes_and_string_indices(archive: tuple[str, tuple[Post, ...]]) -> None:
    post = by_id(archive[1], "1800000000000000001")
    assert post.segments == (
        Text("Godmorgen 🇩🇰 & velkommen til "),
        Mention("@region_test", "region_test"),
        Text(" på "),
        Hashtag("#Borgerdag2023", "Borgerdag2023"),
        Text(" "),
        Cashtag("$KOMM", "KOMM"),
        Text(" "),
        Link("kommune.example/borgerdag", "https://kommune.example/borgerdag"),
    )
    assert post.created == datetime(2023, 3, 1, 7, 30, 15, tzinfo=timezone.utc)
    assert post.permalink == "https://x.com/Kommune_Test/status/1800000000000000001"
    assert post.lang == "da"
    assert by_id(archive[1], "1800000000000000000").lang == "und"


def test_photos_use_the_exported_file_when_present_else_the_https_url(
    archive: tuple[str, tuple[Post, ...]],
) -> None:
    post = by_id(archive[1], "1800000000000000002")
    local, remote = post.media
    expected = EXPORT / "data" / "tweets_media" / "1800000000000000002-Legeplads1.jpg"
    assert local.image_url == expected.resolve().as_uri()
    assert local.alt == "Børn på den nye legeplads"
    assert (local.width, local.height) == (1600, 1200)
    assert remote.image_url == "https://pbs.twimg.com/media/Legeplads2.jpg"
    assert remote.alt is None
    assert post.plain_text == "Den nye legeplads er klar 🛝"  # the media link is gone


def test_video_takes_the_mp4_with_the_highest_bitrate(
    archive: tuple[str, tuple[Post, ...]],
) -> None:
    (video,) = by_id(archive[1], "1800000000000000005").media
    assert video.kind == "video"
    assert video.video_url == "https://video.twimg.com/byraad/1280x720.mp4"
    assert video.image_url == "https://pbs.twimg.com/ext_tw_video_thumb/5/pu/img/Byraad.jpg"


def test_reply_keeps_the_id_it_answers(archive: tuple[str, tuple[Post, ...]]) -> None:
    post = by_id(archive[1], "1800000000000000003")
    assert post.kind is PostKind.REPLY
    assert post.in_reply_to == "1700000000000000003"


def test_retweet_becomes_a_repost_of_the_text_after_the_prefix(
    archive: tuple[str, tuple[Post, ...]],
) -> None:
    post = by_id(archive[1], "1800000000000000004")
    assert post.kind is PostKind.REPOST
    assert post.author.handle == "Kommune_Test"
    original = post.original
    assert original is not None
    assert (original.author.id, original.author.name, original.author.handle) == (
        "",
        "region_test",
        "region_test",
    )
    assert original.segments == (
        Text("Husk høringen & borgermødet "),
        Hashtag("#trafik", "trafik"),
        Text(" "),
        Link("region.example/hoering", "https://region.example/hoering"),
    )


def test_retweet_with_indices_beyond_its_cut_text_does_not_crash(tmp_path: Path) -> None:
    text = "RT @region_test: Kort #tekst"
    entities = {
        "hashtags": [{"text": "tekst", "indices": ["90", "96"]}],
        "user_mentions": [{"screen_name": "region_test", "indices": ["3", "15"]}],
    }
    write_export(tmp_path / "kommune_test", [minimal(full_text=text, entities=entities)])
    _, (post,) = read_archive(tmp_path / "kommune_test")
    assert post.original is not None
    assert post.original.plain_text == "Kort #tekst"
    assert post.original.hashtags == ("tekst",)  # found again by its token


def test_without_account_js_the_folder_name_is_the_handle(tmp_path: Path) -> None:
    write_export(tmp_path / "Borger_Test", [minimal()])
    handle, (post,) = read_archive(tmp_path / "Borger_Test")
    assert handle == "borger_test"
    assert post.author.handle == "Borger_Test"
    assert post.permalink == "https://x.com/Borger_Test/status/1"


def test_older_exports_name_the_file_tweet_js(tmp_path: Path) -> None:
    write_export(tmp_path / "k", [minimal("7")], name="tweet.js")
    _, posts = read_archive(tmp_path / "k")
    assert [post.id for post in posts] == ["7"]


def test_missing_tweets_js_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with pytest.raises(SourceError, match=r"tweets\.js: not found"):
        read_archive(tmp_path)


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("window.YTD.tweets.part0 = ", "no JSON array"),
        (
            'window.YTD.tweets.part0 = [\n  {"tweet": {"id_str": "1",}}\n]',
            "not valid JSON at line 2",
        ),
        ("window.YTD.tweets.part0 = [1, 2]", "item 0 is not a post object"),
        ('window.YTD.tweets.part0 = [{"tweet": {"id_str": "1"}}]', "item 0 lacks"),
        (
            'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "x",'
            ' "created_at": "i går"}}]',
            "created_at 'i går' is not a time",
        ),
    ],
)
def test_a_damaged_tweets_js_raises_one_line_naming_the_file(
    tmp_path: Path, content: str, complaint: str
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tweets.js").write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_archive(tmp_path)
    assert "tweets.js" in caught.value.message
    assert complaint in caught.value.message
    assert "\n" not in caught.value.message


def test_a_damaged_account_js_names_that_file(tmp_path: Path) -> None:
    shutil.copytree(EXPORT, tmp_path / "export")
    (tmp_path / "export" / "data" / "account.js").write_text(
        "window.YTD.account.part0 = [{", "utf-8"
    )
    with pytest.raises(SourceError, match=r"account\.js: not valid JSON"):
        read_archive(tmp_path / "export")


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tweets.js").write_bytes(b"window.YTD.tweets.part0 = [\xff]")
    with pytest.raises(SourceError, match="not UTF-8"):
        read_archive(tmp_path)
