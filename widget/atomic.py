"""Replacing one file in one step: a reader, or a crash, sees the old file or the new one."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

TEMPORARY_TAG = ".widget-"
"""Part of every temporary file's name, so a later run can tell our leftovers from others'."""
_OURS = re.compile(r"^\..+\.widget-[a-z0-9_]{8}\.tmp$")


def write_atomic(path: Path, data: bytes) -> None:
    """Writes ``data`` beside ``path``, flushes it to disk, then renames it into place.

    An existing file keeps its permissions, so a site's page stays readable by the
    web server after ``widget inject`` rewrites it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}{TEMPORARY_TAG}", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # makes the rename itself durable where it can
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def remove_stale_temporaries(folder: Path, *, before: float, recursive: bool = False) -> list[Path]:
    """Removes temporary files a killed ``write_atomic`` left in ``folder``; returns them.

    Only files named the way ``write_atomic`` names them and last changed before
    ``before`` (the start of the running build) are removed: a newer one may be
    another run's write in progress. Call it while holding the run's lock.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        path = Path(entry.path)
        try:
            info = entry.stat(follow_symlinks=False)
            if recursive and stat.S_ISDIR(info.st_mode):
                removed += remove_stale_temporaries(path, before=before, recursive=True)
            elif stat.S_ISREG(info.st_mode) and _OURS.match(entry.name) and info.st_mtime < before:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed
