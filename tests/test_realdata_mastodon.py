"""The Mastodon normalizer on real recorded statuses (read from ../shared/fixtures/mastodon)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from widget.model import Hashtag, Link, Mention, Post, PostKind, Text
from widget.sources.mastodon.content import web_url
from widget.sources.mastodon.normalize import normalize_statuses

pytestmark = pytest.mark.realdata

_BODY = re.compile(r"^    uri: (\S+)\n  response:\n    body:\n      string: '", re.MULTILINE)


def single_quoted(text: str, start: int) -> str:
    """A YAML single-quoted scalar beginning at ``start`` (pyyaml is not a dependency):
    ``''`` is a quote, a line break with its indentation folds to one space, and each
    empty line to a newline."""
    chars: list[str] = []
    index = start
    while True:
        if text[index] == "'":
            if text[index + 1 : index + 2] == "'":
                chars.append("'")
                index += 2
                continue
            break
        chars.append(text[index])
        index += 1
    lines = "".join(chars).split("\n")
    folded = lines[0].rstrip(" ")
    empty = 0
    for line in lines[1:]:
        line = line.strip(" ")
        if not line:
            empty += 1
            continue
        folded += ("\n" * empty if empty else " ") + line
        empty = 0
    return folded


def cassette_bodies(path: Path) -> Iterator[tuple[str, str, Any]]:
    """(label, request URL, decoded JSON) of every JSON body of a vcrpy cassette."""
    text = path.read_text(encoding="utf-8")
    for number, match in enumerate(_BODY.finditer(text)):
        body = single_quoted(text, match.end())
        try:
            yield f"{path.name}#{number}", match.group(1), json.loads(body)
        except ValueError:
            continue


def recorded_statuses(fixtures: Path) -> Iterator[tuple[str, str, list[Any]]]:
    """(label, host, statuses) of every recorded answer that holds statuses."""
    folder = fixtures / "mastodon"
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        yield path.name, "mastodon.social", [body]
    for path in sorted(folder.glob("*.yaml")):
        for label, url, body in cassette_bodies(path):
            items = body if isinstance(body, list) else [body]
            # Statuses, also those a DELETE answers (with the source `text`, no `content`).
            statuses = [i for i in items if isinstance(i, dict) and "in_reply_to_id" in i]
            if statuses:
                yield label, urlsplit(url).hostname or "", statuses


@pytest.fixture(scope="module")
def normalized(shared_fixtures: Path) -> list[tuple[str, Any, Post]]:
    found: list[tuple[str, Any, Post]] = []
    for label, host, statuses in recorded_statuses(shared_fixtures):
        posts, problems = normalize_statuses(statuses, account="x@" + host, host=host)
        assert problems == [], label
        by_id = {post.id: post for post in posts}
        assert len(by_id) == len(statuses), f"{label}: a status was lost"
        found.extend((label, raw, by_id[str(raw["id"])]) for raw in statuses)
    return found


def test_the_cassette_is_read(normalized: list[tuple[str, Any, Post]]) -> None:
    labels = {label.split("#")[0] for label, _, _ in normalized}
    assert "test_fetch_next_previous.yaml" in labels
    assert len(normalized) >= 35


def test_every_status_keeps_its_shape(normalized: list[tuple[str, Any, Post]]) -> None:
    for label, raw, post in normalized:
        assert post.network == "mastodon" and post.id == raw["id"], label
        assert "@" in post.author.handle, label
        assert post.permalink.startswith(("https://", "http://")), label
        assert not post.permalink.endswith("/activity"), label
        assert post.sensitive is raw["sensitive"], label
        assert post.content_warning == (raw["spoiler_text"] or None), label
        assert post.in_reply_to == raw["in_reply_to_id"], label
        if raw.get("reblog"):
            assert post.kind is PostKind.REPOST and post.original is not None, label
            assert post.original.permalink == raw["reblog"]["url"], label
        assert len(post.displayed.media) == len((raw.get("reblog") or raw)["media_attachments"]), (
            label
        )


def _anchor_texts(content: str) -> list[str]:
    """What each http(s) link of the content shows, its cut-off tail included."""
    soup = BeautifulSoup(content, "html.parser")
    texts = []
    for anchor in soup.find_all("a"):
        assert isinstance(anchor, Tag)
        if web_url(anchor.get("href")) is None:
            continue
        spans = anchor.find_all("span", class_="invisible")
        if spans and spans[0].get_text().startswith("http"):  # the hidden scheme
            spans[0].extract()
        texts.append(anchor.get_text())
    return texts


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_links_mentions_and_hashtags_land_on_their_visible_text(
    normalized: list[tuple[str, Any, Post]],
) -> None:
    checked = 0
    for label, raw, post in normalized:
        shown = post.displayed
        status = raw.get("reblog") or raw
        tokens = [s for s in shown.segments if not isinstance(s, Text)]
        linked = [s for s in tokens if isinstance(s, (Link, Mention, Hashtag))]
        content = status.get("content", "")
        assert [s.text for s in linked] == _anchor_texts(content), label
        for segment in linked:
            if isinstance(segment, Mention):
                assert segment.text.startswith("@"), label
            if isinstance(segment, Hashtag):
                assert segment.text == "#" + segment.tag, label
        soup = BeautifulSoup(content, "html.parser")
        for anchor in soup.find_all("a"):
            assert isinstance(anchor, Tag)
            spans = anchor.find_all("span", class_="invisible")
            if spans and spans[0].get_text().startswith("http"):
                spans[0].extract()
        assert _squeezed(shown.plain_text) == _squeezed(soup.get_text()), label
        checked += len(linked)
    assert checked >= 3


def test_the_known_real_statuses(normalized: list[tuple[str, Any, Post]]) -> None:
    posts = {label: post for label, _, post in normalized if label.endswith(".json")}
    cw = posts["status_cw_mention_hashtag_emoji_gifv_alt_edited_de.json"]
    assert cw.content_warning == "test post for mastodon.py stuff" and cw.sensitive
    assert cw.author.handle == "halcy@icosahedron.website"
    assert [e.text for e in cw.author.emoji] == [":icosahedron:"]
    assert ":trans_heart:" in [s.text for s in cw.segments if not isinstance(s, Text)]
    assert cw.media[0].kind == "gif" and cw.media[0].alt == "a furry cube breakdancing"
    card = posts["status_link_card.json"]
    assert card.card is not None and card.card.title.startswith("K/DA")
    link = next(s for s in card.segments if isinstance(s, Link))
    assert link.url == card.card.url and link.text == link.url.removeprefix("https://")
    reply = posts["status_reply_image_alt.json"]
    assert reply.kind is PostKind.REPLY and reply.in_reply_to_handle == "halcy@mastodon.social"
    assert reply.media[0].alt == "furry cube" and reply.media[0].width == 1280
    boost = posts["status_reblog_localhost.json"]
    assert boost.original is not None
    assert boost.permalink == "http://localhost:3000/@mastodonpy_test/117020586019094258"
