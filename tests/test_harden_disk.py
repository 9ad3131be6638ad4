"""Disk and folder faults: one line each, the previous output intact, no staged folder left.

The faults are raised where the system would raise them (a full disk while writing, a
read-only parent when creating the staged folder, a busy mount point on rename); the
folders are invented for the test.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import widget.preflight
import widget.write
from tests.helpers import copy_example
from widget.cli import main
from widget.errors import BuildError
from widget.write import MANIFEST, staged_output


def build_once(output: Path, text: str) -> None:
    with staged_output(output) as stage:
        stage.write_text("a.html", text)
        stage.write_text(MANIFEST, "{}")


def fault(code: int) -> OSError:
    return OSError(code, os.strerror(code))


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    output = tmp_path / "widget"
    build_once(output, "previous")
    return output


def assert_untouched(output: Path) -> None:
    assert (output / "a.html").read_text() == "previous"
    assert [p.name for p in output.parent.iterdir()] == [output.name], "no staged folder left"


def test_a_full_disk_is_one_line_and_the_previous_output_stays(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if ".new-" in str(self) and self.name == "a.html":
            raise fault(errno.ENOSPC)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(BuildError) as caught:
        build_once(previous, "new")
    assert caught.value.lines() == [
        f"could not write a.html of the new build into {previous.parent}: "
        "No space left on device; the previous output is left in place"
    ]
    assert_untouched(previous)


def test_a_read_only_parent_is_one_line(previous: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(**_: object) -> str:
        raise fault(errno.EROFS)

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    with pytest.raises(BuildError, match="Read-only file system"):
        build_once(previous, "new")
    assert_untouched(previous)


def test_a_busy_mount_point_is_one_line_and_the_staged_folder_is_removed(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace

    def busy(source: object, target: object) -> None:
        if Path(str(source)) == previous:
            raise fault(errno.EBUSY)
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(widget.write, "exchange", lambda first, second: False)
    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(BuildError) as caught:
        build_once(previous, "new")
    assert caught.value.lines() == [
        f"could not move the new build into {previous}: Device or resource busy; "
        "the previous output is left in place"
    ]
    assert_untouched(previous)


def test_a_mount_point_as_output_is_refused_up_front() -> None:
    mount = next((Path(p) for p in ("/dev/shm", "/proc", "/sys") if os.path.ismount(p)), None)
    if mount is None:
        pytest.skip("no mount point to name")
    with pytest.raises(BuildError, match="is a mount point"):
        widget.write.check_output_folder(mount, protected=())


def test_an_unwritable_output_parent_fails_check_and_build_before_any_api_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    probed: list[Path] = []

    def refuse(*, dir: Path) -> object:
        probed.append(Path(dir))
        raise fault(errno.EROFS)

    monkeypatch.setattr(widget.preflight, "probe_writable", refuse)
    for command in ("check", "build", "fetch"):
        result = CliRunner().invoke(main, [command, "-c", str(folder / "widget.toml")])
        assert result.exit_code == 1, command
        assert "Traceback" not in result.output
        assert result.stderr.splitlines() == [
            f"Error: {folder / 'widget.toml'}: output: {folder / 'public' / 'widget'}: "
            f"cannot write in {folder}: Read-only file system"
        ]
    assert probed and probed[0] == folder, "the nearest existing folder is the one tried"
    assert not (folder / ".widget").exists(), "nothing was fetched or stored"
