"""What a build may publish: never an empty widget by mistake, never a stale one silently.

Pure functions of the fetch report, so ``build`` stays a list of stages and the
rules can be read (and tested) in one place. ``--strict`` is not here: it counts
the build's warnings (``Progress.warn``), whatever gave them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from widget.config import Config
from widget.fetch import FetchReport, age


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


def stale_feeds(config: Config, report: FetchReport, now: datetime) -> list[str]:
    """One line per feed whose every account has had no successful fetch for ``max_stale_hours``.

    An account's last successful fetch is what the store recorded (``fetched_at``);
    an account never fetched counts as stale.
    """
    fetched = {account.source: account.fetched_at for account in report.accounts}
    lines = []
    for feed in config.feeds.values():
        if feed.max_stale_hours is None:
            continue
        limit = timedelta(hours=feed.max_stale_hours)
        times = [fetched.get(source.label) for source in feed.sources]
        if any(moment is not None and now - moment <= limit for moment in times):
            continue
        known = [moment for moment in times if moment is not None]
        newest = f"last fetched {age(max(known), now)}" if known else "never fetched"
        lines.append(
            f"feeds.{feed.name}: every account is stale ({newest}; "
            f"max_stale_hours is {feed.max_stale_hours})"
        )
    return lines


def strict_failure(warnings: int) -> str:
    return (
        f"--strict: the build gave {warnings} warning(s) (see above); "
        "the previous output is left in place"
    )
