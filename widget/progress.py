"""Build progress: a live status line on a terminal, plain lines in CI logs."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def _interactive(stream: TextIO) -> bool:
    ci = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
    return stream.isatty() and not ci and os.environ.get("TERM") != "dumb"


class Progress:
    """Reports steps and warnings.

    On a terminal, steps overwrite one status line and only warnings and the
    summary stay on screen; in a log every step is its own line, so a CI log
    reads as a transcript of the build.

    Every warning of a build goes through :meth:`warn`, which counts it: that
    count is what ``--strict`` fails on, as MkDocs counts its log's warnings.
    """

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.live = _interactive(self.stream)
        self.quiet = quiet
        self._status_width = 0
        self.warnings: list[str] = []

    def step(self, message: str) -> None:
        if self.quiet:
            return
        if self.live:
            line = message[:120]
            self.stream.write("\r" + line.ljust(self._status_width))
            self._status_width = len(line)
        else:
            self.stream.write(message + "\n")
        self.stream.flush()

    @property
    def warning_count(self) -> int:
        """How many warnings were given so far (``--strict`` compares it before and after)."""
        return len(self.warnings)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        self._clear()
        self.stream.write(f"warning: {message}\n")
        self.stream.flush()

    def done(self, message: str) -> None:
        self._clear()
        if not self.quiet:
            self.stream.write(message + "\n")
            self.stream.flush()

    def _clear(self) -> None:
        if self.live and self._status_width:
            self.stream.write("\r" + " " * self._status_width + "\r")
            self._status_width = 0
