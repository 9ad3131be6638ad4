"""What a build may publish: never an empty widget by mistake, never a stale one silently.

Pure functions of the fetch report, so ``build`` stays a list of stages and the
rules can be read (and tested) in one place. ``--strict`` is not here: it counts
the build's warnings (``Progress.warn``), whatever gave them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from widget.config import Config, FeedConfig
from widget.fetch import FetchReport, age
from widget.sources.registry import KINDS


def empty_accounts(report: FetchReport) -> str | None:
    """The line that stops a build when an account failed with nothing stored, or None."""
    empty = [account.source for account in report.accounts if account.status == "failed"]
    if not empty:
        return None
    return (
        f"{', '.join(empty)}: could not be read and nothing is stored, so the widget would "
        "publish without them; the previous output is left in place "
        "(--allow-empty builds anyway, e.g. for a first deploy)"
    )


def last_fetched(feed: FeedConfig, report: FetchReport) -> datetime | None:
    """The newest successful fetch of the feed's network accounts: what the widget's
    "updated" stamp shows. A local export is read on every build, so it does not count."""
    sources = {source.label for source in feed.sources if not KINDS[source.kind].local}
    times = [a.fetched_at for a in report.accounts if a.source in sources and a.fetched_at]
    return max(times, default=None)


def stale_feeds(config: Config, report: FetchReport, now: datetime) -> list[str]:
    """One line per feed whose every account has had no successful fetch for ``max_stale_hours``.

    An account's last successful fetch is what the store recorded (``fetched_at``);
    an account never fetched counts as stale. An export is no account to fetch: a feed of
    exports alone is never stale, and one beside a network account does not keep it fresh.
    """
    lines = []
    for feed in config.feeds.values():
        if feed.max_stale_hours is None:
            continue
        if all(KINDS[source.kind].local for source in feed.sources):
            continue
        newest = last_fetched(feed, report)
        if newest is not None and now - newest <= timedelta(hours=feed.max_stale_hours):
            continue
        when = f"last fetched {age(newest, now)}" if newest is not None else "never fetched"
        lines.append(
            f"feeds.{feed.name}: every account is stale ({when}; "
            f"max_stale_hours is {feed.max_stale_hours})"
        )
    return lines


def strict_failure(warnings: int) -> str:
    return (
        f"--strict: the build gave {warnings} warning(s) (see above); "
        "the previous output is left in place"
    )
