"""The bundled example recordings: reproducible, shaped like X API v2, and plainly invented."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.conftest import EXAMPLES
from widget.config import load_config

SITES = ("borger-dk", "dk-i-verden")
GENERATOR = EXAMPLES / "generate_samples.py"
TWITTER_EPOCH_MS = 1288834974657
FICTION_MARKER = "fictional sample account"
ENTITY_TEXT = {
    "urls": lambda e: e["url"],
    "mentions": lambda e: "@" + e["username"],
    "hashtags": lambda e: "#" + e["tag"],
    "cashtags": lambda e: "$" + e["tag"],
}
Json = dict[str, Any]


def recorded(site: str) -> Path:
    return EXAMPLES / site / "recorded"


def load(path: Path) -> Json:
    body: Json = json.loads(path.read_text(encoding="utf-8"))
    return body


def accounts(site: str) -> list[Path]:
    return sorted(p.parent for p in recorded(site).glob("*/user.json"))


def pages(account: Path) -> list[Json]:
    files = sorted(account.glob("tweets-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    return [load(p) for p in files]


def all_pages(site: str) -> Iterator[tuple[str, Json]]:
    for account in accounts(site):
        for page in pages(account):
            yield account.name, page


def all_tweets(site: str) -> Iterator[Json]:
    for _, page in all_pages(site):
        yield from page["data"]
        yield from page.get("includes", {}).get("tweets", [])


def own_posts(site: str) -> list[Json]:
    return [t for _, page in all_pages(site) for t in page["data"]]


def local_file(site: str, url: str) -> Path:
    host_and_path = url.split("://", 1)[1]
    return recorded(site) / host_and_path.replace("_normal.", "_400x400.")


# --- the committed data is exactly what the generator writes ------------------------------


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True
    )
    return out


def _same_picture(a: Path, b: Path) -> bool:
    """Equal bytes, or (if another JPEG encoder build wrote them) the same picture."""
    if a.read_bytes() == b.read_bytes():
        return True
    with Image.open(a) as first, Image.open(b) as second:
        if first.size != second.size:
            return False
        difference = ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
        return max(ImageStat.Stat(difference).mean) < 1.0


@pytest.mark.parametrize("site", SITES)
def test_generator_reproduces_the_committed_recordings(regenerated: Path, site: str) -> None:
    fresh = regenerated / site / "recorded"
    committed = recorded(site)
    names = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert len(names) > 10
    for name in names:
        if name.suffix == ".jpg":
            assert _same_picture(committed / name, fresh / name), name
        else:
            assert (committed / name).read_bytes() == (fresh / name).read_bytes(), (
                f"{name} differs from the generator's output; run python {GENERATOR.name}"
            )


# --- the API's own rules -------------------------------------------------------------------


def entity_problems(text: str, entities: Json) -> list[str]:
    problems = []
    for kind, spans in entities.items():
        for span in spans:
            shown = text[span["start"] : span["end"]]
            if shown != ENTITY_TEXT[kind](span):
                problems.append(f"{kind} {span} covers {shown!r}")
    return problems


@pytest.mark.parametrize("site", SITES)
def test_every_entity_offset_covers_its_text_in_code_points_of_the_escaped_text(
    site: str,
) -> None:
    checked, problems = 0, []
    for tweet in all_tweets(site):
        bodies = [(tweet["text"], tweet.get("entities", {}))]
        if "note_tweet" in tweet:
            bodies.append((tweet["note_tweet"]["text"], tweet["note_tweet"]["entities"]))
        for text, entities in bodies:
            problems += [f"{tweet['id']}: {p}" for p in entity_problems(text, entities)]
            checked += sum(len(spans) for spans in entities.values())
    assert problems == []
    assert checked >= 20


def test_entity_check_catches_offsets_counted_in_utf16_units() -> None:
    text = "🇩🇰 #Demo"
    utf16_start = len("🇩🇰 ".encode("utf-16-le")) // 2
    assert entity_problems(text, {"hashtags": [{"start": 3, "end": 8, "tag": "Demo"}]}) == []
    wrong = {"hashtags": [{"start": utf16_start, "end": utf16_start + 5, "tag": "Demo"}]}
    assert entity_problems(text, wrong) != []


@pytest.mark.parametrize("site", SITES)
def test_text_is_html_escaped_as_the_api_sends_it(site: str) -> None:
    for tweet in all_tweets(site):
        for text in (tweet["text"], tweet.get("note_tweet", {}).get("text", "")):
            assert "<" not in text and ">" not in text, tweet["id"]
            assert html.escape(html.unescape(text), quote=False) == text, tweet["id"]


@pytest.mark.parametrize("site", SITES)
def test_pages_chain_by_next_token_and_ids_follow_time(site: str) -> None:
    for account in accounts(site):
        chain = pages(account)
        assert [("next_token" in p["meta"]) for p in chain] == [True] * (len(chain) - 1) + [False]
        ids = [int(t["id"]) for p in chain for t in p["data"]]
        assert ids == sorted(ids, reverse=True), account.name
        user_id = load(account / "user.json")["data"]["id"]
        for page in chain:
            data, meta = page["data"], page["meta"]
            assert meta["result_count"] == len(data)
            assert (meta["newest_id"], meta["oldest_id"]) == (data[0]["id"], data[-1]["id"])
            assert user_id in {u["id"] for u in page["includes"]["users"]}
            for tweet in data:
                assert tweet["author_id"] == user_id
                assert tweet["edit_history_tweet_ids"][-1] == tweet["id"]
                created = datetime.fromisoformat(tweet["created_at"].replace("Z", "+00:00"))
                ms = (int(tweet["id"]) >> 22) + TWITTER_EPOCH_MS
                assert ms == created.timestamp() * 1000, tweet["id"]
                assert datetime(2026, 11, 1, tzinfo=timezone.utc) <= created
                assert created < datetime(2026, 11, 24, tzinfo=timezone.utc)


@pytest.mark.parametrize("site", SITES)
def test_referenced_posts_and_their_authors_are_included(site: str) -> None:
    for _, page in all_pages(site):
        included = {t["id"]: t for t in page["includes"].get("tweets", [])}
        users = {u["id"] for u in page["includes"]["users"]}
        media = {m["media_key"] for m in page["includes"].get("media", [])}
        for tweet in page["data"]:
            for ref in tweet.get("referenced_tweets", []):
                assert included[ref["id"]]["author_id"] in users
            assert set(tweet.get("attachments", {}).get("media_keys", [])) <= media


# --- pictures -------------------------------------------------------------------------------


@pytest.mark.parametrize("site", SITES)
def test_every_picture_the_recordings_point_at_is_a_real_image(site: str) -> None:
    wanted: dict[str, tuple[int, int] | None] = {}
    for account in accounts(site):
        wanted[load(account / "user.json")["data"]["profile_image_url"]] = (400, 400)
    for _, page in all_pages(site):
        for user in page["includes"]["users"]:
            wanted[user["profile_image_url"]] = (400, 400)
        for item in page["includes"].get("media", []):
            wanted[item.get("url") or item["preview_image_url"]] = (item["width"], item["height"])
    assert len(wanted) >= 5
    for url, size in wanted.items():
        path = local_file(site, url)
        assert path.is_file(), f"{url} has no file at {path}"
        with Image.open(path) as image:
            assert (image.format, image.size) == ("JPEG", size), url
            assert not image.getexif(), f"{url} carries metadata"


def test_example_data_stays_small() -> None:
    total = sum(p.stat().st_size for site in SITES for p in recorded(site).rglob("*.jpg"))
    assert total < 1_500_000


# --- invented, and covering what the examples are meant to show ----------------------------


@pytest.mark.parametrize("site", SITES)
def test_every_account_says_it_is_fictional(site: str) -> None:
    found = accounts(site)
    assert found
    for account in found:
        user = load(account / "user.json")["data"]
        assert FICTION_MARKER in user["description"].lower(), account.name
        assert user["username"] == account.name


@pytest.mark.parametrize("site", SITES)
def test_config_sources_match_the_recorded_accounts(site: str) -> None:
    config = load_config(EXAMPLES / site / "widget.toml")
    assert config.settings("x").replay == recorded(site)
    handles = {s.value for feed in config.feeds.values() for s in feed.sources if s.kind == "x"}
    assert handles == {a.name for a in accounts(site)}


def test_borger_dk_shows_every_kind_of_post_the_widget_handles() -> None:
    posts = own_posts("borger-dk")
    media = [m for _, p in all_pages("borger-dk") for m in p["includes"].get("media", [])]
    kinds = {r["type"] for t in posts for r in t.get("referenced_tweets", [])}
    urls = [u for t in all_tweets("borger-dk") for u in t.get("entities", {}).get("urls", [])]
    tags = [h["tag"] for t in posts for h in t.get("entities", {}).get("hashtags", [])]
    assert len(posts) == 14 and len(pages(recorded("borger-dk") / "borger_demo")) == 2
    assert kinds == {"retweeted", "replied_to", "quoted"}
    assert any(m["type"] == "photo" and "alt_text" in m for m in media)
    assert any(m["type"] == "photo" and "alt_text" not in m for m in media)
    assert any(
        m["type"] == "video" and any(v["content_type"] == "video/mp4" for v in m["variants"])
        for m in media
    )
    long_posts = [t for t in posts if "note_tweet" in t]
    assert long_posts and all(len(t["note_tweet"]["text"]) > 280 for t in long_posts)
    assert all(t["text"].endswith("…") and len(t["text"]) <= 280 for t in long_posts)
    assert any("&lt;script&gt;" in t["text"] for t in posts)
    assert any(len(u["expanded_url"]) == 200 and "&" in u["expanded_url"] for u in urls)
    assert any(len(tag) == 60 for tag in tags)
    assert any(t["lang"] == "und" for t in posts)
    assert any(len(t["edit_history_tweet_ids"]) > 1 for t in posts)


def test_dk_i_verden_has_many_accounts_six_languages_and_a_widely_shared_original() -> None:
    assert len(accounts("dk-i-verden")) >= 8
    posts = own_posts("dk-i-verden")
    assert {"da", "en", "de", "fr", "ar", "ja"} <= {t["lang"] for t in posts}
    reposters: dict[str, set[str]] = defaultdict(set)
    for account, page in all_pages("dk-i-verden"):
        included = {t["id"] for t in page["includes"].get("tweets", [])}
        for tweet in page["data"]:
            for ref in tweet.get("referenced_tweets", []):
                if ref["type"] == "retweeted":
                    assert ref["id"] in included
                    reposters[ref["id"]].add(account)
    assert max(len(names) for names in reposters.values()) >= 4


def test_dk_i_verden_feeds_have_posts_to_show() -> None:
    config = load_config(EXAMPLES / "dk-i-verden" / "widget.toml")
    posts = own_posts("dk-i-verden")
    allowed = {tag.lower() for tag in config.feeds["kultur"].hashtags_allow}
    tagged = [
        t
        for t in posts
        if allowed & {h["tag"].lower() for h in t.get("entities", {}).get("hashtags", [])}
    ]
    assert len(tagged) >= 5
    arabic = [t for t in posts if t["lang"] == "ar"]
    assert any(
        t.get("entities", {}).get("mentions") and any("a" <= c <= "z" for c in t["text"])
        for t in arabic
    ), "one Arabic post should mix right-to-left text with a handle and Latin words"
