"""Hostile configuration values (issue 10, case 11): one line naming file and key, exit 1.

Each value here used to end in a Python traceback (or, for a missing templates
folder, in a passing ``widget check``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from widget.cli import main

BASE = """\
# Fictional configuration for a test.
output = "public/widget"
state = ".widget"
{top}
[x]
replay = "recorded"
{network}
[feeds.a]
title = "A"
sources = ["x:a"]
{feed}
"""


def check(tmp_path: Path, top: str = "", network: str = "", feed: str = "") -> tuple[int, str]:
    (tmp_path / "recorded").mkdir(exist_ok=True)
    config = tmp_path / "widget.toml"
    config.write_text(BASE.format(top=top, network=network, feed=feed), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_the_fictional_base_configuration_passes(tmp_path: Path) -> None:
    code, err = check(tmp_path)
    assert code == 0, err


@pytest.mark.parametrize(
    ("where", "line"),
    [("feed", "limit = " + "9" * 5000), ("network", "timeout_seconds = " + "1" * 5000)],
)
def test_an_integer_of_5000_digits_is_one_line(tmp_path: Path, where: str, line: str) -> None:
    code, err = check(tmp_path, **{where: line})
    assert code == 1
    assert one_line(err) == f"Error: {tmp_path / 'widget.toml'}: holds a number too long to read"


def test_deeply_nested_toml_is_one_line(tmp_path: Path) -> None:
    deep = "deep = " + "[" * 100_000 + "]" * 100_000
    code, err = check(tmp_path, top=deep)
    assert code == 1
    assert "nested too deeply" in one_line(err)


@pytest.mark.parametrize("key", ["output", "state", "templates", "themes"])
def test_a_nul_in_a_path_names_the_key(tmp_path: Path, key: str) -> None:
    text = (tmp_path / "x").as_posix()
    top = f'{key} = "{text}\\u0000y"'
    base = BASE.replace(f'{key} = "public/widget"\n', "").replace(f'{key} = ".widget"\n', "")
    (tmp_path / "recorded").mkdir()
    config = tmp_path / "widget.toml"
    config.write_text(base.format(top=top, network="", feed=""), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith(f"Error: {config}: {key}: ")
    assert "NUL" in line


def test_a_nul_in_a_replay_folder_or_source_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "recorded").mkdir()
    config = tmp_path / "widget.toml"
    config.write_text(
        BASE.replace('replay = "recorded"', 'replay = "rec\\u0000orded"').format(
            top="", network="", feed=""
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert result.exit_code == 1
    assert one_line(result.stderr).startswith(f"Error: {config}: x.replay: ")
    config.write_text(
        BASE.replace('sources = ["x:a"]', 'sources = ["x-archive:ar\\u0000chive"]').format(
            top="", network="", feed=""
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith(f"Error: {config}: feeds.a.sources: ")
    assert "NUL" in line


def test_a_missing_templates_folder_fails_check(tmp_path: Path) -> None:
    code, err = check(tmp_path, top='templates = "/nonexistent"')
    assert code == 1
    assert one_line(err) == (
        f"Error: {tmp_path / 'widget.toml'}: templates: /nonexistent: no such folder"
    )


@pytest.mark.parametrize(
    ("option", "problem"),
    [('max_width = "1px /*"', "must be a CSS length"), ("focus_width = 0", "at least 1")],
)
def test_theme_option_values_are_typed_in_check(tmp_path: Path, option: str, problem: str) -> None:
    code, err = check(tmp_path, feed=f"[feeds.a.theme_options]\n{option}")
    assert code == 1
    line = one_line(err)
    assert "feeds.a.theme_options." in line
    assert problem in line
