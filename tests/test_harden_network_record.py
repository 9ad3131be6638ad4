"""Issue 10 #14: recording into the folder being replayed is refused before anything is read.

Recording starts each account's pages afresh (it deletes the old pages), so
``--replay recorded --record recorded`` used to delete the recordings it read.
The recordings are the invented examples, copied.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import copy_example, tree
from widget.cli import main


@pytest.mark.parametrize("command", ["fetch", "build"])
@pytest.mark.parametrize(
    ("replay", "record"),
    [
        ("recorded", "recorded"),
        ("recorded", "recorded/again"),
        ("recorded/.", "."),
        (None, "recorded"),
    ],
)
def test_recording_into_the_replayed_folder_is_one_line_exit_1_and_nothing_changes(
    tmp_path: Path, command: str, replay: str | None, record: str
) -> None:
    folder = copy_example("dk-i-verden", tmp_path)  # its [x] replay = "recorded"
    before = tree(folder)
    args = [command, "-c", str(folder / "widget.toml"), "--record", str(folder / record)]
    if replay is not None:
        args += ["--replay", str(folder / replay)]
    result = CliRunner().invoke(main, args, prog_name="widget")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "recording would delete the recordings it reads" in lines[0]
    assert f"--record {folder / record}" in lines[0]
    assert tree(folder) == before


def test_recording_into_another_folder_is_allowed(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    recordings = tree(folder / "recorded")
    args = ["fetch", "-c", str(folder / "widget.toml"), "--record", str(tmp_path / "new")]
    result = CliRunner().invoke(main, args, prog_name="widget")
    assert result.exit_code == 0, result.output
    assert tree(folder / "recorded") == recordings
    assert (tmp_path / "new").is_dir()
