"""The command line as a web team meets it: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from widget import __version__
from widget.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="widget")
    return result.exit_code, result.stdout, result.stderr


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "widget", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"widget, version {__version__}"


def test_a_bad_configuration_gives_one_line_per_problem_and_exit_1(tmp_path: Path) -> None:
    config = tmp_path / "widget.toml"
    config.write_text('locale = 1\n[feeds.a]\ntitle = "A"\nsources = ["x:a"]\nlimt = 3\n')
    code, out, err = run("check", "-c", str(config))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines == [
        f'Error: {config}: locale: 1 must be a language code such as "da" or "en"',
        f"Error: {config}: feeds.a.limt: unknown key; did you mean 'limit'?",
    ]
    assert "Traceback" not in out + err


def test_a_missing_configuration_file_is_named(tmp_path: Path) -> None:
    code, _, err = run("build", "-c", str(tmp_path / "nope.toml"))
    assert code == 1
    assert (
        err.strip() == f"Error: {tmp_path / 'nope.toml'}: no such file (create it, or pass -c PATH)"
    )


def test_usage_mistakes_exit_2_with_a_hint() -> None:
    code, _, err = run("biuld")
    assert code == 2
    assert "Try 'widget --help' for help." in err
    assert "Did you mean 'build'?" in err
