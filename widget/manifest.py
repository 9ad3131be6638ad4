"""``manifest.json``: what a build produced, and how fresh each account's posts are.

This is the only output file that carries the build time, so every other file
stays byte-identical when its input has not changed.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from widget import __version__
from widget.budget import month_of
from widget.config import Config
from widget.fetch import FetchReport


@dataclass(frozen=True)
class FeedRecord:
    name: str
    title: str
    posts: int
    sources: tuple[str, ...]
    stylesheet: str
    stylesheet_integrity: str
    stylesheet_stable: str = ""
    """The same stylesheet under a name that never changes, for pages that cannot read
    this manifest (the script loader); it can carry no ``integrity``."""
    missing_alt: tuple[tuple[str, int], ...] = ()
    """(post key, image number from 1) of each shown image without alt text."""


def subresource_integrity(data: bytes) -> str:
    """The value of an ``integrity`` attribute for these bytes."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def stylesheet_name(theme: str, css: str) -> str:
    """A content-addressed file name, so a changed stylesheet is never served stale."""
    return f"{theme}.{hashlib.sha256(css.encode('utf-8')).hexdigest()[:10]}.css"


def stable_stylesheet_name(theme: str, feed: str, shared: bool) -> str:
    """``<theme>.css``, or ``<feed>.<theme>.css`` when feeds of one theme differ in options.

    Theme names hold no dot, so neither form can be mistaken for a hashed name or for
    another theme's stable one.
    """
    return f"{theme}.css" if shared else f"{feed}.{theme}.css"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def manifest_json(
    config: Config,
    feeds: Sequence[FeedRecord],
    report: FetchReport,
    files: Mapping[str, str],
    now: datetime,
) -> str:
    accounts = [
        {
            "source": account.source,
            "status": account.status,
            "fetched_at": _iso(account.fetched_at),
            "age_seconds": int((now - account.fetched_at).total_seconds())
            if account.fetched_at
            else None,
            "new_posts": account.new_posts,
            "requests": account.requests,
            # No message: a failure's text comes from elsewhere (an API's error body) and
            # the manifest is public; the state and the age are what a reader needs.
        }
        for account in report.accounts
    ]
    document = {
        "generator": f"widget {__version__}",
        "built_at": _iso(now),
        "base_url": config.base_url,
        "degraded": report.degraded,
        "feeds": {
            record.name: {
                "title": record.title,
                "posts": record.posts,
                "sources": list(record.sources),
                "html": f"{config.base_url}{record.name}.html",
                "json_feed": f"{config.base_url}{record.name}.json",
                "atom": f"{config.base_url}{record.name}.xml",
                "stylesheet": {
                    "href": record.stylesheet,
                    "integrity": record.stylesheet_integrity,
                },
                "stylesheet_stable": record.stylesheet_stable,
                "missing_alt": [
                    {"post": key, "image": number} for key, number in record.missing_alt
                ],
            }
            for record in feeds
        },
        "accounts": accounts,
        "reads": {
            "month": month_of(now),
            "networks": {
                reads.network: {
                    "this_build": reads.this_build,
                    "this_month": reads.this_month,
                    "cap": reads.cap,
                }
                for reads in report.reads
            },
        },
        "files": {name: f"sha256:{digest}" for name, digest in sorted(files.items())},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
