"""Fuzz tier: every field of recorded X, Mastodon, Bluesky and RSS answers, and of store
files, mutated by Hypothesis (types, sizes, nesting, unicode).

Each example starts from a copy of one fictional site that has built once, changes one
place, and builds again. Whatever the change: no traceback, exit 0 or 3 (a store file
that cannot be read is exit 1 with one line, the file untouched), every store file still
readable, and the output folder a complete widget. Bounded by ``max_examples`` so the
tier takes about two minutes; ``deadline=None`` because a build is not a microbenchmark.
"""

from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.hostile_support import (
    RECORDED,
    RSS,
    Run,
    make_site,
    read_archive,
    read_json,
    widget,
    write_archive,
    write_json,
)
from widget.store import Store

EXAMPLES = 12
"""Builds per test; each takes about half a second."""
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a build per step takes minutes
)

Where = tuple[Any, ...]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional site after one good build: its store and output are the "before"."""
    site = make_site(tmp_path_factory.mktemp("fuzz"))
    run = widget(site, "build")
    assert run.code == 0, run.text
    return site


def copy_of(site: Path, root: Path) -> Path:
    target = root / "site"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(site, target)
    return target


def places(value: Any, here: Where = ()) -> Iterator[Where]:
    """Every place in a JSON value: each object member and list item, nested ones too."""
    yield here
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*here, index))


def put(value: Any, where: Where, new: Any) -> Any:
    if not where:
        return new
    holder = value
    for step in where[:-1]:
        holder = holder[step]
    holder[where[-1]] = new
    return value


def nested(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), min_size=0, max_size=40
)  # surrogates cannot be written as UTF-8
ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "²",
        "9" * 5000,
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "\x00",
        "\u202e\u2066",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://",
        "x" * 20_000,
        "-1",
        "NaN",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**5000, -(10**400)]),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    ODD_TEXT,
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=4),
    st.dictionaries(TEXT, SCALARS, max_size=4),
    st.integers(min_value=20, max_value=600).map(nested),
)


def dumped(value: Any) -> str:
    """JSON as a server might send it; a 5,000-digit integer needs the digit limit lifted."""
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


def assert_sound(site: Path, run: Run, *, store_codes: tuple[int, ...] = (0, 3)) -> None:
    assert "Traceback" not in run.text
    assert run.code in store_codes, f"exit {run.code}\n{run.text}"
    output = site / "public" / "widget"
    assert (output / "all.html").is_file() and (output / "manifest.json").is_file()
    store = Store(site / ".widget")
    for file in sorted((site / ".widget").glob("*/*.json")):
        store.load(file.parent.name, file.stem)  # raises if a build left it unreadable


@pytest.mark.parametrize("network", [*sorted(RECORDED), "x-archive"])
@FUZZ
@given(data=st.data())
def test_a_mutated_answer_never_breaks_a_build(
    built_site: Path, tmp_path: Path, network: str, data: st.DataObject
) -> None:
    site = copy_of(built_site, tmp_path)
    answer = read_archive(site) if network == "x-archive" else read_json(_recording(site, network))
    where = data.draw(st.sampled_from(list(places(answer))[1:]), label="where")
    new = data.draw(VALUES, label="value")
    with _big_integers():
        changed = put(answer, where, new)
        if network == "x-archive":
            write_archive(site, changed)
        else:
            _recording(site, network).write_text(dumped(changed), encoding="utf-8")
    assert_sound(site, widget(site, "build"))
    others = [name for name in ("mastodon", "bluesky", "rss") if name != network]
    assert _stored_ids(site, others) == _stored_ids(built_site, others)


def _recording(site: Path, network: str) -> Path:
    return site / "recorded" / RECORDED[network]


def _stored_ids(site: Path, networks: list[str]) -> dict[str, set[str]]:
    """The post IDs each untouched account holds: a bad answer elsewhere changes none."""
    return {
        f"{file.parent.name}/{file.name}": {post["id"] for post in read_json(file)["posts"]}
        for network in networks
        for file in sorted((site / ".widget" / network).glob("*.json"))
    }


@FUZZ
@given(data=st.data())
def test_a_mutated_rss_feed_never_breaks_a_build(
    built_site: Path, tmp_path: Path, data: st.DataObject
) -> None:
    site = copy_of(built_site, tmp_path)
    recording = site / "recorded" / RSS
    tree = ElementTree.parse(recording)
    elements = list(tree.iter())
    element = data.draw(st.sampled_from(elements), label="element")
    text = data.draw(st.one_of(TEXT, ODD_TEXT).map(_xml_safe), label="text")
    if len(element.attrib) > 0 and data.draw(st.booleans(), label="attribute"):
        name = data.draw(st.sampled_from(sorted(element.attrib)), label="name")
        element.set(name, text)
    else:
        element.text = text
    if data.draw(st.booleans(), label="deep"):
        holder = element
        for _ in range(data.draw(st.integers(50, 800), label="depth")):
            holder = ElementTree.SubElement(holder, "div")
    tree.write(recording, encoding="utf-8", xml_declaration=True)
    assert_sound(site, widget(site, "build"))


@FUZZ
@given(data=st.data())
def test_a_mutated_store_file_is_served_or_named_in_one_line(
    built_site: Path, tmp_path: Path, data: st.DataObject
) -> None:
    site = copy_of(built_site, tmp_path)
    files = sorted((site / ".widget").glob("*/*.json"))
    file = data.draw(st.sampled_from(files), label="store file")
    state = read_json(file)
    where = data.draw(st.sampled_from(list(places(state))[1:]), label="where")
    new = data.draw(VALUES, label="value")
    with _big_integers():
        file.write_text(dumped(put(state, where, new)), encoding="utf-8")
    written = file.read_bytes()
    before = _tree(site / "public" / "widget")
    run = widget(site, "build", "--offline")
    assert "Traceback" not in run.text
    assert run.code in (0, 1, 3), run.text
    if run.code == 1:
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and str(file) in lines[0], run.err
        assert file.read_bytes() == written  # left as it was, for a person to repair
        assert _tree(site / "public" / "widget") == before  # the previous widget stays
    else:
        assert_sound(site, run)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters at all: a server cannot send them."""
    return "".join(c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"))


@contextmanager
def _big_integers() -> Iterator[None]:
    """Lifts Python's 4,300-digit limit while a test writes a 5,000-digit integer."""
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(before)


def test_the_unmutated_site_builds_cleanly(built_site: Path, tmp_path: Path) -> None:
    site = copy_of(built_site, tmp_path)
    write_json(site / "recorded" / RECORDED["x"], read_json(site / "recorded" / RECORDED["x"]))
    assert_sound(site, widget(site, "build"), store_codes=(0,))
