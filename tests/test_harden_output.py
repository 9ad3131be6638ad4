"""The output folder: only a folder widget built is ever replaced, never a special file or a site.

Every folder and file here is invented for the test.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path

import pytest

from widget.errors import BuildError
from widget.write import MANIFEST, MARKER, check_output_folder, staged_output


def build_once(output: Path, text: str = "one") -> None:
    with staged_output(output) as stage:
        stage.write_text("a.html", text)
        stage.write_text(MANIFEST, "{}")


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def unix_socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


@pytest.mark.parametrize(("make", "kind"), [(fifo, "a named pipe"), (unix_socket, "a socket")])
def test_a_special_file_as_output_is_refused_and_left_alone(
    tmp_path: Path, make: object, kind: str
) -> None:
    special = make(tmp_path / "out")  # type: ignore[operator]
    with pytest.raises(BuildError, match=f"is {kind}, not a folder"), staged_output(special):
        raise AssertionError("the build must not start")
    assert not stat.S_ISDIR(os.lstat(special).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_device_as_output_is_refused() -> None:
    with pytest.raises(BuildError, match="is a device, not a folder"):
        check_output_folder(Path("/dev/null"), protected=())


def test_the_swap_refuses_an_output_that_became_a_special_file_during_the_build(
    tmp_path: Path,
) -> None:
    output = tmp_path / "out"
    with pytest.raises(BuildError, match="not a folder"), staged_output(output) as stage:
        stage.write_text("a.html", "new")
        fifo(output)
    assert stat.S_ISFIFO(os.lstat(output).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "the staged folder is removed"


def test_a_site_folder_with_a_web_app_manifest_is_not_counted_as_a_build(tmp_path: Path) -> None:
    site = tmp_path / "public"
    site.mkdir()
    (site / "index.html").write_text("the authority's own page")
    (site / MANIFEST).write_text(json.dumps({"name": "Kommune", "start_url": "/"}))
    with pytest.raises(BuildError, match="not built by widget"), staged_output(site):
        raise AssertionError("the build must not start")
    assert (site / "index.html").read_text() == "the authority's own page"


def test_every_build_leaves_its_marker_and_a_marked_folder_is_replaced(tmp_path: Path) -> None:
    output = tmp_path / "widget"
    build_once(output)
    assert (output / MARKER).is_file()
    build_once(output, "two")
    assert (output / "a.html").read_text() == "two"


def test_a_forged_marker_does_not_count(tmp_path: Path) -> None:
    output = tmp_path / "public"
    output.mkdir()
    (output / "index.html").write_text("site")
    (output / MARKER).write_text("anything")
    with pytest.raises(BuildError, match="not built by widget"):
        check_output_folder(output, protected=())


def test_a_build_of_an_older_widget_without_the_marker_is_still_replaced(tmp_path: Path) -> None:
    output = tmp_path / "widget"
    output.mkdir()
    (output / "a.html").write_text("old")
    manifest = {"generator": "widget 0.9.0", "feeds": {}, "files": {"a.html": "sha256:00"}}
    (output / MANIFEST).write_text(json.dumps(manifest))
    build_once(output, "new")
    assert (output / "a.html").read_text() == "new"


def test_check_and_build_refuse_a_pipe_as_output_before_anything_is_fetched(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from tests.helpers import copy_example
    from widget.cli import main

    folder = copy_example("borger-dk", tmp_path)
    (folder / "public").mkdir()
    pipe = fifo(folder / "public" / "widget")
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, "-c", str(folder / "widget.toml")])
        assert result.exit_code == 1, command
        assert "Traceback" not in result.output
        assert result.stderr.splitlines() == [
            f"Error: {folder / 'widget.toml'}: output: output {pipe} is a named pipe, "
            "not a folder; widget replaces its output whole, so name a folder of its own"
        ]
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert not (folder / ".widget").exists(), "nothing was fetched or stored"
