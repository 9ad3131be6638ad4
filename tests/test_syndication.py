"""JSON Feed 1.1 and Atom 1.0 of a curated feed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import Any

from tests.render_support import (
    WHEN,
    local_images,
    make_author,
    make_entry,
    make_feed,
    make_post,
    photo,
)
from widget.curate import CuratedFeed, Entry
from widget.model import Link, Post, PostKind, Text
from widget.render.syndication import atom_feed, json_feed

A = "{http://www.w3.org/2005/Atom}"
FEED_URL = "https://kommune.example/widget/nyheder.json"
HOME_URL = "https://kommune.example/widget/index.html"


def _sample() -> tuple[CuratedFeed, list[Post]]:
    first = make_post(
        "1",
        (
            Text("Nyt fra <rådhuset> & byen "),
            Link("kommune.example/a", "https://kommune.example/a"),
        ),
        media=(photo("p1", alt="Rådhuset"),),
        lang="da",
        created=WHEN,
    )
    original = make_post("2", (Text("Original"),), author=make_author("styrelsen", "Styrelsen"))
    repost = make_post(
        "3",
        (Text("RT @styrelsen: Orig…"),),
        kind=PostKind.REPOST,
        original=original,
        created=WHEN + timedelta(hours=2),
    )
    older = make_post("4", (Text("Ældre"),), created=WHEN - timedelta(days=3), lang="en")
    entries = [
        make_entry(first),
        Entry(repost, (make_author(),), False, WHEN + timedelta(hours=2), ("3",)),
        make_entry(older),
    ]
    return make_feed(*entries), [first, repost, older]


def _json(curated: CuratedFeed, posts: list[Post]) -> dict[str, Any]:
    text = json_feed(
        curated,
        feed_url=FEED_URL,
        home_url=HOME_URL,
        images=local_images(*posts),
        base_url="/widget/",
    )
    document = json.loads(text)
    assert isinstance(document, dict)
    return document


def test_json_feed_has_version_feed_fields_and_items_in_curated_order() -> None:
    curated, posts = _sample()
    document = _json(curated, posts)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Nyheder fra kommunen"
    assert (document["feed_url"], document["home_page_url"]) == (FEED_URL, HOME_URL)
    assert document["language"] == "da"
    ids = [item["id"] for item in document["items"]]
    assert ids == [
        "https://x.com/kommune_test/status/1",
        "https://x.com/styrelsen/status/2",
        "https://x.com/kommune_test/status/4",
    ]


def test_json_feed_item_carries_text_html_date_author_language_and_image() -> None:
    curated, posts = _sample()
    item = _json(curated, posts)["items"][0]
    assert item["url"] == "https://x.com/kommune_test/status/1"
    assert item["content_text"] == "Nyt fra <rådhuset> & byen kommune.example/a"
    assert item["content_html"] == (
        '<p>Nyt fra &lt;rådhuset&gt; &amp; byen <a href="https://kommune.example/a" '
        'rel="noopener noreferrer">kommune.example/a</a></p>'
    )
    assert item["date_published"] == "2026-11-20T09:15:00Z"
    assert item["authors"] == [{"name": "Kommune Test", "url": "https://x.com/kommune_test"}]
    assert item["language"] == "da"
    assert item["image"] == "https://kommune.example/widget/media/p1-1.webp"


def test_json_feed_image_is_a_site_path_when_the_feed_url_is_a_path() -> None:
    curated, posts = _sample()
    text = json_feed(
        curated,
        feed_url="/widget/nyheder.json",
        home_url="/widget/",
        images=local_images(*posts),
        base_url="/widget/",
    )
    assert json.loads(text)["items"][0]["image"] == "/widget/media/p1-1.webp"


def test_json_feed_shows_the_original_of_a_repost() -> None:
    curated, posts = _sample()
    item = _json(curated, posts)["items"][1]
    assert item["content_text"] == "Original"
    assert item["authors"][0]["name"] == "Styrelsen"
    assert item["date_modified"] == "2026-11-20T11:15:00Z"


def test_json_feed_leaves_out_images_that_were_not_downloaded() -> None:
    curated, _ = _sample()
    text = json_feed(curated, feed_url=FEED_URL, home_url=HOME_URL, images={}, base_url="/w/")
    assert all("image" not in item for item in json.loads(text)["items"])


def test_json_feed_is_deterministic() -> None:
    curated, posts = _sample()
    images = local_images(*posts)
    texts = {
        json_feed(curated, feed_url=FEED_URL, home_url=HOME_URL, images=images, base_url="/w/")
        for _ in range(2)
    }
    assert len(texts) == 1


def _atom(curated: CuratedFeed, **kwargs: Any) -> ET.Element:
    text = atom_feed(curated, feed_url=FEED_URL, home_url=HOME_URL, **kwargs)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(text)


def test_atom_parses_in_the_atom_namespace_with_updated_the_newest_entry() -> None:
    curated, _ = _sample()
    root = _atom(curated)
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}id") == FEED_URL
    assert root.findtext(f"{A}title") == "Nyheder fra kommunen"
    assert root.findtext(f"{A}updated") == "2026-11-20T11:15:00Z"
    self_link = root.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == FEED_URL
    assert len(root.findall(f"{A}entry")) == 3


def test_atom_entry_has_id_title_link_dates_author_and_html_content() -> None:
    curated, _ = _sample()
    entry = _atom(curated).findall(f"{A}entry")[0]
    assert entry.findtext(f"{A}id") == "https://x.com/kommune_test/status/1"
    assert entry.findtext(f"{A}title") == "Nyt fra <rådhuset> & byen kommune.example/a"
    link = entry.find(f"{A}link")
    assert link is not None and link.get("href") == "https://x.com/kommune_test/status/1"
    assert entry.findtext(f"{A}published") == "2026-11-20T09:15:00Z"
    assert entry.findtext(f"{A}updated") == "2026-11-20T09:15:00Z"
    assert entry.findtext(f"{A}author/{A}name") == "Kommune Test"
    content = entry.find(f"{A}content")
    assert content is not None and content.get("type") == "html"
    assert content.text is not None and content.text.startswith("<p>Nyt fra &lt;rådhuset&gt;")


def test_atom_entry_language_is_marked() -> None:
    curated, _ = _sample()
    entries = _atom(curated).findall(f"{A}entry")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [entry.get(lang) for entry in entries] == ["da", None, "en"]


def test_atom_title_is_cut_near_eighty_characters() -> None:
    words = "Kommunalbestyrelsen har vedtaget budgettet for det kommende år med bred opbakning"
    post = make_post("9", (Text(words + " og mere tekst bagefter\nmed linjeskift"),))
    title = _atom(make_feed(make_entry(post))).findtext(f"{A}entry/{A}title")
    assert title is not None and len(title) <= 80 and title.endswith("…")
    assert "\n" not in title and (words[:40] in title)


def test_atom_survives_characters_xml_cannot_hold() -> None:
    post = make_post("9", (Text("før\x00\x1b]]><x>efter"),), author=make_author(name="Navn\x07"))
    root = _atom(make_feed(make_entry(post)))
    assert root.findtext(f"{A}entry/{A}title") == "før]]><x>efter"
    assert root.findtext(f"{A}entry/{A}author/{A}name") == "Navn"


def test_atom_of_an_empty_feed_is_valid_and_not_dated_by_the_build() -> None:
    empty = make_feed()
    root = _atom(empty)
    assert root.findtext(f"{A}updated") == "1970-01-01T00:00:00Z"
    chosen = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert _atom(empty, updated=chosen).findtext(f"{A}updated") == "2026-01-02T03:04:05Z"


def test_atom_with_a_relative_feed_url_gets_a_stable_absolute_id() -> None:
    curated, _ = _sample()
    first = atom_feed(curated, feed_url="/widget/nyheder.xml", home_url="/widget/")
    again = atom_feed(curated, feed_url="/widget/nyheder.xml", home_url="/widget/")
    assert first == again
    feed_id = ET.fromstring(first).findtext(f"{A}id")
    assert feed_id is not None and feed_id.startswith("urn:uuid:")


# --- a post the widget shows behind a warning ----------------------------------------------


def _warned() -> tuple[CuratedFeed, list[Post]]:
    post = make_post(
        "7",
        (Text("Billeder fra ulykken"),),
        content_warning="Trafikulykke",
        media=(photo("cw", alt="Ulykkesstedet"),),
    )
    return make_feed(make_entry(post), sensitive="warn"), [post]


def test_json_feed_names_the_warning_before_a_warned_post() -> None:
    item = _json(*_warned())["items"][0]
    assert item["title"] == item["summary"] == "Indholdsadvarsel: Trafikulykke"
    assert item["content_text"].startswith("Indholdsadvarsel: Trafikulykke\n\n")
    assert item["content_text"].endswith("Billeder fra ulykken")
    html = item["content_html"]
    assert html.index("Indholdsadvarsel: Trafikulykke") < html.index("Billeder fra ulykken")
    assert "image" not in item, "a reader shows the thumbnail before the item is opened"


def test_json_feed_of_a_harmless_post_has_no_title_or_summary() -> None:
    for item in _json(*_sample())["items"]:
        assert "title" not in item and "summary" not in item


def test_atom_entry_of_a_warned_post_has_the_warning_as_title_and_summary() -> None:
    curated, _ = _warned()
    root = ET.fromstring(atom_feed(curated, feed_url=FEED_URL, home_url=HOME_URL))
    entry = root.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}title") == "Indholdsadvarsel: Trafikulykke"
    assert entry.findtext(f"{A}summary") == "Indholdsadvarsel: Trafikulykke"
    content = entry.findtext(f"{A}content") or ""
    assert content.index("Trafikulykke") < content.index("Billeder fra ulykken")


def test_a_warned_quote_and_a_flag_give_their_warnings_in_the_feeds_language() -> None:
    quoted = make_post("8", (Text("Krigens billeder"),), content_warning="Krig")
    quote = make_post("9", (Text("Se her"),), kind=PostKind.QUOTE, original=quoted)
    flagged = make_post("10", (Text("Foto"),), sensitive=True, media=(photo("f"),))
    curated = make_feed(make_entry(quote), make_entry(flagged), sensitive="warn", locale="en")
    items = _json(curated, [quote, flagged])["items"]
    assert [item["title"] for item in items] == ["Content warning: Krig", "Sensitive content"]
