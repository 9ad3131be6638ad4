from __future__ import annotations

from pathlib import Path

import pytest

from widget.errors import BuildError
from widget.write import MANIFEST, MARKER, exchange, staged_output


def build_once(output: Path, files: dict[str, str]) -> None:
    with staged_output(output) as stage:
        for name, text in files.items():
            stage.write_text(name, text)
        stage.write_text(MANIFEST, "{}")


def test_a_clean_build_replaces_the_output_whole(tmp_path: Path) -> None:
    output = tmp_path / "public" / "widget"
    build_once(output, {"a.html": "one", "media/x.webp": "img"})
    build_once(output, {"b.html": "two"})
    assert sorted(p.name for p in output.rglob("*")) == sorted([MARKER, "b.html", MANIFEST])
    assert [p.name for p in output.parent.iterdir()] == ["widget"]


def test_a_failed_build_leaves_the_previous_output_in_place(tmp_path: Path) -> None:
    output = tmp_path / "widget"
    build_once(output, {"a.html": "good"})
    with pytest.raises(RuntimeError), staged_output(output) as stage:
        stage.write_text("a.html", "half-built")
        raise RuntimeError("render failed")
    assert (output / "a.html").read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["widget"]


def test_it_refuses_to_replace_a_folder_it_did_not_build(tmp_path: Path) -> None:
    output = tmp_path / "site"
    output.mkdir()
    (output / "index.html").write_text("the authority's own page")
    with pytest.raises(BuildError, match="not built by widget"), staged_output(output):
        pass
    assert (output / "index.html").read_text() == "the authority's own page"


def test_it_refuses_an_output_that_contains_the_project_or_state(tmp_path: Path) -> None:
    with (
        pytest.raises(BuildError, match="would contain"),
        staged_output(tmp_path, protected=(tmp_path / ".widget",)),
    ):
        pass


def test_it_refuses_paths_that_escape_the_output(tmp_path: Path) -> None:
    with (
        pytest.raises(BuildError, match="outside the output"),
        staged_output(tmp_path / "out") as stage,
    ):
        stage.write_text("../escape.html", "x")
    assert not (tmp_path / "escape.html").exists()


def test_hashes_of_written_files_are_recorded(tmp_path: Path) -> None:
    with staged_output(tmp_path / "out") as stage:
        stage.write_text("a.txt", "abc")
    assert stage.files["a.txt"].startswith("ba7816bf")


def test_two_folders_are_exchanged_in_one_step_where_the_system_can(tmp_path: Path) -> None:
    first, second = tmp_path / "new", tmp_path / "old"
    first.mkdir()
    second.mkdir()
    (first / "a.html").write_text("new")
    (second / "a.html").write_text("old")
    if not exchange(first, second):
        pytest.skip("this system has no atomic exchange; the two-rename path is used")
    assert (second / "a.html").read_text() == "new"
    assert (first / "a.html").read_text() == "old"
