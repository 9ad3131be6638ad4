"""The Hugo, Eleventy and Jekyll recipes, built by the real generators.

The fragment must reach the page byte for byte: a post whose text is template
syntax ({{ 7 | times: 7 }}, {% raw %}, {{ .Site.Title }}) must come out as that text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.recipe_support import (
    FEED,
    GENERATORS,
    TEMPLATE_TEXT,
    Generator,
    build_recipe,
    copy_recipe,
    require,
    run_generator,
)

NAMES = sorted(GENERATORS)


@pytest.fixture(params=NAMES)
def generator(request: pytest.FixtureRequest) -> Generator:
    return GENERATORS[request.param]


def test_the_page_holds_the_fragment_verbatim(generator: Generator, tmp_path: Path) -> None:
    built = build_recipe(generator, tmp_path)
    fragment = built.fragment.strip()
    assert fragment.count("<article") == 3
    assert TEMPLATE_TEXT in fragment, "the sample post carries template syntax"
    assert fragment in built.page
    assert "49" not in re.sub(r"<[^>]+>", "", built.page), "a template engine ran the post"


def test_the_page_links_the_stylesheet_with_the_integrity_of_the_manifest(
    generator: Generator, tmp_path: Path
) -> None:
    built = build_recipe(generator, tmp_path)
    manifest = json.loads((built.widget / "manifest.json").read_text(encoding="utf-8"))
    sheet = manifest["feeds"][FEED]["stylesheet"]
    link = f'<link rel="stylesheet" href="{sheet["href"]}" integrity="{sheet["integrity"]}"'
    assert link in built.page
    served = built.site / sheet["href"].lstrip("/")
    assert served.is_file(), "the generator copied the widget output into the site"
    assert (built.site / "widget" / f"{FEED}.html").is_file()


def test_without_a_widget_build_the_site_still_builds_with_the_fallback_link(
    generator: Generator, tmp_path: Path
) -> None:
    command = require(generator)
    recipe = copy_recipe(generator.recipe, tmp_path)
    run_generator(command, recipe)
    page = (recipe / generator.site_dir / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://x.com/recipe_demo">' in page
    assert "<article" not in page
    assert 'rel="stylesheet"' not in page
