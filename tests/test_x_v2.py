"""X API v2 answers -> posts, on invented answers in tests/data/v2."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from widget.errors import SourceError
from widget.model import Author, Hashtag, Link, Media, Mention, Post, PostKind, Text
from widget.sources.x.common import SNOWFLAKE_EPOCH_MS, snowflake_time
from widget.sources.x.v2 import NormalizedPage, author_from_v2, normalize_page

DATA = Path(__file__).parent / "data" / "v2"


def load(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return body


@pytest.fixture(scope="module")
def timeline() -> NormalizedPage:
    return normalize_page(load("timeline.json"), "kommune_test")


def by_id(page: NormalizedPage, post_id: str) -> Post:
    return next(post for post in page.posts if post.id == post_id)


def test_posts_keep_the_api_order_newest_first(timeline: NormalizedPage) -> None:
    ids = [post.id for post in timeline.posts]
    assert ids == [p["id"] for p in load("timeline.json")["data"]]
    assert [p.created for p in timeline.posts] == sorted(
        (p.created for p in timeline.posts), reverse=True
    )
    assert timeline.problems == ()


def test_every_post_carries_network_account_author_and_permalink(timeline: NormalizedPage) -> None:
    for post in timeline.posts:
        assert post.network == "x"
        assert post.account == "kommune_test"
        assert post.author.handle == "Kommune_Test"  # the handle keeps its case
        assert post.permalink == f"https://x.com/Kommune_Test/status/{post.id}"


def test_created_is_an_aware_utc_time(timeline: NormalizedPage) -> None:
    post = by_id(timeline, "1700000000000000001")
    assert post.created == datetime(2024, 3, 1, 8, 30, 15, tzinfo=timezone.utc)
    assert post.created.utcoffset() is not None


def test_lang_is_kept_as_given_even_for_pseudo_codes(timeline: NormalizedPage) -> None:
    assert by_id(timeline, "1700000000000000001").lang == "qme"
    assert by_id(timeline, "1700000000000000002").lang == "da"


def test_emoji_and_escapes_before_entities_do_not_shift_them(timeline: NormalizedPage) -> None:
    post = by_id(timeline, "1700000000000000001")
    assert post.segments[0] == Text("Velkommen 🇩🇰 & god weekend <3 ")
    assert Mention("@region_test", "region_test") in post.segments
    assert post.hashtags == ("Aarhus2030",)
    link = post.segments[-1]
    assert link == Link(
        "kommune.example/nyheder/w…", "https://kommune.example/nyheder/weekend?a=1&b=2"
    )


def test_users_from_includes_get_the_bigger_avatar(timeline: NormalizedPage) -> None:
    author = timeline.users["1000000000000000001"]
    assert author == Author(
        id="1000000000000000001",
        name="Test Kommune & Borgerservice",
        handle="Kommune_Test",
        avatar_url="https://pbs.twimg.com/profile_images/1/avatar_400x400.jpg",
    )
    assert set(timeline.users) == {"1000000000000000001", "1000000000000000002"}


def test_photo_keeps_alt_text_and_size_and_its_link_leaves_the_text(
    timeline: NormalizedPage,
) -> None:
    post = by_id(timeline, "1700000000000000002")
    assert post.media == (
        Media(
            "photo",
            image_url="https://pbs.twimg.com/media/CykelSti.jpg",
            alt="Cyklister på den nye sti langs åen",
            width=1200,
            height=800,
        ),
    )
    assert post.segments == (Text("Ny cykelsti åbnet 🚲"),)


def test_video_gets_its_poster_and_the_mp4_with_the_highest_bit_rate(
    timeline: NormalizedPage,
) -> None:
    post = by_id(timeline, "1700000000000000003")
    (video,) = post.media
    assert video.kind == "video"
    assert video.image_url == "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/Tale.jpg"
    assert video.video_url == "https://video.twimg.com/tale/1280x720/hoej.mp4"
    assert video.alt is None
    # its link has no media_key but points at the post's own /video/1 page
    assert post.plain_text == "Se borgmesterens tale"


def test_reply_with_gif(timeline: NormalizedPage) -> None:
    post = by_id(timeline, "1700000000000000004")
    assert post.kind is PostKind.REPLY
    assert post.in_reply_to == "1600000000000000004"
    assert post.media[0].kind == "gif"
    assert post.media[0].video_url == "https://video.twimg.com/tweet_video/Tak.mp4"
    assert post.plain_text == "@region_test Tak for samarbejdet!"


def test_repost_shows_the_full_original_with_its_own_author_entities_and_media(
    timeline: NormalizedPage,
) -> None:
    post = by_id(timeline, "1700000000000000005")
    assert post.kind is PostKind.REPOST
    assert post.author.handle == "Kommune_Test"
    original = post.original
    assert original is not None
    assert original.id == "1600000000000000005"
    assert original.author.handle == "region_test"
    assert original.permalink == "https://x.com/region_test/status/1600000000000000005"
    assert original.account == "kommune_test"
    assert original.segments == (
        Text("Høring om trafikplan & parkering 👉 "),
        Link("region.example/hoering", "https://region.example/hoering"),
        Text(" "),
        Hashtag("#trafik", "trafik"),
    )
    assert [m.image_url for m in original.media] == ["https://pbs.twimg.com/media/Trafikplan.png"]


def test_quote_carries_the_quoted_post_and_drops_the_link_to_it(timeline: NormalizedPage) -> None:
    post = by_id(timeline, "1700000000000000006")
    assert post.kind is PostKind.QUOTE
    assert post.original is not None
    assert post.original.plain_text == "Klimamøde på rådhuset torsdag kl. 17 #klima"
    assert post.segments == (Text("Vi deltager også 👇"),)


def test_long_post_uses_the_note_tweet_text_and_entities(timeline: NormalizedPage) -> None:
    post = by_id(timeline, "1700000000000000007")
    body = load("timeline.json")["data"][0]
    assert post.plain_text == body["note_tweet"]["text"].replace("&amp;", "&")
    assert post.plain_text.endswith("#budget2025 @region_test")
    assert "t.co" not in post.plain_text
    assert post.hashtags == ("budget2025",)


def test_repost_and_quote_without_their_original_keep_their_own_text() -> None:
    page = normalize_page(load("partial_errors.json"), "kommune_test")
    repost = by_id(page, "1700000000000000011")
    assert repost.kind is PostKind.REPOST
    assert repost.original is None
    assert (
        repost.plain_text == "RT @slettet_konto: Dette opslag findes ikke længere & kan ikke vises"
    )
    quote = by_id(page, "1700000000000000012")
    assert quote.kind is PostKind.QUOTE
    assert quote.original is None
    assert isinstance(quote.segments[-1], Link)  # nothing else shows what was quoted


def test_partial_errors_become_one_readable_line_each() -> None:
    page = normalize_page(load("partial_errors.json"), "kommune_test")
    assert page.problems[0] == (
        "post 1600000000000000011 referenced by the timeline could not be found (Not Found Error)"
    )
    assert "1600000000000000012" in page.problems[1]
    assert "Authorization Error" in page.problems[1]
    assert any("1700000000000000011 reposts post 1600000000000000011" in p for p in page.problems)
    assert all("\n" not in line for line in page.problems)


def test_malformed_posts_are_left_out_with_a_problem_each() -> None:
    page = normalize_page(load("malformed.json"), "kommune_test")
    assert [post.id for post in page.posts] == ["1700000000000000023", "1700000000000000021"]
    # No created_at: the time written into the ID itself stands in for it.
    assert page.posts[0].created == snowflake_time("1700000000000000023")
    assert page.posts[1].plain_text == "Åbningstider i påsken > se hjemmesiden"
    assert page.posts[1].media == ()
    assert page.posts[1].lang is None
    assert sum("left out" in line for line in page.problems) == 4
    assert any("lacks text" in line and "1700000000000000022" in line for line in page.problems)
    assert any("'i går' is not a time" in line for line in page.problems)
    assert any("Bruger uden id" in line for line in page.problems)


def test_an_old_sequential_id_without_created_at_is_left_out() -> None:
    page = normalize_page({"data": [{"id": "20", "text": "just setting up"}]}, "kommune_test")
    assert page.posts == ()
    assert page.problems == ("post 20 left out: the answer lacks created_at",)


def test_the_time_in_an_x_id_is_read_exactly() -> None:
    # 1 January 2026 00:00:00 UTC, written as X writes it.
    millis = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
    post_id = str((millis - SNOWFLAKE_EPOCH_MS) << 22 | 4095)
    assert snowflake_time(post_id) == datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("body", [{"meta": {"result_count": 0}}, {}, {"data": None}])
def test_an_answer_without_data_gives_no_posts(body: dict[str, Any]) -> None:
    page = normalize_page(body, "kommune_test")
    assert page.posts == ()
    assert page.problems == ()


def test_a_single_post_lookup_answer_is_read_too() -> None:
    body = {"data": {"id": "5", "text": "Hej", "created_at": "2024-01-01T00:00:00.000Z"}}
    (post,) = normalize_page(body, "kommune_test").posts
    assert post.plain_text == "Hej"
    # without the author expansion the timeline's own account is the author
    assert post.permalink == "https://x.com/kommune_test/status/5"


def test_author_from_v2_refuses_a_user_without_username() -> None:
    with pytest.raises(SourceError, match="username"):
        author_from_v2({"id": "1", "name": "Navn"})


def test_author_without_name_or_avatar_falls_back_to_the_handle() -> None:
    author = author_from_v2({"id": "9", "username": "Borger_Test"})
    assert author == Author(id="9", name="Borger_Test", handle="Borger_Test", avatar_url=None)
