"""The rendered examples, compared byte for byte with the committed expected output.

A change in rendering shows up here as a readable diff in review. After a
deliberate change, ``make golden`` (``WIDGET_REGENERATE_GOLDEN=1``) rewrites the
files under ``tests/golden/<example>/`` instead of comparing them.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

import widget.build
from tests.conftest import env_flag
from tests.helpers import EXAMPLE_NAMES, build_folder, copy_example, tree

GOLDEN = Path(__file__).parent / "golden"
MEDIA_LIST = "media.txt"
"""Media are binary and re-encoded by Pillow, so only their sorted names are kept."""
SKIPPED = {"manifest.json", ".widget-output"}
"""The manifest carries the build time; test_build pins down what else it says."""
COPIED = {"widget.js": Path(widget.build.SCRIPT)}
"""Files the build copies verbatim: compared with their source, not kept twice here."""


def comparable(output: Path) -> dict[str, str]:
    """The output as the golden folder stores it: text files, and the list of media names."""
    files: dict[str, str] = {}
    media: list[str] = []
    for name, data in tree(output).items():
        if name in SKIPPED:
            continue
        if name in COPIED:
            assert data == COPIED[name].read_bytes(), f"{name} is not an exact copy"
            continue
        if name.startswith("media/"):
            media.append(name.removeprefix("media/"))
        else:
            files[name] = data.decode("utf-8")
    files[MEDIA_LIST] = "".join(f"{name}\n" for name in sorted(media))
    return files


def first_difference(expected: dict[str, str], actual: dict[str, str]) -> str | None:
    """A unified diff of the first file that differs, or a note on missing/extra files."""
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    if missing or extra:
        return f"files missing from the build: {missing}; files not in the golden folder: {extra}"
    for name in sorted(expected):
        if expected[name] != actual[name]:
            diff = difflib.unified_diff(
                expected[name].splitlines(keepends=True),
                actual[name].splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile=f"built/{name}",
            )
            return f"{name} differs from its golden file:\n" + "".join(diff)
    return None


def regenerate(folder: Path, files: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_the_rendered_example_matches_its_golden_files(example: str, tmp_path: Path) -> None:
    built = build_folder(copy_example(example, tmp_path))
    assert built.result.exit_code == 0, built.log
    actual = comparable(built.result.output)
    assert all((built.result.output / name).is_file() for name in COPIED)
    golden = GOLDEN / example
    if env_flag("WIDGET_REGENERATE_GOLDEN"):
        regenerate(golden, actual)
        return
    assert golden.is_dir(), f"{golden} is missing; run `make golden` to create it"
    expected = {
        path.relative_to(golden).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(golden.rglob("*"))
        if path.is_file()
    }
    difference = first_difference(expected, actual)
    assert difference is None, difference + "\n(after a deliberate change: make golden)"


def test_a_difference_is_shown_as_a_unified_diff_of_the_first_differing_file() -> None:
    expected = {"a.html": "same\n", "b.html": "one\ntwo\n", "c.html": "x\n"}
    actual = {"a.html": "same\n", "b.html": "one\nthree\n", "c.html": "y\n"}
    difference = first_difference(expected, actual)
    assert difference is not None
    assert difference.startswith("b.html differs")
    assert "--- golden/b.html" in difference
    assert "-two\n+three\n" in difference
    assert "c.html" not in difference


def test_a_missing_or_extra_file_is_named() -> None:
    difference = first_difference({"a.html": "", "b.css": ""}, {"a.html": "", "c.css": ""})
    assert difference == (
        "files missing from the build: ['b.css']; files not in the golden folder: ['c.css']"
    )
