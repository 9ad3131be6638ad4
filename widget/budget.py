"""The monthly read budget: how many posts each network has sent us, per calendar month (UTC).

X bills per post read, so a site sets ``monthly_post_reads`` in a network's table
and the fetch stage asks :meth:`Budget.allows` before each account. The count is
of posts received (every item of a page, kept or skipped), not of requests. The
running totals live in ``<state>/reads.json``, replaced in one step, so a build
killed half-way counts what it saved and nothing twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from widget.atomic import write_atomic
from widget.errors import StoreError

READS_FILE = "reads.json"
FORMAT = 1


def month_of(moment: datetime) -> str:
    """The calendar month (UTC) a read is counted in: ``2026-11``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m")


@dataclass(frozen=True)
class NetworkReads:
    """One network's reads, for the manifest and the build's last line."""

    network: str
    this_build: int
    this_month: int
    cap: int | None


@dataclass
class Budget:
    """The month's totals of one state folder, and what this run added to them."""

    path: Path
    month: str
    totals: dict[str, int] = field(default_factory=dict)
    """This month's total per network, this run's reads included."""
    added: dict[str, int] = field(default_factory=dict)
    _months: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, state: Path, now: datetime) -> Budget:
        path = state / READS_FILE
        month = month_of(now)
        months = _read_months(path)
        return cls(path, month, dict(months.get(month, {})), {}, months)

    def total(self, network: str) -> int:
        return self.totals.get(network, 0)

    def allows(self, network: str, reads: int, cap: int | None) -> bool:
        """Whether ``reads`` more posts stay within ``cap`` this month (no cap: always)."""
        return cap is None or self.total(network) + reads <= cap

    def spent(self, network: str, cap: int | None) -> str:
        """Where the month stands against the cap, for the line that says a read was not made."""
        return (
            f"[{network}] monthly_post_reads: {self.total(network)} of {cap} posts read in "
            f"{self.month}"
        )

    def add(self, network: str, reads: int) -> None:
        if reads <= 0:
            return
        self.totals[network] = self.total(network) + reads
        self.added[network] = self.added.get(network, 0) + reads

    def save(self) -> None:
        """Writes the totals when this run read anything; earlier months are kept as they were."""
        if not self.added:
            return
        months = {**self._months, self.month: dict(sorted(self.totals.items()))}
        document = {"format": FORMAT, "months": dict(sorted(months.items()))}
        try:
            write_atomic(self.path, (json.dumps(document, indent=2) + "\n").encode("utf-8"))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot be written: {exc.strerror or exc}") from None
        self._months = months

    def report(self, networks: list[str], caps: dict[str, int | None]) -> tuple[NetworkReads, ...]:
        return tuple(
            NetworkReads(name, self.added.get(name, 0), self.total(name), caps.get(name))
            for name in networks
        )


def _read_months(path: Path) -> dict[str, dict[str, int]]:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StoreError(
            f"{path}: cannot be read ({exc}); it holds this month's post reads, "
            "so fix or remove it (removing it starts the count at 0)"
        ) from None
    known = isinstance(raw, dict) and raw.get("format") == FORMAT
    months = raw.get("months") if known else None
    if not isinstance(months, dict) or not all(_is_counts(counts) for counts in months.values()):
        raise StoreError(
            f"{path}: is not a read count this version knows (format {FORMAT}); "
            "fix or remove it (removing it starts the count at 0)"
        )
    return {str(month): dict(counts) for month, counts in months.items()}


def _is_counts(counts: Any) -> bool:
    return isinstance(counts, dict) and all(
        isinstance(count, int) and not isinstance(count, bool) and count >= 0
        for count in counts.values()
    )


def describe(reads: tuple[NetworkReads, ...]) -> str:
    """``posts read: x 40 this build, 120 this month (cap 10000)``, or "" when none were."""
    parts = [
        f"{r.network} {r.this_build} this build, {r.this_month} this month"
        + (f" (cap {r.cap})" if r.cap is not None else "")
        for r in reads
        if r.this_build or r.this_month or r.cap is not None
    ]
    return "posts read: " + "; ".join(parts) if parts else ""
