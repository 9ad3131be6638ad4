"""An installed package, not the checkout, still finds its themes, script and texts.

The repository's ``themes/`` folder reaches the package only through the wheel's
``force-include``; a checkout hides a mistake there, so this test builds a real
wheel and runs it with the repository off the path.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import widget
from tests.conftest import REPO
from tests.helpers import copy_example

BUILT_IN_THEMES = ("base", "default", "dkfds", "high-contrast")

PROBE = """
import json
from pathlib import Path
import widget
from widget.themes import builtin_themes_dir
package = Path(widget.__file__).resolve().parent
themes = builtin_themes_dir().resolve()
print(json.dumps({
    "package": str(package),
    "themes": str(themes),
    "theme_files": sorted(
        p.relative_to(themes).as_posix() for p in themes.rglob("*") if p.is_file()
    ),
    "script": (package / "static" / "widget.js").is_file(),
    "locales": sorted(p.name for p in (package / "locales").glob("*.toml")),
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout."""
    # hatchling is in the test extra, as check-jsonschema is: missing, it fails, never skips.
    found = importlib.util.find_spec("hatchling")
    assert found, "hatchling builds the wheel and is in the test extra: pip install -e '.[test]'"
    wheels = tmp_path_factory.mktemp("wheels")
    pip_wheel = ["pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [sys.executable, "-m", *pip_wheel, "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    [built] = wheels.glob("widget_feeds-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, unzipped as an installer would lay it out."""
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_installed_package_has_its_themes_script_and_texts(
    installed: Path, tmp_path: Path
) -> None:
    done = run_installed(installed, tmp_path, "-c", PROBE)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["package"]).is_relative_to(installed.resolve())
    assert Path(found["themes"]).is_relative_to(installed.resolve())
    files = set(found["theme_files"])
    for theme in BUILT_IN_THEMES:
        assert {f"{theme}/theme.toml", f"{theme}/style.css"} <= files, theme
    templates = {"index.html", "post.html", "widget.html"}
    assert {f"base/templates/{name}" for name in templates} <= files
    assert found["script"] is True
    assert found["locales"] == ["da.toml", "en.toml"]


def test_the_installed_command_builds_an_example(installed: Path, tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    done = run_installed(
        installed, tmp_path, "-m", "widget", "build", "-c", str(folder / "widget.toml")
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    output = folder / "public" / "widget"
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["feeds"]["borger"]["posts"] > 0
    assert all((output / name).is_file() for name in manifest["files"])


def test_the_readme_names_the_wheel_the_release_builds(wheel: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"pip install {wheel.name}\n" in readme
    assert f'@v{widget.__version__}"' in readme
