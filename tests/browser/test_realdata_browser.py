"""Real recorded pages nobody here wrote, built and checked by axe (issue 10, case 15).

The invented examples never put short hashtags and mentions side by side on a line,
nor let nineteen accounts share one post; the X API page of 100 real posts, the
Mastodon statuses and the Bluesky feed in ../shared/fixtures (or
``WIDGET_SHARED_FIXTURES``) do. They are copied into a temporary recordings folder in
each network's replay layout, built, included in a host page and checked at 320 and
1280 px: axe (WCAG 2.2 AA, target-size included) finds nothing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.built import PolicyServer, host_page
from tests.browser.harness import axe_violations, horizontal_overflow, open_page
from tests.helpers import NOW
from widget.build import BuildOptions, build
from widget.config import load_config
from widget.progress import Progress

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

X_PAGE = "x-api-v2/users_tweets_timeline_page.json"
MASTODON_STATUSES = (
    "status_cw_mention_hashtag_emoji_gifv_alt_edited_de.json",
    "status_link_card.json",
    "status_reblog_localhost.json",
    "status_reply_image_alt.json",
)
BLUESKY_FEED = "bluesky/getAuthorFeed_chriskenny.json"
BLUESKY_PROFILES = "bluesky/getProfiles_chriskenny.json"
FEEDS = {"x": "en", "social": "da", "tags": "da"}
INVENTED_HANDLE = "fiktiv_tags"
INVENTED_RUNS = ["#미아 #온다", "#a #b #c #d", "@Wei @Ab @Cd #x", "#미아\n#온다 #온"]
"""Invented posts (fictional account) with what the real K-pop page had: short hashtags
and mentions standing together, alone on a line."""

CONFIG = """\
# Built by a test from real recorded answers in ../shared/fixtures.
output = "public/widget"
state = ".widget"
base_url = "/widget/"

[feeds.x]
title = "Real X page"
sources = ["x:{x_handle}"]
limit = 100
locale = "en"
reposts = true
replies = true

[feeds.tags]
title = "Korte tags (fiktiv)"
sources = ["x:{invented}"]

[feeds.social]
title = "Mastodon og Bluesky"
sources = ["mastodon:{mastodon}", "bluesky:{bluesky}"]
limit = 60
replies = true
"""


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def recordings(fixtures: Path, folder: Path) -> dict[str, str]:
    """The real answers in the replay layout; returns the source values for the config."""
    page = _read(fixtures / X_PAGE)
    page.pop("__twarc", None)
    page["meta"].pop("next_token", None)  # one page is all there is
    owner = str(page["data"][0]["author_id"])
    user = next(u for u in page["includes"]["users"] if u["id"] == owner)
    handle = str(user["username"]).lower()
    _write(folder / handle / "user.json", {"data": user})
    _write(folder / handle / "tweets-1.json", page)

    statuses = [_read(fixtures / "mastodon" / name) for name in MASTODON_STATUSES]
    account = statuses[0]["account"]
    host = str(account["url"]).split("/")[2]
    acct = f"{account['username']}@{host}"
    _write(folder / acct / "account.json", account)
    _write(folder / acct / "statuses-1.json", statuses)

    feed = _read(fixtures / BLUESKY_FEED)
    feed.pop("cursor", None)
    profile = _read(fixtures / BLUESKY_PROFILES)["profiles"][0]
    _write(folder / str(profile["handle"]) / "profile.json", profile)
    _write(folder / str(profile["handle"]) / "feed-1.json", feed)
    invented(folder / INVENTED_HANDLE)
    return {
        "x_handle": handle,
        "mastodon": acct,
        "bluesky": str(profile["handle"]),
        "invented": INVENTED_HANDLE,
    }


def invented(folder: Path) -> None:
    """A fictional timeline whose posts are nothing but short tags and mentions."""
    user = {"id": "900", "username": INVENTED_HANDLE, "name": "Fiktiv konto"}
    posts = []
    for number, text in enumerate(INVENTED_RUNS):
        entities: dict[str, list[dict[str, Any]]] = {"hashtags": [], "mentions": []}
        start = 0
        for word in text.split():
            start = text.index(word, start)
            end = start + len(word)
            if word.startswith("#"):
                entities["hashtags"].append({"start": start, "end": end, "tag": word[1:]})
            else:
                entities["mentions"].append({"start": start, "end": end, "username": word[1:]})
            start = end
        posts.append(
            {
                "id": str(1800000000000000100 + number),
                "text": text,
                "author_id": "900",
                "created_at": f"2026-11-2{number}T10:00:00.000Z",
                "entities": entities,
            }
        )
    _write(folder / "user.json", {"data": user})
    _write(folder / "tweets-1.json", {"data": posts[::-1], "includes": {"users": [user]}})


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory, shared_fixtures: Path) -> Iterator[str]:
    fixtures = shared_fixtures
    root = tmp_path_factory.mktemp("realdata-browser")
    sources = recordings(fixtures, root / "recorded")
    (root / "widget.toml").write_text(CONFIG.format(**sources), encoding="utf-8")
    options = BuildOptions(now=NOW, replay=root / "recorded")
    result = build(load_config(root / "widget.toml"), options, Progress())
    assert result.exit_code == 0
    public = root / "public"
    manifest = _read(public / "widget" / "manifest.json")
    for feed, locale in FEEDS.items():
        entry = manifest["feeds"][feed]
        sheet = entry["stylesheet"]
        link = f'<link rel="stylesheet" href="{sheet["href"]}" integrity="{sheet["integrity"]}">\n'
        html = (public / str(entry["html"]).lstrip("/")).read_text(encoding="utf-8")
        (public / f"host-{feed}.html").write_text(
            host_page(entry["title"], locale, link, html), encoding="utf-8"
        )
    server = PolicyServer(public)
    yield server.url
    server.close()
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("feed", sorted(FEEDS))
@pytest.mark.parametrize("width", [320, 1280], ids=["320px", "1280px"])
def test_axe_finds_nothing_on_real_recorded_pages(
    context: BrowserContext, real_site: str, feed: str, width: int
) -> None:
    report = open_page(context, f"{real_site}/host-{feed}.html", width=width)
    violations = axe_violations(report.page)
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} at {v['targets'][:5]}" for v in violations
    )
    assert horizontal_overflow(report.page) == []
