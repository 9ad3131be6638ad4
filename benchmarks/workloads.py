"""Invented workloads for the speed benchmark, written into a temporary folder.

Every account, post and page here is fictional and generated: X API v2 bodies in
the replay layout (``<username>/user.json``, ``tweets-1.json`` …), an X account
export in the archive layout (``data/account.js``, ``data/tweets.js``), and a
static site whose pages hold ``<div data-widget="…">`` placeholders for inject.
No picture is referenced, so a build spends its time on our own code.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

START = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
PAGE_SIZE = 100
"""Posts per recorded timeline page: the API's maximum ``max_results``."""
WORDS = ("borgere", "kommune", "digital", "selvbetjening", "frist", "ansøgning", "vejledning",
         "nyhed", "fiktiv", "eksempel", "åbningstider", "genbrug", "skole", "trafik")  # fmt: skip


def _text(account: int, number: int) -> str:
    words = " ".join(WORDS[(account + number + k) % len(WORDS)] for k in range(18))
    return f"Opslag {number} fra en fiktiv konto: {words} #nyt"


def _tweet(user_id: str, account: int, number: int, post_id: int) -> dict[str, Any]:
    text = _text(account, number)
    created = START - timedelta(minutes=37 * number + account)
    return {
        "author_id": user_id,
        "conversation_id": str(post_id),
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "edit_history_tweet_ids": [str(post_id)],
        "entities": {"hashtags": [{"start": len(text) - 4, "end": len(text), "tag": "nyt"}]},
        "id": str(post_id),
        "lang": "da",
        "text": text,
    }


def handle(account: int) -> str:
    return f"fiktiv{account:04d}"


def write_x_account(folder: Path, account: int, posts: int, *, first_id: int) -> None:
    """One account's recordings: the user lookup and ``posts`` posts in pages of 100."""
    user_id = str(900_000_000 + account)
    home = folder / handle(account)
    home.mkdir(parents=True, exist_ok=True)
    user = {"data": {"id": user_id, "name": f"Fiktiv konto {account}", "username": handle(account)}}
    (home / "user.json").write_text(json.dumps(user), encoding="utf-8")
    ids = [first_id + posts - number for number in range(posts)]  # newest first
    pages = [ids[start : start + PAGE_SIZE] for start in range(0, posts, PAGE_SIZE)]
    for index, page in enumerate(pages):
        data = [_tweet(user_id, account, ids.index(post_id), post_id) for post_id in page]
        meta: dict[str, Any] = {
            "result_count": len(data),
            "newest_id": str(page[0]),
            "oldest_id": str(page[-1]),
        }
        if index + 1 < len(pages):
            meta["next_token"] = f"page{index + 2}"
        body = {"data": data, "meta": meta}
        (home / f"tweets-{index + 1}.json").write_text(json.dumps(body), encoding="utf-8")


def write_x_accounts(folder: Path, accounts: int, posts: int) -> list[str]:
    for account in range(accounts):
        write_x_account(folder, account, posts, first_id=2_000_000_000 + account * 100_000)
    return [handle(account) for account in range(accounts)]


def write_archive(folder: Path, account: int, posts: int, *, newest_id: int) -> None:
    """An unpacked export of ``posts`` posts older than ``newest_id``, in the v1.1 shape."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    account_item = {
        "account": {
            "username": handle(account),
            "accountId": str(900_000_000 + account),
            "accountDisplayName": f"Fiktiv konto {account}",
        }
    }
    (data / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps([account_item], indent=2), encoding="utf-8"
    )
    items = []
    for number in range(posts):
        post_id = newest_id - number
        text = _text(account, number)
        created = START - timedelta(days=400, minutes=53 * number)
        items.append(
            {
                "tweet": {
                    "id_str": str(post_id),
                    "id": str(post_id),
                    "full_text": text,
                    "created_at": created.strftime("%a %b %d %H:%M:%S +0000 %Y"),
                    "lang": "da",
                    "entities": {
                        "hashtags": [
                            {"text": "nyt", "indices": [str(len(text) - 4), str(len(text))]}
                        ],
                        "symbols": [],
                        "user_mentions": [],
                        "urls": [],
                    },
                    "display_text_range": ["0", str(len(text))],
                }
            }
        )
    (data / "tweets.js").write_text(
        "window.YTD.tweets.part0 = " + json.dumps(items, indent=2), encoding="utf-8"
    )


def write_site(folder: Path, pages: int, page_bytes: int, feeds: list[str], every: int) -> None:
    """``pages`` pages of about ``page_bytes``; every ``every``-th holds a placeholder."""
    paragraph = (
        "<p>Fiktiv side til måling: kommunen informerer om åbningstider, frister og "
        'selvbetjening. Læs mere på <a href="/om">om os</a> &amp; kontakt.</p>\n'
    )
    filler = paragraph * max(1, page_bytes // len(paragraph))
    for number in range(pages):
        section = folder / f"afsnit{number % 40:02d}"
        section.mkdir(parents=True, exist_ok=True)
        placeholder = ""
        if number % every == 0:
            feed = feeds[number // every % len(feeds)]
            placeholder = f'<div data-widget="{feed}"><a href="https://x.com/">Opslag</a></div>\n'
        page = (
            '<!doctype html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Side {number}</title>\n</head>\n<body>\n<main>\n<h1>Side {number}</h1>\n"
            f"{filler[: len(filler) // 2]}{placeholder}{filler[len(filler) // 2 :]}"
            "</main>\n</body>\n</html>\n"
        )
        (section / f"side{number:05d}.html").write_text(page, encoding="utf-8")


def write_config(path: Path, feeds: dict[str, tuple[list[str], int]], **x: str) -> None:
    """A widget.toml with the given feeds (name: (sources, limit)) and ``[x]`` settings."""
    lines = ["# Benchmark workload: every account is invented.", 'locale = "da"']
    lines += ['output = "public/widget"', 'base_url = "/widget/"', 'state = ".widget"', "", "[x]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in x.items()]
    for name, (sources, limit) in feeds.items():
        lines += ["", f"[feeds.{name}]", f'title = "Fiktivt feed {name}"']
        lines += [f"sources = {json.dumps(sources)}", f"limit = {limit}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
