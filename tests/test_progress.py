from __future__ import annotations

import io

import pytest

from widget.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_ci_log_every_step_is_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = Terminal()
    progress = Progress(stream)
    progress.step("borger: curating")
    progress.step("borger: rendering")
    progress.warn("x:borger_demo: the API refused the token")
    progress.done("built 1 feed(s)")
    assert stream.getvalue().splitlines() == [
        "borger: curating",
        "borger: rendering",
        "warning: x:borger_demo: the API refused the token",
        "built 1 feed(s)",
    ]


def test_on_a_terminal_steps_share_one_status_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    stream = Terminal()
    progress = Progress(stream)
    progress.step("borger: curating")
    progress.step("borger: rendering")
    progress.done("built 1 feed(s)")
    output = stream.getvalue()
    assert "\r" in output
    assert output.count("\n") == 1
    assert output.rstrip().endswith("built 1 feed(s)")


def test_ci_false_is_not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "false")
    monkeypatch.setenv("TERM", "xterm")
    assert Progress(Terminal()).live is True


def test_quiet_keeps_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "1")
    stream = io.StringIO()
    progress = Progress(stream, quiet=True)
    progress.step("borger: curating")
    progress.warn("media: skipped https://pbs.twimg.com/x.jpg: server answered 404")
    progress.done("built")
    assert stream.getvalue() == (
        "warning: media: skipped https://pbs.twimg.com/x.jpg: server answered 404\n"
    )
