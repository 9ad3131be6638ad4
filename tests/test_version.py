"""One version, said the same way by the package, its metadata, the command and the changelog."""

from __future__ import annotations

import re
import sys

from click.testing import CliRunner

from tests.conftest import REPO
from widget import __version__
from widget.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_package_and_its_metadata_carry_the_same_release() -> None:
    assert __version__ == PROJECT["version"] == "0.2.0"


def test_widget_version_prints_the_release() -> None:
    result = CliRunner().invoke(main, ["--version"], prog_name="widget")
    assert result.exit_code == 0
    assert result.stdout.strip() == "widget, version 0.2.0"


def test_the_distribution_has_its_own_name_and_keeps_the_widget_command() -> None:
    """``widget`` is taken on PyPI; the import package and the command stay ``widget``."""
    assert PROJECT["name"] == "widget-feeds"
    assert PROJECT["scripts"] == {"widget": "widget.cli:main"}


def test_the_changelog_has_a_section_for_this_release() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(
        rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M
    )
