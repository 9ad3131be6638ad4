"""A missing token is a mistake to fix, not an outage: exit 1 before any request, nothing built."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.helpers import NOW, build_folder, copy_example, count_requests
from widget.build import BuildOptions
from widget.cli import main
from widget.config import load_config, parse_config
from widget.errors import EXIT_DEGRADED, EXIT_ERROR, EXIT_OK, ConfigError
from widget.sources.x.live import TOKEN_VARIABLE
from widget.tokens import missing_tokens

# Every account and post here is invented.


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), prog_name="widget")
    assert "Traceback" not in result.stdout + result.stderr
    return result


def live_copy(tmp_path: Path) -> Path:
    """The borger-dk example read live: its ``[x] replay`` line taken out."""
    folder = copy_example("borger-dk", tmp_path)
    config = folder / "widget.toml"
    text = config.read_text(encoding="utf-8")
    assert 'replay = "recorded"\n' in text
    config.write_text(text.replace('replay = "recorded"\n', ""), encoding="utf-8")
    return folder


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_or_empty_token_fails_the_build_before_any_request(
    value: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = live_copy(tmp_path)
    if value is None:
        monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(TOKEN_VARIABLE, value)
    counter = count_requests(monkeypatch, folder / "recorded")
    with pytest.raises(ConfigError) as caught:
        build_folder(folder)
    assert caught.value.exit_code == EXIT_ERROR
    [line] = caught.value.lines()
    assert TOKEN_VARIABLE in line and "'borger'" in line
    assert counter.urls == []
    assert not (folder / "public").exists()
    assert not (folder / ".widget").exists()


def test_with_the_token_set_the_same_copy_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = live_copy(tmp_path)
    monkeypatch.setenv(TOKEN_VARIABLE, "kommune-test-token")
    counter = count_requests(monkeypatch, folder / "recorded")
    assert build_folder(folder).result.exit_code == EXIT_OK
    assert counter.api


def test_the_command_says_it_in_one_line_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = live_copy(tmp_path)
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    for command in ("build", "fetch"):
        result = run(command, "-c", str(folder / "widget.toml"))
        assert result.exit_code == EXIT_ERROR, command
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and TOKEN_VARIABLE in errors[0], result.stderr
    assert not (folder / "public").exists()


def test_replay_from_the_config_or_the_option_needs_no_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    assert build_folder(copy_example("borger-dk", tmp_path / "a")).result.exit_code == EXIT_OK
    folder = live_copy(tmp_path / "b")
    options = BuildOptions(now=NOW, replay=folder / "recorded")
    assert build_folder(folder, options).result.exit_code == EXIT_OK


def test_offline_serves_the_store_and_needs_no_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = live_copy(tmp_path)
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    counter = count_requests(monkeypatch, folder / "recorded")
    built = build_folder(folder, BuildOptions(now=NOW, offline=True, allow_empty=True))
    assert built.result.exit_code == EXIT_DEGRADED
    assert counter.urls == []


def config_with(tmp_path: Path, sources: str, extra: str = "") -> list[str]:
    text = f'{extra}\n[feeds.a]\ntitle = "A"\nsources = [{sources}]\n'
    (tmp_path / "widget.toml").write_text(text, encoding="utf-8")
    return missing_tokens(load_config(tmp_path / "widget.toml"), environ={})


def test_only_networks_read_live_that_have_a_token_variable_need_one(tmp_path: Path) -> None:
    assert config_with(tmp_path, '"x-archive:export"') == []
    assert config_with(tmp_path, '"mastodon:kommune@social.example"') == []
    assert config_with(tmp_path, '"bluesky:kommune.example"') == []
    assert config_with(tmp_path, '"rss:https://kommune.example/feed.xml"') == []
    assert config_with(tmp_path, '"x:kommune_test"', '[x]\nreplay = "rec"') == []
    [line] = config_with(tmp_path, '"x:kommune_test", "mastodon:kommune@social.example"')
    assert TOKEN_VARIABLE in line and "feed(s) 'a' read x live" in line


def test_a_token_in_the_environment_is_enough(tmp_path: Path) -> None:
    raw = {"feeds": {"a": {"title": "A", "sources": ["x:kommune_test"]}}}
    config = parse_config(raw, tmp_path / "widget.toml")
    assert missing_tokens(config, environ={TOKEN_VARIABLE: "t"}) == []
    assert len(missing_tokens(config, environ={TOKEN_VARIABLE: " "})) == 1
    assert missing_tokens(config, environ={}, offline=True) == []
    assert missing_tokens(config, environ={}, replay=tmp_path) == []


def test_check_warns_of_a_missing_token_in_one_line_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = live_copy(tmp_path)
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    result = run("check", "-c", str(folder / "widget.toml"))
    assert result.exit_code == EXIT_OK
    assert result.stderr.splitlines() == [
        f"warning: {folder / 'widget.toml'}: {TOKEN_VARIABLE} is not set or empty here, and "
        "feed(s) 'borger' read x live; a build without it exits 1 (set it where the build "
        "runs, or [x] replay to build from recordings)"
    ]
    assert result.stdout.endswith("OK (1 feed(s))\n")


def test_check_says_nothing_of_a_token_that_is_set_or_not_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_VARIABLE, "a-token-for-the-test")
    live = live_copy(tmp_path / "live")
    assert run("check", "-c", str(live / "widget.toml")).stderr == ""
    monkeypatch.delenv(TOKEN_VARIABLE)
    replayed = copy_example("borger-dk", tmp_path / "replayed")
    result = run("check", "-c", str(replayed / "widget.toml"))
    assert (result.exit_code, result.stderr) == (EXIT_OK, "")
