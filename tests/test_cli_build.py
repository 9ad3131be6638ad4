"""The commands a web team runs, end to end on copies of the examples, through click's runner."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import widget.build
from tests.helpers import EXAMPLE_NAMES, copy_example, tree
from widget.cli import main
from widget.config import load_config
from widget.errors import BuildError


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), prog_name="widget")
    assert "Traceback" not in result.stdout + result.stderr
    return result


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def built_example(name: str, tmp_path: Path) -> Path:
    folder = copy_example(name, tmp_path)
    result = run("build", "-c", str(folder / "widget.toml"))
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_build_writes_every_file_its_manifest_lists(example: str, tmp_path: Path) -> None:
    folder = built_example(example, tmp_path)
    output = folder / "public" / "widget"
    listed = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert listed
    assert sorted(listed) == sorted(set(tree(output)) - {"manifest.json"})


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_check_says_ok_on_the_examples(example: str, tmp_path: Path) -> None:
    config = copy_example(example, tmp_path) / "widget.toml"
    result = run("check", "-c", str(config))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{config}: OK")


# --- a theme that fails its contrast check ------------------------------------------------


def relative_luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def pale_theme_copy(tmp_path: Path) -> Path:
    folder = copy_example("borger-dk", tmp_path)
    theme = folder / "mythemes" / "pale"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text(
        'name = "pale"\nextends = "default"\ndescription = "Links too pale to read."\n\n'
        '[options]\ncolor_link = "#9ab"\n',
        encoding="utf-8",
    )
    config = folder / "widget.toml"
    text = config.read_text(encoding="utf-8").replace('theme = "dkfds"', 'theme = "pale"')
    config.write_text('themes = "mythemes"\n' + text, encoding="utf-8")
    return config


def test_check_names_the_theme_the_pair_and_the_ratio_of_a_pale_theme(tmp_path: Path) -> None:
    config = pale_theme_copy(tmp_path)
    result = run("check", "-c", str(config))
    assert result.exit_code == 1
    ratio = (1.0 + 0.05) / (relative_luminance("#9ab") + 0.05)
    shown = f"{ratio:.1f}:1"  # well below 4.5, so one decimal, rounded
    [line] = error_lines(result)
    assert "theme 'pale'" in line
    assert "link #9ab on background #ffffff" in line
    assert f"is {shown}; needs at least 4.5:1" in line


def test_build_with_a_failing_theme_exits_1_and_leaves_the_output_alone(tmp_path: Path) -> None:
    config = pale_theme_copy(tmp_path)
    output = config.parent / "public" / "widget"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('theme = "pale"', 'theme = "dkfds"'), encoding="utf-8")
    assert run("build", "-c", str(config)).exit_code == 0
    before = tree(output)
    config.write_text(text, encoding="utf-8")
    result = run("build", "-c", str(config))
    assert result.exit_code == 1
    assert any("theme 'pale'" in line for line in error_lines(result))
    assert tree(output) == before


# --- failures are one line -----------------------------------------------------------------


def test_a_build_failing_midway_is_one_error_line_and_the_output_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = built_example("borger-dk", tmp_path)
    output = folder / "public" / "widget"
    before = tree(output)

    def broken(*args: object, **kwargs: object) -> str:
        raise BuildError("the renderer broke")

    monkeypatch.setattr(widget.build, "render_feed", broken)
    result = run("build", "-c", str(folder / "widget.toml"))
    assert result.exit_code == 1
    assert error_lines(result) == ["Error: the renderer broke"]
    assert tree(output) == before
    assert sorted(path.name for path in output.parent.iterdir()) == ["widget"]


def test_a_broken_user_template_is_one_error_line_naming_the_file(tmp_path: Path) -> None:
    folder = built_example("borger-dk", tmp_path)
    output = folder / "public" / "widget"
    before = tree(output)
    (folder / "tpl").mkdir()
    (folder / "tpl" / "widget.html").write_text("<section>\n{% if %}\n", encoding="utf-8")
    config = folder / "widget.toml"
    config.write_text('templates = "tpl"\n' + config.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["build", "-c", str(config)], prog_name="widget")
    assert tree(output) == before
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "widget.html" in line
    assert "line 2" in line


# --- explain, themes, fetch ------------------------------------------------------------------


def most_shared_original(recorded: Path) -> tuple[str, int]:
    """The post reposted by the most accounts in the recordings, and by how many."""
    sharers: Counter[str] = Counter()
    for page in recorded.glob("*/tweets-*.json"):
        for post in json.loads(page.read_text(encoding="utf-8")).get("data", []):
            for ref in post.get("referenced_tweets", []):
                if ref["type"] == "retweeted":
                    sharers[ref["id"]] += 1
    [(post_id, count)] = sharers.most_common(1)
    return post_id, count


def test_explain_says_a_post_is_shown_and_who_shared_it(tmp_path: Path) -> None:
    folder = built_example("dk-i-verden", tmp_path)
    post_id, count = most_shared_original(folder / "recorded")
    assert count == 6
    result = run("explain", "-c", str(folder / "widget.toml"), "verden", post_id)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"x:{post_id} by @")
    assert ": shown at position " in result.stdout
    assert "shared by 6 accounts: @" in result.stdout


def test_explain_says_an_unknown_id_is_not_stored(tmp_path: Path) -> None:
    folder = built_example("borger-dk", tmp_path)
    result = run("explain", "-c", str(folder / "widget.toml"), "borger", "123")
    assert result.exit_code == 1
    assert "123 is not among the stored posts of feed 'borger'" in result.stdout


@pytest.mark.parametrize(
    ("feed", "hint"), [("nosuchfeed", ""), ("verdn", "; did you mean 'verden'?")]
)
def test_explain_of_an_unknown_feed_exits_1_naming_the_feeds(
    feed: str, hint: str, tmp_path: Path
) -> None:
    config = copy_example("dk-i-verden", tmp_path) / "widget.toml"
    result = run("explain", "-c", str(config), feed, "1")
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: {config}: no feed named {feed!r}{hint} (feeds: kultur, verden)"
    ]


def test_themes_lists_the_built_in_themes(tmp_path: Path) -> None:
    result = run("themes", "-c", str(tmp_path / "absent.toml"))
    assert result.exit_code == 0
    names = [line.split(" ", 1)[0].rstrip(":") for line in result.stdout.splitlines()]
    assert names == ["base", "default", "dkfds", "high-contrast"]


def test_themes_adds_the_users_own(tmp_path: Path) -> None:
    result = run("themes", "-c", str(pale_theme_copy(tmp_path)))
    assert "pale (extends default): Links too pale to read." in result.stdout.splitlines()


def test_fetch_prints_a_line_per_account_and_then_says_cached(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    config = str(folder / "widget.toml")
    labels = sorted({s.label for f in load_config(folder / "widget.toml").feeds.values()
                     for s in f.sources})  # fmt: skip
    assert len(labels) >= 14 and {label.split(":")[0] for label in labels} == {
        "x", "mastodon", "bluesky", "rss"
    }  # fmt: skip
    first = run("fetch", "-c", config)
    assert first.exit_code == 0
    lines = sorted(first.stdout.splitlines())
    assert [line.rsplit(": fresh, ", 1)[0] for line in lines] == labels
    assert all(": fresh, " in line and not line.endswith(", 0 new") for line in lines)
    second = run("fetch", "-c", config)
    assert second.exit_code == 0
    assert sorted(second.stdout.splitlines()) == [f"{label}: cached, 0 new" for label in labels]


def test_widget_check_finds_a_template_syntax_error_before_anything_is_fetched(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    (folder / "tpl").mkdir()
    (folder / "tpl" / "post.html").write_text("<article>\n\n{% for %}\n", encoding="utf-8")
    config = folder / "widget.toml"
    config.write_text('templates = "tpl"\n' + config.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "post.html: line 3:" in line
    assert not (folder / ".widget").exists()


def test_a_template_using_an_unknown_variable_is_one_error_line(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    (folder / "tpl").mkdir()
    (folder / "tpl" / "widget.html").write_text("<section>{{ no_such_thing }}</section>\n")
    config = folder / "widget.toml"
    config.write_text('templates = "tpl"\n' + config.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["build", "-c", str(config)], prog_name="widget")
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: {folder / 'tpl' / 'widget.html'}: line 1: 'no_such_thing' is undefined"
    ]
    assert not (folder / "public" / "widget").exists()


def test_widget_check_finds_a_template_that_extends_one_that_does_not_exist(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    (folder / "tpl").mkdir()
    template = folder / "tpl" / "widget.html"
    template.write_text('{% extends "nope:widget.html" %}\n', encoding="utf-8")
    config = folder / "widget.toml"
    config.write_text('templates = "tpl"\n' + config.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: {template}: names template 'nope:widget.html', which no theme folder has"
    ]


def test_fetch_quiet_prints_the_result_without_progress(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    result = CliRunner().invoke(
        main, ["fetch", "--quiet", "-c", str(folder / "widget.toml")], prog_name="widget"
    )
    assert result.exit_code == 0, result.output
    assert "fetching new posts" not in result.stderr
    assert result.stdout.startswith("x:borger_demo: fresh, ")
