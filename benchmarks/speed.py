"""Speed: builds, inject, start-up and preview, each timed against a baseline in the same run.

Every figure is a ratio (median of the figure over median of its baseline, both
measured here, now), so it says the same on a fast and a slow machine. Each
command runs as its own process, as a user or CI runs it; peak memory is that
process's maximum resident set (``wait4``). The workloads are invented and
generated into a temporary folder (``benchmarks/workloads.py``).

    python benchmarks/speed.py            # full workloads, 5 rounds (several minutes)
    python benchmarks/speed.py --quick    # small workloads, 1 round (what the test runs)
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads  # beside this script, not a package

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dk-i-verden"
PYTHON = sys.executable


@dataclass(frozen=True)
class Sizes:
    rounds: int
    accounts: int
    posts: int
    api_posts: int
    archive_posts: int
    pages: int
    page_bytes: int


FULL = Sizes(rounds=5, accounts=300, posts=200, api_posts=3200, archive_posts=20000,
             pages=2000, page_bytes=28_500)  # fmt: skip
QUICK = Sizes(rounds=1, accounts=12, posts=20, api_posts=300, archive_posts=600,
              pages=60, page_bytes=4000)  # fmt: skip


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    cpu: float
    """User and system time of the process: what other load on the machine disturbs least."""


@dataclass(frozen=True)
class Row:
    figure: str
    baseline: str
    value: str
    ratio: str
    goal: str


def run(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Runs one process to the end; its wall time and its own peak memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, cpu)  # Linux counts ru_maxrss in KiB


def median_of(
    rounds: int, command: Sequence[str], cwd: Path | None = None,
    before: Callable[[], None] | None = None,
) -> Run:  # fmt: skip
    """Median time and the largest peak memory over ``rounds`` runs; ``before`` is not timed."""
    runs = []
    for _ in range(rounds):
        if before is not None:
            before()
        runs.append(run(command, cwd))
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mib for r in runs),
        statistics.median(r.cpu for r in runs),
    )


def widget(*args: str) -> list[str]:
    return [PYTHON, "-m", "widget", *args]


def ratio_row(figure: str, baseline: str, measured: Run, base: Run, goal: float) -> Row:
    ratio = measured.seconds / base.seconds
    verdict = "met" if ratio <= goal else "missed"
    cpu_ratio = measured.cpu / base.cpu if base.cpu else float("nan")
    return Row(
        figure,
        baseline,
        f"{measured.seconds:.2f} s (CPU {measured.cpu:.2f} s)",
        f"{ratio:.1f}× (CPU {cpu_ratio:.1f}×)",
        f"≤ {goal:g}× ({verdict})",
    )


def clear_state(site: Path) -> Callable[[], None]:
    def clear() -> None:
        for name in (".widget", "public"):
            shutil.rmtree(site / name, ignore_errors=True)

    return clear


# --- the figures ----------------------------------------------------------------------------


def example_builds(work: Path, sizes: Sizes, jinja: Run) -> list[Row]:
    site = work / "dk-i-verden"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns(".widget", "public"))
    cold = median_of(sizes.rounds, widget("build", "-q"), site, before=clear_state(site))
    run(widget("build", "-q"), site)
    warm = median_of(sizes.rounds, widget("build", "-q", "--offline"), site)
    base = '`python -c "import jinja2"`'
    return [
        ratio_row("warm `--offline` build, dk-i-verden", base, warm, jinja, 4),
        ratio_row("cold build from recordings, dk-i-verden", base, cold, jinja, 10),
    ]


def many_accounts(work: Path, sizes: Sizes, jinja: Run) -> list[Row]:
    """One merged feed of every account and 20 feeds of 5, after a replayed first build;
    then the same with half the accounts, to see whether time grows in step with posts."""
    site = work / "many"
    handles = workloads.write_x_accounts(site / "recorded", sizes.accounts, sizes.posts)
    sources = [f"x:{name}" for name in handles]
    workloads.write_config(site / "widget.toml", feeds_of(sources), replay="recorded")
    run(widget("build", "-q"), site)
    warm = median_of(sizes.rounds, widget("build", "-q", "--offline"), site)
    half = sources[: len(sources) // 2]
    workloads.write_config(site / "widget.toml", feeds_of(half), replay="recorded")
    halved = median_of(sizes.rounds, widget("build", "-q", "--offline"), site)
    name = f"warm `--offline` build, {sizes.accounts} accounts × {sizes.posts} posts, 21 feeds"
    growth = (warm.cpu - jinja.cpu) / max(halved.cpu - jinja.cpu, 1e-9)
    memory = "met" if warm.peak_mib <= 120 else "missed"
    return [
        ratio_row(name, '`python -c "import jinja2"`', warm, jinja, 30),
        Row(
            f"same with {len(half)} accounts (half the posts)",
            "the full workload",
            f"{halved.seconds:.2f} s (CPU {halved.cpu:.2f} s)",
            f"{growth:.2f} (CPU beyond `import jinja2`, full ÷ half)",
            "2.0 (linear)",
        ),
        Row("peak memory, 21 feeds", "—", f"{warm.peak_mib:.0f} MiB", "—", f"≤ 120 MiB ({memory})"),
    ]


def feeds_of(sources: list[str]) -> dict[str, tuple[list[str], int]]:
    feeds = {"alle": (sources, 200)}
    for group in range(20):  # wraps round when there are fewer than 100 accounts
        feeds[f"gruppe{group}"] = ([sources[(5 * group + k) % len(sources)] for k in range(5)], 10)
    return feeds


def big_archive(work: Path, sizes: Sizes, jinja: Run) -> list[Row]:
    """One account: ``api_posts`` posts in the store from the API, and an export beside it."""
    site = work / "archive"
    workloads.write_x_account(site / "recorded", 0, sizes.api_posts, first_id=5_000_000_000)
    newest_archived = 5_000_000_000 - 10
    workloads.write_archive(site / "export", 0, sizes.archive_posts, newest_id=newest_archived)
    feeds = {"arkiv": (["x:" + workloads.handle(0), "x-archive:export"], 20)}
    workloads.write_config(site / "widget.toml", feeds, replay="recorded")
    run(widget("build", "-q"), site)
    fill_store(site, sizes.api_posts)
    run(widget("build", "-q", "--offline"), site)
    warm = median_of(sizes.rounds, widget("build", "-q", "--offline"), site)
    name = f"warm `--offline` build, {sizes.api_posts:,} + {sizes.archive_posts:,}-post archive"
    return [
        ratio_row(name, '`python -c "import jinja2"`', warm, jinja, 15),
        Row("peak memory, same", "—", f"{warm.peak_mib:.0f} MiB", "—", "—"),
    ]


def fill_store(site: Path, api_posts: int) -> None:
    """Stores every recorded page, as months of builds would have (one build reads ≤ 200)."""
    script = (
        "import json, sys; from pathlib import Path\n"
        "from widget.store import Store\n"
        "from widget.sources.x.v2 import normalize_page\n"
        "site, handle = Path(sys.argv[1]), sys.argv[2]\n"
        "store = Store(site / '.widget')\n"
        "state = store.load('x', handle)\n"
        "for page in sorted((site / 'recorded' / handle).glob('tweets-*.json')):\n"
        "    state.merge(normalize_page(json.loads(page.read_text()), handle).posts)\n"
        "store.save(state)\n"
        "assert len(state.posts) >= int(sys.argv[3]), len(state.posts)\n"
    )
    run([PYTHON, "-c", script, str(site), workloads.handle(0), str(api_posts)])


def inject(work: Path, sizes: Sizes) -> list[Row]:
    """Into a generated site, with the dk-i-verden widget built beside it."""
    built = work / "dk-i-verden"  # built by example_builds
    pristine = work / "site-pristine"
    workloads.write_site(pristine, sizes.pages, sizes.page_bytes, ["verden", "kultur"], every=20)
    site = built / "site"
    files = [str(path) for path in sorted(pristine.rglob("*.html"))]
    mebibytes = sum(os.path.getsize(path) for path in files) / 2**20

    def fresh_copy() -> None:
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(pristine, site)

    cat = median_of(sizes.rounds, ["cat", *files])
    first = median_of(sizes.rounds, widget("inject", "site"), built, before=fresh_copy)
    second = median_of(sizes.rounds, widget("inject", "site"), built)
    what = f"`widget inject`, {sizes.pages:,} pages ({mebibytes:.0f} MiB, 5% placeholders)"
    return [
        ratio_row(f"{what}, first run", "`cat` of the same files", first, cat, 5),
        ratio_row("same, second run (nothing changes)", "`cat` of the same files", second, cat, 3),
    ]


def preview_reload(work: Path, sizes: Sizes) -> list[Row]:
    """From saving the configuration to the reload event on the page's event stream.

    The real ``widget preview`` runs (watcher, debounce, rebuild, server); the page is
    played by a client of its event stream instead of a browser, so what a browser
    adds (fetching and laying out the page again) is not in the figure.
    """
    site = work / "dk-i-verden"
    port = free_port()
    process = subprocess.Popen(
        widget("preview", "--port", str(port)),
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        times = [save_to_reload(site / "widget.toml", port) for _ in range(sizes.rounds)]
    finally:
        process.terminate()
        process.wait(timeout=30)
    seconds = statistics.median(times)
    verdict = "met" if seconds <= 0.5 else "missed"
    return [
        Row("preview: save → reload event", "—", f"{seconds:.2f} s", "—", f"≤ 0.5 s ({verdict})")
    ]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def save_to_reload(config: Path, port: int) -> float:
    stream = events_stream(port)
    try:
        time.sleep(0.5)  # let the previous event's rebuild settle
        with config.open("a", encoding="utf-8") as file:
            file.write("# saved\n")
        saved = time.perf_counter()
        while True:
            line = stream.readline()
            if not line:
                raise SystemExit("the preview closed its event stream")
            if line.startswith(b"event: reload"):
                return time.perf_counter() - saved
    finally:
        stream.close()


def events_stream(port: int) -> http.client.HTTPResponse:
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/__widget/events")
            return connection.getresponse()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def start_up(sizes: Sizes) -> list[Row]:
    python = median_of(sizes.rounds * 4, [PYTHON, "-c", "pass"])
    help_run = median_of(sizes.rounds * 4, widget("--help"))
    return [ratio_row("`widget --help`", "`python -c pass`", help_run, python, 4)]


# --- the table ------------------------------------------------------------------------------


def measure(sizes: Sizes, work: Path) -> list[Row]:
    jinja = median_of(sizes.rounds * 4, [PYTHON, "-c", "import jinja2"])
    rows = example_builds(work, sizes, jinja)
    rows += many_accounts(work, sizes, jinja)
    rows += big_archive(work, sizes, jinja)
    rows += inject(work, sizes)
    rows += start_up(sizes)
    rows += preview_reload(work, sizes)
    value = f"{jinja.seconds:.3f} s (CPU {jinja.cpu:.3f} s)"
    rows.append(Row('baseline `python -c "import jinja2"`', "—", value, "—", "—"))
    return rows


def table(rows: Sequence[Row], sizes: Sizes) -> str:
    lines = [
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, medians of {sizes.rounds} "
        f"round(s)",
        "",
        "| figure | baseline | measured | ratio | goal |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {r.figure} | {r.baseline} | {r.value} | {r.ratio} | {r.goal} |" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small workloads, one round")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory(prefix="widget-bench-") as folder:
        rows = measure(sizes, Path(folder))
    print(table(rows, sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
