"""Templates are compiled once per source text, and a build keeps the code in its state folder."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from widget.errors import ThemeError
from widget.render.compiled import CompiledTemplates
from widget.render.environment import check_templates, theme_environment
from widget.themes import ThemeSet


def environment(user: Path, state: Path, cache: CompiledTemplates) -> jinja2.Environment:
    env = theme_environment(ThemeSet(), "default", user)
    env.bytecode_cache = cache  # a new process would make a new one over the same folder
    return env


@pytest.fixture
def user(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "hello.html").write_text("Hej {{ name }}", encoding="utf-8")
    return folder


def test_a_later_process_compiles_nothing_the_state_folder_holds(
    user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "compiled"
    check_templates(environment(user, state, CompiledTemplates(state)))
    assert list(state.glob("*.code"))
    later = environment(user, state, CompiledTemplates(state))

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled a template the state folder holds")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    monkeypatch.setattr(jinja2.Environment, "parse", no_compiling)
    check_templates(later)
    assert later.get_template("hello.html").render(name="Aarhus") == "Hej Aarhus"


def test_an_edited_template_is_compiled_again(user: Path, tmp_path: Path) -> None:
    state = tmp_path / "compiled"
    check_templates(environment(user, state, CompiledTemplates(state)))
    (user / "hello.html").write_text("Goddag {{ name }}", encoding="utf-8")
    later = environment(user, state, CompiledTemplates(state))
    check_templates(later)
    assert later.get_template("hello.html").render(name="Aarhus") == "Goddag Aarhus"


def test_damaged_cache_files_are_compiled_afresh(user: Path, tmp_path: Path) -> None:
    state = tmp_path / "compiled"
    check_templates(environment(user, state, CompiledTemplates(state)))
    for path in state.iterdir():
        path.write_bytes(b"\x00garbage")
    later = environment(user, state, CompiledTemplates(state))
    check_templates(later)
    assert later.get_template("hello.html").render(name="Aarhus") == "Hej Aarhus"


def test_a_missing_reference_is_found_even_when_the_code_is_cached(
    user: Path, tmp_path: Path
) -> None:
    state = tmp_path / "compiled"
    (user / "page.html").write_text('{% include "part.html" %}', encoding="utf-8")
    (user / "part.html").write_text("del", encoding="utf-8")
    check_templates(environment(user, state, CompiledTemplates(state)))
    (user / "part.html").unlink()
    with pytest.raises(ThemeError, match=r"names template 'part\.html'"):
        check_templates(environment(user, state, CompiledTemplates(state)))


def test_an_unwritable_state_folder_costs_only_a_compile(user: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    env = environment(user, blocked / "templates", CompiledTemplates(blocked / "templates"))
    check_templates(env)
    assert env.get_template("hello.html").render(name="Aarhus") == "Hej Aarhus"


def test_nothing_is_written_where_no_build_made_a_state_folder(user: Path, tmp_path: Path) -> None:
    state = tmp_path / "never-built" / "templates"
    check_templates(environment(user, state, CompiledTemplates(state)))
    assert not state.parent.exists()
