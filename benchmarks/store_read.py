"""Store read: CPU time and Python memory of loading every account of a big state folder.

Reading the store is most of a warm build of many posts (README "Performance"); this
times that stage alone, in this process, so a change to the post model or the store's
read path can be judged without the noise of whole builds. The accounts are the
invented ones of ``benchmarks/workloads.py``, stored as a build would store them.

    PYTHONPATH=. python benchmarks/store_read.py            # 300 accounts × 200 posts, best of 3
    PYTHONPATH=. python benchmarks/store_read.py --quick    # 12 accounts × 20 posts, one round
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads  # beside this script, not a package

from widget.sources.x.v2 import normalize_page
from widget.store import Store


def fill(state_dir: Path, recorded: Path, handles: list[str]) -> None:
    """Stores each account's recorded pages, as a first build would."""
    store = Store(state_dir)
    for name in handles:
        state = store.load("x", name)
        for page in sorted((recorded / name).glob("tweets-*.json")):
            state.merge(normalize_page(json.loads(page.read_text(encoding="utf-8")), name).posts)
        store.save(state)


def read_all(state_dir: Path, handles: list[str]) -> int:
    store = Store(state_dir)  # a new one each time: nothing remembered from a parse before
    return sum(len(store.load("x", name).posts) for name in handles)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="12 accounts × 20 posts, one round")
    args = parser.parse_args(argv)
    accounts, posts, rounds = (12, 20, 1) if args.quick else (300, 200, 3)
    with tempfile.TemporaryDirectory(prefix="widget-store-read-") as folder:
        work = Path(folder)
        handles = workloads.write_x_accounts(work / "recorded", accounts, posts)
        fill(work / "state", work / "recorded", handles)
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            count = read_all(work / "state", handles)
            best = min(best, time.process_time() - started)
        tracemalloc.start()
        read_all(work / "state", handles)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"{count:,} stored posts read in {best:.2f} s of CPU ({best / count * 1e6:.1f} µs a "
        f"post, JSON included), {peak / 2**20:.0f} MiB of Python memory at the peak"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
