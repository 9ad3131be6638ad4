"""Building the recipes under examples/recipes/ with the real site generators.

A generator that is not installed skips its tests, unless WIDGET_REQUIRE_GENERATORS
is on (``.ci/run`` sets it after installing Hugo, Jekyll and Eleventy), so CI cannot
pass by quietly skipping them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, env_flag
from widget.cli import main

RECIPES = EXAMPLES / "recipes"
SAMPLE = "sample-recording"
FEED = "nyheder"
TEMPLATE_TEXT = "{{ 7 | times: 7 }} og {% raw %} og {{ .Site.Title }} er bare tegn."
# What a generator or a build leaves in a recipe folder; never copied into a test.
LEFTOVERS = shutil.ignore_patterns(
    "node_modules", "_site", "public", ".widget", "widget-build", ".jekyll-cache", "resources"
)


@dataclass(frozen=True)
class Generator:
    recipe: str
    site_dir: str
    """Where the generator writes the site, relative to the recipe."""
    widget_dir: str
    """``output`` of the recipe's widget.toml, relative to the recipe."""

    def command(self) -> list[str] | None:
        found = _executable(self.recipe)
        if found is None:
            return None
        return {
            "hugo": [found, "--quiet"],
            "jekyll": [found, "build", "--quiet"],
            "eleventy": [found, "--quiet"],
        }[self.recipe]


GENERATORS = {
    "hugo": Generator("hugo", "public", "static/widget"),
    "eleventy": Generator("eleventy", "_site", "widget-build"),
    "jekyll": Generator("jekyll", "_site", "widget"),
}


def _executable(name: str) -> str | None:
    """Eleventy is looked for where `npm install` in its recipe (or .ci/run) puts it."""
    if name == "eleventy":
        local = RECIPES / "eleventy" / "node_modules" / ".bin" / "eleventy"
        configured = os.environ.get("WIDGET_ELEVENTY")
        for candidate in (configured, str(local)):
            if candidate and Path(candidate).is_file():
                return candidate
    return shutil.which(name)


def require(generator: Generator) -> list[str]:
    command = generator.command()
    if command is None:
        reason = f"{generator.recipe} is not installed (.ci/run installs it)"
        if env_flag("WIDGET_REQUIRE_GENERATORS"):
            pytest.fail(f"{reason}; WIDGET_REQUIRE_GENERATORS is set")
        pytest.skip(reason)
    return command


def copy_recipe(name: str, into: Path) -> Path:
    """The recipe and the sample recording it replays, side by side as in the repository."""
    shutil.copytree(RECIPES / SAMPLE, into / SAMPLE)
    shutil.copytree(RECIPES / name, into / name, ignore=LEFTOVERS)
    return into / name


def build_widget(recipe: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--quiet", "-c", str(recipe / "widget.toml")], prog_name="widget"
    )
    assert result.exit_code == 0, result.output


def run_generator(command: list[str], recipe: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=recipe, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done


@dataclass(frozen=True)
class BuiltRecipe:
    recipe: Path
    site: Path
    widget: Path

    @property
    def page(self) -> str:
        return (self.site / "index.html").read_text(encoding="utf-8")

    @property
    def fragment(self) -> str:
        return (self.widget / f"{FEED}.html").read_text(encoding="utf-8")


def build_recipe(generator: Generator, into: Path) -> BuiltRecipe:
    """`widget build`, then the generator, as the recipe's README says."""
    command = require(generator)
    recipe = copy_recipe(generator.recipe, into)
    build_widget(recipe)
    run_generator(command, recipe)
    return BuiltRecipe(recipe, recipe / generator.site_dir, recipe / generator.widget_dir)


CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
"""In the test extra, installed beside this Python; else found on PATH."""


def check_schema(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    """``check-jsonschema`` against one of the schemas it ships (no download)."""
    command = (
        str(CHECK_JSONSCHEMA) if CHECK_JSONSCHEMA.is_file() else shutil.which("check-jsonschema")
    )
    assert command, "check-jsonschema is in the test extra: pip install -e '.[test]'"
    return subprocess.run(
        [command, "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
