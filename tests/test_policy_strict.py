"""``--strict`` means strict: any warning of the build fails it, and the previous output stays.

Every warning goes through ``Progress.warn``, which counts it; the build checks the
count at the last moment before the new output is swapped in.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import NOW, build_folder, copy_example, describe_every_image, tree
from widget.build import BuildOptions
from widget.cli import main
from widget.errors import EXIT_ERROR, EXIT_OK, BuildError
from widget.progress import Progress

# Every account and post here is invented.

SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"


def with_a_refused_image(tmp_path: Path) -> Path:
    """borger-dk whose recorded photo is an SVG, which the media stage refuses."""
    folder = describe_every_image(copy_example("borger-dk", tmp_path))
    photo = sorted((folder / "recorded" / "pbs.twimg.com" / "media").iterdir())[0]
    photo.write_bytes(SVG)
    return folder


def test_progress_counts_every_warning() -> None:
    stream = io.StringIO()
    progress = Progress(stream, quiet=True)
    assert progress.warning_count == 0
    progress.step("a step is no warning")
    progress.warn("one")
    progress.warn("two")
    assert progress.warning_count == 2
    assert stream.getvalue() == "warning: one\nwarning: two\n"


def test_a_refused_image_is_a_warning_without_strict(tmp_path: Path) -> None:
    built = build_folder(with_a_refused_image(tmp_path))
    assert built.result.exit_code == EXIT_OK
    assert "refused: SVG images are not allowed" in built.log


def test_strict_fails_on_a_refused_image_and_publishes_nothing(tmp_path: Path) -> None:
    folder = with_a_refused_image(tmp_path)
    with pytest.raises(BuildError) as caught:
        build_folder(folder, BuildOptions(now=NOW, strict=True))
    assert caught.value.exit_code == EXIT_ERROR
    assert caught.value.message == (
        "--strict: the build gave 1 warning(s) (see above); the previous output is left in place"
    )
    output = folder / "public" / "widget"
    assert not output.exists()
    assert list(output.parent.glob(".widget.*")) == []  # no staging folder left behind


def test_strict_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    folder = with_a_refused_image(tmp_path)
    earlier = build_folder(folder)
    before = tree(earlier.result.output)
    later = BuildOptions(now=NOW + timedelta(hours=1), strict=True)
    with pytest.raises(BuildError, match=r"^--strict: the build gave"):
        build_folder(folder, later)
    assert tree(earlier.result.output) == before
    assert sorted(p.name for p in earlier.result.output.parent.iterdir()) == ["widget"]


def test_strict_without_warnings_builds(tmp_path: Path) -> None:
    folder = describe_every_image(copy_example("borger-dk", tmp_path))
    built = build_folder(folder, BuildOptions(now=NOW, strict=True))
    assert built.result.exit_code == EXIT_OK
    assert "warning:" not in built.log


def test_the_command_exits_1_with_one_error_line(tmp_path: Path) -> None:
    folder = with_a_refused_image(tmp_path)
    result = CliRunner().invoke(main, ["build", "--strict", "-c", str(folder / "widget.toml")])
    assert result.exit_code == EXIT_ERROR
    assert "warning: media: skipped" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [
        "Error: --strict: the build gave 1 warning(s) (see above); "
        "the previous output is left in place"
    ]
