"""``-c/--config`` before the subcommand names the file for it; the subcommand's own -c wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from widget.cli import main

VALID = '[feeds.nyt]\ntitle = "Nyt"\nsources = ["x:someone"]\n'


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    """VALID reads X live: without a token ``widget check`` would warn of it."""
    monkeypatch.setenv("X_BEARER_TOKEN", "a-token-for-the-test")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="widget")
    return result.exit_code, result.stdout, result.stderr


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_config_before_the_subcommand_is_the_file_it_reads(tmp_path: Path) -> None:
    config = write(tmp_path / "site", "widget.toml", VALID)
    code, out, err = run("-c", str(config), "check")
    assert (code, err) == (0, "")
    assert out.strip() == f"{config.resolve()}: OK (1 feed(s))"


def test_the_long_form_before_the_subcommand_works_too(tmp_path: Path) -> None:
    config = write(tmp_path, "other.toml", VALID)
    code, out, _ = run("--config", str(config), "check")
    assert code == 0
    assert str(config.resolve()) in out


def test_the_subcommands_own_config_wins(tmp_path: Path) -> None:
    outer = write(tmp_path / "outer", "widget.toml", "this is not toml")
    inner = write(tmp_path / "inner", "widget.toml", VALID)
    code, out, err = run("-c", str(outer), "check", "-c", str(inner))
    assert (code, err) == (0, "")
    assert str(inner.resolve()) in out


def test_a_missing_file_named_before_the_subcommand_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    code, out, err = run("-c", str(missing), "build")
    assert code == 1
    assert err.strip() == f"Error: {missing}: no such file (create it, or pass -c PATH)"
    assert "Traceback" not in out + err


def test_without_config_before_the_subcommand_the_default_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "widget.toml", VALID)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check")
    assert code == 0
    assert str((tmp_path / "widget.toml").resolve()) in out
