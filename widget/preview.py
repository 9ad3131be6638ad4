"""``widget preview``: build, serve, and rebuild on every change, reloading the page.

A failed rebuild never leaves the page "appearing stuck": the error goes to the
page as an ``error`` event (shown in a banner) and the previous good output
keeps being served until a change fixes it.
"""

from __future__ import annotations

import ipaddress
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import jinja2

from widget.build import BuildOptions, build
from widget.config import Config, load_config
from widget.errors import WidgetError
from widget.preview_compare import Comparison
from widget.preview_server import COMPARE_PATH, Broadcaster, PreviewServer, PreviewState, Site
from widget.progress import Progress
from widget.watch import Watcher


def describe_failure(error: Exception) -> list[str]:
    """The one-line message(s) of a failed rebuild, as the page's banner shows them."""
    if isinstance(error, WidgetError):
        return error.lines()
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = error.filename or error.name or "template"
        return [f"{where}: line {error.lineno}: {error.message}"]
    if isinstance(error, jinja2.TemplateError):
        return [f"template error: {error.message}"]
    # A long-running preview outlives a bug in one build; the message still reaches the page.
    return [f"{type(error).__name__}: {error}"]


def bind_warning(host: str) -> str | None:
    """A one-line warning when the preview listens beyond this machine, else None.

    The preview serves unpublished builds and reports errors with file paths; on
    ``0.0.0.0`` or a network address anyone on the network can read them.
    """
    if host.strip().lower() == "localhost":
        return None
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:
        pass
    return (
        f"warning: listening on {host} makes the preview reachable from other machines "
        "on the network; use --host 127.0.0.1 unless that is what you want"
    )


class Preview:
    """The configuration being previewed, its last good build, and the page's event stream."""

    def __init__(self, config_path: Path, *, offline: bool = True, log: TextIO | None = None):
        self.config_path = config_path
        self.offline = offline
        self.log = log or sys.stderr
        self.config: Config = load_config(config_path)
        self.events = Broadcaster()
        site = Site.at(self.config.output, self.config.base_url)
        self.state = PreviewState(site, self.events, compare=self.compare)
        self._building = threading.Lock()
        self.generation = 0
        """Counts successful builds, so the comparison is rebuilt only after a new one."""
        self._comparison: Comparison | None = None

    def rebuild(self) -> bool:
        """Builds once; True when it succeeded. Builds never overlap."""
        with self._building:
            started = time.monotonic()
            try:
                config = load_config(self.config_path)
                # Replaying recordings spends no API reads, so it need not wait for --fetch.
                offline = self.offline and not any(s.replay for s in config.networks.values())
                # A preview of a site not yet fetched still shows its (empty) widget.
                options = BuildOptions(offline=offline, allow_empty=True)
                build(config, options, Progress(self.log, quiet=True))
            except Exception as error:
                lines = describe_failure(error)
                for line in lines:
                    self.say(f"Error: {line}")
                self.say("still serving the previous build; fix the error and save again")
                self.events.error(lines)
                return False
            self.config = config
            self.generation += 1
            self.state.site = Site.at(config.output, config.base_url)
            self.say(f"rebuilt in {time.monotonic() - started:.1f} s")
            self.events.reload()
            return True

    def compare(self) -> Site:
        """The comparison pages, built for the last good build when first asked after it.

        Built on request rather than with every rebuild, so the preview's own page
        reloads as fast as before; into a temporary folder, never the site's output.
        """
        with self._building:
            if self._comparison is None:
                folder = Path(tempfile.mkdtemp(prefix="widget-compare-"))
                self._comparison = Comparison(folder)
            self._comparison.refresh(self.config, self.generation, describe_failure)
            return Site.at(self._comparison.folder, COMPARE_PATH)

    def close(self) -> None:
        """Removes the comparison's temporary folder."""
        with self._building:
            if self._comparison is not None:
                shutil.rmtree(self._comparison.folder, ignore_errors=True)
                self._comparison = None

    def say(self, line: str) -> None:
        self.log.write(line + "\n")
        self.log.flush()


@contextmanager
def serving(preview: Preview, host: str, port: int) -> Iterator[PreviewServer]:
    """Serves and watches until the block ends, then stops and joins everything."""
    try:
        server = PreviewServer((host, port), preview.state)
    except OSError as exc:
        raise WidgetError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    watcher = Watcher(lambda: preview.config, preview.rebuild)
    thread = threading.Thread(target=server.serve_forever, name="widget-preview", daemon=True)
    thread.start()
    try:
        watcher.start()
        yield server
    finally:
        watcher.stop()
        server.shutdown()
        thread.join()
        preview.events.close()
        server.server_close()
        preview.close()


def run_preview(config_path: Path, *, host: str, port: int, offline: bool) -> None:
    """The command: build once, then serve until Ctrl+C."""
    preview = Preview(config_path, offline=offline)
    warning = bind_warning(host)
    if warning:
        preview.say(warning)
    preview.rebuild()
    with serving(preview, host, port) as server:
        preview.say(f"serving {server.url} (Ctrl+C to stop)")
        compare = server.url.rstrip("/") + COMPARE_PATH
        preview.say(f"every feed in every theme, light and dark, each locale: {compare}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            preview.say("stopped")
