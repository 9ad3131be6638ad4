"""Commands import only what they use: start-up time is most of a small command's time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.helpers import copy_example
from widget import cli, config
from widget.cli import main
from widget.sources.rss import normalize as rss_normalize
from widget.sources.rss.kind import RSS_NETWORK

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("widget.config", "tweepy", "requests_cache", "bs4")


def imported_after(code: str, cwd: Path) -> list[str]:
    """Runs ``code`` in a fresh interpreter; which of ``HEAVY`` it imported."""
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_help_imports_no_configuration_and_no_network_library(tmp_path: Path) -> None:
    code = (
        "from widget.cli import main\n"
        "try:\n    main(['build', '--help'])\nexcept SystemExit:\n    pass"
    )
    assert imported_after(code, tmp_path) == []


def test_an_offline_build_does_not_import_tweepy(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    code = (
        "from widget.cli import main\n"
        "try:\n    main(['build', '-q', '--offline'])\nexcept SystemExit:\n    pass"
    )
    found = imported_after(code, folder)
    assert "widget.config" in found  # the probe did build
    assert "tweepy" not in found
    assert "bs4" not in found  # Mastodon's and RSS's HTML readers wait for a fetch


def test_an_offline_build_whose_images_are_stored_opens_no_session(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    first = CliRunner().invoke(main, ["build", "-q", "-c", str(folder / "widget.toml")])
    assert first.exit_code == 0, first.output
    code = (
        "from widget.cli import main\n"
        "try:\n    main(['build', '-q', '--offline'])\nexcept SystemExit as end:\n"
        "    assert end.code == 0, end.code"
    )
    found = imported_after(code, folder)
    assert "widget.config" in found and "requests_cache" not in found


def test_names_spelled_twice_to_spare_an_import_agree() -> None:
    assert cli.DEFAULT_CONFIG_NAME == config.DEFAULT_CONFIG_NAME
    assert RSS_NETWORK.name == rss_normalize.NETWORK
