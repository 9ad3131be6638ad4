"""Issue 10 #16: a valid user template using ``segments`` outside an ``{% if %}`` passes check.

Jinja looks filters up when it compiles, and ``widget check`` compiles every
template before any build, so the filter must exist from the environment's start.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.helpers import copy_example
from widget.cli import main

BASE_POST = Path(__file__).resolve().parents[1] / "themes" / "base" / "templates" / "post.html"


def test_check_and_build_accept_the_segments_filter_at_a_templates_top_level(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    (folder / "tpl").mkdir()
    override = '<p class="wdg__lead">{{ post.segments|segments(post.network) }}</p>\n'
    (folder / "tpl" / "post.html").write_text(
        override + BASE_POST.read_text(encoding="utf-8"), encoding="utf-8"
    )
    config = folder / "widget.toml"
    config.write_text('templates = "tpl"\n' + config.read_text(encoding="utf-8"))
    checked = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert checked.exit_code == 0, checked.output
    built = CliRunner().invoke(main, ["build", "-c", str(config)], prog_name="widget")
    assert built.exit_code == 0, built.output
    pages = [p.read_text(encoding="utf-8") for p in (folder / "public").rglob("*.html")]
    assert any('<p class="wdg__lead">' in page for page in pages)
