from __future__ import annotations

from pathlib import Path

import pytest

from widget.config import load_config
from widget.errors import ConfigError

MINIMAL = """
[feeds.borger]
title = "Nyt fra borger.dk"
sources = ["x:BorgerDK"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "widget.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return caught.value.problems


def test_a_minimal_file_gets_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    feed = config.feeds["borger"]
    assert config.locale == "da"
    assert config.output == tmp_path.resolve() / "public" / "widget"
    assert config.state == tmp_path.resolve() / ".widget"
    assert config.base_url == "/widget/"
    assert feed.limit == 10
    assert (feed.replies, feed.reposts, feed.quotes) == (False, True, True)
    assert feed.sources[0].label == "x:borgerdk"


def test_feeds_inherit_locale_and_theme_from_the_top_level(tmp_path: Path) -> None:
    text = 'locale = "en"\ntheme = "dkfds"\n' + MINIMAL + '\n[feeds.other]\ntitle = "O"\n'
    text += 'sources = ["x:other"]\nlocale = "de"\n'
    config = load_config(write(tmp_path, text))
    assert (config.feeds["borger"].locale, config.feeds["borger"].theme) == ("en", "dkfds")
    assert config.feeds["other"].locale == "de"


def test_every_problem_is_reported_at_once_with_file_key_and_value(tmp_path: Path) -> None:
    text = """
locale = 7
outptu = "x"
[x]
replay = ""
[feeds.borger]
title = "T"
sources = ["x:borgerdk", "mastodn:someone"]
limit = 0
replys = false
"""
    lines = problems(tmp_path, text)
    path = str(tmp_path / "widget.toml")
    assert all(line.startswith(path + ": ") for line in lines)
    joined = "\n".join(lines)
    assert "locale: 7 must be a language code" in joined
    assert "outptu: unknown key; did you mean 'output'?" in joined
    assert "x.replay: '' must be a non-empty string" in joined
    assert "feeds.borger.sources:" in joined and "did you mean 'mastodon'" in joined
    assert "feeds.borger.limit: 0 must be a whole number from 1 to 200" in joined
    assert "feeds.borger.replys: unknown key; did you mean 'replies'?" in joined
    assert len(lines) == 6


def test_booleans_are_not_numbers_and_numbers_are_not_booleans(tmp_path: Path) -> None:
    text = MINIMAL + "limit = true\nreplies = 1\n"
    joined = "\n".join(problems(tmp_path, text))
    assert "feeds.borger.limit: True must be a whole number" in joined
    assert "feeds.borger.replies: 1 must be true or false" in joined


def test_missing_required_keys_and_missing_feeds_are_named(tmp_path: Path) -> None:
    assert problems(tmp_path, 'locale = "da"\n') == [
        f"{tmp_path / 'widget.toml'}: feeds: no feeds defined; add a [feeds.<name>] table"
    ]
    joined = "\n".join(problems(tmp_path, "[feeds.a]\nlimit = 3\n"))
    assert "feeds.a.title: is required" in joined and "feeds.a.sources: is required" in joined


def test_feed_names_must_be_safe_file_names(tmp_path: Path) -> None:
    joined = "\n".join(problems(tmp_path, MINIMAL.replace("feeds.borger", 'feeds."../Evil"')))
    assert "lower-case letters" in joined


def test_invalid_toml_and_missing_files_are_one_line(tmp_path: Path) -> None:
    bad = problems(tmp_path, "locale = \n")
    assert len(bad) == 1 and "is not valid TOML" in bad[0]
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.toml")
    assert "no such file" in caught.value.problems[0]


def test_the_token_is_never_read_from_the_file(tmp_path: Path) -> None:
    joined = "\n".join(problems(tmp_path, MINIMAL + '[x]\nbearer_token = "AAAA"\n'))
    assert "x.bearer_token: unknown key" in joined
    assert "AAAA" not in joined


def test_archive_sources_resolve_relative_to_the_config_file(tmp_path: Path) -> None:
    text = MINIMAL.replace('["x:BorgerDK"]', '["x-archive:exports/borger"]')
    feed = load_config(write(tmp_path, text)).feeds["borger"]
    assert feed.sources[0].path == tmp_path.resolve() / "exports" / "borger"


def test_hashtag_lists_accept_the_hash_sign(tmp_path: Path) -> None:
    text = MINIMAL + 'hashtags_deny = ["#valg", "Test"]\n'
    feed = load_config(write(tmp_path, text)).feeds["borger"]
    assert feed.hashtags_deny == ("valg", "Test")


def test_color_scheme_is_light_unless_a_feed_asks_for_dark_or_auto(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, MINIMAL)).feeds["borger"].color_scheme == "light"
    for value in ("dark", "auto"):
        text = MINIMAL + f'color_scheme = "{value}"\n'
        assert load_config(write(tmp_path, text)).feeds["borger"].color_scheme == value


def test_an_unknown_color_scheme_is_named_with_the_nearest_choice(tmp_path: Path) -> None:
    found = problems(tmp_path, MINIMAL + 'color_scheme = "drak"\n')
    assert found == [
        f"{tmp_path / 'widget.toml'}: feeds.borger.color_scheme: 'drak' must be one of "
        '"light", "dark", "auto"; did you mean \'dark\'?'
    ]
    assert "must be one of" in problems(tmp_path, MINIMAL + "color_scheme = true\n")[0]


def test_a_language_babel_does_not_know_is_refused(tmp_path: Path) -> None:
    joined = "\n".join(problems(tmp_path, 'locale = "xx"\n' + MINIMAL))
    assert "locale: 'xx' is not a language Babel knows" in joined
    assert load_config(write(tmp_path, 'locale = "en-GB"\n' + MINIMAL)).locale == "en-GB"


def test_every_bad_source_entry_is_named(tmp_path: Path) -> None:
    text = MINIMAL.replace('["x:BorgerDK"]', '["twitter:foo", "x:bad handle!", "x:ok"]')
    [line] = problems(tmp_path, text)
    assert "unknown source kind 'twitter'" in line
    assert "'x:bad handle!': 'bad handle!' is not a valid X username" in line
