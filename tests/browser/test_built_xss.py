"""An invented account whose every field carries a script payload, built and opened in a browser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext

from tests.browser.built import (
    BuiltFeed,
    FeedCase,
    PolicyServer,
    build_copy,
    visit,
    write_host_pages,
)
from tests.browser.harness import offsite_requests

pytestmark = pytest.mark.browser

HANDLE = "kommune_test"
USER_ID = "4100000000000000001"
SCRIPT = "<script>alert(1)</script>"
BROKEN_ATTRIBUTE = '"><img src=x onerror=alert(1)>'
SVG = "<svg onload=alert(1)>"
PAYLOADS = (SCRIPT, BROKEN_ATTRIBUTE, SVG)
CASE = FeedCase("xss", "xss", "default", "da")
CONFIG = f"""locale = "da"
output = "public/widget"
base_url = "/widget/"
state = ".widget"

[x]
replay = "recorded"

[feeds.xss]
title = "Opslag fra kommunen"
sources = ["x:{HANDLE}"]
theme = "default"
"""
LINKS = (
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("&#x6A;avascript:alert(1)", BROKEN_ATTRIBUTE),
    (" java\tscript:alert(1)", SVG),
    ('https://kommune.example/"><script>alert(1)</script>', "kommune.example/" + SCRIPT),
)


def _tweet(number: int, text: str, entities: dict[str, Any], **extra: Any) -> dict[str, Any]:
    post_id = f"41000000000000001{number:02d}"
    return {
        "author_id": USER_ID,
        "created_at": f"2026-11-{10 + number:02d}T09:00:00.000Z",
        "edit_history_tweet_ids": [post_id],
        "entities": entities,
        "id": post_id,
        "lang": "da",
        "text": text,
        **extra,
    }


def _entity(text: str, piece: str, **fields: Any) -> dict[str, Any]:
    start = text.index(piece)
    return {"start": start, "end": start + len(piece), **fields}


def _timeline() -> dict[str, Any]:
    """An X API v2 timeline body; texts are HTML-escaped the way the API sends them."""
    plain = escape(" ".join(PAYLOADS), quote=False)
    raw_tags = [f"tag{n}{payload}" for n, payload in enumerate(PAYLOADS)]
    tags = ["#" + escape(tag, quote=False) for tag in raw_tags]
    tagged = plain + " " + " ".join(tags)
    urls = [f"https://t.co/xss{n}" for n in range(len(LINKS))]
    linked = "Links: " + " ".join(urls)
    picture = "Billede https://t.co/pic1"
    tweets = [
        _tweet(
            1,
            tagged,
            {
                "hashtags": [
                    _entity(tagged, tag, tag=raw) for tag, raw in zip(tags, raw_tags, strict=True)
                ]
            },
        ),
        _tweet(
            2,
            linked,
            {
                "urls": [
                    _entity(linked, url, url=url, expanded_url=expanded, display_url=display)
                    for url, (expanded, display) in zip(urls, LINKS, strict=True)
                ]
            },
        ),
        _tweet(
            3,
            picture,
            {
                "urls": [
                    _entity(
                        picture,
                        "https://t.co/pic1",
                        url="https://t.co/pic1",
                        expanded_url="https://x.com/kommune_test/status/1/photo/1",
                        display_url="pic.x.com/pic1",
                        media_key="3_1",
                    )
                ]
            },
            attachments={"media_keys": ["3_1"]},
        ),
    ]
    return {
        "data": tweets[::-1],
        "includes": {
            "media": [
                {
                    "media_key": "3_1",
                    "type": "photo",
                    "url": "https://pbs.twimg.com/media/xss1.jpg",
                    "width": 400,
                    "height": 225,
                    "alt_text": " ".join(PAYLOADS),
                }
            ],
            "users": [_user()],
        },
        "meta": {"newest_id": tweets[-1]["id"], "oldest_id": tweets[0]["id"], "result_count": 3},
    }


def _user() -> dict[str, str]:
    return {
        "id": USER_ID,
        "name": f"Kommune {SCRIPT}{BROKEN_ATTRIBUTE}",
        "username": HANDLE,
        "profile_image_url": "https://pbs.twimg.com/profile_images/41/kommune_normal.jpg",
    }


def write_recordings(folder: Path) -> None:
    account = folder / HANDLE
    account.mkdir(parents=True)
    (account / "user.json").write_text(json.dumps({"data": _user()}), encoding="utf-8")
    (account / "tweets-1.json").write_text(json.dumps(_timeline()), encoding="utf-8")
    pictures = {
        "profile_images/41/kommune_400x400.jpg": (96, 96),
        "media/xss1.jpg": (400, 225),
    }
    for path, size in pictures.items():
        target = folder / "pbs.twimg.com" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (90, 40, 120)).save(target, "JPEG")


@pytest.fixture(scope="module")
def hostile_feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltFeed]:
    root = tmp_path_factory.mktemp("xss")
    write_recordings(root / "recorded")
    (root / "widget.toml").write_text(CONFIG, encoding="utf-8")
    manifest = build_copy(root)
    public = root / "public"
    fragment = write_host_pages(public, CASE, manifest)
    server = PolicyServer(public)
    yield BuiltFeed(CASE, server.url, fragment, manifest["feeds"]["xss"]["stylesheet"]["href"])
    server.close()


@pytest.mark.parametrize("kind", ["host", "loader"])
def test_payloads_in_every_field_stay_text_in_the_browser(
    context: BrowserContext, hostile_feed: BuiltFeed, kind: str
) -> None:
    report = visit(context, getattr(hostile_feed, kind))
    page = report.page
    page.locator("section.wdg img").last.click()

    section = page.locator("section.wdg")
    assert section.count() == 1
    text = section.inner_text()
    assert [payload for payload in PAYLOADS if payload not in text] == []
    assert page.locator("section.wdg img.wdg__image").get_attribute("alt") == " ".join(PAYLOADS)
    assert report.dialogs == []
    assert report.page_errors == []
    assert report.all_csp_problems == []
    assert offsite_requests(report, hostile_feed.origin) == []
    dangerous = "a[href^='javascript' i], [onerror], [onload], svg, script:not([src])"
    assert page.locator(dangerous).count() == 0
