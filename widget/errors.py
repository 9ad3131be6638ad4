"""Errors the command line shows as one line, and the exit codes it documents.

Every failure a user can cause or meet (bad configuration, a malformed file, an
unreachable API) is one of these; the CLI prints ``Error: <message>`` and exits
with ``exit_code``. Anything else is a bug and may show a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_DEGRADED = 3
"""The widget was built, but at least one account could not be fetched (or its network's
read budget was used up) and was served from the store, or a feed is older than its
``max_stale_hours``. ``--strict`` turns any warning into ``EXIT_ERROR``."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the nearest choice, or nothing when none is near."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class WidgetError(Exception):
    """A failure explained in one line; never shown with a traceback."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        return [self.message]


class ProblemsError(WidgetError):
    """Several problems found in one pass, reported together, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)

    def lines(self) -> list[str]:
        return self.problems


class ConfigError(ProblemsError):
    """One or more problems in a configuration or theme file, all reported at once."""


class InjectError(ProblemsError):
    """Problems in the pages to fill or in the build they need; nothing is written."""


class StoreError(WidgetError):
    """The state folder cannot be read or written safely."""


class SourceError(WidgetError):
    """A source (an archive file, a recording) is malformed or missing."""


class ThemeError(WidgetError):
    """A theme is missing, cyclic, mis-declared or fails its contrast checks."""


class BuildError(WidgetError):
    """The build could not produce its output; the previous output stays in place."""
