"""Feeds read and made posts, on our own fictional feeds in tests/data/rss."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from widget.model import Link, Media, Post, PostKind, Text
from widget.sources.rss.dates import localized_date
from widget.sources.rss.feed import NotAFeed
from widget.sources.rss.normalize import Normalized, normalize_feed
from widget.sources.rss.parse import read_feed


def item_id(post: Post) -> str:
    """The item's own id: a post's id starts with its feed's store key and a slash."""
    account, slash, item = post.id.partition("/")
    assert slash and account == post.account, post.id
    return item


DATA = Path(__file__).parent / "data" / "rss"
FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
NEWS = "https://news.example/nyheder.rss"
BLOG = "https://blog.example/atom.xml"


def normalized(name: str, url: str, content_type: str | None = None) -> Normalized:
    feed = read_feed((DATA / name).read_bytes(), url, content_type)
    return normalize_feed(feed, "the-account", FETCHED)


@pytest.fixture(scope="module")
def news() -> Normalized:
    return normalized("news.example/nyheder.rss", NEWS, "application/rss+xml")


def by_id(result: Normalized) -> dict[str, object]:
    return {item_id(post): post for post in result.posts}


def test_the_feed_is_every_items_author(news: Normalized) -> None:
    author = news.author
    assert author.id == NEWS
    assert author.name == "Eksempelministeriet – Nyheder"
    assert author.handle == "news.example"
    assert author.url == "https://news.example/nyheder/"
    assert author.avatar_url == "https://news.example/billeder/logo.png"
    assert {post.author for post in news.posts} == {author}
    assert {post.network for post in news.posts} == {"rss"}
    assert {post.account for post in news.posts} == {"the-account"}
    assert {post.kind for post in news.posts} == {PostKind.POST}


def test_repeated_ids_then_repeated_links_are_skipped_with_one_line_each(news: Normalized) -> None:
    assert news.problems == (
        "item 6 repeats the id em-nyhed-1001; skipped",
        "item 7 repeats the link https://news.example/nyheder/2024/pressemoede; skipped",
    )
    assert len(news.posts) == 6
    first = next(post for post in news.posts if item_id(post) == "em-nyhed-1001")
    assert first.title == "Ny plan for grønne cykelstier"  # the first copy wins


def test_ids_fall_back_to_the_link_then_to_a_hash_of_the_text(news: Normalized) -> None:
    ids = [item_id(post) for post in news.posts]
    assert "https://news.example/nyheder/2024/pressemoede" in ids
    hashed = [post for post in news.posts if item_id(post).startswith("sha256:")]
    assert len(hashed) == 1 and hashed[0].title == "Kort besked uden guid og link"
    again = normalized("news.example/nyheder.rss", NEWS)
    assert item_id(hashed[0]) in [item_id(post) for post in again.posts]  # stable across fetches


def test_posts_are_newest_first_and_undated_items_take_the_fetch_time(news: Normalized) -> None:
    created = [post.created for post in news.posts]
    assert created == sorted(created, reverse=True)
    undated = next(post for post in news.posts if item_id(post).startswith("sha256:"))
    assert undated.created == FETCHED


def test_a_localized_date_keeps_the_item_and_its_date(news: Normalized) -> None:
    post = next(post for post in news.posts if post.title == "Høring om affaldssortering")
    assert post.created == datetime(2022, 11, 16, tzinfo=timezone.utc)


def test_html_description_becomes_text_and_absolute_links(news: Normalized) -> None:
    post = next(post for post in news.posts if item_id(post) == "em-nyhed-1001")
    assert post.segments == (
        Text("Ministeriet præsenterer i dag "),
        Link("planen for cykelstier", "https://news.example/planer/cykel.pdf"),
        Text(" i hele landet.\n\nLæs også "),
        Link("baggrunden", "https://other.example/baggrund"),
        Text(".\nSpørgsmål & svar følger."),
    )
    assert post.permalink == "https://news.example/nyheder/2024/cykelstier"
    assert post.created == datetime(2024, 3, 5, 8, 30, tzinfo=timezone.utc)
    assert post.lang == "da"


def test_a_relative_image_enclosure_is_resolved(news: Normalized) -> None:
    post = next(post for post in news.posts if item_id(post) == "em-nyhed-1001")
    assert post.media == (Media("photo", "https://news.example/billeder/cykelsti.jpg"),)


def test_the_widest_media_content_image_is_chosen(news: Normalized) -> None:
    post = next(post for post in news.posts if post.title == "Høring om affaldssortering")
    assert post.media == (
        Media("photo", "https://news.example/billeder/stor.jpg", width=460, height=276),
    )


def test_the_hostile_item_keeps_only_text_and_web_links(news: Normalized) -> None:
    post = next(post for post in news.posts if item_id(post) == "em-nyhed-1003")
    assert post.title == "Et fjendtligt indlæg"
    assert "alert" not in post.plain_text and "color" not in post.plain_text
    assert post.plain_text.startswith("Harmløs tekst\n\nklik her ")
    for segment in post.segments:
        if isinstance(segment, Link):
            assert segment.url.startswith("https://news.example/")
    assert Link("sikkert link", "https://news.example/ok") in post.segments
    # A javascript: item link and image are refused; the feed's page and the thumbnail stand in.
    assert post.permalink == "https://news.example/nyheder/"
    assert post.media == (Media("photo", "https://news.example/billeder/fjendtlig-thumb.jpg"),)


