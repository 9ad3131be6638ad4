"""Writes a build's files so that the site only ever sees a complete build.

Everything goes into a fresh folder beside the output; only when the whole
build has succeeded is it swapped in. A failure anywhere before that leaves the
previous output exactly as it was.

The output is replaced whole, so it must be a folder widget built: one holding
``.widget-output`` with our fixed text (every staged folder gets it first), or,
for builds of versions before that marker, a ``manifest.json`` that is widget's
own (its ``generator`` names widget and it lists ``feeds`` and ``files``). A
site's web-app ``manifest.json`` is neither, and a device, pipe or socket is
never a folder at all.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from widget.atomic import remove_stale_temporaries
from widget.errors import BuildError

MANIFEST = "manifest.json"
MARKER = ".widget-output"
MARKER_TEXT = "written by widget: this folder is replaced whole by every `widget build`\n"
MANIFEST_READ_LIMIT = 16 * 1024 * 1024
"""A manifest bigger than this is not one of ours; never read a huge file to find out."""


def reason(error: OSError) -> str:
    """The system's words for a failed file operation, without Python's decoration."""
    return error.strerror or str(error)


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
        return self.folder.joinpath(*parts)

    def write_bytes(self, relative: str, data: bytes) -> None:
        target = self._target(relative)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:  # a full disk, a quota: one line, and the old output stays
            raise BuildError(
                f"could not write {relative} of the new build into {self.folder.parent}: "
                f"{reason(exc)}; the previous output is left in place"
            ) from None
        self.files[relative] = hashlib.sha256(data).hexdigest()

    def write_text(self, relative: str, text: str) -> None:
        self.write_bytes(relative, text.encode("utf-8"))

    def copy_file(self, relative: str, source: Path) -> None:
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise BuildError(f"{source}: cannot be read: {reason(exc)}") from None
        self.write_bytes(relative, data)


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a special file"


def built_by_widget(folder: Path) -> bool:
    """True when ``folder`` holds our marker, or the manifest of an older widget build."""
    marker = folder / MARKER
    try:
        if stat.S_ISREG(os.lstat(marker).st_mode):
            return marker.read_bytes() == MARKER_TEXT.encode("utf-8")
    except OSError:
        pass
    return _older_widget_build(folder)


def _older_widget_build(folder: Path) -> bool:
    manifest = folder / MANIFEST
    try:
        info = os.lstat(manifest)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_READ_LIMIT:
            return False
        document = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return (
        isinstance(document, dict)
        and isinstance(document.get("generator"), str)
        and re.fullmatch(r"widget \S+", document["generator"]) is not None
        and isinstance(document.get("feeds"), dict)
        and isinstance(document.get("files"), dict)
    )


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def check_output_folder(output: Path, *, protected: tuple[Path, ...]) -> None:
    """Refuses an output whose replacement would destroy something else.

    The output belongs to widget and is replaced whole on every build, so it
    must not be (or contain) the project folder or the state folder, must be a
    folder (never a device, pipe or socket), must not be a mount point, and an
    existing non-empty folder must be one widget built.
    """
    output = output.resolve()
    for path in protected:
        path = path.resolve()
        if output == path or output in path.parents:
            raise BuildError(
                f"output folder {output} would contain {path}; choose a folder of its own"
            )
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise BuildError(f"output {output}: cannot be inspected: {reason(exc)}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise BuildError(
            f"output {output} is {_kind(info.st_mode)}, not a folder; "
            "widget replaces its output whole, so name a folder of its own"
        )
    if os.path.ismount(output):
        raise BuildError(
            f"output folder {output} is a mount point, which cannot be replaced; "
            "name a folder inside it"
        )
    try:
        empty = _is_empty(output)
    except OSError as exc:
        raise BuildError(f"output folder {output}: cannot be read: {reason(exc)}") from None
    if not empty and not built_by_widget(output):
        raise BuildError(
            f"output folder {output} is not empty and was not built by widget "
            f"(no {MARKER}); refusing to replace it"
        )


@contextmanager
def staged_output(output: Path, *, protected: tuple[Path, ...] = ()) -> Iterator[StagedOutput]:
    """Yields a staging folder; on a clean exit it atomically becomes ``output``."""
    started = time.time()
    output = output.resolve()
    try:
        if output.parent.is_dir():
            remove_leftovers(output, before=started)
    except OSError as exc:
        raise BuildError(f"cannot tidy up beside the output {output}: {reason(exc)}") from None
    check_output_folder(output, protected=protected)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    except OSError as exc:
        raise BuildError(
            f"cannot write beside the output {output}: {reason(exc)}; "
            "the previous output is left in place"
        ) from None
    try:
        stage = StagedOutput(staging)
        stage.write_text(MARKER, MARKER_TEXT)
        yield stage
        _swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old)-[^/]+$")


def remove_leftovers(output: Path, *, before: float) -> None:
    """Clears what builds killed mid-way left beside ``output``; run while holding the lock.

    Staged folders (``.<output>.new-*``) and previous builds moved aside by the
    two-rename swap (``.<output>.old-*``) count only when they carry our marker
    (or are empty) and were last changed before this build started. A previous
    build moved aside while no output exists is put back rather than deleted: it
    is the last good build the site had.
    """
    for entry in os.scandir(output.parent):
        match = _LEFTOVER.match(entry.name)
        if match is None or match["name"] != output.name:
            continue
        folder = Path(entry.path)
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISDIR(info.st_mode) or info.st_mtime >= before:
            continue
        if not (_is_empty(folder) or built_by_widget(folder)):
            continue
        if match["kind"] == "old" and not os.path.lexists(output) and not _is_empty(folder):
            os.replace(folder, output)
        else:
            shutil.rmtree(folder)
    remove_stale_temporaries(output.parent, before=before)


def _check_replaceable(output: Path) -> bool:
    """Whether ``output`` exists; refuses, at the last moment, anything widget did not build."""
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        raise BuildError(
            f"output {output} is now {_kind(info.st_mode)}, not a folder; refusing to replace it"
        )
    if not _is_empty(output) and not built_by_widget(output):
        raise BuildError(
            f"output folder {output} is not empty and was not built by widget "
            f"(no {MARKER}); refusing to replace it"
        )
    return True


def _swap_in(staging: Path, output: Path) -> None:
    try:
        staging.chmod(0o755)
        exists = _check_replaceable(output)
        if exists and exchange(staging, output):
            shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous build
            return
        # Without an atomic exchange: two renames, with a moment in between with no output.
        previous = output.parent / f".{output.name}.old-{os.getpid()}"
        if exists:
            os.replace(output, previous)
        try:
            os.replace(staging, output)
        except OSError:
            if exists:
                os.replace(previous, output)
            raise
        shutil.rmtree(previous, ignore_errors=True)
    except OSError as exc:
        raise BuildError(
            f"could not move the new build into {output}: {reason(exc)}; "
            "the previous output is left in place"
        ) from None


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
