"""dk-i-verden beyond X: its Mastodon, Bluesky and RSS recordings, and what the build shows.

The recordings are invented (tests/test_examples_data.py checks that the script
reproduces them byte for byte); here they are held to each network's own rules
and to the list of things a reviewer must see working in the built example.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from PIL import Image

from tests.conftest import EXAMPLES
from tests.helpers import Built, build_folder, copy_example
from widget.config import load_config
from widget.sources.replay import recorded_file
from widget.sources.rss.replay import feed_file

SITE = EXAMPLES / "dk-i-verden"
RECORDED = SITE / "recorded"
FICTION_MARKER = "fictional sample account"
Json = dict[str, Any]


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def sources(kind: str) -> list[str]:
    config = load_config(SITE / "widget.toml")
    found = {s.value for feed in config.feeds.values() for s in feed.sources if s.kind == kind}
    return sorted(found)


def statuses() -> list[Json]:
    return [s for acct in sources("mastodon") for s in load(RECORDED / acct / "statuses-1.json")]


def feed_items() -> list[Json]:
    return [i for h in sources("bluesky") for i in load(RECORDED / h / "feed-1.json")["feed"]]


def local(url: str) -> Path:
    parts = urlsplit(url)
    return RECORDED / (parts.hostname or "") / parts.path.lstrip("/")


# --- the layout: every source answers from the recordings folder --------------------------


def test_every_network_replays_from_the_one_recordings_folder() -> None:
    config = load_config(SITE / "widget.toml")
    assert {config.settings(n).replay for n in ("x", "mastodon", "bluesky", "rss")} == {RECORDED}
    assert len(sources("mastodon")) >= 2 and len(sources("bluesky")) >= 2
    for acct in sources("mastodon"):
        account = load(RECORDED / acct / "account.json")
        assert f"{account['username']}@{urlsplit(account['url']).hostname}" == acct
        assert FICTION_MARKER in account["note"].lower()
    for handle in sources("bluesky"):
        profile = load(RECORDED / handle / "profile.json")
        assert profile["handle"] == handle and handle.endswith(".example")
        assert FICTION_MARKER in profile["description"].lower()
    (feed,) = sources("rss")
    assert urlsplit(feed).hostname == "nyheder.example"
    path = feed_file(RECORDED, feed)
    assert path is not None and path.is_file()


def test_every_address_in_the_new_recordings_is_invented() -> None:
    """Links, servers and handles sit under ``.example``; only the two Bluesky hosts that the
    AppView itself names (its CDN and the web app) are real, and nothing is fetched from them."""
    real = {"cdn.bsky.app", "bsky.app"}
    text = "".join(
        path.read_text(encoding="utf-8")
        for path in [*RECORDED.glob("*@*/*.json"), *RECORDED.glob("*.bsky.example/*.json")]
    )
    text += feed_file(RECORDED, sources("rss")[0]).read_text(encoding="utf-8")  # type: ignore[union-attr]
    hosts = {urlsplit(url).hostname for url in re.findall(r"https?://[^\s\"'<>&]+", text)}
    assert hosts and all(h and (h.endswith(".example") or h in real) for h in hosts), hosts


def test_a_recorded_bluesky_picture_is_served_as_the_format_its_name_ends_in() -> None:
    """The CDN writes the format after an "@"; served as octet-stream it would be refused."""
    (avatar,) = {load(RECORDED / h / "profile.json")["avatar"] for h in sources("bluesky")[:1]}
    answer = recorded_file(local(avatar))
    assert answer is not None and answer.content_type == "image/jpeg"


# --- Mastodon ------------------------------------------------------------------------------


def test_mastodon_statuses_show_every_feature_a_reviewer_must_see() -> None:
    found = statuses()
    warned = [s for s in found if s["spoiler_text"]]
    assert warned and all(s["sensitive"] for s in warned)
    assert any(s["media_attachments"] for s in warned), "a warning that hides a picture"
    assert any(s["sensitive"] and not s["spoiler_text"] and s["media_attachments"] for s in found)
    assert any(s["reblog"] is not None for s in found)
    assert any(s["card"] and s["card"]["image"] for s in found)
    emoji_in_text = [s for s in found if s["emojis"]]
    assert emoji_in_text and all(
        f":{e['shortcode']}:" in s["content"] for s in emoji_in_text for e in s["emojis"]
    )
    assert any(":" in s["account"]["display_name"] and s["account"]["emojis"] for s in found)
    assert {"da", "en", "de"} <= {s["language"] for s in found if s["language"]}
    for status in found:
        content = html.unescape(status["content"])
        for mention in status["mentions"]:
            assert f'href="{mention["url"]}"' in content
        for tag in status["tags"]:
            assert f'href="{tag["url"]}"' in content


def test_every_mastodon_picture_is_recorded_where_replay_finds_it() -> None:
    urls = []
    for status in statuses():
        shown = status["reblog"] or status
        urls.append(shown["account"]["avatar_static"])
        urls += [m["url"] for m in shown["media_attachments"]]
        urls += [e["static_url"] for e in [*shown["emojis"], *shown["account"]["emojis"]]]
        if shown["card"]:
            urls.append(shown["card"]["image"])
    assert len(set(urls)) >= 6
    for url in set(urls):
        with Image.open(local(url)) as image:
            assert image.format in {"JPEG", "PNG"}, url
            assert not image.getexif(), url


# --- Bluesky -------------------------------------------------------------------------------


def facet_problems(record: Json, dids: dict[str, str]) -> list[str]:
    data = record["text"].encode("utf-8")
    problems = []
    for facet in record.get("facets", []):
        start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        covered = data[start:end].decode("utf-8")
        for feature in facet["features"]:
            kind = feature["$type"].rsplit("#", 1)[1]
            if kind == "tag" and covered != "#" + feature["tag"]:
                problems.append(f"tag {feature['tag']} covers {covered!r}")
            if kind == "mention" and covered != "@" + dids.get(feature["did"], "?"):
                problems.append(f"mention {feature['did']} covers {covered!r}")
            if kind == "link" and not covered.startswith(urlsplit(feature["uri"]).hostname or "?"):
                problems.append(f"link {feature['uri']} covers {covered!r}")
    return problems


def records() -> list[Json]:
    found = []
    for item in feed_items():
        found.append(item["post"]["record"])
        embed = item["post"].get("embed", {})
        if embed.get("$type") == "app.bsky.embed.record#view":
            found.append(embed["record"]["value"])
    return found


def test_every_bluesky_facet_lands_on_its_text_counted_in_utf8_bytes() -> None:
    dids = {load(RECORDED / h / "profile.json")["did"]: h for h in sources("bluesky")}
    problems, shifted = [], 0
    for record in records():
        problems += facet_problems(record, dids)
        for facet in record.get("facets", []):
            start = facet["index"]["byteStart"]
            shifted += len(record["text"].encode("utf-8")[:start].decode("utf-8")) != start
    assert problems == []
    assert shifted >= 3, "facets after emoji, æøå or Japanese, where bytes and characters part"


def test_facet_check_catches_offsets_counted_in_characters() -> None:
    def record(start: int) -> Json:
        tag = {"$type": "app.bsky.richtext.facet#tag", "tag": "kultur"}
        facet = {"index": {"byteStart": start, "byteEnd": start + 7}, "features": [tag]}
        return {"text": "Ærø 🌍 #kultur", "facets": [facet]}

    assert facet_problems(record(len("Ærø 🌍 ")), {}) != []
    assert facet_problems(record(len("Ærø 🌍 ".encode())), {}) == []


def test_bluesky_feeds_show_a_repost_a_quote_images_with_alt_and_a_link_card() -> None:
    items = feed_items()
    reasons = [i["reason"]["$type"] for i in items if "reason" in i]
    assert "app.bsky.feed.defs#reasonRepost" in reasons
    embeds = [i["post"].get("embed", {}) for i in items]
    kinds = {e.get("$type") for e in embeds}
    assert {"app.bsky.embed.record#view", "app.bsky.embed.external#view"} <= kinds
    images = [img for e in embeds for img in e.get("images", [])]
    assert images and all(img["alt"] and img["aspectRatio"] for img in images)
    assert {"da", "en", "ja"} <= {lang for r in records() for lang in r["langs"]}
    urls = [img["fullsize"] for img in images]
    urls += [e["external"]["thumb"] for e in embeds if "external" in e]
    urls += [load(RECORDED / h / "profile.json")["avatar"] for h in sources("bluesky")]
    for url in urls:
        assert url.endswith("@jpeg")
        with Image.open(local(url)) as image:
            assert image.format == "JPEG", url


# --- RSS -----------------------------------------------------------------------------------


def test_the_news_feed_has_an_item_with_an_enclosure_picture_and_an_html_summary() -> None:
    path = feed_file(RECORDED, sources("rss")[0])
    assert path is not None
    channel = ElementTree.parse(path).getroot().find("channel")
    assert channel is not None
    assert "fiktiv" in (channel.findtext("title") or "")
    items = channel.findall("item")
    assert len(items) >= 2
    with_picture = [i for i in items if i.find("enclosure") is not None]
    assert with_picture
    for item in with_picture:
        enclosure = item.find("enclosure")
        assert enclosure is not None
        picture = local(enclosure.get("url", ""))
        assert int(enclosure.get("length", "0")) == picture.stat().st_size
        assert "<a href=" in (item.findtext("description") or "")


# --- built: what a reviewer must see working -----------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    result = build_folder(copy_example("dk-i-verden", tmp_path_factory.mktemp("verden")))
    assert result.result.exit_code == 0, result.log
    return result


def verden(built: Built) -> str:
    return (built.result.output / "verden.html").read_text(encoding="utf-8")


def test_the_build_reads_all_four_source_kinds_without_a_warning(built: Built) -> None:
    assert "warning" not in built.log.lower(), built.log
    page = verden(built)
    for said in ("se opslaget på X", "se opslaget på Mastodon", "se opslaget på Bluesky",
                 "læs artiklen"):  # fmt: skip
        assert said in page


def test_a_content_warning_is_a_closed_details_holding_the_post_and_its_picture(
    built: Built,
) -> None:
    page = verden(built)
    warnings = re.findall(r"<details class=\"wdg__warning\">(.*?)</details>", page, re.S)
    assert len(warnings) == 2
    cw = next(w for w in warnings if "Rejsevejledning: uro" in w)
    assert re.search(r"<summary>[^<]*Rejsevejledning: uro ved grænsen", cw)
    assert "Undgå området" in cw and 'class="wdg__image"' in cw
    media_only = next(w for w in warnings if w is not cw)
    assert 'class="wdg__image"' in media_only and "wdg__text" not in media_only
    assert "<details open" not in page


def test_shared_originals_show_once_with_who_shared_them(built: Built) -> None:
    page = verden(built)
    articles = re.findall(r"<article.*?</article>", page, re.S)
    assert sum("Arctic dialogue report 2026" in a for a in articles) == 1
    assert sum("kulturuge-2026" in a for a in articles) == 1
    assert sum("DANSK DESIGNUGE" in a or "designuge-2026" in a for a in articles) == 1
    assert any("wdg__context" in a and "kulturuge-2026" in a for a in articles)


def test_emoji_cards_quotes_and_the_news_item_render(built: Built) -> None:
    page = verden(built)
    assert page.count('alt=":dannebrog:"') >= 2 and 'alt=":popcorn:"' in page
    assert 'class="wdg__card"' in page and "Dansk design i verden 2026" in page
    quote = re.search(r"<blockquote class=\"wdg__quote\"[^>]*lang=\"ja\">(.*?)</blockquote>",
                      page, re.S)  # fmt: skip
    assert quote and "midori.example/ja/eiga" in quote.group(1)
    assert "Ny (fiktiv) aftale om kulturudveksling" in page
    assert 'href="https://nyheder.example/udenrigs/aftaler/lumierie"' in page
    for lang in ("en", "de", "fr", "ar", "ja"):  # posts in the page's own Danish need none
        assert f'lang="{lang}"' in page, lang
    assert 'src="http' not in page, "every picture is self-hosted"
