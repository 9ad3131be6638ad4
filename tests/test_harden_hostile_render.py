"""Real data nobody here wrote (issue 10, case 15): many sharers make a short line.

A post 19 accounts shared named every display name, a paragraph of emoji and symbols;
now a few are named and the rest counted, with the page language's plural form.
"""

from __future__ import annotations

import pytest

from tests.render_support import (
    make_author,
    make_entry,
    make_feed,
    make_post,
    parse,
    render,
    tag,
    text_of,
)
from widget.render.html import NAMED_SHARERS

NAMES = ["Anna", "Bo", "Cy", "Di", "Ea", "Fie", "Gry", "Hal", "Ib", "Jo", "Kim", "Lo", "Mo",
         "Ni", "Ole", "Pia", "Rie", "Sia", "Tom"]  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "count", "words"),
    [
        ("da", 19, "Delt af Anna, Bo og 17 andre konti"),
        ("en", 19, "Shared by Anna, Bo and 17 other accounts"),
        ("da", 4, "Delt af Anna, Bo og 2 andre konti"),
        ("en", 4, "Shared by Anna, Bo and 2 other accounts"),
        ("en", 3, "Shared by 3 accounts: Anna, Bo and Cy"),
    ],
)
def test_many_sharers_are_named_short(locale: str, count: int, words: str) -> None:
    sharers = tuple(make_author(name.lower(), name) for name in NAMES[:count])
    soup = parse(render(make_feed(make_entry(make_post(), shared_by=sharers)), locale=locale))
    context = tag(soup.find("p", class_="wdg__context"))
    assert text_of(context) == words
    named = [bdi.get_text() for bdi in context.find_all("bdi")]
    assert named == NAMES[: count if count <= NAMED_SHARERS else 2]


def test_a_sharer_name_in_the_short_form_is_still_escaped() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    sharers = tuple(make_author(f"h{n}", hostile if n == 0 else f"N{n}") for n in range(6))
    html = render(make_feed(make_entry(make_post(), shared_by=sharers)), locale="en")
    assert "<img src=x" not in html
    assert text_of(parse(html).find("p", class_="wdg__context")).startswith(f"Shared by {hostile}")
