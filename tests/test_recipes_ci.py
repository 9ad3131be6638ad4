"""The GitHub Actions and GitLab CI recipes: valid against their schemas, and complete."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.recipe_support import RECIPES, check_schema
from widget import __version__
from widget.cli import main

GITHUB = RECIPES / "github-actions" / ".github" / "workflows" / "widget.yml"
GITLAB = RECIPES / "gitlab-ci" / ".gitlab-ci.yml"


@pytest.mark.parametrize(
    ("path", "schema"),
    [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")],
    ids=["github", "gitlab"],
)
def test_the_ci_file_validates_against_its_schema(path: Path, schema: str) -> None:
    """The schemas vendored inside check-jsonschema: no download."""
    done = check_schema(path, schema)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_broken_file_fails_the_schema_check(tmp_path: Path) -> None:
    """The check above can fail: steps must be a list."""
    broken = tmp_path / "widget.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: none\n",
        encoding="utf-8",
    )
    assert check_schema(broken, "vendor.github-workflows").returncode == 1


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_the_ci_file_has_every_step_a_team_needs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pinned = re.search(r'WIDGET_PACKAGE: "widget-feeds @ git\+https://\S+@v([0-9.]+)"', text)
    assert pinned and pinned.group(1) == __version__, "installs the current release, pinned"
    assert 'pip install "$WIDGET_PACKAGE"' in text
    assert re.search(r"cache", text) and ("cache: pip" in text or "PIP_CACHE_DIR" in text)
    assert "17 */2 * * *" in text and "372" in text, "a schedule, with what it costs a month"
    assert 'git fetch --depth=1 origin "$STATE_BRANCH"' in text, "stored posts restored"
    assert "git push -q --force" in text, "stored posts saved on their branch"
    assert "widget build || [ $? -eq 3 ]" in text
    assert "widget build --strict" in text, "no stored posts and X down fails the build"
    assert "widget inject site/" in text and "widget inject --check site/" in text
    assert "X_BEARER_TOKEN" in text and ("secrets.X_BEARER_TOKEN" in text or "masked" in text)


def test_github_checks_out_sets_up_python_and_publishes_to_pages() -> None:
    text = GITHUB.read_text(encoding="utf-8")
    for step in (
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
    ):
        assert f"uses: {step}" in text
    assert "X_BEARER_TOKEN: ${{ secrets.X_BEARER_TOKEN }}" in text
    assert "push:" in text and "schedule:" in text


def test_gitlab_publishes_pages_from_public() -> None:
    text = GITLAB.read_text(encoding="utf-8")
    assert re.search(r"^pages:\n", text, re.MULTILINE)
    assert "cp -r site public" in text
    assert '$CI_PIPELINE_SOURCE == "schedule"' in text


@pytest.mark.parametrize("recipe", ["github-actions", "gitlab-ci"])
def test_the_ci_recipes_configuration_passes_widget_check(recipe: str, tmp_path: Path) -> None:
    folder = tmp_path / recipe
    shutil.copytree(RECIPES / recipe, folder)
    result = CliRunner().invoke(
        main, ["check", "-c", str(folder / "widget.toml")], prog_name="widget"
    )
    assert result.exit_code == 0, result.output
    page = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert '<div data-widget="nyheder">' in page
