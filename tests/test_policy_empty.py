"""An account that failed with nothing stored fails the build, unless ``--allow-empty``."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.helpers import NOW, build_folder, copy_example, set_key, tree
from widget.build import BuildOptions
from widget.cli import main
from widget.errors import EXIT_DEGRADED, EXIT_ERROR, EXIT_OK, BuildError

# Every account and post here is invented.


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), prog_name="widget")
    assert "Traceback" not in result.stdout + result.stderr
    return result


def without_recordings(tmp_path: Path, handle: str) -> Path:
    folder = copy_example("dk-i-verden", tmp_path)
    shutil.rmtree(folder / "recorded" / handle)
    set_key(folder / "widget.toml", "x", "refresh_minutes = 0")
    return folder


def test_an_account_with_nothing_stored_that_fails_stops_the_first_build(tmp_path: Path) -> None:
    folder = without_recordings(tmp_path, "midori_demo")
    with pytest.raises(BuildError) as caught:
        build_folder(folder)
    assert caught.value.exit_code == EXIT_ERROR
    assert caught.value.message.startswith("x:midori_demo: could not be read and nothing is stored")
    assert "--allow-empty" in caught.value.message
    assert not (folder / "public").exists()


def test_it_leaves_the_previous_output_in_place(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    set_key(folder / "widget.toml", "x", "refresh_minutes = 0")
    output = build_folder(folder).result.output
    before = tree(output)
    # A new account is added whose fetch fails: nothing of it is stored yet.
    config = folder / "widget.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"x:udenrigs_demo",', '"x:ny_demo", "x:udenrigs_demo",', 1))
    with pytest.raises(BuildError, match=r"^x:ny_demo: "):
        build_folder(folder, BuildOptions(now=NOW + timedelta(hours=1)))
    assert tree(output) == before


def test_an_account_that_fails_with_posts_stored_still_builds_with_exit_3(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    set_key(folder / "widget.toml", "x", "refresh_minutes = 0")
    build_folder(folder)
    shutil.rmtree(folder / "recorded" / "midori_demo")
    later = build_folder(folder, BuildOptions(now=NOW + timedelta(hours=1)))
    assert later.result.exit_code == EXIT_DEGRADED


def test_the_command_fails_in_one_line_and_allow_empty_builds_with_exit_3(tmp_path: Path) -> None:
    folder = without_recordings(tmp_path, "midori_demo")
    config = str(folder / "widget.toml")
    failed = run("build", "-c", config)
    assert failed.exit_code == EXIT_ERROR
    errors = [line for line in failed.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "x:midori_demo" in errors[0]
    assert not (folder / "public").exists()
    allowed = run("build", "-c", config, "--allow-empty")
    assert allowed.exit_code == EXIT_DEGRADED, allowed.stderr
    assert (folder / "public" / "widget" / "verden.html").is_file()


def test_when_every_account_can_be_read_nothing_changes(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    assert build_folder(folder).result.exit_code == EXIT_OK
