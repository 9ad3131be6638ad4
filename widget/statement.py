"""``widget statement``: the paragraphs a public site publishes about its feed.

A privacy notice and an accessibility statement, in the configuration's language,
written from the configuration (which networks and accounts) and the latest
build's ``manifest.json`` (how many shown posts had images without alt text), so
the text is never older than the widget it describes.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from widget.config import Config
from widget.errors import SourceError
from widget.i18n import Messages
from widget.sources.base import SourceSpec
from widget.sources.registry import KINDS


@dataclass(frozen=True)
class LatestBuild:
    """What the statement needs of the latest build's manifest."""

    built_at: datetime
    missing_alt_posts: int | None
    """Posts shown with images lacking alt text; None when the manifest does not say."""


def statement(config: Config, latest: LatestBuild | None) -> str:
    """The Markdown paragraphs: privacy, accessibility, known limits."""
    t = Messages(config.locale)
    fallback = t("image_no_alt")
    paragraphs = [
        f"## {t('statement_privacy_heading')}",
        t("statement_privacy", accounts=accounts_by_network(config, t)),
        f"## {t('statement_accessibility_heading')}",
        t("statement_accessibility"),
    ]
    if config.templates is not None:
        paragraphs.append(t("statement_own_templates"))
    paragraphs.append(f"### {t('statement_limits_heading')}")
    if latest is None or latest.missing_alt_posts is None:
        paragraphs.append(t("statement_missing_alt_unknown", fallback=fallback))
    elif latest.missing_alt_posts == 0:  # "0 posts showed …" reads as a slip, not a fact
        paragraphs.append(
            t("statement_missing_alt_none", date=t.date(latest.built_at), fallback=fallback)
        )
    else:
        paragraphs.append(
            t.plural(
                "statement_missing_alt",
                latest.missing_alt_posts,
                date=t.date(latest.built_at),
                fallback=fallback,
            )
        )
    paragraphs.append(t("statement_language"))
    return "\n\n".join(paragraphs) + "\n"


def accounts_by_network(config: Config, t: Messages) -> str:
    """``@a and @b on X and @c@host on Mastodon``: every account configured, by network."""
    grouped: dict[str, list[str]] = {}
    for source in config.sources:
        names = grouped.setdefault(KINDS[source.kind].network.name, [])
        name = account_name(source)
        if name not in names:
            names.append(name)
    return joined(
        t,
        [
            t.network(  # a news feed is named by its address, not "on" a network
                "statement_accounts_on",
                network,
                accounts=joined(t, names),
                where=t.network("network_name", network, name=network),
            )
            for network, names in grouped.items()
        ],
    )


def account_name(source: SourceSpec) -> str:
    """How a reader knows the account: ``@handle``, ``@user@host``, or a news feed's address."""
    kind = KINDS[source.kind]
    value = source.value
    if kind.local:
        # An archive that cannot be read yet is named by its folder.
        with contextlib.suppress(SourceError):
            value = kind.account(source)
    return value if "://" in value or "/" in value else f"@{value.lstrip('@')}"


def joined(t: Messages, items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return t("list_separator").join(items[:-1]) + t("list_last_separator") + items[-1]


def latest_build(config: Config) -> LatestBuild | None:
    """The latest build's manifest in the output folder; None when there is none to read.

    A manifest that cannot be read is treated as absent: the statement then says
    less, which is true, rather than failing.
    """
    try:
        document: Any = json.loads((config.output / "manifest.json").read_text(encoding="utf-8"))
        built_at = datetime.fromisoformat(str(document["built_at"]).replace("Z", "+00:00"))
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError):
        return None
    return LatestBuild(built_at, missing_alt_posts(document))


def missing_alt_posts(document: Any) -> int | None:
    """Distinct posts listed under ``feeds.<name>.missing_alt`` (entries name a ``post``)."""
    feeds = document.get("feeds") if isinstance(document, dict) else None
    if not isinstance(feeds, dict):
        return None
    posts: set[str] = set()
    for feed in feeds.values():
        entries = feed.get("missing_alt") if isinstance(feed, dict) else None
        if not isinstance(entries, list):
            return None  # a manifest from before alt text was counted
        posts.update(str(e.get("post") if isinstance(e, dict) else e) for e in entries)
    return len(posts)
