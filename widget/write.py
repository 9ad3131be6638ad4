"""Writes a build's files so that the site only ever sees a complete build.

Everything goes into a fresh folder beside the output; only when the whole
build has succeeded is it swapped in. A failure anywhere before that leaves the
previous output exactly as it was.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from widget.errors import BuildError

MANIFEST = "manifest.json"


class StagedOutput:
    """The folder a build writes into before it replaces the output."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, str] = {}
        """Relative path -> sha256 hex of every file written."""

    def _target(self, relative: str) -> Path:
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise BuildError(f"refusing to write outside the output folder: {relative!r}")
        target = self.folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_bytes(self, relative: str, data: bytes) -> None:
        self._target(relative).write_bytes(data)
        self.files[relative] = hashlib.sha256(data).hexdigest()

    def write_text(self, relative: str, text: str) -> None:
        self.write_bytes(relative, text.encode("utf-8"))

    def copy_file(self, relative: str, source: Path) -> None:
        self.write_bytes(relative, source.read_bytes())


def check_output_folder(output: Path, *, protected: tuple[Path, ...]) -> None:
    """Refuses an output folder whose replacement would destroy something else.

    The output belongs to widget and is replaced whole on every build, so it
    must not be (or contain) the project folder or the state folder, and an
    existing non-empty folder must be an earlier build (it has a manifest).
    """
    output = output.resolve()
    for path in protected:
        path = path.resolve()
        if output == path or output in path.parents:
            raise BuildError(
                f"output folder {output} would contain {path}; choose a folder of its own"
            )
    if output.is_file():
        raise BuildError(f"output {output} is a file, not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise BuildError(
            f"output folder {output} is not empty and was not built by widget "
            f"(no {MANIFEST}); refusing to replace it"
        )


@contextmanager
def staged_output(output: Path, *, protected: tuple[Path, ...] = ()) -> Iterator[StagedOutput]:
    """Yields a staging folder; on a clean exit it atomically becomes ``output``."""
    check_output_folder(output, protected=protected)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        yield StagedOutput(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, output)


def _swap_in(staging: Path, output: Path) -> None:
    staging.chmod(0o755)
    if output.exists() and exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous build
        return
    # Without an atomic exchange: two renames, with a moment in between with no output.
    previous = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        os.replace(output, previous)
    try:
        os.replace(staging, output)
    except OSError as exc:
        if previous.exists():
            os.replace(previous, output)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"could not move the new build into {output}: {exc}") from None
    shutil.rmtree(previous, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swaps two folders in one step (Linux ``renameat2``); False where that is not possible.

    A web server reading the output during the swap then sees either the whole
    previous build or the whole new one, never a missing folder.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(done == 0)
