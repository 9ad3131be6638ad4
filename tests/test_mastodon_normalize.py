"""Mastodon statuses as posts, on the invented recordings and on odd shapes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from widget.model import Card, Emoji, Hashtag, Link, Media, Mention, Post, PostKind, Text
from widget.sources.mastodon.normalize import normalize_status, normalize_statuses

DATA = Path(__file__).parent / "data" / "mastodon" / "borgerdemo@social.example"
ACCOUNT = "borgerdemo@social.example"
HOST = "social.example"


def page(number: int) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = json.loads((DATA / f"statuses-{number}.json").read_text("utf-8"))
    return body


def posts() -> dict[str, Post]:
    found = {}
    for number in (1, 2):
        normalized, _ = normalize_statuses(page(number), account=ACCOUNT, host=HOST)
        found.update({post.id[-3:]: post for post in normalized})
    return found


def test_every_recorded_status_but_the_dateless_one_normalizes() -> None:
    first, first_problems = normalize_statuses(page(1), account=ACCOUNT, host=HOST)
    second, second_problems = normalize_statuses(page(2), account=ACCOUNT, host=HOST)
    assert [p.id[-3:] for p in first + second] == [f"{n:03}" for n in range(10, 0, -1)]
    assert first_problems == []
    assert second_problems == [
        "status 113000000000000003: audio attachments are not shown; left out",
        "status 113000000000000000 has no valid created_at; skipped",
    ]
    assert all(p.network == "mastodon" and p.account == ACCOUNT for p in first + second)


def test_author_handle_gets_the_host_and_the_name_its_emoji() -> None:
    author = posts()["010"].author
    assert author.id == "109000000000000001"
    assert author.handle == "borgerdemo@social.example"
    assert author.name == "Borgerservice Demo :kommune:"
    assert author.emoji == (Emoji(":kommune:", "https://files.social.example/emoji/kommune.png"),)
    assert author.avatar_url == "https://social.example/avatars/borgerdemo.png"
    assert author.url == "https://social.example/@borgerdemo"


def test_content_warning_sensitive_emoji_hashtag_mention_and_gif() -> None:
    post = posts()["010"]
    assert post.content_warning == "Trafik og omkørsler" and post.sensitive
    assert post.lang == "da" and post.kind is PostKind.POST
    assert post.permalink == "https://social.example/@borgerdemo/113000000000000010"
    assert post.segments == (
        Text("Vejarbejde på Torvet "),
        Emoji(":kommune:", "https://files.social.example/emoji/kommune.png"),
        Text(" "),
        Hashtag("#Trafik", "Trafik", "https://social.example/tags/trafik"),
        Text("\n\nSpørg "),
        Mention("@naboby", "naboby@other.example", "https://other.example/@naboby"),
        Text(" hvis du vil vide mere."),
    )
    assert post.media == (
        Media(
            "gif",
            "https://files.social.example/media/gravko.png",
            "En gravko graver i asfalten",
            640,
            360,
            "https://files.social.example/media/gravko.mp4",
        ),
    )


def test_a_boost_shows_the_original_with_its_own_permalink() -> None:
    post = posts()["009"]
    assert post.kind is PostKind.REPOST and post.original is not None
    assert post.author.handle == "borgerdemo@social.example"
    assert not post.permalink.endswith("/activity")
    assert (
        post.permalink
        == post.original.permalink
        == ("https://other.example/@naboby/110000000000000555")
    )
    original = post.original
    assert original.author.handle == "naboby@other.example"
    assert original.author.name == "naboby"  # an empty display name falls back
    assert original.segments == (Text("Loppemarked i weekenden!"),)
    assert original.media == (
        Media("photo", "https://other.example/media/loppe.jpg", None, 400, 300),
    )


def test_replies_name_whom_they_answer() -> None:
    reply, self_reply = posts()["008"], posts()["002"]
    assert reply.kind is PostKind.REPLY and reply.in_reply_to == "110000000000000444"
    assert reply.in_reply_to_handle == "naboby@other.example"
    assert self_reply.kind is PostKind.REPLY
    assert self_reply.in_reply_to_handle == "borgerdemo@social.example"


def test_an_accepted_quote_carries_the_quoted_post_and_hides_its_fallback() -> None:
    post = posts()["007"]
    assert post.kind is PostKind.QUOTE and post.original is not None
    assert post.segments == (Text("Godt spørgsmål, svaret er ja."),)
    assert post.original.segments == (Text("Må man cykle på gågaden?"),)
    assert post.original.permalink == "https://other.example/@naboby/110000000000000333"


@pytest.mark.parametrize("state", ["pending", "rejected", "revoked", "deleted", None])
def test_a_quote_not_accepted_is_a_plain_post_with_its_fallback(state: str | None) -> None:
    raw = copy.deepcopy(page(1)[3])
    raw["quote"]["state"] = state
    post = normalize_status(raw, account=ACCOUNT, host=HOST)
    assert post.kind is PostKind.POST and post.original is None
    assert post.plain_text.startswith("RE: other.example/@naboby/110000000000000333\n\n")


def test_a_cut_short_link_keeps_its_whole_destination_and_the_card() -> None:
    post = posts()["006"]
    url = "https://kommune.example/planer/lokalplan-2026-torvet-og-omegn"
    assert post.segments == (Text("Læs hele planen: "), Link(url.removeprefix("https://"), url))
    assert post.card == Card(
        url, "Lokalplan 2026", "Forslag til ny lokalplan for Torvet.",
        "https://kommune.example/og/lokalplan.png",
    )  # fmt: skip
    assert post.lang == "en"


def test_images_with_and_without_alt_and_a_video_with_its_poster() -> None:
    assert posts()["005"].media == (
        Media("photo", "https://files.social.example/media/mode1.jpg", "Fyldt sal med borgere",
              1600, 900),
        Media("photo", "https://files.social.example/media/mode2-s.jpg", None, 640, 480),
        Media("video", "https://files.social.example/media/tale.png", "Borgmesterens tale",
              1280, 720, "https://files.social.example/media/tale.mp4"),
    )  # fmt: skip


def test_hostile_html_leaves_only_text() -> None:
    assert posts()["004"].segments == (Text("Farlig tekst klik her og mere slut <b>"),)


def test_misskey_links_are_matched_by_mentions_and_tags() -> None:
    post = posts()["001"]
    assert post.segments == (
        Text("1/2 Første linje\nanden linje\n\nHilsen "),
        Mention("@mi@misskey.example", "mi@misskey.example", "https://misskey.example/@mi"),
        Text(" og "),
        Hashtag("#Demo", "Demo", "https://misskey.example/tags/Demo"),
    )


def minimal(**fields: Any) -> dict[str, Any]:
    status: dict[str, Any] = {
        "id": "1",
        "created_at": "2026-01-01T00:00:00.000Z",
        "content": "<p>x</p>",
        "account": {"id": "7", "username": "u", "acct": "u"},
    }
    status.update(fields)
    return status


@pytest.mark.parametrize(
    "odd",
    [
        None, 1, "text", [], {}, {"id": None}, {"id": {"x": 1}},
        minimal(created_at="yesterday"), minimal(created_at=None), minimal(account=None),
        minimal(account={"id": "7"}), minimal(account=[1]), minimal(id=True),
        minimal(reblog={"id": "2"}),
    ],
)  # fmt: skip
def test_odd_statuses_are_skipped_with_one_line(odd: Any) -> None:
    posts, problems = normalize_statuses([odd, minimal()], account="u@h.example", host="h.example")
    assert [post.id for post in posts] == ["1"]
    assert len(problems) == 1 and "\n" not in problems[0]


@pytest.mark.parametrize(
    "fields",
    [
        {"content": None}, {"content": ["<p>"]}, {"mentions": "x"}, {"mentions": [None, 1]},
        {"tags": {"a": 1}}, {"emojis": [{"shortcode": 1}]}, {"media_attachments": "x"},
        {"media_attachments": [None, {"type": "image"}, {"type": "image", "url": "javascript:1"}]},
        {"card": "x"}, {"card": {"url": "javascript:alert(1)", "title": "t"}},
        {"card": {"url": "https://a.example", "title": None}}, {"quote": "x"},
        {"quote": {"state": "accepted", "quoted_status": "x"}},
        {"quote": {"state": "accepted", "quoted_status": {"id": "9"}}},
        {"language": 5}, {"spoiler_text": ["cw"]}, {"sensitive": "yes"}, {"in_reply_to_id": []},
        {"url": "javascript:alert(1)", "uri": "tag:x"}, {"id": 12345},
        {"created_at": "2026-01-01T00:00:00"},
    ],
)  # fmt: skip
def test_odd_fields_never_raise(fields: dict[str, Any]) -> None:
    posts, _ = normalize_statuses([minimal(**fields)], account="u@h.example", host="h.example")
    assert len(posts) == 1
    post = posts[0]
    assert post.card is None or post.card.url.startswith("https://")
    assert post.permalink.startswith("https://")
    assert post.sensitive in (True, False) and post.created.tzinfo is not None


def test_javascript_emoji_and_avatar_urls_are_dropped() -> None:
    account = {"id": "7", "username": "u", "acct": "u", "display_name": ":e:",
               "avatar_static": "javascript:alert(1)",
               "emojis": [{"shortcode": "e", "url": "javascript:alert(1)"}]}  # fmt: skip
    raw = minimal(account=account, content="<p>:e:</p>",
                  emojis=[{"shortcode": "e", "static_url": "data:image/png,x"}])  # fmt: skip
    post = normalize_status(raw, account="u@h.example", host="h.example")
    assert post.author.emoji == () and post.author.avatar_url is None
    assert post.segments == (Text(":e:"),)
    assert post.permalink == "https://h.example/@u/1"


def test_a_statuses_answer_that_is_no_list_is_one_problem() -> None:
    assert normalize_statuses({"error": "x"}, account="a", host="h.example") == (
        [],
        ["the timeline answer is not a list of statuses"],
    )
