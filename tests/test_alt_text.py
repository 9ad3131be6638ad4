"""Alt text governance: the editor's alt text, and every shown image without any listed.

Every post here is invented; the builds use the invented borger-dk example.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers import build_folder, copy_example, set_key
from tests.render_support import local_images, make_entry, make_post, parse, photo, render, video
from tests.render_support import make_feed as make_curated
from widget.cli import main
from widget.config import FeedConfig, SourceSpec, parse_config
from widget.curate import CuratedFeed, curate
from widget.curate_alt import images_without_alt, unmatched_keys
from widget.errors import ConfigError
from widget.model import Post, PostKind

NOW = make_post().created + timedelta(hours=1)
BLUESKY_ID = "at://did:plc:kommunetest/app.bsky.feed.post/3kalttext2"


def run(posts: list[Post], **settings: Any) -> CuratedFeed:
    feed = FeedConfig(
        name="nyheder", title="Nyheder", sources=(SourceSpec("x", "kommune_test"),), **settings
    )
    return curate(feed, posts, now=NOW)


def alts(curated: CuratedFeed, post_id: str) -> list[str | None]:
    entry = next(entry for entry in curated.entries if entry.post.id == post_id)
    return [item.alt for item in entry.post.media]


# --- the editor's alt text ------------------------------------------------------------------


def test_the_editor_fills_the_first_image_by_post_and_the_nth_by_post_slash_n() -> None:
    post = make_post("1", media=(photo("a"), photo("b"), photo("c", alt="Forfatterens tekst")))
    table = {"x:1": "Rådhuset i sne", "1/2": "Borgmesteren", "x:1/3": "Ikke brugt"}
    assert alts(run([post], alt_text=table), "1") == [
        "Rådhuset i sne",
        "Borgmesteren",
        "Forfatterens tekst",
    ]


def test_an_empty_author_alt_counts_as_missing() -> None:
    post = make_post("1", media=(photo("a", alt="  "),))
    assert alts(run([post], alt_text={"x:1": "Havnen"}), "1") == ["Havnen"]


def test_the_post_may_be_named_by_its_address_and_a_bluesky_id_keeps_its_slashes() -> None:
    post = make_post("1", media=(photo("a"), photo("b")))
    bluesky = make_post("9", media=(photo("z"),))
    bluesky = replace(bluesky, id=BLUESKY_ID, network="bluesky")
    table = {f"{post.permalink}/2": "Byskiltet", BLUESKY_ID: "Stranden"}
    curated = run([post, bluesky], alt_text=table)
    assert alts(curated, "1") == [None, "Byskiltet"]
    assert alts(curated, BLUESKY_ID) == ["Stranden"]


def test_the_editor_alt_reaches_the_quoted_and_the_reposted_post() -> None:
    quoted = make_post("2", media=(photo("q"),))
    quote = make_post("3", kind=PostKind.QUOTE, original=quoted)
    curated = run([quote], alt_text={"x:2": "Kortet"})
    (entry,) = curated.entries
    assert entry.post.quoted is not None and entry.post.quoted.media[0].alt == "Kortet"


def test_the_editor_alt_is_rendered_and_a_missing_one_gets_the_fallback() -> None:
    post = make_post("1", media=(photo("a"), video("b")))
    (entry,) = run([post], alt_text={"x:1": "Rådhuset i sne"}).entries
    page = parse(render(make_curated(make_entry(entry.post)), local_images(post)))
    assert [img["alt"] for img in page.find_all("img", class_="wdg__image")] == [
        "Rådhuset i sne",
        "Stillbillede fra en video uden beskrivelse",
    ]


# --- missing_alt ----------------------------------------------------------------------------


def test_images_without_alt_lists_the_post_and_the_quoted_post_by_image_number() -> None:
    quoted = make_post("2", media=(photo("q1", alt="Ok"), photo("q2")))
    quote = make_post("3", kind=PostKind.QUOTE, original=quoted, media=(photo("a"),))
    assert images_without_alt(quote) == [("x:3", 1), ("x:2", 2)]
    assert images_without_alt(quote, lambda url: "q2" in url) == [("x:2", 2)]


def test_missing_alt_show_keeps_the_post_and_hide_leaves_it_out_saying_why() -> None:
    posts = [make_post("1", media=(photo("a", alt="Ok"), photo("b"))), make_post("2")]
    assert sorted(entry.post.id for entry in run(posts).entries) == ["1", "2"]
    curated = run(posts, missing_alt="hide")
    assert [entry.post.id for entry in curated.entries] == ["2"]
    assert curated.explain("x:1").endswith(
        'left out: image 2 of x:1 has no alt text (feeds.nyheder.missing_alt is "hide"; '
        'give it one as feeds.nyheder.alt_text."x:1/2")'
    )


def test_missing_alt_hide_shows_the_post_once_the_editor_gave_alt_text() -> None:
    posts = [make_post("1", media=(photo("a"),))]
    curated = run(posts, missing_alt="hide", alt_text={"1": "Havnen"})
    assert [entry.post.id for entry in curated.entries] == ["1"]


def test_missing_alt_hide_does_not_apply_when_the_feed_shows_no_media() -> None:
    posts = [make_post("1", media=(photo("a"),))]
    assert len(run(posts, missing_alt="hide", media=False).entries) == 1


# --- the build lists them -------------------------------------------------------------------


def missing_in_manifest(output: Path) -> list[dict[str, Any]]:
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    listed: list[dict[str, Any]] = manifest["feeds"]["borger"]["missing_alt"]
    return listed


def test_a_build_lists_each_post_with_images_without_alt_in_log_and_manifest(
    tmp_path: Path,
) -> None:
    built = build_folder(copy_example("borger-dk", tmp_path))
    listed = missing_in_manifest(built.result.output)
    assert listed and all(item["image"] >= 1 for item in listed)
    warned = [line for line in built.log.splitlines() if "without alt text" in line]
    assert len(warned) == len({item["post"] for item in listed})
    for item in listed:
        assert any(f"borger: {item['post']} shows image" in line for line in warned)
    html = (built.result.output / "borger.html").read_text(encoding="utf-8")
    assert html.count("uden beskrivelse") >= len(listed)


def test_the_editor_alt_in_the_config_empties_the_list_and_reaches_the_page(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    first = missing_in_manifest(build_folder(folder).result.output)
    assert first, "the example has images without alt text to fill"
    table = "".join(
        f'"{item["post"]}/{item["image"]}" = "Billede nr. {n}"\n' for n, item in enumerate(first)
    )
    config = folder / "widget.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\n[feeds.borger.alt_text]\n" + table, encoding="utf-8")
    built = build_folder(folder)
    assert missing_in_manifest(built.result.output) == []
    assert "without alt text" not in built.log
    html = (built.result.output / "borger.html").read_text(encoding="utf-8")
    assert all(f'alt="Billede nr. {n}"' in html for n in range(len(first)))


def test_missing_alt_hide_in_a_build_leaves_those_posts_out(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    listed = missing_in_manifest(build_folder(folder).result.output)
    set_key(folder / "widget.toml", "feeds.borger", 'missing_alt = "hide"')
    built = build_folder(folder)
    assert missing_in_manifest(built.result.output) == []
    shown = {entry.post.key for entry in built.result.feeds["borger"].entries}
    assert not shown & {item["post"] for item in listed}


# --- widget check ---------------------------------------------------------------------------


def test_check_warns_about_keys_that_match_no_stored_image_and_exits_0(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    listed = missing_in_manifest(build_folder(folder).result.output)
    known = listed[0]["post"]
    config = folder / "widget.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f'\n[feeds.borger.alt_text]\n"{known}" = "Fint"\n"x:404" = "Tastefejl"\n'
        + f'"{known}/7" = "For mange"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "-c", str(config)], prog_name="widget")
    assert result.exit_code == 0, result.output
    warnings = result.stderr.strip().splitlines()
    assert warnings == [
        f"warning: {config}: feeds.borger.alt_text: 'x:404' matches no stored post "
        "(check the id, or fetch first)",
        f"warning: {config}: feeds.borger.alt_text: '{known}/7' names image 7, "
        f"but {known} has 1 image",
    ]
    assert "OK" in result.stdout


def test_unmatched_keys_is_empty_when_every_key_names_an_image() -> None:
    post = make_post("1", media=(photo("a"), photo("b")))
    assert unmatched_keys({"x:1": "A", "1/2": "B", post.permalink: "C"}, [post]) == []


# --- configuration --------------------------------------------------------------------------


def config(**feed_keys: Any) -> dict[str, Any]:
    return {"feeds": {"nyheder": {"title": "Nyheder", "sources": ["x:kommune_test"], **feed_keys}}}


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        (
            {"missing_alt": "drop"},
            'feeds.nyheder.missing_alt: \'drop\' must be one of "show", "hide"',
        ),
        ({"alt_text": ["x:1"]}, "feeds.nyheder.alt_text: ['x:1'] must be a table"),
        ({"alt_text": {"x:1": ""}}, "feeds.nyheder.alt_text: {'x:1': ''} has '' for 'x:1'"),
        ({"alt_text": {"x:1/0": "A"}}, "feeds.nyheder.alt_text: {'x:1/0': 'A'} has the key"),
    ],
)
def test_wrong_alt_settings_are_one_line_naming_key_and_value(
    keys: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(config(**keys), Path("widget.toml"))
    (line,) = caught.value.lines()
    assert line.startswith(f"widget.toml: {problem}")


def test_alt_settings_default_to_show_and_nothing() -> None:
    feed = parse_config(config(), Path("widget.toml")).feeds["nyheder"]
    assert (feed.missing_alt, dict(feed.alt_text)) == ("show", {})
