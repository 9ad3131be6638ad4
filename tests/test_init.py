"""``widget init``: a commented configuration with every key, sample data that builds offline."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from widget.cli import main
from widget.config import SCHEMA, load_config, parse_config
from widget.init import FEED_TABLE, NONE, REQUIRED, config_text, notes_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TABLE_ROOTS = {name.split(".")[0] for name in SCHEMA if name}
SCHEMA_KEYS = [
    (table, key)
    for table, keys in SCHEMA.items()
    for key in keys
    if table or key not in TABLE_ROOTS
]


def _has_own_default(table: str, key: str) -> bool:
    note = notes_for(table).get(key)
    return (
        note is not None
        and note.default not in {NONE, REQUIRED}
        and not note.default.startswith("the ")
    )


DEFAULTED = [(table, key) for table, key in SCHEMA_KEYS if _has_own_default(table, key)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="widget")
    return result.exit_code, result.stdout, result.stderr


def table_text(text: str, table: str) -> str:
    """The lines of one table of the written file (the top level before the first header)."""
    header = table.replace("<name>", r"[a-z0-9-]+")
    if not table:
        return text.split("\n[", 1)[0]
    match = re.search(rf"^\[{header}\]\n(.*?)(?=^\[|\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, f"no [{table}] table in the written file"
    return match.group(1)


@pytest.mark.parametrize(("table", "key"), SCHEMA_KEYS, ids=[f"{t}:{k}" for t, k in SCHEMA_KEYS])
@pytest.mark.parametrize("demo", [False, True], ids=["plain", "demo"])
def test_every_schema_key_is_written_with_its_default_and_why(
    table: str, key: str, demo: bool
) -> None:
    note = notes_for(table).get(key)
    assert note is not None, f"widget/init.py has no note for {table or 'top level'}.{key}"
    assert note.why and "\n" not in note.why
    section = table_text(config_text(demo=demo), table)
    key_line = re.search(rf"^(# )?{key} = .+$", section, flags=re.MULTILINE)
    assert key_line, f"{key} is not in the written [{table}]"
    comment = section[: key_line.start()].rsplit("\n\n", 1)[-1]
    flat = " ".join(line.removeprefix("# ") for line in comment.splitlines())
    assert note.why[1:] in flat
    assert f"Default: {note.default}." in flat


@pytest.mark.parametrize(("table", "key"), DEFAULTED, ids=[f"{t}:{k}" for t, k in DEFAULTED])
def test_each_stated_default_is_what_the_loader_uses(table: str, key: str, tmp_path: Path) -> None:
    """Setting a key to the default the file states changes nothing in the loaded config."""
    note = notes_for(table)[key]
    minimal = {"feeds": {"a": {"title": "A", "sources": ["x:someone"]}}}
    assigned = tomllib.loads(f"{key} = {note.default}")
    changed: dict[str, object] = {**minimal}
    if table == FEED_TABLE:
        changed = {"feeds": {"a": {**minimal["feeds"]["a"], **assigned}}}
    elif table:
        changed = {**minimal, table: assigned}
    else:
        changed = {**minimal, **assigned}
    path = tmp_path / "widget.toml"
    assert parse_config(changed, path) == parse_config(minimal, path)


def test_the_written_file_passes_widget_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", "a-token-for-the-test")  # else check warns of it
    code, out, err = run("init", str(tmp_path / "site"))
    assert (code, err) == (0, "")
    config = tmp_path / "site" / "widget.toml"
    assert f"wrote {config}" in out
    code, out, err = run("check", "-c", str(config))
    assert (code, err) == (0, "")
    assert "OK (1 feed(s))" in out


def test_uncommenting_every_key_still_passes_the_loader(tmp_path: Path) -> None:
    """The example values are valid too, so a newcomer can switch any of them on."""
    text = re.sub(r"^# ([a-z_]+ = )", r"\1", config_text(demo=False), flags=re.MULTILINE)
    config = tmp_path / "widget.toml"
    config.write_text(text, encoding="utf-8")
    (tmp_path / "recorded").mkdir()
    loaded = load_config(config)
    assert loaded.site_url == "https://www.kommune.example"


def test_init_refuses_to_overwrite_a_configuration(tmp_path: Path) -> None:
    config = tmp_path / "widget.toml"
    config.write_text("# mine\n", encoding="utf-8")
    code, out, err = run("init", str(tmp_path))
    assert code == 1
    assert err.strip().splitlines() == [f"Error: {config} already exists; init overwrites nothing"]
    assert config.read_text(encoding="utf-8") == "# mine\n"
    assert "Traceback" not in out + err


def test_init_demo_refuses_to_overwrite_recordings_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "recorded").mkdir()
    code, _, err = run("init", "--demo", str(tmp_path))
    assert code == 1
    assert "recorded already exists" in err
    assert not (tmp_path / "widget.toml").exists()


def test_init_writes_into_the_current_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, _ = run("init")
    assert code == 0
    assert (tmp_path / "widget.toml").is_file()
    assert not (tmp_path / "recorded").exists()


def test_init_demo_then_build_works_offline_at_once(tmp_path: Path) -> None:
    """The network guard of conftest fails this test if anything leaves the machine."""
    site = tmp_path / "site"
    code, out, err = run("init", "--demo", str(site))
    assert (code, err) == (0, "")
    assert "invented" in out
    config = site / "widget.toml"
    assert 'replay = "recorded"' in config.read_text(encoding="utf-8").splitlines()
    code, out, err = run("build", "-c", str(config), "--quiet")
    assert code == 0, out + err
    fragment = (site / "public" / "widget" / "nyheder.html").read_text(encoding="utf-8")
    assert fragment.count("<article") == 4
    assert "Borgerservice holder åbent til kl. 18 på torsdag." in fragment
    assert 'href="https://eksempel.example/aabent"' in fragment
    assert "En blå flade med en gul cirkel i midten." in fragment  # the photo's alt text
    media = list((site / "public" / "widget" / "media").glob("*.webp"))
    assert len(media) == 2  # the avatar and the photo, drawn at init time


def test_the_sample_data_says_it_is_invented(tmp_path: Path) -> None:
    run("init", "--demo", str(tmp_path))
    user = (tmp_path / "recorded" / "eksempel_demo" / "user.json").read_text(encoding="utf-8")
    assert "Fictional" in user
    assert "invented" in (tmp_path / "widget.toml").read_text(encoding="utf-8")
