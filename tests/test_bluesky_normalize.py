"""Bluesky author-feed items as posts, on our invented account (tests/data/bluesky)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from widget.model import Card, Link, Media, Post, PostKind, post_from_dict, post_to_dict
from widget.sources.bluesky.normalize import (
    Hidden,
    Normalizer,
    Skip,
    identity,
    normalize_feed,
    parse_time,
)

DEMO = Path(__file__).parent / "data" / "bluesky" / "udenrigs-demo.bsky.example"
ACCOUNT = "udenrigs-demo.bsky.example"
ME = "did:plc:udenrigsdemo0000000000000"
FRIEND = "did:plc:fiktivven000000000000000"


def page(number: int) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((DEMO / f"feed-{number}.json").read_text(encoding="utf-8"))
    return body


def posts_by_rkey() -> dict[str, Post]:
    found: dict[str, Post] = {}
    for number in (1, 2):
        for post in normalize_feed(page(number)["feed"], ACCOUNT).posts:
            found[post.id.rsplit("/", 1)[-1]] = post
    return found


@pytest.fixture(scope="module")
def demo() -> dict[str, Post]:
    return posts_by_rkey()


def test_every_item_becomes_a_post_except_the_hidden_one_which_is_counted() -> None:
    first = normalize_feed(page(1)["feed"], ACCOUNT)
    assert len(page(1)["feed"]) == 9
    assert len(first.posts) == 8  # the pin, six posts and a repost; one hidden
    assert first.hidden == 1
    assert first.problems == (
        "1 post(s) left out: their authors asked not to be shown to readers who are not "
        "logged in (!no-unauthenticated)",
    )
    assert [post.created for post in first.posts] == sorted(
        (post.created for post in first.posts), reverse=True
    )


def test_a_hidden_post_never_leaves_the_normalizer(demo: dict[str, Post]) -> None:
    assert "3demo0000006" not in demo
    assert not any("!no-unauthenticated" in post.labels for post in demo.values())


def test_a_post_with_facets_after_an_emoji_and_danish_letters(demo: dict[str, Post]) -> None:
    post = demo["3demo0000001"]
    assert post.id == f"at://{ME}/app.bsky.feed.post/3demo0000001"
    assert post.network == "bluesky" and post.account == ACCOUNT
    assert post.permalink == "https://bsky.app/profile/udenrigs-demo.bsky.example/post/3demo0000001"
    assert post.segments[1] == Link(
        "udenrigs.example/nyt", "https://udenrigs.example/nyt/artikel-om-aeroe"
    )
    assert post.plain_text.startswith("Godmorgen 🌍 fra Ærø og Søby!")
    assert post.hashtags == ("Udenrigs",)
    assert post.lang == "da"
    assert post.kind is PostKind.POST
    assert post.author.name == "Udenrigs Demo (opdigtet konto)"
    assert post.author.id == ME
    assert post.author.url == "https://bsky.app/profile/udenrigs-demo.bsky.example"
    assert post.author.avatar_url is not None


def test_a_repost_is_its_own_post_by_the_reposter_carrying_the_original(
    demo: dict[str, Post],
) -> None:
    repost = next(post for post in demo.values() if post.kind is PostKind.REPOST)
    assert repost.id == f"at://{FRIEND}/app.bsky.feed.post/3friend00001#repost-by-{ME}"
    assert repost.author.handle == ACCOUNT
    assert repost.created == datetime(2026, 3, 10, 8, tzinfo=timezone.utc)
    assert repost.original is not None
    assert repost.original.author.handle == "fiktiv-ven.bsky.example"
    assert repost.original.created == datetime(2026, 3, 9, 12, tzinfo=timezone.utc)
    assert repost.permalink == repost.original.permalink
    assert repost.displayed is repost.original


def test_a_reply_names_its_parent_and_the_parents_handle(demo: dict[str, Post]) -> None:
    reply = demo["3demo0000003"]
    assert reply.kind is PostKind.REPLY
    assert reply.in_reply_to == f"at://{FRIEND}/app.bsky.feed.post/3friend00002"
    assert reply.in_reply_to_handle == "fiktiv-ven.bsky.example"


def test_a_quote_carries_the_quoted_post_with_its_media(demo: dict[str, Post]) -> None:
    quote = demo["3demo0000004"]
    assert quote.kind is PostKind.QUOTE
    assert quote.plain_text == "Godt opsummeret 👇"
    assert quote.quoted is not None
    assert quote.quoted.plain_text == "Billeder fra den opdigtede konference"
    assert quote.quoted.media == (
        Media(
            "photo",
            f"https://cdn.bsky.app/img/feed_fullsize/plain/{ME}/bafkreiquotedimage@jpeg",
            "Et opdigtet konferencerum",
            1200,
            800,
        ),
    )


def test_record_with_media_is_a_quote_with_its_own_images(demo: dict[str, Post]) -> None:
    post = demo["3demo0000005"]
    assert post.kind is PostKind.QUOTE
    assert post.quoted is not None and post.quoted.plain_text == "Opdigtet pressemeddelelse"
    assert [(m.alt, m.width, m.height) for m in post.media] == [
        ("Ministeren taler (opdigtet)", 1600, 900),
        (None, None, None),  # an empty alt is no alt
    ]


def test_a_quote_of_a_deleted_post_is_a_plain_post(demo: dict[str, Post]) -> None:
    post = demo["3demo0000013"]
    assert post.kind is PostKind.POST and post.original is None
    assert post.lang is None


def test_labelled_media_is_sensitive_and_keeps_its_labels(demo: dict[str, Post]) -> None:
    post = demo["3demo0000007"]
    assert post.labels == ("graphic-media",)
    assert post.sensitive
    assert not demo["3demo0000001"].sensitive


def test_a_link_card_and_a_video_with_its_poster(demo: dict[str, Post]) -> None:
    assert demo["3demo0000008"].card == Card(
        "https://udenrigs.example/rapport",
        "Opdigtet rapport 2026",
        "En rapport der ikke findes.",
        f"https://cdn.bsky.app/img/feed_thumbnail/plain/{ME}/bafkreicard@jpeg",
    )
    (video,) = demo["3demo0000009"].media
    assert video.kind == "video"
    assert video.image_url == f"https://video.bsky.app/watch/{ME}/bafkreivideo/thumbnail.jpg"
    assert video.video_url == f"https://video.bsky.app/watch/{ME}/bafkreivideo/playlist.m3u8"
    assert (video.alt, video.width, video.height) == ("En opdigtet tale", 1920, 1080)


def test_an_unknown_embed_is_left_out_with_one_problem_line(demo: dict[str, Post]) -> None:
    second = normalize_feed(page(2)["feed"], ACCOUNT)
    assert len(second.posts) == 5
    assert second.problems == (
        f"post at://{ME}/app.bsky.feed.post/3demo0000010: its embed of type "
        "'app.bsky.embed.hologram#view' is not supported; left out",
    )
    assert demo["3demo0000010"].media == () and demo["3demo0000010"].card is None


def test_wrong_facets_leave_the_text_whole_and_keep_the_valid_one(demo: dict[str, Post]) -> None:
    post = demo["3demo0000011"]
    assert post.plain_text == page(2)["feed"][2]["post"]["record"]["text"]
    assert [s for s in post.segments if isinstance(s, Link)] == [
        Link("link", "https://udenrigs.example/rigtig")
    ]


def test_the_pinned_item_is_normalized_like_any_post(demo: dict[str, Post]) -> None:
    pinned = normalize_feed(page(1)["feed"][:1], ACCOUNT).posts
    assert pinned == (demo["3demo0000012"],)


def test_every_post_survives_the_store_round_trip(demo: dict[str, Post]) -> None:
    for post in demo.values():
        assert post_from_dict(json.loads(json.dumps(post_to_dict(post)))) == post


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-03T14:06:22.189401Z", datetime(2025, 5, 3, 14, 6, 22, 189401, timezone.utc)),
        ("2025-05-03T14:06:22.1894017777Z", datetime(2025, 5, 3, 14, 6, 22, 189401, timezone.utc)),
        ("2025-05-03T14:06:22Z", datetime(2025, 5, 3, 14, 6, 22, tzinfo=timezone.utc)),
        ("2025-05-03T16:06:22.5+02:00", datetime(2025, 5, 3, 14, 6, 22, 500000, timezone.utc)),
        ("2025-05-03T14:06:22", datetime(2025, 5, 3, 14, 6, 22, tzinfo=timezone.utc)),
        ("2025-13-03T14:06:22Z", None),
        ("0001-01-01T00:00:00+01:00", None),
        ("yesterday", None),
        (1746280000, None),
        (None, None),
    ],
)
def test_times_are_read_leniently_and_bad_ones_are_none(value: Any, expected: Any) -> None:
    assert parse_time(value) == expected


def test_created_is_the_earlier_of_record_and_index_time() -> None:
    item = copy.deepcopy(page(1)["feed"][1])
    item["post"]["record"]["createdAt"] = "2030-01-01T00:00:00Z"  # a clock in the future
    post = Normalizer(ACCOUNT).item(item)
    assert post.created == datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


# --- hostile input ----------------------------------------------------------------------


def mutated(change: Any) -> dict[str, Any]:
    item: dict[str, Any] = copy.deepcopy(page(1)["feed"][1])
    change(item)
    return item


HOSTILE: list[Any] = [
    None,
    [],
    "post",
    {},
    {"post": None},
    {"post": {"uri": 5}},
    mutated(lambda i: i["post"].update(uri="https://bsky.app/profile/x/post/1")),
    mutated(lambda i: i["post"].update(author={"did": 5, "handle": "x"})),
    mutated(lambda i: i["post"].update(author="someone")),
    mutated(lambda i: i["post"].update(record=None)),
    mutated(lambda i: i["post"]["record"].update(createdAt="soon") or i["post"].pop("indexedAt")),
    mutated(lambda i: i.update(reason={"$type": "app.bsky.feed.defs#reasonRepost", "by": None})),
    mutated(
        lambda i: i.update(
            reason={
                "$type": "app.bsky.feed.defs#reasonRepost",
                "by": {"did": ME, "handle": ACCOUNT},
                "indexedAt": "never",
            }
        )
    ),
]


@pytest.mark.parametrize("item", HOSTILE)
def test_a_malformed_item_is_skipped_with_one_line_and_never_raises_otherwise(item: Any) -> None:
    result = normalize_feed([item, page(1)["feed"][2]], ACCOUNT)
    assert len(result.posts) == 1
    assert len(result.problems) == 1
    assert "\n" not in result.problems[0]
    with pytest.raises(Skip):
        Normalizer(ACCOUNT).item(item)


ODD_BUT_READABLE: list[Callable[[dict[str, Any]], Any]] = [
    lambda i: i["post"]["record"].update(text=None, facets="none", langs=[5]),
    lambda i: i["post"].update(labels="x", embed=[]),
    lambda i: i["post"]["author"].update(displayName=None, avatar=3, handle=None, labels=None),
    lambda i: i["post"].update(embed={"$type": "app.bsky.embed.images#view", "images": [None]}),
    lambda i: i["post"].update(embed={"$type": "app.bsky.embed.record#view", "record": 7}),
    lambda i: i["post"].update(embed={"$type": "app.bsky.embed.external#view", "external": {}}),
    lambda i: i["post"].update(embed={"$type": "app.bsky.embed.video#view"}),
    lambda i: i["post"]["record"].update(reply={"parent": "nowhere"}),
    lambda i: i.update(reply={"parent": {"author": {"handle": 9}}}),
    lambda i: i["post"].update(
        embed={
            "$type": "app.bsky.embed.record#view",
            "record": {"$type": "app.bsky.embed.record#viewRecord", "uri": "at://broken"},
        }
    ),
]


@pytest.mark.parametrize("change", ODD_BUT_READABLE)
def test_odd_fields_cost_only_what_they_hold(change: Any) -> None:
    normalizer = Normalizer(ACCOUNT)
    post = normalizer.item(mutated(change))
    assert post.id.endswith("3demo0000001")
    assert all("\n" not in line for line in normalizer.problems)
    assert len(normalizer.problems) <= 1


def test_an_author_without_a_handle_is_linked_by_did() -> None:
    post = Normalizer(ACCOUNT).item(mutated(lambda i: i["post"]["author"].pop("handle")))
    assert post.author.handle == "handle.invalid"
    assert post.permalink == f"https://bsky.app/profile/{ME}/post/3demo0000001"


def test_a_repost_by_or_of_a_hidden_account_is_hidden() -> None:
    hidden = [{"val": "!no-unauthenticated", "src": FRIEND}]
    repost = copy.deepcopy(page(1)["feed"][2])
    repost["post"]["author"]["labels"] = hidden
    with pytest.raises(Hidden):
        Normalizer(ACCOUNT).item(repost)
    repost = copy.deepcopy(page(1)["feed"][2])
    repost["reason"]["by"]["labels"] = [{"val": "!no-unauthenticated", "src": ME}]
    with pytest.raises(Hidden):
        Normalizer(ACCOUNT).item(repost)


def test_a_hidden_quoted_post_leaves_the_quote_on_its_own() -> None:
    item = copy.deepcopy(page(1)["feed"][4])
    item["post"]["embed"]["record"]["labels"] = [{"val": "!no-unauthenticated", "src": FRIEND}]
    post = Normalizer(ACCOUNT).item(item)
    assert post.kind is PostKind.POST and post.original is None


def test_a_withdrawn_label_does_not_count() -> None:
    item = mutated(lambda i: i["post"].update(labels=[{"val": "!no-unauthenticated", "neg": True}]))
    assert Normalizer(ACCOUNT).item(item).labels == ()


def test_identity_reads_where_an_item_sits_without_normalizing_it() -> None:
    repost = page(1)["feed"][2]
    assert identity(repost) == (
        f"at://{FRIEND}/app.bsky.feed.post/3friend00001#repost-by-{ME}",
        datetime(2026, 3, 10, 8, tzinfo=timezone.utc),
    )
    assert identity(None) is None and identity({"post": {}}) is None
