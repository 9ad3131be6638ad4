"""The plain-HTML recipe (widget inject after any generator) and the script loader's page."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.recipe_support import FEED, TEMPLATE_TEXT, build_widget, copy_recipe
from widget.cli import main


def inject(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["inject", *args], prog_name="widget")
    return result.exit_code, result.output


def test_plain_html_gets_the_fragment_by_inject_and_then_passes_the_check(
    tmp_path: Path,
) -> None:
    recipe = copy_recipe("plain-html", tmp_path)
    build_widget(recipe)
    config = str(recipe / "widget.toml")
    code, out = inject("-c", config, "--check", str(recipe / "site"))
    assert code == 1, "before inject the check reports the page"
    code, out = inject("-c", config, str(recipe / "site"))
    assert code == 0, out
    page = (recipe / "site" / "index.html").read_text(encoding="utf-8")
    fragment = (recipe / "site" / "widget" / f"{FEED}.html").read_text(encoding="utf-8")
    assert fragment.strip() in page
    assert TEMPLATE_TEXT in page
    code, out = inject("-c", config, "--check", str(recipe / "site"))
    assert code == 0, out


def test_the_ssi_page_includes_the_fragment_the_build_writes(tmp_path: Path) -> None:
    recipe = copy_recipe("plain-html", tmp_path)
    build_widget(recipe)
    page = (recipe / "ssi" / "index.shtml").read_text(encoding="utf-8")
    assert f'<!--#include virtual="/widget/{FEED}.html" -->' in page
    assert (recipe / "site" / "widget" / f"{FEED}.html").is_file()
    assert "ssi on;" in (recipe / "ssi" / "nginx.conf").read_text(encoding="utf-8")
    assert "INCLUDES" in (recipe / "ssi" / "apache.htaccess").read_text(encoding="utf-8")


def test_the_loader_page_names_what_the_build_writes(tmp_path: Path) -> None:
    recipe = copy_recipe("loader", tmp_path)
    build_widget(recipe)
    page = (recipe / "site" / "index.html").read_text(encoding="utf-8")
    assert f'data-widget-src="/widget/{FEED}.html"' in page
    assert (recipe / "site" / "widget" / f"{FEED}.html").is_file()
    assert (recipe / "site" / "widget" / "widget.js").is_file()
