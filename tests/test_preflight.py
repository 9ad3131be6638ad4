"""Folder and theme mistakes fail the run up front (exit 1), every one listed, nothing spent."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tests.helpers import copy_example
from widget.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="widget")


def errors(result: Result) -> list[str]:
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def edit(config: Path, old: str, new: str) -> None:
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_missing_recordings_folder_fails_build_and_fetch_before_anything_is_stored(
    tmp_path: Path,
) -> None:
    config = copy_example("borger-dk", tmp_path) / "widget.toml"
    edit(config, 'replay = "recorded"', 'replay = "nowhere"')
    for command in ("build", "fetch", "check"):
        result = run(command, "-c", str(config))
        assert result.exit_code == 1, command
        assert errors(result) == [
            f"Error: {config}: x.replay: {tmp_path / 'borger-dk' / 'nowhere'}: "
            "no such folder of recordings"
        ]
    assert not (tmp_path / "borger-dk" / ".widget").exists()
    assert not (tmp_path / "borger-dk" / "public").exists()


def test_every_folder_problem_is_listed_at_once(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    config = folder / "widget.toml"
    (folder / "afile").write_text("not a folder")
    edit(config, 'output = "public/widget"', 'output = "afile/widget"')
    edit(config, 'sources = ["x:borger_demo"]', 'sources = ["x:borger_demo", "x-archive:gone"]')
    result = run("build", "-c", str(config))
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: {config}: feeds.borger.sources: x-archive:gone: no such folder",
        f"Error: {config}: output: {folder / 'afile' / 'widget'}: {folder / 'afile'} "
        "is a file, not a folder",
    ]


def test_a_record_folder_behind_a_file_is_refused(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    (folder / "recfile").write_text("not a folder")
    result = run("fetch", "-c", str(folder / "widget.toml"), "--record", str(folder / "recfile/x"))
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: --record {folder / 'recfile' / 'x'}: {folder / 'recfile'} is a file, not a folder"
    ]


def test_theme_problems_name_the_key_and_include_the_top_level_theme(tmp_path: Path) -> None:
    config = copy_example("borger-dk", tmp_path) / "widget.toml"
    edit(config, 'locale = "da"', 'locale = "da"\ntheme = "nope"')
    result = run("check", "-c", str(config))
    assert result.exit_code == 1
    [line] = errors(result)
    assert line.startswith(f"Error: {config}: theme: theme 'nope' is not installed")
    edit(config, 'theme = "dkfds"', 'theme = "dkfsd"')
    lines = errors(run("check", "-c", str(config)))
    assert any(
        line.startswith(f"Error: {config}: feeds.borger.theme: theme 'dkfsd' is not installed")
        and "did you mean 'dkfds'?" in line
        for line in lines
    ), lines
