"""The README is part of the product: its reference must match the code."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from widget.config import FEED_KEYS, NETWORK_KEYS, TOP_KEYS, parse_config
from widget.sources.registry import NETWORKS

README = Path(__file__).resolve().parents[1] / "README.md"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def section(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(heading + "\n")
    rest = text[start + len(heading) + 1 :]
    end = re.search(r"^#{1,3} ", rest, flags=re.MULTILINE)
    return rest[: end.start()] if end else rest


def documented_keys(heading: str) -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)` \|", section(heading), flags=re.MULTILINE))


@pytest.mark.parametrize(
    ("heading", "schema"),
    [
        ("### Top level", TOP_KEYS),
        ("### Network tables", NETWORK_KEYS),
        ("### `[feeds.<name>]`", FEED_KEYS),
    ],
)
def test_every_configuration_key_is_documented_and_every_documented_key_exists(
    heading: str, schema: dict[str, object]
) -> None:
    tables = {*NETWORKS, "feeds"}
    assert documented_keys(heading) == set(schema) - tables


def test_the_quickstart_configuration_is_valid(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", section("## Quickstart"), flags=re.DOTALL)
    assert blocks, "the quickstart shows a widget.toml"
    for block in blocks:
        config = parse_config(tomllib.loads(block), tmp_path / "widget.toml")
        assert config.feeds


def test_every_command_in_the_table_exists() -> None:
    from widget.cli import main

    documented = set(
        re.findall(r"^\| `widget ([a-z]+)", section("## Commands"), flags=re.MULTILINE)
    )
    assert documented == set(main.commands)


def test_the_quickstart_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The own-site steps: the widget.toml as shown, then each `widget` command as shown.

    X is played by recorded answers for the quickstart's account, served to the same
    session the live code uses; the token is a stand-in from the environment.
    """
    from click.testing import CliRunner

    from tests.helpers import count_requests
    from widget.cli import main

    quickstart = section("## Quickstart")
    (block,) = re.findall(r"```toml\n(.*?)```", quickstart, flags=re.DOTALL)
    (tmp_path / "widget.toml").write_text(block, encoding="utf-8")
    recorded = tmp_path / "recorded"
    shutil.copytree(EXAMPLES / "borger-dk" / "recorded", recorded)
    (recorded / "borger_demo").rename(recorded / "your_account")
    counter = count_requests(monkeypatch, recorded)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("X_BEARER_TOKEN", "stand-in-token")

    commands = [
        line.split("#")[0].split()
        for shell in re.findall(r"```sh\n(.*?)```", quickstart, flags=re.DOTALL)
        for line in shell.splitlines()
        if line.startswith("widget ")
    ]
    assert [words[1] for words in commands] == ["check", "build"]
    for words in commands:
        result = CliRunner().invoke(main, words[1:], prog_name="widget")
        assert result.exit_code == 0, result.output
    fragment = (tmp_path / "public" / "widget" / "nyheder.html").read_text(encoding="utf-8")
    assert fragment.count("<article") == 10
    assert counter.api, "the build asked X (the recordings) for the posts"


def test_the_options_table_matches_each_command() -> None:
    from widget.cli import main

    rows = re.findall(r"^\| `([a-z]+)` \| (.*) \|$", section("## Commands"), flags=re.MULTILINE)
    documented = {
        command: set(re.findall(r"`(--[a-z-]+(?:/--[a-z-]+)?)", cell)) for command, cell in rows
    }
    actual = {
        name: {
            "/".join(o for o in (*p.opts, *p.secondary_opts) if o.startswith("--"))
            for p in command.params
            if p.param_type_name == "option" and p.name != "config_path"
        }
        for name, command in main.commands.items()
    }
    assert documented == actual


def test_every_test_the_readme_names_exists() -> None:
    """A promise is only as good as the test named beside it: the name must not drift."""
    repo = README.parent
    named = re.findall(r"`(tests/[\w/]+\.py)((?:::\w+)?)`", README.read_text(encoding="utf-8"))
    shorthand = re.findall(r"`…::(\w+)`", README.read_text(encoding="utf-8"))
    assert named, "the README names the tests behind its promises"
    for path, test in named:
        assert (repo / path).is_file(), path
        if test:
            assert f"def {test[2:]}(" in (repo / path).read_text(encoding="utf-8"), path + test
    tests_text = "".join(p.read_text(encoding="utf-8") for p in (repo / "tests").rglob("test_*.py"))
    for test in shorthand:
        assert f"def {test}(" in tests_text, test


def test_every_reliability_promise_names_its_test() -> None:
    rows = re.findall(r"^\| (.+) \| (.+) \|$", section("## When X is down"), flags=re.MULTILINE)
    promises = [(promise, test) for promise, test in rows if promise not in ("promise", "---")]
    assert len(promises) >= 10
    for promise, test in promises:
        assert re.search(r"`tests/[\w/]+\.py", test), promise


def test_the_quickstart_says_to_look_through_the_preview_that_make_demo_names() -> None:
    """Opened from disk the example pages lose their stylesheet (links start at /widget/),
    so the first page a newcomer opens must be the served one, as `make demo` says."""
    quickstart = section("## Quickstart")
    looks = re.findall(r"^(\.venv/bin/widget preview -c (\S+))", quickstart, flags=re.MULTILINE)
    assert looks, "the quickstart says how to look at the demo"
    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    for command, config in looks:
        assert (README.parent / config).is_file(), config
        assert command.replace(".venv/bin", "$(BIN)") in makefile, command
    assert not re.search(r"open `index\.html`", quickstart)


def test_the_ci_recipe_steps_validate_as_a_github_workflow(tmp_path: Path) -> None:
    """The README's condensed steps, set in a minimal job, pass GitHub's workflow schema,
    keep the stored posts out of an evictable cache and install a pinned release."""
    from tests.recipe_support import check_schema

    (block,) = re.findall(r"```yaml\n(.*?)```", section("## CI recipe"), flags=re.DOTALL)
    assert "actions/cache" not in block
    assert re.search(r"pip install \"widget-feeds @ git\+\S+@v\d+\.\d+\.\d+\"", block)
    steps = "".join(f"      {line}\n" for line in block.splitlines())
    workflow = tmp_path / "widget.yml"
    workflow.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n" + steps,
        encoding="utf-8",
    )
    done = check_schema(workflow, "vendor.github-workflows")
    assert done.returncode == 0, done.stdout + done.stderr
