"""Whether an X export changed since it was last merged into the store.

A 20,000-post export takes longer to parse than the rest of a warm build. Its posts
only ever fill gaps in the store (an API answer wins, a merge never overwrites), so
once merged, parsing the same files again can add nothing. The store's cursor for
the account keeps a signature of the export (each entry of ``data/``: name, size,
modification time; a media folder's time changes when a picture is added), and an
export with the same signature is not read again, ``--offline`` or not.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CURSOR_KEY = "archive_signature"


def signature(folder: Path) -> str | None:
    """A short digest of what the export holds now; None when ``data/`` cannot be listed."""
    data = folder / "data"
    digest = hashlib.sha256(os.fsencode(folder.resolve()))
    try:
        entries = sorted(os.scandir(data), key=lambda entry: entry.name)
        for entry in entries:
            stat = entry.stat()
            digest.update(f"\0{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()[:32]


def unchanged(folder: Path, cursor: dict[str, str]) -> bool:
    found = signature(folder)
    return found is not None and cursor.get(CURSOR_KEY) == found
