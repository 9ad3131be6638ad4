"""Fault tier: a build killed with SIGKILL at any moment loses nothing.

A real ``widget build`` process over the invented dk-i-verden example (every account
fetched again on each build, from its recordings) is killed at seeded random moments
between its start and its end, about twenty times. After every kill the published
widget is exactly the previous build's or exactly the new one's, never a mixture or
nothing, and every store file is whole JSON with every post still there; the next
build succeeds and leaves none of the killed runs' temporary files or folders behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import copy_example, set_key

REPO = Path(__file__).resolve().parents[1]
KILLS = 20
SEED = 20261130
BUDGET_SECONDS = 150.0
"""The whole test stops killing once this is spent, so a slow machine cannot stall CI."""


def run_build(config: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "widget", "build", "-q", "-c", str(config)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(config: Path) -> float:
    started = time.monotonic()
    process = run_build(config)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr.decode()
    return time.monotonic() - started


def pages(output: Path) -> dict[str, bytes]:
    """The published widget without its manifest (which carries the build time)."""
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in output.rglob("*")
        if path.is_file() and path.name != "manifest.json"
    }


def stored_posts(state: Path) -> dict[str, str]:
    return {
        path.name: json.dumps(json.loads(path.read_bytes())["posts"], sort_keys=True)
        for path in sorted((state / "x").glob("*.json"))
    }


def leftovers(folder: Path) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.name.endswith(".tmp") or path.name.startswith((".widget.new-", ".widget.old-"))
    ]


def test_a_build_killed_at_random_moments_leaves_old_or_new_and_the_next_cleans_up(
    tmp_path: Path,
) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    config = folder / "widget.toml"
    set_key(config, "x", "refresh_minutes = 0")
    for feed in ("verden", "kultur"):  # each build's fetch time would tell the widgets apart
        set_key(config, f"feeds.{feed}", "show_updated = false")
    output = folder / "public" / "widget"
    state = folder / ".widget"

    original = config.read_text(encoding="utf-8")
    titled = original.replace("Danmark i verden", "Danmark i verden (ny)")
    finish(config)
    widget_a = pages(output)
    posts = stored_posts(state)
    assert posts and all(posts.values())
    config.write_text(titled, encoding="utf-8")
    duration = finish(config)
    widget_b = pages(output)
    assert widget_a != widget_b

    chance = random.Random(SEED)
    deadline = time.monotonic() + BUDGET_SECONDS
    kills = 0
    while kills < KILLS and time.monotonic() < deadline:
        # Each run builds the other widget than the one published, so a kill can mix them.
        published = pages(output)
        config.write_text(original if published == widget_b else titled, encoding="utf-8")
        process = run_build(config)
        time.sleep(chance.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        kills += 1
        assert pages(output) in (widget_a, widget_b), f"kill {kills}: not one whole build"
        assert stored_posts(state) == posts, f"kill {kills}: the store lost or broke posts"
        for index in (state / "media").rglob("*.json"):
            json.loads(index.read_bytes())  # whole, never half-written
    assert kills >= 5, "too few kills within the budget to mean anything"

    time.sleep(1.1)  # leftovers are removed when older than the build that finds them
    config.write_text(original, encoding="utf-8")
    finish(config)
    assert pages(output) == widget_a
    assert leftovers(folder) == []
