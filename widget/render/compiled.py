"""Compiled templates, kept in memory and, for a build, in the state folder.

Compiling Jinja templates was most of a warm build: every theme's environment
compiled the same files again, and every build compiled them all afresh. Here a
template is compiled once per source text: the key is its name and file, the
checksum its source, so an edited template is compiled again (a long ``widget
preview`` sees every edit). In the state folder (``<state>/templates``) the code
outlives the process; the file carries Python's and Jinja's version, and one that
does not match is compiled afresh. The state folder is already trusted with the
store and the HTTP cache; nothing else is read from it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
from pathlib import Path
from types import CodeType

import jinja2
import jinja2.bccache

from widget.atomic import write_atomic

References = tuple[str | None, ...]


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._codes: dict[str, tuple[str, CodeType]] = {}
        self._references: dict[tuple[str, str], References] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._codes.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
            return
        if self.folder is None:
            return
        path = self.folder / f"{bucket.key}.code"
        damaged = (OSError, ValueError, EOFError, TypeError)
        with contextlib.suppress(*damaged), open(path, "rb") as file:
            bucket.load_bytecode(file)  # checks the versions and the checksum
        if bucket.code is not None:
            self._codes[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is None:
            return
        self._codes[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is not None:
            out = io.BytesIO()
            bucket.write_bytecode(out)
            self._write(f"{bucket.key}.code", out.getvalue())

    def references(self, bucket: jinja2.bccache.Bucket) -> References | None:
        """The templates this source names, when known: parsing is half of compiling."""
        key = (bucket.key, bucket.checksum)
        if key in self._references or self.folder is None:
            return self._references.get(key)
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            data = json.loads((self.folder / f"{bucket.key}.names").read_text(encoding="utf-8"))
            if data["checksum"] == bucket.checksum and all(
                isinstance(name, str | None) for name in data["names"]
            ):
                self._references[key] = tuple(data["names"])
        return self._references.get(key)

    def remember_references(self, bucket: jinja2.bccache.Bucket, names: References) -> None:
        self._references[(bucket.key, bucket.checksum)] = names
        if self.folder is not None:
            data = {"checksum": bucket.checksum, "names": list(names)}
            self._write(f"{bucket.key}.names", json.dumps(data).encode("utf-8"))

    def _write(self, name: str, data: bytes) -> None:
        """Best effort: a state folder that cannot be written costs a compile next time.

        Only into a state folder a build has made: ``widget check`` creates nothing."""
        if self.folder is None or not self.folder.parent.is_dir():
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(exist_ok=True)
            write_atomic(self.folder / name, data)


MEMORY = CompiledTemplates()
"""For environments made without a state folder (``widget check`` on its own, tests)."""


@functools.cache
def compiled_in(folder: Path) -> CompiledTemplates:
    """One cache per state folder for the whole process, so preview's rebuilds share it."""
    return CompiledTemplates(folder)