def test_long_content_is_cut_to_a_teaser(news: Normalized) -> None:
    post = next(post for post in news.posts if item_id(post) == "em-nyhed-1008")
    assert post.plain_text.endswith("…")
    assert 400 < len(post.plain_text) <= 501
    assert post.plain_text.startswith("Redegørelsen beskriver")


def test_atom_relative_links_language_html_title_and_icon() -> None:
    blog = normalized("blog.example/atom.xml", BLOG)
    assert blog.author.name == "Styrelsen for Eksempler – blog"
    assert blog.author.url == "https://blog.example/"
    assert blog.author.avatar_url == "https://blog.example/ikon.png"
    posts = {item_id(post): post for post in blog.posts}
    first = posts["tag:blog.example,2024:1"]
    assert first.permalink == "https://blog.example/indlaeg/aabne-data"
    assert first.created == datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)  # published wins
    assert Link("datakataloget", "https://blog.example/data/katalog") in first.segments
    assert first.media == (Media("photo", "https://blog.example/billeder/data.png"),)
    assert first.lang == "da"
    english = posts["tag:blog.example,2024:2"]
    assert english.lang == "en"
    assert english.created == datetime(2024, 3, 4, 9, 0, tzinfo=timezone.utc)  # updated only
    assert Link("the catalogue", "https://blog.example/en/catalogue") in english.segments
    undated = posts["https://blog.example/indlaeg/uden-dato"]
    assert undated.permalink == "https://blog.example/indlaeg/uden-dato"  # the id is a URL
    assert undated.plain_text == "Indhold i XHTML."
    assert undated.created == FETCHED


def test_a_future_date_is_taken_as_the_fetch_time() -> None:
    blog = normalized("blog.example/atom.xml", BLOG)
    future = next(post for post in blog.posts if post.title == "Fra fremtiden")
    assert future.created == FETCHED


def test_json_feed_items_become_posts_too() -> None:
    result = normalized("news.example/feed.json", "https://news.example/feed.json")
    assert result.problems == ("1 item(s) of https://news.example/feed.json are not objects",)
    first, second = result.posts
    assert item_id(first) == "42" and first.title == "Første JSON-nyhed"
    assert first.segments == (
        Text("Se "),
        Link("planerne", "https://news.example/planer"),
        Text("."),
    )
    assert first.media == (Media("photo", "https://news.example/billeder/json.jpg"),)
    assert first.permalink == "https://news.example/nyheder/json-1"
    assert second.segments == (Text("Kun tekst.\n\nTo afsnit."),)
    assert second.permalink == "https://news.example/"
    assert result.author.avatar_url == "https://news.example/billeder/ikon.png"


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ((DATA / "news.example/ikke-et-feed.html").read_bytes(), "text/html", "not RSS or Atom"),
        (b"", None, "not RSS or Atom"),
        (b"\x00\xff\xfe garbage", "application/octet-stream", "not RSS or Atom"),
        (b"{not json", "application/json", "malformed JSON"),
        (b'{"hello": 1}', None, "not a JSON Feed"),
        (b"[1, 2]", "application/feed+json", "not a JSON Feed"),
    ],
)
def test_what_is_no_feed_fails_in_one_line(
    body: bytes, content_type: str | None, message: str
) -> None:
    with pytest.raises(NotAFeed) as caught:
        read_feed(body, "https://news.example/x", content_type)
    assert message in str(caught.value)
    assert "https://news.example/x" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_empty_but_valid_feed_has_no_posts() -> None:
    body = b'<rss version="2.0"><channel><title>Tom</title></channel></rss>'
    result = normalize_feed(read_feed(body, NEWS, None), "a", FETCHED)
    assert result.posts == () and result.author.name == "Tom"


def test_a_bare_body_is_never_taken_for_a_path_or_url(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><title>Hemmelig</title></channel></rss>')
    with pytest.raises(NotAFeed):
        read_feed(str(secret).encode(), NEWS, None)


def test_odd_json_feed_shapes_never_raise() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1", "title": 5, "items": ['
        b'{"id": null, "url": 7, "title": ["x"], "content_html": {"a": 1}, "date_published": "x",'
        b' "attachments": [5, {"url": "/a.png", "mime_type": "image/png"}]}]}'
    )
    result = normalize_feed(read_feed(body, NEWS, None), "a", FETCHED)
    (post,) = result.posts
    assert item_id(post).startswith("sha256:") and post.created == FETCHED
    assert post.media == (Media("photo", "https://news.example/a.png"),)
    assert result.author.name == "news.example"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mer, 16 nov 2022", datetime(2022, 11, 16, tzinfo=timezone.utc)),
        ("ons, 16 nov 2022 10:00:00 +0100", datetime(2022, 11, 16, 9, tzinfo=timezone.utc)),
        ("16. marts 2023 kl. 14.30", datetime(2023, 3, 16, 14, 30, tzinfo=timezone.utc)),
        ("Mi, 16. Dez. 2022 10:00:00 CEST", datetime(2022, 12, 16, 8, tzinfo=timezone.utc)),
        ("31 feb 2022", None),
        ("i går", None),
        (None, None),
    ],
)
def test_localized_dates(text: str | None, expected: datetime | None) -> None:
    assert localized_date(text) == expected
